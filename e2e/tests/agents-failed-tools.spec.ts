// Tools that fail for real: a real MCP server goes away and the gateway's health check
// fails its tool. The builder drops it from the picker and says so; on the Agents page
// one click replaces it (signing in again for OAuth) and the agent points at the new
// tool, the failed one deleted. Runs its own gateway (health check every second) and
// MCP servers (the `fail*` ports), so it can stop them without touching the shared ones.
import { type APIRequestContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { test, expect, emptyGateway } from '../helpers/test';
import { expectAccessible } from '../helpers/tools';
import { PORTS, FAIL_GATEWAY as GW, FAIL_MCP_URL as MCP_URL, FAIL_OAUTH_MCP_URL as OAUTH_URL } from '../helpers/ports';

const E2E = path.resolve(__dirname, '..');
const DATA = path.join(E2E, '.data', `replace-${PORTS.failGateway}`);
const SDK_SERVER = path.join(E2E, 'node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js');
const DESCRIPTION = 'Use this tool to greet people. Invoke it when the user asks to be greeted.';
const MODEL = 'meta-llama/Llama-3.3-70B-Instruct';

let gateway: ChildProcess | undefined;
let mcp: ChildProcess | undefined;
let oauthMcp: ChildProcess | undefined;

function startMcp() {
  return spawn('node', [SDK_SERVER], {
    env: { ...process.env, MCP_PORT: String(PORTS.failMcp), MCP_AUTH_PORT: String(PORTS.failMcpAuth) }, stdio: 'ignore',
  });
}

/** The example server behind its own OAuth server (registration, approves every sign-in). */
function startOauthMcp() {
  return spawn('node', [SDK_SERVER, '--oauth'], {
    env: { ...process.env, MCP_PORT: String(PORTS.failOauthMcp), MCP_AUTH_PORT: String(PORTS.failOauthMcpAuth) },
    stdio: 'ignore',
  });
}

async function statusOf(request: APIRequestContext, id: string) {
  return (await (await request.get(`${GW}/v1/flow/tools/${id}`)).json()).status as string;
}

async function createAgent(request: APIRequestContext, name: string, toolIds: string[]) {
  const res = await request.post(`${GW}/v2/flow/agents/create`, {
    data: { name, instructions: 'Greet everyone.', model_id: MODEL, tool_ids: toolIds },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return (await res.json()).id as string;
}

/** This spec's own gateway starts each test empty too. */
test.beforeEach(async ({ request }) => emptyGateway(request, GW));

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
    '--listen', `127.0.0.1:${PORTS.failGateway}`, '--data-dir', DATA, '--static-dir', path.join(E2E, '../dist'),
    '--health-interval', '1s', '--unreachable-grace', '2s',
  ], { stdio: 'ignore' });
  mcp = startMcp();
  oauthMcp = startOauthMcp();
  await answering(`${GW}/healthz`);
  await answering(MCP_URL);
  await answering(OAUTH_URL);
});

test.afterAll(async () => {
  await stop(mcp);
  await stop(oauthMcp);
  await stop(gateway);
});

