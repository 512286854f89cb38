// Adding an MCP server in each of the three modes, clicking as a person would, through
// the sign-in popup, to Active and the server's own tools; also with popups blocked.
import { type Page } from '@playwright/test';
import { test, expect } from '../helpers/test';
import { OPEN_MCP_URL, OAUTH_MCP_URL } from '../helpers/ports';
import { fillAddForm, registerClient, statusPanel } from '../helpers/tools';

/** The server's tools, as the SDK's example server offers them. */
async function expectServerTools(page: Page) {
  const offered = page.locator('.server-tool');
  // Each under its title when it has one, with its own name beside it.
  const greet = offered.filter({ has: page.getByRole('heading', { name: 'Greeting Tool greet', exact: true }) });
  await expect(greet).toBeVisible({ timeout: 15_000 });
  // Its input parameter, read from the tool's JSON Schema.
  await expect(greet.locator('dt', { hasText: 'name' })).toContainText('required');
  await expect(offered.filter({ has: page.getByRole('heading', { name: 'Multiple Greeting Tool multi-greet', exact: true }) })).toBeVisible();
}

async function openAddForm(page: Page) {
  await page.goto('/tools');
  await page.getByRole('link', { name: 'Add an MCP server' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add an MCP server' })).toBeVisible();
}

test('no sign-in: the server is active at once and its tools are listed', async ({ page }) => {
  await openAddForm(page);
  await fillAddForm(page, { mode: 'No sign-in needed', name: 'Open example', url: OPEN_MCP_URL });
  await page.getByRole('button', { name: 'Add the server' }).click();

  await expect(page).toHaveURL(/\/tools\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Open example' })).toBeFocused();
  await expect(statusPanel(page).locator('.badge')).toHaveText('Active');
  await expect(page.getByRole('status').filter({ hasText: 'Connected: Open example is active' })).toBeAttached();
  await expectServerTools(page);

  await page.getByRole('link', { name: 'Tools', exact: true }).first().click();
  const row = page.locator('.tool-row', { hasText: 'Open example' });
  await expect(row.locator('.badge')).toHaveText('Active');
});

test('OAuth with automatic registration: sign in through the popup to Active', async ({ page }) => {
  await openAddForm(page);
  await fillAddForm(page, { mode: 'Sign in with OAuth (automatic registration)', name: 'Auto OAuth', url: OAUTH_MCP_URL });
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Add and sign in' }).click();
  const popup = await popupOpened;

  // The popup lands on /authorized, says so and closes itself; the page follows.
  await popup.waitForEvent('close', { timeout: 20_000 });
  await expect(statusPanel(page).locator('.badge')).toHaveText('Active');
  await expect(page.getByRole('status').filter({ hasText: 'Connected: Auto OAuth is active' })).toBeAttached();
  await expectServerTools(page);
});

test('OAuth with my own client: the redirect URI is shown to register, then sign in to Active', async ({ page, request }) => {
  await openAddForm(page);
  await page.getByLabel('Sign in with OAuth (I have a client ID and secret)').check();
  // Shown before the person needs it, with a copy button.
  const redirect = page.locator('#redirect-uri code');
  await expect(redirect).toHaveText(/\/oauth\/callback$/);
  await expect(page.getByRole('button', { name: 'Copy redirect URI' })).toBeVisible();
  const { clientId, secret } = await registerClient(request, (await redirect.textContent())!);

  await fillAddForm(page, {
    mode: 'Sign in with OAuth (I have a client ID and secret)', name: 'Own client', url: OAUTH_MCP_URL, clientId, secret,
  });
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Add and sign in' }).click();
  const popup = await popupOpened;
  await popup.waitForEvent('close', { timeout: 20_000 });
  await expect(statusPanel(page).locator('.badge')).toHaveText('Active');
  await expectServerTools(page);

  // The secret went to the gateway once and nowhere else in the browser.
  const kept = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href);
  expect(kept).not.toContain(secret);
  await expect(page.locator('body')).not.toContainText(secret);
});

test('popup blocked: the sign-in button appears and completes the flow', async ({ page }) => {
  // What a popup blocker does to window.open.
  await page.addInitScript(() => { window.open = () => null; });
  await openAddForm(page);
  await fillAddForm(page, { mode: 'Sign in with OAuth (automatic registration)', name: 'Blocked popup', url: OAUTH_MCP_URL });
  await page.getByRole('button', { name: 'Add and sign in' }).click();

  await expect(statusPanel(page).locator('.badge')).toHaveText('Waiting for sign-in');
  await expect(statusPanel(page).locator('.time-left')).toHaveText(/\d+ min left/);
  const button = page.getByRole('link', { name: 'Open the sign-in page', exact: true });
  await expect(button).toBeVisible();
  const popupOpened = page.waitForEvent('popup');
  await button.click();
  const popup = await popupOpened;
  await expect(popup.getByRole('heading', { name: /Connected/ })).toBeVisible({ timeout: 20_000 });
  await expect(statusPanel(page).locator('.badge')).toHaveText('Active');
  await expectServerTools(page);
});
