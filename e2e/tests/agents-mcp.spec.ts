// An agent's own page: what a model sees through its MCP endpoint, the endpoint and set-up
// for each client, access tokens used for real by the npm SDK's MCP client (Client +
// StreamableHTTPClientTransport), the call showing in the page's activity without a reload,
// and a revoked token refused. axe on each state, light and dark.
import { type APIRequestContext, type Page } from '@playwright/test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { test, expect } from '../helpers/test';
import { GATEWAY, OPEN_MCP_URL } from '../helpers/ports';
import { createOpenTool, expectAccessible } from '../helpers/tools';

const MODEL = 'meta-llama/Llama-3.3-70B-Instruct';

async function createAgent(request: APIRequestContext, name: string, toolIds: string[]) {
  const res = await request.post('/v2/flow/agents/create', {
    data: { name, instructions: 'Greet everyone who asks.', model_id: MODEL, tool_ids: toolIds },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return (await res.json()).id as string;
}

/** Opens the agent's page from the Agents list, as a person would. */
async function openAgent(page: Page, name: string) {
  await page.goto('/agents');
  // Long: a fresh (debug) gateway compresses each bundle part on its first request.
  await page.locator('.agent-card').getByRole('link', { name, exact: true }).click({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: 30_000 });
}

/** The npm SDK's MCP client on the agent's endpoint, with `token`. */
async function sdkClient(endpoint: string, token: string) {
  const client = new Client({ name: 'patchbay-e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

test('an agent\'s page shows what the model sees, its endpoint, and set-up for each client by keyboard', async ({ page, request }) => {
  const toolId = await createOpenTool(request, OPEN_MCP_URL, 'Greeter');
  const agentId = await createAgent(request, 'Welcomer', [toolId]);
  await openAgent(page, 'Welcomer');
  const endpoint = `${GATEWAY}/v2/flow/agents/${agentId}/mcp`;

  await expect(page.locator('.agent-tools li')).toHaveText([/Greeter\s+Active/]);
  const served = page.locator('.served');
  await expect(served.getByRole('status')).toHaveText('7 tools, under these names:');
  const greet = served.locator('li[data-served="greeter__greet"]');
  await expect(greet).toContainText('Greeting Tool');
  await expect(greet).toContainText('A simple greeting tool');
  await expect(served.locator('.idle')).toHaveCount(0);

  await expect(page.locator('.copy-box code').first()).toHaveText(endpoint);
  await expectAccessible(page);

  // The ARIA tabs pattern: one tab stop, arrows move and select, Home and End jump.
  const tabs = page.getByRole('tablist', { name: 'Set up a client' }).getByRole('tab');
  await expect(tabs).toHaveText(['Claude Code', 'Claude Desktop', 'Cursor', 'VS Code', 'MCP Inspector']);
  const code = page.getByRole('tab', { name: 'Claude Code' });
  await expect(code).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toContainText(
    `claude mcp add --transport http welcomer ${endpoint} --header "Authorization: Bearer <your-token>"`);
  await code.focus();
  await page.keyboard.press('ArrowRight');
  const desktop = page.getByRole('tab', { name: 'Claude Desktop' });
  await expect(desktop).toBeFocused();
  await expect(desktop).toHaveAttribute('aria-selected', 'true');
  await expect(desktop).toHaveAttribute('tabindex', '0');
  await expect(code).toHaveAttribute('tabindex', '-1');
  const desktopConfig = JSON.parse(await page.getByRole('tabpanel').locator('code').innerText());
  expect(desktopConfig).toEqual({ mcpServers: { welcomer: {
    command: 'npx', args: ['-y', 'mcp-remote', endpoint, '--header', 'Authorization:${AUTH_HEADER}'],
    env: { AUTH_HEADER: 'Bearer <your-token>' } } } });
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'MCP Inspector' })).toBeFocused();
  await expect(page.getByRole('tabpanel')).toContainText(`npx @modelcontextprotocol/inspector --transport http --server-url ${endpoint}`);
  await page.keyboard.press('ArrowRight'); // wraps to the first
  await expect(code).toBeFocused();
  await page.keyboard.press('ArrowLeft'); // and back to the last
  await page.keyboard.press('Home');
  await expect(code).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Cursor' })).toHaveAttribute('aria-selected', 'true');
  expect(JSON.parse(await page.getByRole('tabpanel').locator('code').innerText()))
    .toEqual({ mcpServers: { welcomer: { url: endpoint, headers: { Authorization: 'Bearer <your-token>' } } } });
  await page.keyboard.press('ArrowRight');
  const vscode = JSON.parse(await page.getByRole('tabpanel').locator('code').innerText());
  expect(vscode.servers.welcomer).toEqual({ type: 'http', url: endpoint, headers: { Authorization: 'Bearer ${input:welcomer-token}' } });
  await page.keyboard.press('Tab'); // into the panel
  await expect(page.getByRole('tabpanel')).toBeFocused();
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);
});

test('a token created on the page calls a tool through the agent with the SDK client, the call shows without reload, and revoking it refuses the client', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const toolId = await createOpenTool(request, OPEN_MCP_URL, 'Greeter');
  const agentId = await createAgent(request, 'Welcomer', [toolId]);
  const endpoint = `${GATEWAY}/v2/flow/agents/${agentId}/mcp`;
  await openAgent(page, 'Welcomer');
  await expect(page.locator('.activity')).toContainText('No calls yet.');

  // A name is needed: the field says so at once.
  await page.getByRole('button', { name: 'Create access token' }).click();
  await expect(page.getByLabel('Token name')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Token name').fill('Claude Code on my laptop');
  await page.getByRole('button', { name: 'Create access token' }).click();
  const once = page.locator('.token-once');
  await expect(once).toContainText('Copy the token "Claude Code on my laptop" now: it will not be shown again.');
  const token = (await once.locator('code').innerText()).trim();
  expect(token.length).toBeGreaterThan(20);
  await once.getByRole('button', { name: 'Copy access token' }).click();
  await expect(once.getByRole('status')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  // The set-up now carries the token.
  await expect(page.getByRole('tabpanel')).toContainText(`--header "Authorization: Bearer ${token}"`);
  const row = page.locator('tr[data-token="Claude Code on my laptop"]');
  await expect(row).toContainText('Never');
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'light' });

  // A real MCP client, from the test, with the token read from the page.
  const client = await sdkClient(endpoint, token);
  const listed = await client.listTools();
  expect(listed.tools.map((t) => t.name)).toContain('greeter__greet');
  const result = await client.callTool({ name: 'greeter__greet', arguments: { name: 'Ada' } });
  expect(result.content).toEqual([{ type: 'text', text: 'Hello, Ada!' }]);

  // The page, still open, lists the call (its poller backs off to 15 s at most).
  const call = page.locator('.activity tbody tr').first();
  await expect(call).toContainText('Greeter · greet', { timeout: 20_000 });
  await expect(call).toContainText('OK');
  await expect(call.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  // The token's last use moves too, without a reload.
  await expect(row).not.toContainText('Never', { timeout: 20_000 });
  await expect(row.locator('time').last()).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);

  // Hidden once copied; the set-up falls back to the placeholder.
  await once.getByRole('button', { name: 'I have copied it; hide it' }).click();
  await expect(once).toHaveCount(0);
  await expect(page.getByRole('tabpanel')).toContainText('Bearer <your-token>');
  await expect(page.getByText(token)).toHaveCount(0);

  await row.getByRole('button', { name: 'Revoke Claude Code on my laptop' }).click();
  await expect(row.getByRole('status')).toContainText('Clients using it are refused at once.');
  await expectAccessible(page);
  await row.getByRole('button', { name: 'Revoke token' }).click();
  await expect(row).toHaveCount(0);
  await expect(page.locator('.tokens')).toHaveCount(0);

  // The open session is closed and a new one is refused with 401.
  await expect(client.callTool({ name: 'greeter__greet', arguments: { name: 'Bo' } })).rejects.toThrow();
  await client.close().catch(() => {});
  const refused = await sdkClient(endpoint, token).then(() => null, (e) => e);
  expect(refused?.code, String(refused)).toBe(401); // the SDK's StreamableHTTPError carries the status
  expect(String(refused)).toContain('create one on the agent\'s page in Patchbay');
  const raw = await request.post(endpoint, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json, text/event-stream' },
    data: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } },
  });
  expect(raw.status()).toBe(401);
  expect(raw.headers()['www-authenticate']).toMatch(/^Bearer/);
});

