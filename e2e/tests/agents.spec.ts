// The agent builder against the real gateway and the MCP SDK's example servers: only
// active tools are offered, a tool that signs in while the builder is open appears,
// and agents are edited and deleted from the Agents page.
import { type APIRequestContext, type Page } from '@playwright/test';
import { test, expect } from '../helpers/test';
import { OPEN_MCP_URL, OAUTH_MCP_URL } from '../helpers/ports';
import { createOpenTool, expectAccessible, GOOD_DESCRIPTION } from '../helpers/tools';

const MODEL = 'meta-llama/Llama-3.3-70B-Instruct';

/** A tool behind the example OAuth server, left waiting for sign-in; returns its id and sign-in URL. */
async function createPendingTool(request: APIRequestContext, name: string) {
  const res = await request.post('/v1/flow/tools?expect_auth=oauth_dynamic', {
    data: { type: 'mcp_connector', name, description: GOOD_DESCRIPTION, config: { URL: OAUTH_MCP_URL } },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const tool = await res.json();
  expect(tool.status).toBe('Pending_authorization');
  return { id: tool.id as string, authorizationUrl: tool.config.AUTHORIZATION_URL as string };
}

function picker(page: Page) {
  return page.locator('fieldset.tool-picker');
}

test('an agent is built from two active tools while a pending one is not offered', async ({ page, request }) => {
  await createOpenTool(request, OPEN_MCP_URL, 'Greeter');
  await createOpenTool(request, OPEN_MCP_URL, 'Files');
  const pending = await createPendingTool(request, 'Calendar');

  await page.goto('/agents');
  await page.getByRole('link', { name: 'New agent' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'New agent' })).toBeVisible();

  await expect(picker(page).getByLabel('Greeter')).toBeVisible();
  await expect(picker(page).getByLabel('Files')).toBeVisible();
  await expect(picker(page).getByRole('checkbox')).toHaveCount(2);
  // What the agent will read about each tool is shown beside it.
  await expect(picker(page).getByText(GOOD_DESCRIPTION).first()).toBeVisible();
  // The pending one is named under the picker, with a link to finish signing in.
  const waiting = picker(page).locator('.picker-unavailable');
  await expect(waiting).toContainText('1 tool is waiting for sign-in');
  await expect(waiting.getByRole('link', { name: 'Calendar' })).toHaveAttribute('href', `/tools/${pending.id}`);
  await expectAccessible(page);

  await page.getByLabel('Name', { exact: true }).fill('Helper');
  await page.getByLabel('Instructions').fill('Greet people, and list files when asked.');
  await page.getByLabel('Model').fill(MODEL);
  await picker(page).getByLabel('Greeter').check();
  await picker(page).getByLabel('Files').check();
  await page.getByRole('button', { name: 'Create agent' }).click();

  await expect(page).toHaveURL(/\/agents$/);
  const card = page.locator('.agent-card', { hasText: 'Helper' });
  await expect(card.getByText(MODEL)).toBeVisible();
  await expect(card.locator('.row-head .badge')).toHaveText('Active');
  const tools = card.locator('.agent-tools li');
  await expect(tools).toHaveCount(2);
  await expect(tools.filter({ hasText: 'Greeter' }).locator('.badge')).toHaveText('Active');
  await expect(tools.filter({ hasText: 'Files' }).locator('.badge')).toHaveText('Active');
  await expect(card.locator('.agent-warning')).toHaveCount(0);
  await expectAccessible(page);
});

test('a tool that becomes active while the builder is open appears in the picker', async ({ page, request, context }) => {
  await createOpenTool(request, OPEN_MCP_URL, 'Greeter');
  const pending = await createPendingTool(request, 'Calendar');

  await page.goto('/agents/new');
  await expect(picker(page).getByLabel('Greeter')).toBeVisible();
  await expect(picker(page).getByLabel('Calendar')).toHaveCount(0);

  // The person signs in elsewhere (the example server approves at once); the builder is not reloaded.
  const signIn = await context.newPage();
  await signIn.goto(pending.authorizationUrl);
  await expect.poll(async () => (await (await request.get(`/v1/flow/tools/${pending.id}`)).json()).status,
    { timeout: 20_000 }).toBe('Active');
  await signIn.close();

  await expect(picker(page).getByLabel('Calendar')).toBeVisible({ timeout: 20_000 });
  await expect(picker(page).locator('.picker-unavailable')).not.toContainText('waiting for sign-in');
});

test('an agent is edited from the Agents page, then deleted', async ({ page, request }) => {
  const greeter = await createOpenTool(request, OPEN_MCP_URL, 'Greeter');
  const files = await createOpenTool(request, OPEN_MCP_URL, 'Files');
  const res = await request.post('/v2/flow/agents/create', {
    data: { name: 'Helper', instructions: 'Greet people.', model_id: MODEL, tool_ids: [greeter] },
  });
  expect(res.ok(), await res.text()).toBeTruthy();

  await page.goto('/agents');
  const card = page.locator('.agent-card', { hasText: 'Helper' });
  await card.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit agent' })).toBeVisible();
  // The form starts from the stored agent.
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Helper');
  await expect(page.getByLabel('Model')).toHaveValue(MODEL);
  await expect(picker(page).getByLabel('Greeter')).toBeChecked();
  await expect(picker(page).getByLabel('Files')).not.toBeChecked();

  await page.getByLabel('Name', { exact: true }).fill('Greeter and files');
  await page.getByLabel('Temperature (optional)').fill('0.4');
  await picker(page).getByLabel('Greeter').uncheck();
  await picker(page).getByLabel('Files').check();
  await page.getByRole('button', { name: 'Save changes' }).click();

  await expect(page).toHaveURL(/\/agents$/);
  const edited = page.locator('.agent-card', { hasText: 'Greeter and files' });
  await expect(edited.locator('.agent-tools li')).toHaveText([/Files/]);
  const stored = (await (await request.get('/v2/flow/agents/')).json()).data[0];
  expect(stored.temperature).toBe(0.4);
  expect(stored.tools.map((t: { id: string }) => t.id)).toEqual([files]);

  await edited.getByRole('button', { name: 'Delete' }).click();
  await expect(edited).toContainText('Delete "Greeter and files"? This cannot be undone.');
  await edited.getByRole('button', { name: 'Delete agent' }).click();
  await expect(page.getByText('No agents yet.')).toBeVisible();
  expect((await (await request.get('/v2/flow/agents/')).json()).data).toEqual([]);
});

test('every problem the gateway names shows at its field of the builder', async ({ page, request }) => {
  await createOpenTool(request, OPEN_MCP_URL, 'Greeter');
  // A gateway's checks the builder cannot make itself (which models exist, which tools
  // may be linked); page.route plays one that refuses two fields at once.
  await page.route((url) => url.pathname === '/v2/flow/agents/create', (route) => route.fulfill({
    status: 422, json: {
      detail: 'No such model. Greeter cannot be linked.', field: 'model_id',
      problems: [
        { field: 'model_id', detail: 'No such model.' },
        { field: 'tool_ids', detail: 'Greeter cannot be linked.' },
      ],
    },
  }));
  await page.goto('/agents/new');
  await page.getByLabel('Name', { exact: true }).fill('Helper');
  await page.getByLabel('Instructions').fill('Greet people.');
  await page.getByLabel('Model').fill('nobody/no-model');
  await picker(page).getByLabel('Greeter').check();
  await page.getByRole('button', { name: 'Create agent' }).click();

  await expect(page.locator('.field', { has: page.locator('#agent-model') }).locator('.field-error')).toHaveText('No such model.');
  await expect(page.locator('fieldset.tool-picker + .field-error')).toHaveText('Greeter cannot be linked.');
  await expect(page.locator('.agent-form > .error')).toHaveCount(0);
  await expect(page).toHaveURL(/\/agents\/new$/);
  await page.getByLabel('Model').fill(MODEL);
  await expect(page.locator('.field', { has: page.locator('#agent-model') }).locator('.field-error')).toHaveCount(0);
  await expect(page.locator('fieldset.tool-picker + .field-error')).toHaveText('Greeter cannot be linked.');
});
