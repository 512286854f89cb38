// How long from the OAuth callback to the page showing Active: with the popup's
// BroadcastChannel message, and with polling alone. Printed, not asserted.
import { test, expect, type Page } from '@playwright/test';
import { OAUTH_MCP_URL } from '../helpers/ports';
import { fillAddForm, statusPanel } from '../helpers/tools';

async function signInAndMeasure(page: Page, name: string): Promise<number> {
  await page.goto('/tools/new');
  await fillAddForm(page, { mode: 'Sign in with OAuth (automatic registration)', name, url: OAUTH_MCP_URL });
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Add and sign in' }).click();
  const popup = await popupOpened;
  let callbackAt = 0;
  popup.on('request', (r) => { if (r.url().includes('/oauth/callback')) callbackAt = Date.now(); });
  // The moment the page itself shows Active, recorded in the page (no test-side polling lag).
  await page.evaluate(() => {
    const w = window as unknown as { activeAt?: number };
    new MutationObserver((_, obs) => {
      if (document.querySelector('.status-panel[data-status="Active"]')) { w.activeAt = Date.now(); obs.disconnect(); }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await expect(statusPanel(page)).toHaveAttribute('data-status', 'Active', { timeout: 30_000 });
  const activeAt = await page.evaluate(() => (window as unknown as { activeAt?: number }).activeAt ?? 0);
  expect(callbackAt).toBeGreaterThan(0);
  expect(activeAt).toBeGreaterThanOrEqual(callbackAt);
  return activeAt - callbackAt;
}

test('callback to Active: broadcast versus polling alone', async ({ page, context }) => {
  const broadcastMs = await signInAndMeasure(page, 'Timing broadcast');
  await page.close();

  const pollingOnly = await context.newPage();
  // No BroadcastChannel in the app's window: only the poller can notice.
  await pollingOnly.addInitScript(() => { delete (window as unknown as { BroadcastChannel?: unknown }).BroadcastChannel; });
  const pollingMs = await signInAndMeasure(pollingOnly, 'Timing polling');

  console.log(`callback → Active with BroadcastChannel: ${broadcastMs} ms; with polling alone: ${pollingMs} ms`);
});
