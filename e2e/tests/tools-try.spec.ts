// Trying a server's tools by hand from a tool's page: the form is generated from each
// tool's inputSchema (the npm SDK example server's real tools), the call goes through the
// real gateway to the real server, and the answer shows as a person wants it. Keyboard
// only where it matters; axe on every state, light and dark.
import { type Locator, type Page } from '@playwright/test';
import { test, expect } from '../helpers/test';
import { OPEN_MCP_URL, RICH_MCP_URL } from '../helpers/ports';
import { createOpenTool, expectAccessible } from '../helpers/tools';

/** The page of a fresh no-sign-in tool on the example server, its tools listed. */
async function openExamples(page: Page, request: Parameters<typeof createOpenTool>[0], url = OPEN_MCP_URL) {
  const id = await createOpenTool(request, url, 'Examples');
  await page.goto(`/tools/${id}`);
  // Long: a fresh (debug) gateway compresses each bundle part on its first request.
  await expect(page.locator('.server-tool').first()).toBeVisible({ timeout: 30_000 });
  return id;
}

/** Opens one server tool's "Try it" panel and returns its card. */
async function tryTool(page: Page, name: string): Promise<Locator> {
  const card = page.locator(`.server-tool[data-tool-name="${name}"]`);
  await card.getByRole('button', { name: `Try it: ${name}` }).click();
  await expect(card.getByRole('button', { name: `Run ${name}` })).toBeVisible();
  return card;
}

test('a string and a number typed into generated forms reach the real tools and their results show', async ({ page, request }) => {
  await openExamples(page, request);

  const greet = await tryTool(page, 'greet');
  // Title, description and the required mark come from the server's listing and schema.
  await expect(greet.getByRole('heading', { level: 3 })).toHaveText('Greeting Tool greet');
  const name = greet.getByLabel('name');
  await expect(name).toHaveAttribute('aria-required', 'true');
  await expect(greet.locator('.try-form .hint')).toHaveText('Name to greet');
  await name.fill('Ada Lovelace');
  await name.press('Enter'); // keyboard only: Enter in the field runs it
  const greeting = greet.locator('.try-result');
  await expect(greeting).toContainText('Hello, Ada Lovelace!');
  await expect(greeting).toContainText(/took \d+(\.\d)? m?s/);
  await expect(greeting).not.toHaveClass(/result-error/);

  const stream = await tryTool(page, 'start-notification-stream');
  // Numbers start at the schema's defaults and are sent as numbers (a string would be refused).
  const interval = stream.getByLabel('interval');
  await expect(interval).toHaveValue('100');
  await expect(stream.getByLabel('count')).toHaveValue('50');
  await interval.fill('10');
  await stream.getByLabel('count').fill('3');
  await stream.getByRole('button', { name: 'Run start-notification-stream' }).click();
  await expect(stream.locator('.try-result')).toContainText('Started sending periodic notifications every 10ms');
  await expectAccessible(page);

  // Resource links: an https one is a link, a file: one is not.
  const files = await tryTool(page, 'list-files');
  await files.getByRole('button', { name: 'Run list-files' }).click();
  const result = files.locator('.try-result');
  await expect(result.getByRole('link', { name: 'Default Greeting' })).toHaveAttribute('href', 'https://example.com/greetings/default');
  await expect(result).toContainText('file:///example/file1.txt');
  await expect(result.getByRole('link', { name: 'Example File 1' })).toHaveCount(0);
  await expect(result.locator('.result-text').first()).toHaveText('Here are the available files as resource links:');
});

test('a missing required field is refused by the gateway at that field, and what is not a number never leaves', async ({ page, request }) => {
  await openExamples(page, request);
  const greet = await tryTool(page, 'greet');
  const name = greet.getByLabel('name');
  await greet.getByRole('button', { name: 'Run greet' }).click();
  // The gateway checks the arguments against the schema and names the field.
  await expect(greet.locator('.field-error')).toHaveText('Fill in name; it is required.');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toBeFocused();
  await expect(greet.locator('.try-result')).toHaveCount(0);
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'light' });
  // Typing clears the problem; the call then goes through.
  await name.fill('Grace');
  await expect(greet.locator('.field-error')).toBeHidden();
  await greet.getByRole('button', { name: 'Run greet' }).click();
  await expect(greet.locator('.try-result')).toContainText('Hello, Grace!');

  const stream = await tryTool(page, 'start-notification-stream');
  const sent: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/call')) sent.push(r.url()); });
  await stream.getByLabel('interval').fill('soon');
  await stream.getByRole('button', { name: 'Run start-notification-stream' }).click();
  await expect(stream.locator('.field-error').filter({ hasText: 'Enter a number, like 2.5.' })).toBeVisible();
  await expect(stream.getByLabel('interval')).toBeFocused();
  expect(sent).toEqual([]);
});

