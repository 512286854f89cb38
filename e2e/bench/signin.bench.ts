// How long from the OAuth callback to the tool's page showing Active: with the sign-in
// window's BroadcastChannel message, and with polling alone. Run by `scripts/bench-signin`,
// not by the test suite: it prints figures and passes or fails on nothing but the flow.
import { test, expect, type Page, type BrowserContext, type Request } from '@playwright/test';
import { OAUTH_MCP_URL } from '../helpers/ports';
import { fillAddForm, statusPanel } from '../helpers/tools';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function signInAndMeasure(page: Page, name: string): Promise<number> {
  await page.goto('/tools/new');
  await fillAddForm(page, { mode: 'Sign in with OAuth (automatic registration)', name, url: OAUTH_MCP_URL });
  // Heard on the whole context before the click, so a fast sign-in cannot slip past it.
  let callbackAt = 0;
  const onRequest = (r: Request) => { if (r.url().includes('/oauth/callback')) callbackAt = Date.now(); };
  page.context().on('request', onRequest);
  // The moment the page itself shows Active, recorded in the page (no test-side polling lag).
  await page.evaluate(() => {
    const w = window as unknown as { activeAt?: number };
    new MutationObserver((_, obs) => {
      if (document.querySelector('.status-panel[data-status="Active"]')) { w.activeAt = Date.now(); obs.disconnect(); }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByRole('button', { name: 'Add and sign in' }).click();
  await expect(statusPanel(page)).toHaveAttribute('data-status', 'Active', { timeout: 30_000 });
  const activeAt = await page.evaluate(() => (window as unknown as { activeAt?: number }).activeAt ?? 0);
  page.context().off('request', onRequest);
  expect(callbackAt, 'the popup reached the OAuth callback').toBeGreaterThan(0);
  return activeAt - callbackAt;
}

async function measure(context: BrowserContext, label: string, withoutChannel: boolean) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await context.newPage();
    // No BroadcastChannel in the app's window: only the poller can notice.
    if (withoutChannel) {
      await page.addInitScript(() => { delete (window as unknown as { BroadcastChannel?: unknown }).BroadcastChannel; });
    }
    times.push(await signInAndMeasure(page, `Bench ${label} ${i + 1}`));
    await page.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`callback → Active, ${label}: median ${sorted[Math.floor(sorted.length / 2)]} ms (runs: ${times.join(', ')} ms)`);
}

test('callback to Active: BroadcastChannel versus polling alone', async ({ context }) => {
  test.setTimeout(60_000 * RUNS);
  await measure(context, 'with BroadcastChannel', false);
  await measure(context, 'with polling alone', true);
});
