import { defineConfig } from '@playwright/test';

const CI = !!process.env.CI;

/**
 * The Firefox suite: the built Firefox extension (.output/firefox-mv3) in Debian's Firefox ESR, driven over WebDriver
 * BiDi by puppeteer-core (tests/firefox/fixtures.ts), GitHub routed to the twin. `npm run test:firefox` builds first.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/firefox',
  workers: 1, // 2 cores: one browser at a time
  fullyParallel: false,
  retries: CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  globalTimeout: 15 * 60_000,
  forbidOnly: CI,
  reporter: [['list'], ['json', { outputFile: '../../test-results/firefox.json' }]],
});
