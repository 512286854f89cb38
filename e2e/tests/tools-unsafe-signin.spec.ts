// Defence in depth against a hostile MCP server: whatever authorization URL a gateway
// passes on, the SPA opens and links only http(s) ones, so a `javascript:` or `data:` URL
// never runs in Patchbay's origin (where it could read the API key). The SPA may point at
// any SeekrFlow-compatible gateway, so page.route plays one that passes such a URL
// through: a fixture of our own because Patchbay's gateway refuses these servers itself.
import { type BrowserContext, type Page, type Route } from '@playwright/test';
import { test, expect } from '../helpers/test';
import { fillAddForm, GOOD_DESCRIPTION, statusPanel } from '../helpers/tools';

const UNSAFE = [
  'javascript:window.__pwned=1',
  ' java\tscript:localStorage.setItem("pwned","1")',
  'data:text/html,<script>alert(document.domain)</script>',
];
const SERVER = 'https://mcp.example.com/mcp';
const WARNING = 'The sign-in link for this server is unsafe';

function tool(id: string, status: string, authorizationUrl?: string) {
  const now = new Date().toISOString();
  return {
    type: 'mcp_connector', id, name: `Hostile ${id}`, description: GOOD_DESCRIPTION,
    config: { URL: SERVER, AUTHORIZATION_URL: authorizationUrl, TRANSPORT: 'streamable-http' },
    status, auth_mode: 'oauth_dynamic', user_id: 'u', team_id: null, version: 1, created_at: now, updated_at: now,
    authorization_expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    status_reason: status === 'Failed' ? 'The server stopped answering.' : null,
  };
}

/** Answers `method path` with `body`; every other request goes to the real gateway. */
async function answer(page: Page, method: string, path: string, body: unknown) {
  await page.route((url) => url.pathname === path, (route: Route) =>
    route.request().method() === method ? route.fulfill({ json: body }) : route.fallback());
}

/** Records every window's dialogs and the popups `page` opens. */
function watch(page: Page, context: BrowserContext) {
  const seen = { dialogs: [] as string[], popups: [] as Page[] };
  const onDialog = (p: Page) => p.on('dialog', (d) => { seen.dialogs.push(d.message()); void d.dismiss(); });
  onDialog(page);
  context.on('page', onDialog);
  page.on('popup', (p) => seen.popups.push(p));
  return seen;
}

/** No script ran, no unsafe link exists, any popup was closed unopened, and the page says why. */
async function expectRefused(page: Page, seen: ReturnType<typeof watch>) {
  for (const p of seen.popups.filter((p) => !p.isClosed())) {
    // Left open, it must at least not have run the URL (it shares this origin while blank).
    const ran = await p.evaluate(() => (window as { __pwned?: number }).__pwned ?? null).catch(() => null);
    expect(ran, 'script ran in the sign-in popup').toBeNull();
    expect(p.url()).not.toMatch(/^\s*(javascript|data):/i);
  }
  expect(await page.evaluate(() => [(window as { __pwned?: number }).__pwned ?? null, localStorage.getItem('pwned')]))
    .toEqual([null, null]);
  const hrefs = await page.locator('[href]').evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
  // As a browser reads them: control characters and spaces do not hide a scheme.
  expect(hrefs.filter((h) => /^(javascript|data|vbscript):/i.test(h.replace(/[\x00-\x20]/g, '')))).toEqual([]);
  await expect.poll(() => seen.popups.every((p) => p.isClosed()), { message: 'the popup is closed unopened' }).toBe(true);
  expect(seen.dialogs).toEqual([]);
  await expect(page.getByRole('alert').filter({ hasText: WARNING })).toContainText('Delete this tool');
  await expect(page.getByRole('link', { name: /Open the sign-in page/ })).toHaveCount(0);
}

for (const url of UNSAFE) {
  test(`creating and viewing a tool whose sign-in URL is ${JSON.stringify(url.slice(0, 16))}… neither opens nor links it`,
    async ({ page, context }) => {
      const pending = tool('hostile-1', 'Pending_authorization', url);
      await answer(page, 'POST', '/v1/flow/tools', pending);
      await answer(page, 'GET', '/v1/flow/tools/hostile-1', pending);
      const seen = watch(page, context);

      await page.goto('/tools/new');
      await fillAddForm(page, { mode: 'Sign in with OAuth (automatic registration)', name: 'Hostile', url: SERVER });
      await page.getByRole('button', { name: 'Add and sign in' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Hostile hostile-1' })).toBeVisible();
      await expect(statusPanel(page).locator('.badge')).toHaveText('Waiting for sign-in');
      expect(seen.popups).toHaveLength(1);
      await expectRefused(page, seen);

      // Viewed afresh, as after a reload or from a link.
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'Hostile hostile-1' })).toBeVisible();
      await expectRefused(page, seen);
    });
}

test('replacing a failed tool neither opens nor links the replacement\'s unsafe sign-in URL', async ({ page, context }) => {
  const replacement = tool('hostile-2', 'Pending_authorization', UNSAFE[0]);
  await answer(page, 'GET', '/v1/flow/tools/failed-1', tool('failed-1', 'Failed'));
  await answer(page, 'POST', '/v1/flow/tools/failed-1/replace',
    { replaced_tool_id: 'failed-1', tool: replacement, swapped: false });
  await answer(page, 'GET', '/v1/flow/tools/hostile-2', replacement);
  const seen = watch(page, context);

  await page.goto('/tools/failed-1');
  await page.getByRole('button', { name: 'Replace Hostile failed-1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sign in to finish' })).toBeVisible();
  expect(seen.popups).toHaveLength(1);
  await expectRefused(page, seen);
});
