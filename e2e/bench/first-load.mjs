// Loads the Tools page in headless Chromium N times per bundle and prints the median time
// until the list is ready and the bytes on the wire, for a first visit (empty cache) and a
// second visit (same browser profile, new tab). Bundles take turns run by run, so a busy
// machine slows them alike. Run by scripts/bench-first-load; not a test.
//
// usage: node first-load.mjs <tool-count> <runs> [--slow] <label>=<base-url>...
import { chromium } from '@playwright/test';

const [toolCount, runs] = [Number(process.argv[2]), Number(process.argv[3])];
const slow = process.argv.includes('--slow');
const bundles = process.argv.slice(4).filter((a) => a.includes('=')).map((a) => {
  const at = a.indexOf('=');
  return { label: a.slice(0, at), base: a.slice(at + 1), first: [], second: [] };
});

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

async function visit(context, base) {
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
for (let i = 0; i < runs; i++) {
  for (const bundle of bundles) {
    // A fresh profile per run: nothing cached before the first visit.
    const context = await browser.newContext();
    bundle.first.push(await visit(context, bundle.base));
    bundle.second.push(await visit(context, bundle.base));
    await context.close();
  }
}
await browser.close();

for (const bundle of bundles) {
  console.log(`== ${bundle.label}`);
  for (const [name, results] of [['first visit', bundle.first], ['second visit', bundle.second]]) {
    console.log(
      `${name.padEnd(13)} ready ${median(results.map((r) => r.readyMs)).toFixed(0).padStart(5)} ms` +
      `  (runs: ${results.map((r) => r.readyMs.toFixed(0)).join(' ')})` +
      `  on the wire ${median(results.map((r) => r.bytes))} B` +
      `  requests ${median(results.map((r) => r.requests))}, ${median(results.map((r) => r.fromNetwork))} from the network`,
    );
  }
}
