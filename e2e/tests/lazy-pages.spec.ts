// Route-level code splitting: index.html loads the shell and the Tools page; every other
// page's code (a `split_<page>-<hash>.wasm` part, plus parts it shares with other pages)
// is fetched on the page's first visit, with a loading line meanwhile, and a sentence
// saying what to do, never a blank page, when it cannot be fetched.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { GATEWAY, OPEN_MCP_URL } from '../helpers/ports';
import { createOpenTool } from '../helpers/tools';

const MODEL = 'meta-llama/Llama-3.3-70B-Instruct';
/** A lazily loaded wasm part, as the split build names it. */
const PART = /\/((?:split|chunk)_[a-z0-9_]+)-[0-9a-f]{16}\.wasm$/;

let toolId = '';
let agentId = '';

test.beforeAll(async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: GATEWAY });
  toolId = await createOpenTool(request, OPEN_MCP_URL, 'Lazy pages tool');
  const agent = await request.post('/v2/flow/agents/create', {
    data: { name: 'Lazy pages agent', instructions: 'Greet people.', model_id: MODEL, tool_ids: [toolId] },
  });
  expect(agent.ok(), await agent.text()).toBeTruthy();
  agentId = (await agent.json()).id;
  await request.dispose();
});

// The other spec files share this gateway: leave it as it was found.
test.afterAll(async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: GATEWAY });
  await request.delete(`/v2/flow/agents/${agentId}`);
  await request.delete(`/v1/flow/tools/${toolId}`);
  await request.dispose();
});

/** Every page but Tools: its address, its heading, and the split part holding its code. */
function lazyPages() {
  return [
    { path: '/tools/new', heading: 'Add an MCP server', part: 'split_add_tool' },
    { path: `/tools/${toolId}`, heading: 'Lazy pages tool', part: 'split_tool' },
    { path: '/agents', heading: 'Agents', part: 'split_agents' },
    { path: '/agents/new', heading: 'New agent', part: 'split_agent_builder' },
    { path: `/agents/${agentId}`, heading: 'Lazy pages agent', part: 'split_agent' },
    { path: `/agents/${agentId}/edit`, heading: 'Edit agent', part: 'split_agent_builder' },
    { path: '/settings', heading: 'Settings', part: 'split_settings' },
    { path: '/authorized', heading: 'Nothing to finish', part: 'split_authorized' },
  ];
}

/** Records the lazily loaded parts a page fetches, by name without hash, in order. */
function recordParts(page: Page) {
  const parts: string[] = [];
  page.on('request', (r) => {
    const m = PART.exec(new URL(r.url()).pathname);
    if (m) parts.push(m[1]);
  });
  return parts;
}

/** A page in a fresh browser context: nothing cached, nothing loaded yet. */
async function freshPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: GATEWAY });
  return { context, page: await context.newPage() };
}

