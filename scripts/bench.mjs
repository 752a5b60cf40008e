#!/usr/bin/env node
/**
 * `npm run bench [-- --only engine,drawer] [--quick] [--strict] [--no-build] [--out FILE]`
 * Builds the extension for Chrome once, then runs tests/bench/runner.ts under tsx (module contract documented there).
 * Builds into $WXT_OUT_DIR (default .output); modules get $EXTENSION_DIR (default <out>/chrome-mv3).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outDir = process.env.WXT_OUT_DIR ?? '.output';
const env = { ...process.env, EXTENSION_DIR: process.env.EXTENSION_DIR ?? resolve(ROOT, outDir, 'chrome-mv3') };

if (!args.includes('--no-build')) {
  console.log(`━━━ Build for Chrome (→ ${outDir}/chrome-mv3) ━━━`);
  const build = spawnSync(join(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
console.log('━━━ Benchmarks ━━━');
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'tests/bench/runner.ts', ...args.filter((a) => a !== '--no-build')],
  { cwd: ROOT, stdio: 'inherit', env },
);
process.exit(run.status ?? 1);
