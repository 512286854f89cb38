// A sign-in that is never finished: with a 2-second window (a second gateway started with
// --authorization-window 2s) the page turns Failed with the reason, without a reload,
// and "Create it again" reopens the form filled in.
import { test, expect } from '../helpers/test';
import { SHORT_GATEWAY, OAUTH_MCP_URL } from '../helpers/ports';
import { expectAccessible, fillAddForm, GOOD_DESCRIPTION, statusPanel } from '../helpers/tools';

/** The gateway's sentence for a sign-in window that closed. */
const EXPIRED = 'The sign-in window closed before authorization finished; delete this tool and create it again.';

test('expired authorization window fails the tool live, and it can be created again', async ({ page }) => {
  // Nobody signs in: the popup never opens.
  await page.addInitScript(() => { window.open = () => null; });
  await page.goto(`${SHORT_GATEWAY}/tools/new`);
  await fillAddForm(page, { mode: 'Sign in with OAuth (automatic registration)', name: 'Too slow', url: OAUTH_MCP_URL });
  // Every status the panel shows, recorded in the page; a reload would wipe the record.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
    new MutationObserver(() => {
      const s = document.querySelector('.status-panel')?.getAttribute('data-status');
      if (s && seen[seen.length - 1] !== s) seen.push(s);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByRole('button', { name: 'Add and sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Too slow' })).toBeVisible();

  const panel = statusPanel(page);
  await expect(panel.locator('.badge')).toHaveText('Failed', { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['Pending_authorization', 'Failed']);
  await expect(panel.locator('.reason')).toHaveText(`Why: ${EXPIRED}`);
  await expect(page.getByRole('link', { name: 'Open the sign-in page' })).toHaveCount(0);
  await expectAccessible(page);

  // The list shows the reason too.
  await page.getByRole('link', { name: 'Tools', exact: true }).first().click();
  const row = page.locator('.tool-row', { hasText: 'Too slow' });
  await expect(row.locator('.badge')).toHaveText('Failed');
  await expect(row.locator('.failed-note')).toHaveText(EXPIRED);

  await row.getByRole('link', { name: 'Too slow' }).click();
  await page.getByRole('link', { name: 'Create it again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add an MCP server' })).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Too slow');
  await expect(page.getByLabel('Server URL', { exact: true })).toHaveValue(OAUTH_MCP_URL);
  await expect(page.getByLabel('Description', { exact: true })).not.toHaveValue('');
  await expect(page.getByLabel('Sign in with OAuth (automatic registration)')).toBeChecked();
});

test('a failed tool is replaced from its page: sign in, and the new one takes its place', async ({ page, request }) => {
  const created = await request.post(`${SHORT_GATEWAY}/v1/flow/tools?expect_auth=oauth_dynamic`, {
    data: { type: 'mcp_connector', name: 'Replace me', description: GOOD_DESCRIPTION, config: { URL: OAUTH_MCP_URL } },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const oldId = (await created.json()).id as string;
  await page.goto(`${SHORT_GATEWAY}/tools/${oldId}`);
  await expect(statusPanel(page).locator('.badge')).toHaveText('Failed', { timeout: 15_000 });

  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Replace Replace me' }).click();
  await popupOpened;
  // Signed in within the (2 s) window: the gateway swaps, and the page goes back to the list.
  await expect(page).toHaveURL(/\/tools$/, { timeout: 15_000 });
  const rows = page.locator('.tool-row', { hasText: 'Replace me' });
  await expect(rows).toHaveCount(1);
  await expect(rows.locator('.badge')).toHaveText('Active');
  expect(await rows.getAttribute('data-tool-id')).not.toBe(oldId);
});
