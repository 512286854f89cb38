// The `test` every spec imports. Before each test the shared gateways are emptied through
// the REST API (active agents demoted, agents deleted, then tools), so no test sees what
// another left and none depends on the order specs run in. That costs a few milliseconds
// per test; a fresh gateway per spec file would cost a process start and ports instead.
import { test as base, expect, type APIRequestContext } from '@playwright/test';
import { GATEWAY, SHORT_GATEWAY } from './ports';

async function json(request: APIRequestContext, url: string) {
  const res = await request.get(url);
  expect(res.ok(), `${url}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

/** Removes every agent and tool from `gateway`, and checks that nothing is left. */
export async function emptyGateway(request: APIRequestContext, gateway: string) {
  for (const a of (await json(request, `${gateway}/v2/flow/agents/`)).data) {
    const path = `${gateway}/v2/flow/agents/${encodeURIComponent(a.id)}`;
    // An active agent holds its tools; stopped first, so neither delete is refused.
    if (a.status === 'Active') expect((await request.put(`${path}/demote`)).ok()).toBeTruthy();
    const res = await request.delete(path);
    expect(res.ok(), await res.text()).toBeTruthy();
  }
  for (const t of (await json(request, `${gateway}/v1/flow/tools?limit=1000`)).data) {
    const res = await request.delete(`${gateway}/v1/flow/tools/${encodeURIComponent(t.id)}`);
    expect(res.ok(), await res.text()).toBeTruthy();
  }
  // Checked, so a clean-up that quietly failed cannot pass for a clean start.
  expect((await json(request, `${gateway}/v1/flow/tools?limit=1000`)).total).toBe(0);
  expect((await json(request, `${gateway}/v2/flow/agents/`)).data).toEqual([]);
}

export const test = base.extend<{ emptyGateways: void }>({
  emptyGateways: [
    async ({ request }, use) => {
      await emptyGateway(request, GATEWAY);
      await emptyGateway(request, SHORT_GATEWAY);
      await use();
    },
    { auto: true },
  ],
});

export { expect };