test('a tool that fails while the builder is open leaves the picker and the person is told', async ({ page, request }) => {
  const created = await request.post(`${GW}/v1/flow/tools?expect_auth=none`, {
    data: { type: 'mcp_connector', name: 'Greeter', description: DESCRIPTION, config: { URL: MCP_URL } },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const id = (await created.json()).id as string;

  await page.goto(`${GW}/agents/new`);
  const picker = page.locator('fieldset.tool-picker');
  await picker.getByLabel('Greeter').check();

  await stop(mcp);
  try {
    await expect.poll(() => statusOf(request, id), { timeout: 20_000 }).toBe('Failed');
    await expect(picker.getByRole('checkbox')).toHaveCount(0, { timeout: 20_000 });
    await expect(picker.getByRole('status')).toContainText('"Greeter" has failed');
    await expect(picker.locator('.picker-unavailable')).toContainText('1 tool has failed and must be replaced');
  } finally {
    mcp = startMcp();
    await answering(MCP_URL);
  }
});

test('a connector that fails while its agent\'s page is open leaves what the model sees, which says why', async ({ page, request }) => {
  const created = await request.post(`${GW}/v1/flow/tools?expect_auth=none`, {
    data: { type: 'mcp_connector', name: 'Greeter', description: DESCRIPTION, config: { URL: MCP_URL } },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const id = (await created.json()).id as string;
  const agentId = await createAgent(request, 'Welcomer', [id]);

  await page.goto(`${GW}/agents/${agentId}`);
  const served = page.locator('.served');
  // Long: this gateway compresses each bundle part on its first request (debug build).
  await expect(served.locator('li[data-served="greeter__greet"]')).toBeVisible({ timeout: 30_000 });
  await expect(served.locator('.idle')).toHaveCount(0);

  await stop(mcp);
  try {
    // No reload: the page's poller sees the connector fail.
    await expect(served.getByRole('status')).toHaveText('No tools right now.', { timeout: 25_000 });
    await expect(served.locator('.served-tools')).toHaveCount(0);
    const idle = served.locator('.idle[data-idle="Greeter"]');
    await expect(idle.locator('.badge')).toHaveText('Failed');
    await expect(idle.locator('.idle-reason')).not.toBeEmpty();
    await expect(idle.getByRole('button', { name: 'Replace Greeter' })).toBeVisible();
    await expect(page.locator('.agent-tools li .badge')).toHaveText('Failed');
    await expectAccessible(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page);
  } finally {
    mcp = startMcp();
    await answering(MCP_URL);
  }

  // Replaced from this page: the new connector serves, under the same names.
  await page.emulateMedia({ colorScheme: 'light' });
  await served.locator('.idle').getByRole('button', { name: 'Replace Greeter' }).click();
  await expect(served.locator('li[data-served="greeter__greet"]')).toBeVisible({ timeout: 25_000 });
  await expect(served.locator('.idle')).toHaveCount(0);
});

test('a failed tool is replaced from the Agents page and the agent points at the new tool', async ({ page, request }) => {
  const created = await request.post(`${GW}/v1/flow/tools?expect_auth=none`, {
    data: { type: 'mcp_connector', name: 'Greeter', description: DESCRIPTION, config: { URL: MCP_URL } },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const old = (await created.json()).id as string;
  const agentId = await createAgent(request, 'Welcomer', [old]);

  // The server goes away: the health check fails the tool for good.
  await stop(mcp);
  await expect.poll(() => statusOf(request, old), { timeout: 20_000 }).toBe('Failed');
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

test('a failed OAuth tool is replaced through the sign-in popup, and the agent follows', async ({ page, request, context }) => {
  const created = await request.post(`${GW}/v1/flow/tools?expect_auth=oauth_dynamic`, {
    data: { type: 'mcp_connector', name: 'Greeter', description: DESCRIPTION, config: { URL: OAUTH_URL } },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const tool = await created.json();
  const old = tool.id as string;
  const signIn = await context.newPage();
  await signIn.goto(tool.config.AUTHORIZATION_URL);
  await expect.poll(() => statusOf(request, old), { timeout: 20_000 }).toBe('Active');
  await signIn.close();
  const agentId = await createAgent(request, 'Welcomer', [old]);

  // The server (and its OAuth server) goes away and comes back knowing nothing of the old sign-in.
  await stop(oauthMcp);
  await expect.poll(() => statusOf(request, old), { timeout: 20_000 }).toBe('Failed');
  oauthMcp = startOauthMcp();
  await answering(OAUTH_URL);

  await page.goto(`${GW}/agents`);
  const card = page.locator('.agent-card', { hasText: 'Welcomer' });
  const popupOpened = page.waitForEvent('popup');
  await card.getByRole('button', { name: 'Replace Greeter' }).click();
  const popup = await popupOpened;
  await popup.waitForEvent('close', { timeout: 20_000 });

  await expect(card.locator('.agent-tools li .badge')).toHaveText('Active', { timeout: 20_000 });
  await expect(card.locator('.agent-warning')).toHaveCount(0);
  const agent = await (await request.get(`${GW}/v2/flow/agents/${agentId}`)).json();
  expect(agent.tools.map((t: { name: string }) => t.name)).toEqual(['Greeter']);
  expect(agent.tools[0].id).not.toBe(old);
  expect(agent.tools[0].auth_mode).toBe('oauth_dynamic');
  expect((await request.get(`${GW}/v1/flow/tools/${old}`)).status()).toBe(404);
});
