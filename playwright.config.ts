import { defineConfig } from '@playwright/test';

const CI = !!process.env.CI;

/**
 * End-to-end tests: the built extension (EXTENSION_DIR, default .output/chrome-mv3) in Debian's Chromium, GitHub
 * routed to the twin. Browsers are launched by tests/e2e/fixtures.ts (persistent context per test), so the
 * `use` options for browsers here do not apply. Build first: `npm run test:e2e` does.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  workers: 1, // 2 cores: one browser at a time
  fullyParallel: false,
  retries: CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalTimeout: 30 * 60_000,
  forbidOnly: CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
  },
});
