#!/usr/bin/env node
/**
 * `npm start` — the demo: build, start the GitHub twin on a scenario, open Chromium with the extension loaded,
 * signed in, on a PR page.
 *
 *   npm start                                  twin + bundled demo scenario (tests/twin/scenarios/demo.json)
 *   npm start -- --scenario FILE               any scenario (docs/scenarios.md)
 *   npm start -- --headless [--out DIR]        no window: screenshots + DIR/report.json (default out/)
 *   npm start -- --speed 10                    headed: scenario time runs 10× real time (default 1×)
 *   npm start -- --no-build                    reuse the last build
 *   GITHUB_TOKEN=… npm start                   real GitHub: no twin, no routing, signed in with that token
 *
 * With a display (DISPLAY/WAYLAND_DISPLAY set, no --headless) the browser stays open until you close it.
 * Without one, it runs headless, advances scenario time a little and writes what a person would have seen.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { findChrome } from './find-chrome.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const realToken = process.env.GITHUB_TOKEN || null;
const scenarioArg = option('--scenario', 'tests/twin/scenarios/demo.json');
const hasDisplay = !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = argv.includes('--headless') || !hasDisplay;
const outDir = resolve(option('--out', 'out'));
const speed = Number(option('--speed', argv.includes('--fast') ? '10' : '1')) || 1;
const buildDir = process.env.WXT_OUT_DIR ?? '.output';
const extensionDir = resolve(ROOT, process.env.EXTENSION_DIR ?? join(buildDir, 'chrome-mv3'));
const started = Date.now();
const say = (line) => console.log(`[start ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

let chromePath;
try {
  chromePath = findChrome();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

if (!argv.includes('--no-build')) {
  say(`Building for Chrome → ${buildDir}/chrome-mv3`);
  const build = spawnSync(join(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

register(); // TypeScript helpers shared with the e2e fixtures
const { launchExtension, openExtensionPage, sendMessage } = await import('../tests/e2e/helpers/launch.ts');
const { startTwin } = await import('../tests/e2e/helpers/twin.ts');
const { scenarioInfo } = await import('../tests/e2e/helpers/scenario.ts');
const observe = await import('../tests/e2e/helpers/observe.ts');

const info = realToken ? null : scenarioInfo(resolve(scenarioArg));
const twin = info ? await startTwin({ scenario: info.scenario, quiet: true }) : null;
if (twin) say(`Twin on ${twin.url} with scenario "${info.scenario.name ?? scenarioArg}"`);
else say('GITHUB_TOKEN set: real GitHub, no twin');

const ext = await launchExtension({
  extensionDir,
  executablePath: chromePath,
  twinUrl: twin?.url ?? null,
  headless,
  viewport: headless ? { width: 1280, height: 800 } : null,
});
say(
  `Chromium ${ext.context.browser()?.version() ?? ''} with the extension ${ext.extensionId} (${headless ? 'headless' : 'headed'})`,
);

async function shutdown(code) {
  await ext.close();
  await twin?.close();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

// Sign in through the background, as the options page does.
const token = realToken ?? info?.token;
let signIn = null;
const carrier = await openExtensionPage(ext.context, ext.extensionId, 'options.html');
if (token) {
  signIn = await sendMessage(carrier, { type: 'signIn', token, host: 'github.com' }).catch((error) => ({
    ok: false,
    error: String(error instanceof Error ? error.message : error),
  }));
  say(`Signed in: ${JSON.stringify(signIn).slice(0, 160)}`);
} else say('No token in the scenario: not signed in');
const refresh = () => sendMessage(carrier, { type: 'refresh', reason: 'manual' }).catch(() => null);

const pulls = info?.pullUrls ?? [];
const firstPage = pulls[0]?.url ?? 'https://github.com/pulls';

if (!headless) {
  const page = await ext.context.newPage();
  await page.goto(firstPage).catch((error) => say(`Could not open ${firstPage}: ${error.message}`));
  await carrier.close();
  say(
    `Opened ${firstPage}. Click the extension's toolbar icon (puzzle piece → pin) for the popup. Close the browser to stop.`,
  );
  if (twin) {
    say(`Scenario time runs at ${speed}× real time.`);
    setInterval(() => twin.clock.advance(1000 * speed), 1000).unref();
  }
  await new Promise((done) => ext.context.on('close', done));
  await twin?.close();
  process.exit(0);
}

// ─── Headless: screenshots + report ─────────────────────────────────────────────────────────────────────────────
mkdirSync(outDir, { recursive: true });
const report = {
  scenario: info ? (info.scenario.name ?? scenarioArg) : 'real GitHub',
  generatedAt: new Date().toISOString(),
  extensionId: ext.extensionId,
  signIn,
  scenarioTimeMs: null,
  popup: { sessions: [] },
  pages: [],
  drawer: null,
  errors: [],
  screenshots: [],
  notes: [],
};
const shot = async (page, name, fullPage = false) => {
  await page.screenshot({ path: join(outDir, name), fullPage, timeout: 10_000 }).then(
    () => report.screenshots.push(name),
    (error) => report.notes.push(`screenshot ${name} failed: ${error.message}`),
  );
};

// A little scenario time, polled as the extension would.
await refresh();
if (twin) {
  for (let i = 0; i < 3; i++) {
    twin.clock.advance(60_000);
    await refresh();
    await sleep(300);
  }
  report.scenarioTimeMs = twin.clock.now();
}
await sleep(800);

// Popup (in a tab, at popup size), light and dark.
const popup = await openExtensionPage(ext.context, ext.extensionId, 'popup.html');
await popup.setViewportSize({ width: 420, height: 600 });
await sleep(1000);
report.popup.sessions = await observe.popupSessions(popup).catch(() => []);
await shot(popup, 'popup.png');
await popup.emulateMedia({ colorScheme: 'dark' });
await sleep(300);
await shot(popup, 'popup-dark.png');
await popup.close();

// Every PR page of the scenario, light and dark.
const page = await ext.context.newPage();
let markerWait = 4_000; // shortened once a page shows no content-script marker, to stay within ~2 minutes
for (const pr of pulls) {
  const entry = { url: pr.url, status: null, contentScript: null, badges: [] };
  report.pages.push(entry);
  const base = `pr-${pr.owner}-${pr.repo}-${pr.number}`;
  try {
    await page.emulateMedia({ colorScheme: 'light' });
    const response = await page.goto(pr.url, { waitUntil: 'load', timeout: 15_000 });
    entry.status = response?.status() ?? null;
    await page
      .waitForFunction('document.documentElement.dataset.agentSessions', null, { timeout: markerWait })
      .catch(() => {
        markerWait = 500;
      });
    await sleep(700);
    entry.contentScript = await observe.contentScriptMarker(page);
    entry.badges = await observe.pageBadges(page);
    await shot(page, `${base}.png`);
    // Dark: the OS preference and GitHub's own dark theme (the twin's `?theme=dark`, like a user's dark setting).
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = new URL(pr.url);
    dark.searchParams.set('theme', 'dark');
    await page.goto(dark.href, { waitUntil: 'load', timeout: 15_000 });
    await sleep(700);
    await shot(page, `${base}-dark.png`);
  } catch (error) {
    report.notes.push(`${pr.url}: ${error.message}`);
  }
}

// The drawer, through its deep link, on the first session that has a PR.
const target = info?.sessionPulls[0];
if (target) {
  try {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${target.url}#agent-session=${target.id}`, { waitUntil: 'load', timeout: 15_000 });
    await page.waitForSelector('iframe[src*="drawer.html"]', { timeout: 5_000 });
    const frame = observe.drawerFrame(page);
    if (frame) {
      await frame.waitForSelector('[data-entry-kind]', { timeout: 8_000 }).catch(() => {});
      report.drawer = { sessionId: target.id, url: target.url, ...(await observe.drawerEntries(frame)) };
      await shot(page, 'drawer.png');
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(`${target.url}?theme=dark#agent-session=${target.id}`, { waitUntil: 'load', timeout: 15_000 });
      await page.waitForSelector('iframe[src*="drawer.html"]', { timeout: 5_000 });
      await sleep(1500);
      await shot(page, 'drawer-dark.png');
    }
  } catch {
    report.notes.push('No drawer appeared for the #agent-session deep link (not implemented yet?).');
  }
}
await page.close();
await carrier.close();

report.errors = ext.errors.errors;
writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
say(`Screenshots (${report.screenshots.length}) and report.json written to ${outDir}`);
say(
  `Popup sessions: ${report.popup.sessions.length}; PR pages: ${report.pages.length} (badges: ${report.pages.reduce((n, p) => n + p.badges.length, 0)}); drawer: ${report.drawer ? `${report.drawer.entries} entries` : 'none'}; console errors: ${report.errors.length}`,
);
await shutdown(0);
