#!/usr/bin/env node
/**
 * `npm test`: everything, in order, failing fast — lint+format (Biome), types (tsc), unit (Vitest), Chrome build,
 * unit again with the clock five years ahead (Debian's `faketime`: a test that reads a date written down today fails
 * today, not the day it goes off), Firefox build + `web-ext lint` (errors fail, warnings do not), end-to-end
 * (Playwright, Debian Chromium), the Firefox suite (tests/firefox/, Debian's Firefox ESR over WebDriver BiDi).
 * Ends with `N passed, N failed` over unit, end-to-end and Firefox tests. Exit code non-zero on any failure.
 *
 *   npm test                 all steps
 *   npm test -- --no-e2e     skip the browser tests (e.g. while iterating)
 *   npm test -- --from unit  start at a step (lint, types, unit, clock, build, firefox, e2e, firefox-e2e)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChrome } from './find-chrome.mjs';
import { runFirefoxSuite } from './firefox.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules/.bin');
const args = process.argv.slice(2);
const noE2e = args.includes('--no-e2e');
const from = args.includes('--from') ? args[args.indexOf('--from') + 1] : null;
const outDir = process.env.WXT_OUT_DIR ?? '.output';
const UNIT_JSON = join(ROOT, 'test-results/unit.json');
const FUTURE_JSON = join(ROOT, 'test-results/unit-future.json');
/** The clock guard's date: five years from today, so it moves with the calendar and never goes stale itself. */
const FUTURE = new Date(Date.now() + 5 * 365.25 * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');

const skippedNotes = [];

function hasCommand(name) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, name)));
}

/** The unit suite under `faketime`, the clock five years ahead. Missing faketime fails in CI, is skipped (loudly) here. */
async function clockGuard() {
  if (!hasCommand('faketime')) {
    const hint = "Debian's faketime is not installed (apt-get install faketime; .ci/run installs it)";
    if (process.env.CI) {
      console.error(`${hint}: the clock guard cannot run.`);
      return 1;
    }
    console.warn(`⚠ ${hint}: clock guard skipped.`);
    skippedNotes.push('clock guard skipped: no faketime');
    return 0;
  }
  console.log(`Clock: ${FUTURE} UTC (faketime)`);
  return run('faketime', [
    '-f',
    `@${FUTURE}`,
    bin('vitest'),
    'run',
    '--reporter=dot',
    '--reporter=json',
    `--outputFile.json=${FUTURE_JSON}`,
  ]);
}
const E2E_JSON = join(ROOT, 'test-results/e2e.json');
const FIREFOX_JSON = join(ROOT, 'test-results/firefox.json');

function run(command, commandArgs, env = {}) {
  return new Promise((ok) => {
    const child = spawn(command, commandArgs, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (code, signal) => ok(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(error.message);
      ok(1);
    });
  });
}

const bin = (name) => join(BIN, name);

