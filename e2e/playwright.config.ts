// Browser tests: the release bundle served by the real gateway on one origin (the
// deployment shape), driven in Debian's Chromium. `scripts/test` builds both first.
import { defineConfig } from '@playwright/test';

export const GATEWAY = 'http://127.0.0.1:8790';

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: GATEWAY,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      // A fresh database every run, so tests see only what they make.
      command:
        'rm -rf .data && mkdir -p .data && ../target/debug/patchbay-gateway ' +
        '--listen 127.0.0.1:8790 --data-dir .data/gateway --static-dir ../dist',
      url: `${GATEWAY}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
  ],
});
