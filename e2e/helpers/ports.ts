// Every port the browser tests and the sign-in benchmark use, derived from E2E_PORT_BASE
// (default 8790) and kept within base..base+19, so a run with another base (20 apart)
// can go on at the same time. Nothing else may name a port.
const base = Number(process.env.E2E_PORT_BASE ?? 8790);

export const PORTS = {
  gateway: base,
  shortGateway: base + 1,
  openMcp: base + 2,
  oauthMcp: base + 3,
  oauthMcpAuth: base + 4,
  /** Where nothing listens: for "the gateway did not answer". */
  silent: base + 5,
  /** fixtures/rich-tools-server.mjs: a destructive tool, images, structured content. */
  richMcp: base + 6,
  openMcpAuth: base + 12,
  // agents-failed-tools.spec.ts: its own gateway and servers, which it stops and starts.
  failOauthMcp: base + 15,
  failOauthMcpAuth: base + 16,
  failGateway: base + 17,
  failMcp: base + 18,
  failMcpAuth: base + 19,
};

const local = (port: number) => `http://127.0.0.1:${port}`;

export const GATEWAY = local(PORTS.gateway);
export const SHORT_GATEWAY = local(PORTS.shortGateway);
export const FAIL_GATEWAY = local(PORTS.failGateway);
export const SILENT = local(PORTS.silent);
export const OPEN_MCP_URL = `http://localhost:${PORTS.openMcp}/mcp`;
export const OAUTH_MCP_URL = `http://localhost:${PORTS.oauthMcp}/mcp`;
export const OAUTH_SERVER = `http://localhost:${PORTS.oauthMcpAuth}`;
export const RICH_MCP_URL = `http://127.0.0.1:${PORTS.richMcp}/mcp`;
export const FAIL_MCP_URL = `http://localhost:${PORTS.failMcp}/mcp`;
export const FAIL_OAUTH_MCP_URL = `http://localhost:${PORTS.failOauthMcp}/mcp`;