const steps = [
  { id: 'lint', title: 'Lint and format (biome check)', run: () => run(bin('biome'), ['check', '.']) },
  { id: 'types', title: 'Types (tsc --noEmit)', run: () => run(bin('tsc'), ['--noEmit']) },
  {
    id: 'unit',
    title: 'Unit tests (vitest run)',
    run: () => run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${UNIT_JSON}`]),
  },
  { id: 'clock', title: 'Unit tests with the clock five years ahead (faketime)', run: clockGuard },
  {
    id: 'build',
    title: `Build for Chrome (wxt build → ${outDir}/chrome-mv3) + the content script's 30 KB gzip budget`,
    run: async () =>
      (await run(bin('wxt'), ['build'])) ||
      run(process.execPath, [join(ROOT, 'scripts/budget.mjs'), join(outDir, 'chrome-mv3')]),
  },
  {
    id: 'firefox',
    title: 'Build for Firefox + web-ext lint (errors fail, warnings do not)',
    run: async () =>
      (await run(bin('wxt'), ['build', '-b', 'firefox', '--mv3'])) ||
      run(bin('web-ext'), [
        'lint',
        '--source-dir',
        join(outDir, 'firefox-mv3'),
        '--self-hosted',
        '--no-config-discovery',
      ]),
  },
  {
    id: 'e2e',
    title: 'End-to-end tests (playwright test, Chromium + the twin)',
    skip: noE2e,
    run: async () => {
      try {
        console.log(`Browser: ${findChrome()}`);
      } catch (error) {
        console.error(error instanceof Error ? error.message : String(error));
        return 1;
      }
      return run(bin('playwright'), ['test'], { EXTENSION_DIR: resolve(ROOT, outDir, 'chrome-mv3') });
    },
  },
  {
    id: 'firefox-e2e',
    title: 'Firefox end-to-end tests (tests/firefox, Firefox ESR over WebDriver BiDi + the twin)',
    skip: noE2e,
    // Uses the Firefox build of the `firefox` step.
    run: async () => runFirefoxSuite({ build: false }),
  },
];

function counts() {
  let passed = 0;
  let failed = 0;
  const notes = [];
  if (existsSync(UNIT_JSON)) {
    const unit = JSON.parse(readFileSync(UNIT_JSON, 'utf8'));
    passed += unit.numPassedTests ?? 0;
    failed += unit.numFailedTests ?? 0;
    notes.push(`unit ${unit.numPassedTests ?? 0}/${unit.numTotalTests ?? 0}`);
  }
  if (existsSync(FUTURE_JSON)) {
    const future = JSON.parse(readFileSync(FUTURE_JSON, 'utf8'));
    passed += future.numPassedTests ?? 0;
    failed += future.numFailedTests ?? 0;
    notes.push(`unit at +5 y ${future.numPassedTests ?? 0}/${future.numTotalTests ?? 0}`);
  }
  notes.push(...skippedNotes);
  for (const [name, file] of [
    ['e2e', E2E_JSON],
    ['firefox', FIREFOX_JSON],
  ]) {
    if (!existsSync(file)) continue;
    const { stats = {} } = JSON.parse(readFileSync(file, 'utf8'));
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    failed += stats.unexpected ?? 0;
    notes.push(
      `${name} ${(stats.expected ?? 0) + (stats.flaky ?? 0)}/${(stats.expected ?? 0) + (stats.unexpected ?? 0) + (stats.flaky ?? 0)}${stats.flaky ? ` (${stats.flaky} flaky)` : ''}`,
    );
  }
  return { passed, failed, notes };
}

const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
mkdirSync(join(ROOT, 'test-results'), { recursive: true });
rmSync(UNIT_JSON, { force: true });
rmSync(FUTURE_JSON, { force: true });
rmSync(E2E_JSON, { force: true });
rmSync(FIREFOX_JSON, { force: true });

let failure = null;
const timings = [];
const firstIndex = from ? steps.findIndex((s) => s.id === from) : 0;
if (firstIndex < 0) {
  console.error(`Unknown step "${from}". Steps: ${steps.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
for (const [index, step] of steps.entries()) {
  if (index < firstIndex || step.skip) continue;
  console.log(`\n━━━ ${index + 1}/${steps.length} ${step.title} ━━━`);
  const t0 = Date.now();
  const code = await step.run();
  timings.push(`${step.id} ${seconds(Date.now() - t0)}`);
  if (code !== 0) {
    failure = step;
    break;
  }
}

const { passed, failed, notes } = counts();
console.log(`\n━━━ Summary (${seconds(Date.now() - started)}: ${timings.join(', ')}) ━━━`);
if (failure) console.log(`FAILED at step "${failure.title}".`);
console.log(`${passed} passed, ${failed} failed${notes.length ? `  (${notes.join(', ')})` : ''}`);
process.exit(failure || failed > 0 ? 1 : 0);
