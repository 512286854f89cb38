// "Replace a failed tool" end to end: a real MCP server goes away, the gateway's health
// check fails the tool, the server comes back, and one click on the Agents page gives
// the agent a new working tool in place of the failed one (which is deleted).
// Runs its own gateway (health check every second) and MCP server on E2E_PORT_BASE+17..19,
// so it can stop the server without touching the shared ones.
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';

const base = Number(process.env.E2E_PORT_BASE ?? 8790);
const GW = `http://127.0.0.1:${base + 17}`;
const MCP_PORT = base + 18;
const MCP_URL = `http://localhost:${MCP_PORT}/mcp`;
const E2E = path.resolve(__dirname, '..');
const DATA = path.join(E2E, '.data', `replace-${base}`);
const SDK_SERVER = path.join(E2E, 'node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js');

let gateway: ChildProcess | undefined;
let mcp: ChildProcess | undefined;

function startMcp() {
  return spawn('node', [SDK_SERVER], {
    env: { ...process.env, MCP_PORT: String(MCP_PORT), MCP_AUTH_PORT: String(base + 19) }, stdio: 'ignore',
  });
}

/** Resolves once `url` answers at all (any status). */
async function answering(url: string) {
  await expect.poll(async () => fetch(url).then(() => true, () => false), { timeout: 20_000 }).toBe(true);
}

async function stop(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  await exited;
}

test.beforeAll(async () => {
  fs.rmSync(DATA, { recursive: true, force: true });
  fs.mkdirSync(DATA, { recursive: true });
  gateway = spawn(path.join(E2E, '../target/debug/patchbay-gateway'), [
    '--listen', `127.0.0.1:${base + 17}`, '--data-dir', DATA, '--static-dir', path.join(E2E, '../dist'),
    '--health-interval', '1s',
  ], { stdio: 'ignore' });
  mcp = startMcp();
  await answering(`${GW}/healthz`);
  await answering(MCP_URL);
});

test.afterAll(async () => {
  await stop(mcp);
  await stop(gateway);
});

test('a failed tool is replaced from the Agents page and the agent points at the new tool', async ({ page, request }) => {
  const created = await request.post(`${GW}/v1/flow/tools?expect_auth=none`, {
    data: {
      type: 'mcp_connector', name: 'Greeter', config: { URL: MCP_URL },
      description: 'Use this tool to greet people. Invoke it when the user asks to be greeted.',
    },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const old = (await created.json()).id as string;
  const agentRes = await request.post(`${GW}/v2/flow/agents/create`, {
    data: { name: 'Welcomer', instructions: 'Greet everyone.', model_id: 'meta-llama/Llama-3.3-70B-Instruct', tool_ids: [old] },
  });
  expect(agentRes.ok(), await agentRes.text()).toBeTruthy();
  const agentId = (await agentRes.json()).id as string;

  // The server goes away: the health check fails the tool for good.
  await stop(mcp);
  await expect.poll(async () => (await (await request.get(`${GW}/v1/flow/tools/${old}`)).json()).status,
    { timeout: 20_000 }).toBe('Failed');
  mcp = startMcp();
  await answering(MCP_URL);

  await page.goto(`${GW}/agents`);
  const card = page.locator('.agent-card', { hasText: 'Welcomer' });
  await expect(card.locator('.agent-warning')).toContainText('"Greeter" has failed');
  await expect(card.locator('.agent-tools li .badge')).toHaveText('Failed');

  await card.getByRole('button', { name: 'Replace Greeter' }).click();

  // The list reloads with the new tool in place: active, no warning, nothing left to replace.
  await expect(card.locator('.agent-tools li .badge')).toHaveText('Active');
  await expect(card.locator('.agent-warning')).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Replace Greeter' })).toHaveCount(0);
  const agent = await (await request.get(`${GW}/v2/flow/agents/${agentId}`)).json();
  expect(agent.tools).toHaveLength(1);
  expect(agent.tools[0].name).toBe('Greeter');
  expect(agent.tools[0].id).not.toBe(old);
  expect((await request.get(`${GW}/v1/flow/tools/${old}`)).status()).toBe(404);
});
