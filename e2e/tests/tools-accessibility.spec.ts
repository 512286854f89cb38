// axe-core on every page the tools work touches: no serious or critical violations.
import { test, expect } from '../helpers/test';
import { OPEN_MCP_URL, SHORT_GATEWAY } from '../helpers/ports';
import { createOpenTool, expectAccessible, GOOD_DESCRIPTION } from '../helpers/tools';

test('every tools page passes axe without serious or critical violations', async ({ page, request }) => {
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expectAccessible(page);

  for (const mode of ['Sign in with OAuth (automatic registration)', 'Sign in with OAuth (I have a client ID and secret)', 'No sign-in needed']) {
    await page.goto('/tools/new');
    await page.getByLabel(mode).check();
    await page.getByRole('button', { name: /Add/ }).click(); // reveals every error message
    await expectAccessible(page);
  }

  const id = await createOpenTool(request, OPEN_MCP_URL, 'Axe check');
  await page.goto(`/tools/${id}`);
  await expect(page.locator('.server-tool').first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Edit name and description' }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page);

  await page.goto('/tools');
  await expect(page.locator('.tool-row').first()).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/authorized?tool=${id}&error=${encodeURIComponent('The server refused the sign-in.')}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/no/such/page');
  await expectAccessible(page);
});

test('from the empty list to an active tool by keyboard alone', async ({ page }) => {
  // Every test starts from an empty gateway, so the first-run state shows.
  await page.goto(`${SHORT_GATEWAY}/tools`);
  await expect(page.getByText('No MCP servers yet.')).toBeVisible();
  await expectAccessible(page);

  const add = page.locator('.first-run').getByRole('link', { name: 'Add an MCP server' });
  for (let i = 0; i < 10 && !(await add.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(add).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Add an MCP server' })).toBeVisible();

  // Tab to the mode radios, arrow to "No sign-in needed", then fill each field in turn.
  const first = page.getByLabel('Sign in with OAuth (automatic registration)');
  for (let i = 0; i < 15 && !(await first.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('No sign-in needed')).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.type('Keyboard only');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Description', { exact: true })).toBeFocused();
  await page.keyboard.type(GOOD_DESCRIPTION);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Server URL', { exact: true })).toBeFocused();
  await page.keyboard.type(OPEN_MCP_URL);
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Keyboard only' })).toBeFocused();
  await expect(page.locator('.status-panel .badge')).toHaveText('Active');
});
