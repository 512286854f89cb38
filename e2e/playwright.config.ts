// Browser tests: the release bundle served by the real gateway on one origin (the
// deployment shape), driven in Debian's Chromium, against the MCP SDK's own example
// servers. Every port comes from helpers/ports.ts (E2E_PORT_BASE..+19), so two runs with
// different bases do not collide. Each test starts from empty gateways (helpers/test.ts).
import { defineConfig } from '@playwright/test';
import { PORTS, GATEWAY, SHORT_GATEWAY, SILENT, OPEN_MCP_URL, OAUTH_SERVER, RICH_MCP_URL } from './helpers/ports';

const SDK_SERVER = 'node node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js';
const DATA = `.data/${PORTS.gateway}`;

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: GATEWAY,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      // A fresh database every run, so tests see only what they make.
      command:
        `rm -rf ${DATA} && mkdir -p ${DATA} && ../target/debug/patchbay-gateway ` +
        `--listen 127.0.0.1:${PORTS.gateway} --data-dir ${DATA}/gateway --static-dir ../dist ` +
        // Settings may point this console at SILENT (nothing listens: "did not answer");
        // every other origin is refused by the page's policy.
        `--allow-gateway ${SILENT}`,
      url: `${GATEWAY}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The same gateway with a 2-second sign-in window, for the expiry test.
      command:
        `mkdir -p ${DATA} && rm -rf ${DATA}/short && ../target/debug/patchbay-gateway ` +
        `--listen 127.0.0.1:${PORTS.shortGateway} --data-dir ${DATA}/short --static-dir ../dist ` +
        `--authorization-window 2s`,
      url: `${SHORT_GATEWAY}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The SDK's example server without sign-in.
      command: SDK_SERVER,
      env: { MCP_PORT: String(PORTS.openMcp), MCP_AUTH_PORT: String(PORTS.openMcpAuth) },
      url: OPEN_MCP_URL,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // Our fixture for what the example servers lack (fixtures/rich-tools-server.mjs says why).
      command: 'node fixtures/rich-tools-server.mjs',
      env: { RICH_MCP_PORT: String(PORTS.richMcp) },
      url: RICH_MCP_URL.replace('/mcp', '/healthz'),
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The same server behind its own OAuth server, which registers clients (DCR)
      // and approves every sign-in at once.
      command: `${SDK_SERVER} --oauth`,
      env: { MCP_PORT: String(PORTS.oauthMcp), MCP_AUTH_PORT: String(PORTS.oauthMcpAuth) },
      url: `${OAUTH_SERVER}/.well-known/oauth-authorization-server`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
