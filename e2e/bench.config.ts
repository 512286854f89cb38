// The sign-in benchmark (`scripts/bench-signin`): the suite's servers and browser, but
// only bench/, so timings never sit in the test suite.
import { defineConfig } from '@playwright/test';
import suite from './playwright.config';

export default defineConfig({ ...suite, testDir: './bench', testMatch: '**/*.bench.ts', reporter: [['line']] });