function heading(page: Page, name: string) {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

test('the first load fetches no lazy part and the Tools page works from it', async ({ browser }) => {
  for (const path of ['/', '/tools']) {
    const { context, page } = await freshPage(browser);
    const parts = recordParts(page);
    await page.goto(path);
    await expect(heading(page, 'Tools')).toBeVisible();
    await expect(page.locator('.tool-row', { hasText: 'Lazy pages tool' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(parts, `${path} fetched lazy parts`).toEqual([]);
    await context.close();
  }
});

test('every other page opens by deep link, fetching its own part and no other page\'s', async ({ browser }) => {
  for (const { path, heading: name, part } of lazyPages()) {
    const { context, page } = await freshPage(browser);
    const parts = recordParts(page);
    await page.goto(path);
    await expect(heading(page, name), path).toBeVisible();
    expect(parts, path).toContain(part);
    expect(parts.filter((p) => p.startsWith('split_') && p !== part), path).toEqual([]);
    await context.close();
  }
});

test('every page opens by navigation from a fresh load, each part fetched once', async ({ browser }) => {
  const { context, page } = await freshPage(browser);
  const parts = recordParts(page);
  await page.goto('/');
  await expect(heading(page, 'Tools')).toBeVisible();

  await page.getByRole('link', { name: 'Add an MCP server' }).first().click();
  await expect(heading(page, 'Add an MCP server')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tools' }).click();
  await page.locator('.tool-row', { hasText: 'Lazy pages tool' }).getByRole('link', { name: 'Lazy pages tool' }).click();
  await expect(heading(page, 'Lazy pages tool')).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Agents' }).click();
  await expect(heading(page, 'Agents')).toBeVisible();
  await page.locator('.agent-card', { hasText: 'Lazy pages agent' }).getByRole('link', { name: 'Lazy pages agent' }).click();
  await expect(heading(page, 'Lazy pages agent')).toBeVisible();
  await page.getByRole('link', { name: 'Edit in the builder' }).click();
  await expect(heading(page, 'Edit agent')).toBeVisible();
  await nav.getByRole('link', { name: 'Agents' }).click();
  await page.getByRole('link', { name: 'New agent' }).first().click();
  await expect(heading(page, 'New agent')).toBeVisible();
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(heading(page, 'Settings')).toBeVisible();
  await nav.getByRole('link', { name: 'Tools' }).click();
  await expect(heading(page, 'Tools')).toBeVisible();

  const splits = parts.filter((p) => p.startsWith('split_'));
  expect(splits.sort()).toEqual(['split_add_tool', 'split_agent', 'split_agent_builder', 'split_agents', 'split_settings', 'split_tool']);
  // Shared parts too are fetched once, however many pages use them.
  expect(new Set(parts).size).toBe(parts.length);
  await context.close();
});

test('the Try it form\'s code is fetched when a form is first opened, once', async ({ page }) => {
  const parts = recordParts(page);
  await page.goto(`/tools/${toolId}`);
  await expect(heading(page, 'Lazy pages tool')).toBeVisible();
  await expect(page.locator('.server-tool').first()).toBeVisible();
  expect(parts).not.toContain('split_try_it');
  await page.getByRole('button', { name: 'Try it: greet' }).click();
  await expect(page.locator('.server-tool[data-tool-name="greet"]').getByRole('button', { name: 'Run greet' })).toBeVisible();
  await page.getByRole('button', { name: 'Try it: list-files' }).click();
  await expect(page.getByRole('button', { name: 'Run list-files' })).toBeVisible();
  expect(parts.filter((p) => p === 'split_try_it')).toEqual(['split_try_it']);
});

test('a Try it form whose code cannot be fetched says so, and tries again on request', async ({ page }) => {
  await page.route(/\/split_try_it-[0-9a-f]{16}\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.goto(`/tools/${toolId}`);
  const greet = page.locator('.server-tool[data-tool-name="greet"]');
  await greet.getByRole('button', { name: 'Try it: greet' }).click();
  await expect(greet.getByRole('alert')).toContainText('The form could not be downloaded');
  await page.unroute(/\/split_try_it-[0-9a-f]{16}\.wasm$/);
  await greet.getByRole('button', { name: 'Try again' }).click();
  await expect(greet.getByRole('button', { name: 'Run greet' })).toBeVisible();
});

test('a loading line shows while a page\'s code downloads', async ({ page }) => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/split_agents-[0-9a-f]{16}\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect(heading(page, 'Tools')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Loading this page…' })).toBeVisible();
  await expect(page).toHaveURL(/\/agents$/);
  release();
  await expect(heading(page, 'Agents')).toBeVisible();
  await expect(page.getByText('Loading this page…')).toHaveCount(0);
});

test('a page whose code cannot be fetched says what happened and what to do', async ({ page }) => {
  // As when offline, or when a deploy replaced the files mid-visit.
  await page.route(/\/split_settings-[0-9a-f]{16}\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.goto('/');
  await expect(heading(page, 'Tools')).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(heading(page, 'This page could not be loaded')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('could not download this page');
  await expect(page.getByRole('alert')).toContainText('reload the page');

  // The rest of the app still works: the failure aborted nothing.
  await nav.getByRole('link', { name: 'Tools' }).click();
  await expect(heading(page, 'Tools')).toBeVisible();

  // Once the code can be fetched again, the button the sentence offers brings the page.
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(heading(page, 'This page could not be loaded')).toBeVisible();
  await page.unroute(/\/split_settings-[0-9a-f]{16}\.wasm$/);
  await page.getByRole('button', { name: 'Reload the page' }).click();
  await expect(heading(page, 'Settings')).toBeVisible();
});

test('a deep link whose code cannot be fetched shows the sentence, not a blank page', async ({ page }) => {
  // Every lazy part blocked, shared ones included.
  await page.route(PART, (route) => route.abort('internetdisconnected'));
  await page.goto('/agents');
  await expect(heading(page, 'This page could not be loaded')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Check your connection, then reload the page.');
  // The frame around the page is there, so the person can still go to Tools.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tools' }).click();
  await expect(heading(page, 'Tools')).toBeVisible();
});
