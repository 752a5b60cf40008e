#!/usr/bin/env node
/**
 * Finds a Chromium to drive with Playwright. Order: $CHROME_PATH, /usr/bin/chromium, /usr/bin/chromium-browser,
 * /usr/bin/google-chrome(-stable). When none is there and we are root on a machine with apt-get, installs Debian's
 * `chromium` package; otherwise prints exactly what to install and exits 1 (CLI) / throws (import).
 * We never download a browser through Playwright (`playwright install`).
 *
 *   node scripts/find-chrome.mjs            prints the path (installing when it can)
 *   import { findChrome } from './find-chrome.mjs'; findChrome({ install: true })
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

const HELP = `No Chromium found. Install one of:
  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium
  Fedora:         sudo dnf install -y chromium
  macOS:          install Google Chrome, then export CHROME_PATH="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
or point CHROME_PATH at any Chromium-based browser (version 120 or later).`;

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

/** @param {{ install?: boolean, log?: (line: string) => void }} [options] @returns {string} */
export function findChrome(options = {}) {
  const { install = true, log = (line) => console.error(line) } = options;
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH=${fromEnv} is not an executable file.\n${HELP}`);
  }
  for (const candidate of CANDIDATES) if (executable(candidate)) return candidate;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (install && isRoot && hasAptGet()) {
    log('No Chromium found: installing Debian\'s "chromium" (apt-get update && apt-get install -y chromium)…');
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    for (const candidate of CANDIDATES) if (executable(candidate)) return candidate;
  }
  throw new Error(HELP);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(findChrome());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