test('a tool that answers with an error is shown as an error, with its sentence', async ({ page, request }) => {
  await openExamples(page, request);
  // The example server's `delay` needs MCP tasks, which a plain call is not: it answers isError.
  const delay = await tryTool(page, 'delay');
  await delay.getByLabel('duration').fill('1');
  await delay.getByRole('button', { name: 'Run delay' }).click();
  const result = delay.locator('.try-result');
  await expect(result).toHaveClass(/result-error/);
  await expect(result.getByRole('heading', { level: 4 })).toContainText('The tool answered with an error');
  await expect(result).toContainText('requires task augmentation');
  await expect(page.getByRole('status').filter({ hasText: 'The tool answered with an error in' })).toHaveCount(1);
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);
});

test('hints from the server are said in words', async ({ page, request }) => {
  await openExamples(page, request);
  const multi = page.locator('.server-tool[data-tool-name="multi-greet"]');
  await expect(multi.getByRole('heading', { level: 3 })).toHaveText('Multiple Greeting Tool multi-greet');
  await expect(multi.getByRole('list', { name: 'Hints from the server (not guarantees)' }).getByRole('listitem'))
    .toHaveText(['Read-only: changes nothing', 'Closed world: works within its own data']);
});

test('a destructive tool asks before it runs', async ({ page, request }) => {
  await openExamples(page, request, RICH_MCP_URL);
  const del = page.locator('.server-tool[data-tool-name="delete-note"]');
  await expect(del.locator('.hints li')).toContainText(['Destructive: may delete or overwrite data']);
  await del.getByRole('button', { name: 'Try it: delete-note' }).click();
  const calls: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/call')) calls.push(r.url()); });
  await del.getByLabel('id').fill('n1');
  await del.getByRole('button', { name: 'Run delete-note' }).click();
  const confirm = del.getByRole('alert').filter({ hasText: 'Run it anyway?' });
  await expect(confirm).toContainText('"Delete a note" says it may delete or overwrite data.');
  await expect(del.getByRole('button', { name: 'Run it' })).toBeFocused();
  await expectAccessible(page);
  await del.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  expect(calls).toEqual([]);

  await del.getByRole('button', { name: 'Run delete-note' }).click();
  await page.keyboard.press('Enter'); // "Run it" has the focus
  await expect(del.locator('.try-result')).toContainText('Deleted note n1.');
  expect(calls).toHaveLength(1);
});

test('a form with a list, a choice and a nested checkbox gets an image and structured content beside the text', async ({ page, request }) => {
  await openExamples(page, request, RICH_MCP_URL);
  const chart = page.locator('.server-tool[data-tool-name="chart"]');
  await chart.getByRole('button', { name: 'Try it: chart' }).click();
  await chart.getByLabel('title').fill('Sales');
  const add = chart.getByRole('button', { name: 'Add item to points' });
  await add.click();
  await add.click();
  await add.click();
  await chart.getByLabel('points, item 1').fill('3');
  await chart.getByLabel('points, item 2').fill('4.5');
  await chart.getByLabel('points, item 3').fill('99');
  await chart.getByRole('button', { name: 'Remove item 3 of points' }).click();
  await expect(chart.getByLabel('points, item 3')).toHaveCount(0);
  await chart.getByLabel('style').selectOption('line');
  const options = chart.getByRole('group', { name: 'options' });
  await options.getByLabel('legend').check();
  await options.getByLabel('color').fill('teal');
  await expectAccessible(page);
  await chart.getByRole('button', { name: 'Run chart' }).click();

  const result = chart.locator('.try-result');
  await expect(result.locator('.result-text')).toHaveText('Chart "Sales"\n2 points, total 7.5');
  const image = result.getByRole('img', { name: 'Image from the tool (image/png)' });
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
  const structured = result.locator('.result-structured');
  await expect(structured.getByRole('heading', { name: 'Structured content' })).toBeVisible();
  await expect(structured).toContainText('"title": "Sales"');
  await expect(structured).toContainText('"total": 7.5');
  await expect(structured).toContainText('"legend": true');
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);
});
