// Settings: the redirect URI with a working copy button, a connection test that says
// what it found (or why not), and a saved gateway address that the app then uses.
import { test, expect } from '../helpers/test';
import { GATEWAY, SHORT_GATEWAY, SILENT } from '../helpers/ports';

test('settings shows the redirect URI, copies it, and tests the connection', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: GATEWAY });
  await page.goto('/settings');
  const uri = page.locator('.copy-box code');
  await expect(uri).toHaveText(`${GATEWAY}/oauth/callback`);
  await page.getByRole('button', { name: 'Copy redirect URI' }).click();
  await expect(page.locator('.copy-said')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${GATEWAY}/oauth/callback`);

  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.test-result')).toContainText(`Connected to`);
  await expect(page.locator('.test-result')).toContainText(GATEWAY);

  const base = page.getByLabel('Gateway base URL');
  await base.fill('ftp://example.com');
  await expect(page.locator('#gateway-url-error')).toContainText('https://');
  // Inside this run's port block, where nothing listens.
  await base.fill(SILENT);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.test-result')).toContainText('did not answer');

  // A gateway this console's policy does not allow: the reason and the way out, not "down".
  await base.fill(SHORT_GATEWAY);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.test-result')).toContainText(
    `This console may only call the gateway that serves it, so it cannot reach ${SHORT_GATEWAY}.`);
  await expect(page.locator('.test-result')).toContainText('--allow-gateway');
  // Nothing typed is lost.
  await expect(base).toHaveValue(SHORT_GATEWAY);
});

test('a saved gateway address is used by the whole app', async ({ page }) => {
  await page.goto('/settings');
  await page.getByLabel('Gateway base URL').fill(`${GATEWAY}/`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.locator('.lead code')).toHaveText(GATEWAY);
  expect(await page.evaluate(() => localStorage.getItem('patchbay.gateway'))).toBe(GATEWAY);

  await page.getByRole('link', { name: 'Tools', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();
  // Read through the saved address: the (empty) gateway's first-run page.
  await expect(page.getByText('No MCP servers yet.')).toBeVisible();
});

test('when the browser refuses to store the settings, the page says so and keeps what was typed', async ({ page }) => {
  // What a full quota (or storage blocked for this site) does to every write.
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto('/settings');
  const base = page.getByLabel('Gateway base URL');
  await base.fill(`${GATEWAY}/`);
  await page.getByLabel('API key').fill('typed-key');
  await page.getByRole('button', { name: 'Save' }).click();

  const alert = page.getByRole('alert').filter({ hasText: 'Not saved' });
  await expect(alert).toContainText('this browser refused to store the settings (QuotaExceededError: The quota has been exceeded.)');
  await expect(alert).toContainText('save again');
  await expect(page.getByText('Saved.')).toHaveCount(0);
  await expect(page).toHaveURL(/\/settings$/);
  await expect(base).toHaveValue(`${GATEWAY}/`);
  await expect(page.getByLabel('API key')).toHaveValue('typed-key');
  expect(await page.evaluate(() => [localStorage.getItem('patchbay.gateway'), localStorage.getItem('patchbay.apiKey')]))
    .toEqual([null, null]);
});
