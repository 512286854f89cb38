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
