// Checks as the person types, the gateway's refusals beside their field, editing a tool
// in place, and deleting it (refused while an active agent uses it).
import { test, expect } from '../helpers/test';
import { OPEN_MCP_URL, OAUTH_MCP_URL } from '../helpers/ports';
import { createOpenTool, fillAddForm, statusPanel } from '../helpers/tools';

test('the add form explains each problem as the person types', async ({ page }) => {
  await page.goto('/tools/new');
  const name = page.getByLabel('Name', { exact: true });
  const url = page.getByLabel('Server URL', { exact: true });
  const description = page.getByLabel('Description', { exact: true });

  // Nothing is red before the person has done anything.
  await expect(page.locator('.field-error:visible')).toHaveCount(0);

  await name.fill('x');
  await name.fill('');
  await expect(page.locator('#tool-name-error')).toHaveText(/Give it a name/);
  await expect(name).toHaveAttribute('aria-invalid', 'true');

  await url.fill('http://example.com/mcp');
  await expect(page.locator('#tool-url-error')).toHaveText(/plain http:\/\/ is only for localhost/);
  await url.fill('ftp://example.com');
  await expect(page.locator('#tool-url-error')).toHaveText(/Use an https:\/\/ URL/);
  await url.fill('https://mcp.example.com/mcp');
  await expect(page.locator('#tool-url-error')).toBeHidden();

  // Coaching from the seed: its bad example gets a hint, its good example passes.
  await description.fill('Use this tool to access the MCP server.');
  await expect(page.locator('#description-hint')).toContainText('Too vague');
  await description.fill(
    'Use this tool to query live inventory data from the warehouse management system. ' +
    'Invoke it when the user asks about stock levels, item availability, or order fulfillment status.');
  await expect(page.locator('#description-hint')).toContainText('Good');

  // Client ID without the secret: submitting shows why and puts the cursor there.
  await page.getByLabel('Sign in with OAuth (I have a client ID and secret)').check();
  await name.fill('Inventory');
  await page.getByLabel('Client ID', { exact: true }).fill('abc');
  await page.getByRole('button', { name: 'Add and sign in' }).click();
  const secret = page.getByLabel('Client secret', { exact: true });
  await expect(page.locator('#client-secret-error')).toHaveText(/client secret/);
  await expect(secret).toBeFocused();
  await expect(page).toHaveURL(/\/tools\/new$/);
});

test('submitting an empty form reveals every problem and focuses the first', async ({ page }) => {
  await page.goto('/tools/new');
  await page.getByRole('button', { name: 'Add and sign in' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(page.locator('#tool-name-error')).toBeVisible();
  await expect(page.locator('#tool-description-error')).toBeVisible();
  await expect(page.locator('#tool-url-error')).toHaveText(/Enter the MCP server's URL/);
});

test("the gateway's refusal shows beside the field it concerns, with the way out", async ({ page }) => {
  await page.goto('/tools/new');
  await fillAddForm(page, { mode: 'No sign-in needed', name: 'Needs sign-in', url: OAUTH_MCP_URL });
  await page.getByRole('button', { name: 'Add the server' }).click();

  const error = page.locator('#tool-url-error');
  await expect(error).toHaveText(/requires OAuth sign-in; choose automatic registration/);
  await expect(page.getByLabel('Server URL', { exact: true })).toBeFocused();
  await expect(page).toHaveURL(/\/tools\/new$/);

  // Taking the way out clears the message and works.
  await page.getByLabel('Sign in with OAuth (automatic registration)').check();
  await expect(error).toBeHidden();
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Add and sign in' }).click();
  await popupOpened;
  await expect(statusPanel(page).locator('.badge')).toHaveText('Active', { timeout: 20_000 });
});

test('name and description are edited in place, with the same checks', async ({ page, request }) => {
  const id = await createOpenTool(request, OPEN_MCP_URL, 'Before edit');
  await page.goto(`/tools/${id}`);
  await page.getByRole('button', { name: 'Edit name and description' }).click();
  const name = page.getByLabel('Name', { exact: true });
  await expect(name).toBeFocused();
  await expect(name).toHaveValue('Before edit');

  await name.fill('   ');
  await expect(page.locator('#edit-name-error')).toHaveText(/Give it a name/);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(name).toBeVisible();

  await name.fill('After edit');
  await page.getByLabel('Description', { exact: true }).fill('Use this tool to greet people. Invoke it when the user asks for a friendly greeting by name.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'After edit' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit name and description' })).toBeFocused();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'After edit' })).toBeVisible();
  await expect(page.locator('.description')).toHaveText(/friendly greeting by name/);
});

test('delete names the agents using the tool, shows the refusal, then deletes', async ({ page, request }) => {
  const id = await createOpenTool(request, OPEN_MCP_URL, 'Used by an agent');
  const agent = await request.post('/v2/flow/agents/create', {
    data: { name: 'Greeter agent', instructions: 'Greet people.', model_id: 'meta-llama/Llama-3.3-70B-Instruct', tool_ids: [id] },
  });
  expect(agent.ok(), await agent.text()).toBeTruthy();
  const agentId = (await agent.json()).id;

  await page.goto(`/tools/${id}`);
  await page.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete Used by an agent?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('listitem')).toContainText('Greeter agent');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText(/Greeter agent/);
  await expect(page).toHaveURL(new RegExp(`/tools/${id}$`));

  // Escape closes the dialog, as dialogs do.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Once the agent is stopped, the tool can go.
  expect((await request.put(`/v2/flow/agents/${agentId}/demote`)).ok()).toBeTruthy();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(/\/tools$/);
  // Focus starts at the new page, not on a button that no longer exists.
  await expect(page.locator('main')).toBeFocused();
  await expect(page.locator('.tool-row', { hasText: 'Used by an agent' })).toHaveCount(0);
});

test('every problem of a refusal shows at its own field, not only the first', async ({ page }) => {
  // Patchbay's gateway runs the form's own checks first, so it cannot be made to refuse two
  // fields through this form; page.route plays a gateway (any SeekrFlow-compatible one) that does.
  await page.route((url) => url.pathname === '/v1/flow/tools', (route) => route.request().method() !== 'POST'
    ? route.fallback()
    : route.fulfill({ status: 422, json: {
      detail: 'That name is taken. This server requires OAuth sign-in.', field: 'name',
      problems: [
        { field: 'name', detail: 'That name is taken.' },
        { field: 'config.URL', detail: 'This server requires OAuth sign-in.' },
      ],
    } }));
  await page.goto('/tools/new');
  await fillAddForm(page, { mode: 'No sign-in needed', name: 'Taken', url: OPEN_MCP_URL });
  await page.getByRole('button', { name: 'Add the server' }).click();

  await expect(page.locator('#tool-name-error')).toHaveText('That name is taken.');
  await expect(page.locator('#tool-url-error')).toHaveText('This server requires OAuth sign-in.');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(page.locator('.error[role=alert]:visible')).toHaveCount(0);
  // Changing one field clears its problem only.
  await page.getByLabel('Name', { exact: true }).fill('Not taken');
  await expect(page.locator('#tool-name-error')).toBeHidden();
  await expect(page.locator('#tool-url-error')).toHaveText('This server requires OAuth sign-in.');
});
