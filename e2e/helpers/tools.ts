// Steps the browser tests share: filling the Add form as a person would, registering an
// OAuth client by hand, creating tools through the API for tests about something else.
import { expect, type Page, type APIRequestContext } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { OAUTH_SERVER } from './ports';

export const GOOD_DESCRIPTION =
  'Use this tool to greet people and list files from the example server. ' +
  'Invoke it when the user asks to be greeted or asks which files exist.';

export type Mode = 'Sign in with OAuth (automatic registration)'
  | 'Sign in with OAuth (I have a client ID and secret)'
  | 'No sign-in needed';

/** Fills the Add form; does not submit. */
export async function fillAddForm(page: Page, f: {
  mode: Mode; name: string; url: string; description?: string; clientId?: string; secret?: string;
}) {
  await page.getByLabel(f.mode).check();
  await page.getByLabel('Name', { exact: true }).fill(f.name);
  await page.getByLabel('Description', { exact: true }).fill(f.description ?? GOOD_DESCRIPTION);
  await page.getByLabel('Server URL', { exact: true }).fill(f.url);
  if (f.clientId !== undefined) await page.getByLabel('Client ID', { exact: true }).fill(f.clientId);
  if (f.secret !== undefined) await page.getByLabel('Client secret', { exact: true }).fill(f.secret);
}

/** Registers a confidential client with the example OAuth server, as a person would in a provider's console. */
export async function registerClient(request: APIRequestContext, redirectUri: string) {
  const res = await request.post(`${OAUTH_SERVER}/register`, {
    data: {
      client_name: 'Patchbay e2e', redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const body = await res.json();
  expect(body.client_secret).toBeTruthy();
  return { clientId: body.client_id as string, secret: body.client_secret as string };
}

/** Creates a no-sign-in tool through the API and returns its id. */
export async function createOpenTool(request: APIRequestContext, url: string, name: string, base = '') {
  const res = await request.post(`${base}/v1/flow/tools?expect_auth=none`, {
    data: { type: 'mcp_connector', name, description: GOOD_DESCRIPTION, config: { URL: url } },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return (await res.json()).id as string;
}

/** The status panel on a tool's page. */
export function statusPanel(page: Page) {
  return page.locator('.status-panel');
}

/** No serious or critical axe violations on what the page shows now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}
