// The tools list: status in words, countdown while pending, search and status filter,
// and a row that turns Active by itself when the sign-in finishes elsewhere.
import { test, expect } from '../helpers/test';
import { OPEN_MCP_URL, OAUTH_MCP_URL } from '../helpers/ports';
import { createOpenTool, GOOD_DESCRIPTION } from '../helpers/tools';

test('search, filter, and a pending row that turns Active without a reload', async ({ page, context, request }) => {
  await createOpenTool(request, OPEN_MCP_URL, 'Alpha open');
  const created = await request.post('/v1/flow/tools?expect_auth=oauth_dynamic', {
    data: { type: 'mcp_connector', name: 'Beta pending', description: GOOD_DESCRIPTION, config: { URL: OAUTH_MCP_URL } },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const authorizationUrl = (await created.json()).config.AUTHORIZATION_URL as string;

  await page.goto('/tools');
  const alpha = page.locator('.tool-row', { hasText: 'Alpha open' });
  const beta = page.locator('.tool-row', { hasText: 'Beta pending' });
  await expect(beta.locator('.badge')).toHaveText('Waiting for sign-in');
  await expect(beta.locator('.time-left')).toHaveText(/^\d+ min left$/);
  await expect(alpha.locator('.badge')).toHaveText('Active');

  await page.getByLabel('Search by name').fill('ALP');
  await expect(alpha).toBeVisible();
  await expect(beta).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Showing 1 of 2 tools' })).toBeVisible();
  await page.getByLabel('Search by name').fill('');

  await page.getByLabel('Status').selectOption({ label: 'Waiting for sign-in' });
  await expect(beta).toBeVisible();
  await expect(alpha).toHaveCount(0);
  await page.getByLabel('Status').selectOption({ label: 'Deprecated' });
  await expect(page.getByText('No tools match the search or the status chosen.')).toBeVisible();
  await page.getByRole('button', { name: 'Show all tools' }).click();
  await expect(alpha).toBeVisible();
  await expect(beta).toBeVisible();

  // The person signs in from another tab; this list hears it and updates in place.
  await page.evaluate(() => { (window as unknown as { marker: number }).marker = 1; });
  const elsewhere = await context.newPage();
  await elsewhere.goto(authorizationUrl);
  await expect(elsewhere.getByRole('heading', { name: /Connected/ })).toBeVisible({ timeout: 20_000 });
  await expect(beta.locator('.badge')).toHaveText('Active');
  await expect(beta.locator('.time-left')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
});
