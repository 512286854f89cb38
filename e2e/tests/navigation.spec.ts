import { test, expect } from '@playwright/test';

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

test('the tools page shows what the gateway holds', async ({ page, request }) => {
  // Other specs may have added tools already; the page must match the API either way.
  const held = (await (await request.get('/v1/flow/tools')).json()).data as { name: string }[];
  await page.goto('/tools');
  if (held.length === 0) {
    await expect(page.getByText('No MCP servers yet.')).toBeVisible();
  } else {
    await expect(page.locator('.tool-row')).toHaveCount(held.length);
    for (const t of held) await expect(page.locator('.row-name', { hasText: t.name }).first()).toBeVisible();
  }
});