test('a tool whose calls fail is flagged on the tools list with its last use', async ({ page, request }) => {
  const toolId = await createOpenTool(request, OPEN_MCP_URL, 'Examples');
  for (const _ of [1, 2]) {
    const res = await request.post(`/v1/flow/tools/${toolId}/mcp/tools/delay/call`, { data: { arguments: { duration: 1 } } });
    expect((await res.json()).isError).toBe(true);
  }
  // The call log is written in the background.
  await expect.poll(async () => (await (await request.get(`/v1/flow/tools/${toolId}`)).json()).failed_calls_in_a_row).toBe(2);
  await page.goto('/tools');
  const row = page.locator('.tool-row', { hasText: 'Examples' });
  await expect(row.locator('.failing-note')).toHaveText('Warning: its last 2 calls failed. Open it to see why in its activity.');
  await expect(row.locator('.row-used')).toContainText('Last used');
  await expectAccessible(page);

  // The tool's own page lists both calls, newest first, with the server's sentence.
  await row.getByRole('link', { name: 'Examples' }).click();
  const calls = page.locator('.activity tbody tr');
  await expect(calls).toHaveCount(2, { timeout: 30_000 });
  await expect(calls.first()).toContainText('Tool error');
  await expect(calls.first()).toContainText('Tried by hand');
  await expect(calls.first()).toContainText('requires task augmentation');
  await expect(page.locator('.pager')).toContainText('Calls 1–2 of 2');
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);
});

