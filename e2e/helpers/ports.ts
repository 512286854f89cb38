// Every port the browser tests use, derived from E2E_PORT_BASE (default 8790) and kept
// within base..base+20, so a second run with another base can go on at the same time.
const base = Number(process.env.E2E_PORT_BASE ?? 8790);

export const PORTS = {
  gateway: base,
  shortGateway: base + 1,
  openMcp: base + 2,
  openMcpAuth: base + 12,
  oauthMcp: base + 3,
  oauthMcpAuth: base + 4,
};

export const GATEWAY = `http://127.0.0.1:${PORTS.gateway}`;
export const SHORT_GATEWAY = `http://127.0.0.1:${PORTS.shortGateway}`;
export const OPEN_MCP_URL = `http://localhost:${PORTS.openMcp}/mcp`;
export const OAUTH_MCP_URL = `http://localhost:${PORTS.oauthMcp}/mcp`;
export const OAUTH_SERVER = `http://localhost:${PORTS.oauthMcpAuth}`;
