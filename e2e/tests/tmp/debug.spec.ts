import { test, expect } from '../../helpers/test';
import { OPEN_MCP_URL } from '../../helpers/ports';
import { createOpenTool } from '../../helpers/tools';
test('debug', async ({ page, request }) => {
  page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 300)));
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  page.on('requestfailed', (r) => console.log('failed', r.url(), r.failure()?.errorText));
  const id = await createOpenTool(request, OPEN_MCP_URL, 'Examples');
  const t0 = Date.now();
  await page.goto(`/tools/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30000 });
  console.log('h1', Date.now() - t0, await page.getByRole('heading', { level: 1 }).textContent());
  await page.waitForTimeout(3000);
  console.log((await page.locator('main').innerText()).slice(0, 1000));
});
