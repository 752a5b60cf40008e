#!/usr/bin/env node
/**
 * `npm run soak [-- --short] [-- --no-build]`: builds the extension into .output-soak (unless --no-build or
 * EXTENSION_DIR is set), then runs the soak (tests/soak/run.ts under tsx) against the twin in Debian's Chromium.
 * Prints the report table and saves test-results/soak-report.json; exit code 1 when an assertion failed.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChrome } from './find-chrome.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules/.bin');
const args = process.argv.slice(2);
const outDir = process.env.WXT_OUT_DIR ?? '.output-soak';

try {
  findChrome();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
let extensionDir = process.env.EXTENSION_DIR;
if (!extensionDir) {
  extensionDir = resolve(ROOT, outDir, 'chrome-mv3');
  if (!args.includes('--no-build')) {
    console.log(`━━━ Build for Chrome (→ ${outDir}/chrome-mv3) ━━━`);
    const build = spawnSync(join(BIN, 'wxt'), ['build'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, WXT_OUT_DIR: outDir },
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}
console.log('━━━ Soak ━━━');
const run = spawnSync(join(BIN, 'tsx'), ['tests/soak/run.ts', ...args.filter((a) => a !== '--no-build')], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, EXTENSION_DIR: extensionDir },
});
process.exit(run.status ?? 1);
