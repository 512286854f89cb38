// Moving around the app: links, deep links, the not-found page, and the list matching
// what the gateway holds (from the empty gateway every test starts with).
import { test, expect } from '../helpers/test';
import { OPEN_MCP_URL } from '../helpers/ports';
import { createOpenTool } from '../helpers/tools';

test('the app opens on Tools and navigates by clicking', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();

  await page.getByRole('link', { name: 'Agents' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
  await expect(page).toHaveURL(/\/agents$/);

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  await page.getByRole('link', { name: 'Tools' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();
});

test('back and forward move between pages, and the header marks the section shown', async ({ page }) => {
  await page.goto('/tools');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Tools' })).toHaveAttribute('aria-current', 'page');

  await nav.getByRole('link', { name: 'Agents' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Agents' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Tools' })).not.toHaveAttribute('aria-current', /.*/);

  // In-app navigation, not a reload: the page's JS state survives it.
  await page.evaluate(() => ((window as any).__stayed = true));
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();
  await expect(page).toHaveURL(/\/tools$/);
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__stayed)).toBe(true);

  // A tool's page belongs to the Tools section.
  await page.goto('/tools/no-such-tool');
  await expect(nav.getByRole('link', { name: 'Tools' })).toHaveAttribute('aria-current', 'page');
});

test('a link opened in a new tab is left to the browser, and the skip link moves focus', async ({ page, context }) => {
  await page.goto('/tools');
  const opened = context.waitForEvent('page');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' })
    .click({ modifiers: ['ControlOrMeta'] });
  const tab = await opened;
  await expect(tab).toHaveURL(/\/settings$/);
  await tab.close();
  // The first page stayed where it was.
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();

  // A fragment link on the same page is the browser's to follow, not a navigation.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  await expect(page).toHaveURL(/\/tools#main$/);
});

test('a deep link loads directly (SPA fallback)', async ({ page }) => {
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});

test('an unknown path shows the not-found page', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to your tools' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();
});

test('the tools page shows what the gateway holds: nothing, then two tools', async ({ page, request }) => {
  await page.goto('/tools');
  await expect(page.getByText('No MCP servers yet.')).toBeVisible();
  await expect(page.locator('.tool-row')).toHaveCount(0);

  await createOpenTool(request, OPEN_MCP_URL, 'First server');
  await createOpenTool(request, OPEN_MCP_URL, 'Second server');
  await page.reload();
  await expect(page.locator('.row-name')).toHaveCount(2);
  expect((await page.locator('.row-name').allTextContents()).sort()).toEqual(['First server', 'Second server']);
  await expect(page.getByRole('status').filter({ hasText: '2 tools' })).toBeVisible();
});

// The API client aborts what a page still waits for once the person leaves it, whichever
// page made the request. The route never answers, so each request is still in flight.
for (const [page_, api] of [['/tools', '/v1/flow/tools'], ['/tools/slow-1', '/v1/flow/tools/slow-1'], ['/agents', '/v2/flow/agents/']]) {
  test(`leaving ${page_} aborts its request in flight`, async ({ page }) => {
    await page.route((url) => url.pathname === api, () => { /* never answered */ });
    const aborted = page.waitForEvent('requestfailed',
      { predicate: (r) => new URL(r.url()).pathname === api, timeout: 10_000 });
    await page.goto(page_);
    await expect(page.getByText(/^Loading/)).toBeVisible();
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    expect((await aborted).failure()?.errorText).toBe('net::ERR_ABORTED');
  });
}
