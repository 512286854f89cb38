// Settings: the redirect URI with a working copy button, a connection test that says
// what it found (or why not), and a saved gateway address that the app then uses.
import { test, expect } from '@playwright/test';
import { GATEWAY, PORTS } from '../helpers/ports';

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
  await base.fill(`http://127.0.0.1:${PORTS.gateway + 19}`);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.test-result')).toContainText('did not answer');
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
  await expect(page.locator('.tool-row, .first-run').first()).toBeVisible();
});
