// Loads the Tools page in headless Chromium N times and prints the median time until the
// list is ready and the bytes on the wire, for a first visit (empty cache) and a second
// visit (same browser profile, new tab). Run by scripts/bench-first-load; not a test.
//
// usage: node first-load.mjs <base-url> <tool-count> <runs> [--slow]
import { chromium } from '@playwright/test';

const [base, toolCount, runs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const slow = process.argv.includes('--slow');

// Ready = every tool row is on the page, stamped by a MutationObserver in the page itself
// (no polling delay), in ms since the navigation started.
const stampReady = (count) => {
  new MutationObserver((_, observer) => {
    if (document.querySelectorAll('.tool-row').length >= count) {
      window.__patchbayReady = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

async function visit(context) {
  const page = await context.newPage();
  if (slow) {
    // Chromium's "Slow 4G"-like link: what a phone on a poor connection gets.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
    });
  }
  await page.addInitScript(stampReady, toolCount);
  await page.goto(base + '/');
  await page.waitForFunction(() => window.__patchbayReady !== undefined, null, { timeout: 60_000 });
  // Whatever the first load still fetches after the list shows counts too.
  await page.waitForLoadState('networkidle');
  const result = await page.evaluate(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    return {
      readyMs: window.__patchbayReady,
      bytes: entries.reduce((sum, e) => sum + e.transferSize, 0),
      requests: entries.length,
      fromNetwork: entries.filter((e) => e.transferSize > 0).length,
    };
  });
  await page.close();
  return result;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const first = [];
const second = [];
for (let i = 0; i < runs; i++) {
  // A fresh profile per run: nothing cached before the first visit.
  const context = await browser.newContext();
  first.push(await visit(context));
  second.push(await visit(context));
  await context.close();
}
await browser.close();

for (const [name, results] of [['first visit', first], ['second visit', second]]) {
  console.log(
    `${name.padEnd(13)} ready ${median(results.map((r) => r.readyMs)).toFixed(0).padStart(5)} ms` +
    `  (runs: ${results.map((r) => r.readyMs.toFixed(0)).join(' ')})` +
    `  on the wire ${median(results.map((r) => r.bytes))} B` +
    `  requests ${median(results.map((r) => r.requests))}, ${median(results.map((r) => r.fromNetwork))} from the network`,
  );
}
