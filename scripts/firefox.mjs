#!/usr/bin/env node
/**
 * `npm run test:firefox [-- playwright args]`: builds the extension for Firefox, then runs the Firefox suite
 * (tests/firefox/: Debian's Firefox ESR driven over WebDriver BiDi by puppeteer-core, GitHub routed to the twin).
 *   npm run test:firefox -- -g drawer
 *   npm run test:firefox -- --no-build      (reuse the last build in <out>/firefox-mv3)
 * Firefox: $FIREFOX_PATH, else /usr/bin/firefox-esr, else /usr/bin/firefox. Report: test-results/firefox.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules/.bin');
const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const passThrough = args.filter((a) => a !== '--no-build');
const outDir = process.env.WXT_OUT_DIR ?? '.output';

/** The Firefox the suite drives, or null. */
export function findFirefox() {
  return [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => p && existsSync(p)) ?? null;
}

export function runFirefoxSuite({ build = true, extraArgs = [] } = {}) {
  const firefox = findFirefox();
  if (!firefox) {
    console.error('No Firefox: install Debian’s firefox-esr (apt-get install firefox-esr) or set FIREFOX_PATH.');
    return 1;
  }
  console.log(`Browser: ${firefox}`);
  const env = { ...process.env, FIREFOX_PATH: firefox, FIREFOX_EXTENSION_DIR: resolve(ROOT, outDir, 'firefox-mv3') };
  if (build) {
    console.log(`\n━━━ Build for Firefox (→ ${outDir}/firefox-mv3) ━━━`);
    const { status } = spawnSync(join(BIN, 'wxt'), ['build', '-b', 'firefox', '--mv3'], {
      cwd: ROOT,
      stdio: 'inherit',
      env,
    });
    if (status !== 0) return status ?? 1;
  }
  const { status } = spawnSync(
    join(BIN, 'playwright'),
    ['test', '-c', 'tests/firefox/playwright.config.ts', ...extraArgs],
    { cwd: ROOT, stdio: 'inherit', env },
  );
  return status ?? 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(runFirefoxSuite({ build: !noBuild, extraArgs: passThrough }));
}