test('an agent stopped from its page refuses MCP clients, and deploying it again lets them back', async ({ page, request }) => {
  const toolId = await createOpenTool(request, OPEN_MCP_URL, 'Greeter');
  const agentId = await createAgent(request, 'Welcomer', [toolId]);
  const endpoint = `${GATEWAY}/v2/flow/agents/${agentId}/mcp`;
  const created = await request.post(`/v2/flow/agents/${agentId}/tokens`, { data: { name: 'laptop' } });
  const token = (await created.json()).token as string;
  await openAgent(page, 'Welcomer');
  // The first fact of the Details card is the agent's status.
  const status = page.locator('.card', { has: page.getByRole('heading', { name: 'Details' }) }).locator('dl dd').first();
  await expect(status).toHaveText('Active');

  await page.getByRole('button', { name: 'Stop serving' }).click();
  await expect(page.getByRole('button', { name: 'Deploy' })).toBeVisible();
  await expect(status).toHaveText('Inactive');
  await expect(page.getByText('Not serving: only a deployed agent answers MCP clients.')).toBeVisible();
  const refused = await sdkClient(endpoint, token).then(() => null, (e) => e);
  expect(refused?.code, String(refused)).toBe(409);
  expect(String(refused)).toContain('is stopped');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Deploy' }).click();
  await expect(page.getByRole('button', { name: 'Stop serving' })).toBeVisible();
  await expect(status).toHaveText('Active');
  await expect(page.getByText('Not serving: only a deployed agent answers MCP clients.')).toHaveCount(0);
  const client = await sdkClient(endpoint, token);
  expect((await client.listTools()).tools.map((t) => t.name)).toContain('greeter__greet');
  await client.close();
});
