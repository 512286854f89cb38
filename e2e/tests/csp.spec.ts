// The Content-Security-Policy the gateway is to send with the SPA (issue 8, fault 9): the
// whole app, the sign-in popup included, must work under it without one violation (no
// eval, no inline handlers, no inline script but Trunk's hashed loader). Until the
// gateway sends it, context.route adds it to every page from the gateway, hashing
// index.html's inline scripts as the gateway will.
import { createHash } from 'node:crypto';
import { type BrowserContext, type Page } from '@playwright/test';
import { test, expect } from '../helpers/test';
import { GATEWAY, OAUTH_MCP_URL, OPEN_MCP_URL } from '../helpers/ports';
import { fillAddForm, statusPanel } from '../helpers/tools';

function policy(html: string) {
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)];
  const hashes = inline.map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
  return `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}; ` +
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
}

/** Serves every gateway page with the policy; returns the violations every window reports. */
async function enforce(context: BrowserContext) {
  const violations: string[] = [];
  await context.route((url) => url.origin === GATEWAY, async (route) => {
    if (route.request().resourceType() !== 'document') return route.fallback();
    const res = await route.fetch();
    const body = await res.text();
    await route.fulfill({ response: res, body, headers: { ...res.headers(), 'content-security-policy': policy(body) } });
  });
  const listen = (p: Page) => p.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) violations.push(`${p.url()}: ${m.text()}`);
  });
  context.pages().forEach(listen);
  context.on('page', listen);
  return violations;
}

test('the whole app works under the gateway\'s Content-Security-Policy without a violation', async ({ page, context, request }) => {
  const violations = await enforce(context);
  const first = await page.goto('/tools');
  expect(first?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  // The wasm app started: it drew the page.
  await expect(page.getByText('No MCP servers yet.')).toBeVisible();

  await page.getByRole('link', { name: 'Add an MCP server' }).first().click();
  await fillAddForm(page, { mode: 'No sign-in needed', name: 'Under policy', url: OPEN_MCP_URL });
  await page.getByRole('button', { name: 'Add the server' }).click();
  await expect(statusPanel(page).locator('.badge')).toHaveText('Active');
  await expect(page.locator('.server-tool').first()).toBeVisible();
  // Try it: its own wasm part, a call, a result.
  const greet = page.locator('.server-tool[data-tool-name="greet"]');
  await greet.getByRole('button', { name: 'Try it: greet' }).click();
  await greet.getByLabel('name').fill('Policy');
  await greet.getByRole('button', { name: 'Run greet' }).click();
  await expect(greet.locator('.try-result')).toContainText('Hello, Policy!');
  await page.getByRole('button', { name: 'Edit name and description' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');

  // The sign-in popup and its /authorized page run under the policy too.
  await page.goto('/tools/new');
  await fillAddForm(page, { mode: 'Sign in with OAuth (automatic registration)', name: 'Signed in', url: OAUTH_MCP_URL });
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Add and sign in' }).click();
  await (await popupOpened).waitForEvent('close', { timeout: 20_000 });
  await expect(statusPanel(page).locator('.badge')).toHaveText('Active');

  await page.getByRole('link', { name: 'Agents' }).click();
  await page.getByRole('link', { name: 'New agent' }).first().click();
  await expect(page.locator('fieldset.tool-picker').getByRole('checkbox')).toHaveCount(2);
  // An agent's own page, with a token created on it.
  const tools = (await (await request.get('/v1/flow/tools?limit=1000')).json()).data as { id: string }[];
  const agent = await request.post('/v2/flow/agents/create', {
    data: { name: 'Under policy', instructions: 'Greet.', model_id: 'meta-llama/Llama-3.3-70B-Instruct', tool_ids: [tools[0].id] },
  });
  expect(agent.ok(), await agent.text()).toBeTruthy();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
  await page.locator('.agent-card').getByRole('link', { name: 'Under policy' }).click();
  await expect(page.locator('.served li').first()).toBeVisible();
  await page.getByLabel('Token name').fill('Policy check');
  await page.getByRole('button', { name: 'Create access token' }).click();
  await expect(page.locator('.token-once code')).not.toBeEmpty();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.locator('.copy-box code')).toHaveText(`${GATEWAY}/oauth/callback`);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.test-result')).toContainText('Connected to');
  expect(violations).toEqual([]);

  // The control: an inline script the policy does not list is refused, and reported here.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.head.append(s);
  });
  await expect.poll(() => violations.length).toBe(1);
  expect(await page.evaluate(() => (window as { __inline?: number }).__inline ?? null)).toBeNull();
});
