#!/usr/bin/env node
/**
 * `npm run test:e2e [-- playwright args]`: builds the extension for Chrome, then runs Playwright.
 *   npm run test:e2e -- tests/e2e/smoke.spec.ts -g popup
 *   npm run test:e2e -- --no-build      (reuse the last build)
 * Builds into $WXT_OUT_DIR (default .output); the tests load $EXTENSION_DIR (default <out>/chrome-mv3).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChrome } from './find-chrome.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules/.bin');
const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const passThrough = args.filter((a) => a !== '--no-build');
const outDir = process.env.WXT_OUT_DIR ?? '.output';

const step = (title, command, commandArgs, env = {}) => {
  console.log(`\n━━━ ${title} ━━━`);
  const { status } = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (status !== 0) process.exit(status ?? 1);
};

try {
  findChrome();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
if (!noBuild) step(`Build for Chrome (→ ${outDir}/chrome-mv3)`, join(BIN, 'wxt'), ['build']);
step('End-to-end tests', join(BIN, 'playwright'), ['test', ...passThrough], {
  EXTENSION_DIR: process.env.EXTENSION_DIR ?? resolve(ROOT, outDir, 'chrome-mv3'),
});
