/**
 * Launches Debian's Firefox ESR over WebDriver BiDi (puppeteer-core) with the built extension (.output/firefox-mv3),
 * GitHub hosts routed to the twin through a local HTTPS proxy (./proxy.ts → the TLS bridge → the twin).
 *
 * - A fresh profile per launch. The extension gets a known moz-extension UUID (preference
 *   `extensions.webextensions.uuids`), so tests can reach its pages.
 * - BiDi refuses to navigate a tab to `moz-extension://`, but a github.com page may navigate itself to a web-accessible
 *   extension page (`drawer.html`): `extensionPage()` opens one top-level, where every extension API is there (as in the
 *   popup), and tests send the protocol's requests from it like the popup and options do.
 * - `idleTimeoutMs` sets `extensions.background.idle.timeout`: how long Firefox waits before unloading the idle
 *   non-persistent background (Firefox's default is 30 s).
 * - Errors: ./errors.ts.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startBridge } from '../../e2e/helpers/bridge';
import { ROOT } from '../../e2e/helpers/twin';
import { FirefoxErrors } from './errors';
import { startProxy } from './proxy';

export const FIREFOX_EXTENSION_DIR = resolve(ROOT, process.env.FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3');
export const ADDON_ID = 'agent-sessions@agent-sessions-for-github.dev';

/** Debian's firefox-esr, or $FIREFOX_PATH. */
export function findFirefox(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p as string));
  if (!found)
    throw new Error(
      'No Firefox found: install Debian’s firefox-esr (apt-get install firefox-esr) or set FIREFOX_PATH.',
    );
  return found as string;
}

export interface LaunchFirefoxOptions {
  twinUrl: string;
  extensionDir?: string;
  idleTimeoutMs?: number;
}

export interface LaunchedFirefox {
  browser: Browser;
  /** The first tab. */
  page: Page;
  /** `moz-extension://UUID` */
  origin: string;
  errors: FirefoxErrors;
  /** A new tab showing an extension page (default drawer.html; also `options.html`, `popup.html`), top-level, with the
   * full extension API. */
  extensionPage(path?: string): Promise<Page>;
  /** Sends a protocol request (utils/messages/protocol.ts) from an extension page, as the popup would. */
  sendMessage<T = unknown>(message: unknown): Promise<T>;
  /** Evaluates `expression` (a string: an async function body's result) in an extension page. */
  inExtension<T = unknown>(expression: string): Promise<T>;
  /** Closes the extension page `inExtension` and `sendMessage` use (the next call opens another). */
  releaseExtensionPage(): Promise<void>;
  close(): Promise<void>;
}

export async function launchFirefox(options: LaunchFirefoxOptions): Promise<LaunchedFirefox> {
  const extensionDir = resolve(options.extensionDir ?? FIREFOX_EXTENSION_DIR);
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${extensionDir}: run \`npm run build:firefox\` first.`);
  }
  const bridge = await startBridge(options.twinUrl);
  const proxy = await startProxy(bridge.port);
  const uuid = randomUUID();
  const origin = `moz-extension://${uuid}`;
  const errors = new FirefoxErrors(origin);
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: findFirefox(),
      headless: true,
      acceptInsecureCerts: true,
      defaultViewport: { width: 1280, height: 900 },
      extraPrefsFirefox: {
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
        'network.proxy.allow_hijacking_localhost': false,
        'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: uuid }),
        // Console calls of content and extension contexts are copied to Firefox's output (./errors.ts reads it).
        'devtools.console.stdout.content': true,
        // permissions.request() from a click is granted without the doorhanger (headless has no one to click it).
        'extensions.webextOptionalPermissionPrompts': false,
        ...(options.idleTimeoutMs ? { 'extensions.background.idle.timeout': options.idleTimeoutMs } : {}),
      },
    });
  } catch (error) {
    await proxy.close();
    await bridge.close();
    throw error;
  }
  const child = browser.process();
  child?.stdout?.on('data', (chunk: Buffer) => errors.readOutput(chunk.toString('utf8')));
  child?.stderr?.on('data', (chunk: Buffer) => errors.readOutput(chunk.toString('utf8')));
  browser.on('targetcreated', (target) => {
    void target
      .page()
      .then((p) => p && errors.attachPage(p))
      .catch(() => {});
  });
  const [page] = await browser.pages();
  if (!page) throw new Error('Firefox opened no tab');
  errors.attachPage(page);
  await browser.installExtension(extensionDir);

  let carrier: Page | null = null;
  const extensionPage = async (path = 'drawer.html'): Promise<Page> => {
    const tab = await browser.newPage();
    errors.attachPage(tab);
    // A github.com document may open the web-accessible drawer.html; BiDi itself may not navigate there. From there
    // the extension's own pages are same-origin.
    await tab.goto('https://github.com/robots.txt');
    await tab.evaluate(`location.href = ${JSON.stringify(`${origin}/drawer.html`)}`);
    // BiDi reports no navigation event for it: wait until the tab shows the page and the extension API is there.
    const arrived = async (file: string) => {
      const until = Date.now() + 15_000;
      while (Date.now() < until) {
        const ready = await tab
          .evaluate(
            `location.origin === ${JSON.stringify(origin)} && location.pathname === ${JSON.stringify(`/${file}`)} && document.readyState === 'complete' && typeof browser === 'object' && !!browser.runtime`,
          )
          .catch(() => false);
        if (ready) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`could not open extension page ${file} (at ${tab.url()})`);
    };
    await arrived('drawer.html');
    if (path !== 'drawer.html') {
      await tab.evaluate(`location.href = ${JSON.stringify(`${origin}/${path}`)}`);
      await arrived(path.replace(/[?#].*$/, ''));
    }
    return tab;
  };
  const inExtension = async <T>(expression: string): Promise<T> => {
    if (!carrier || carrier.isClosed()) {
      carrier = await extensionPage();
      // The new tab took the front: give it back to the test's tab (background tabs get no animation frames).
      await page.bringToFront();
    }
    return (await carrier.evaluate(`(async () => (${expression}))()`)) as T;
  };
  const releaseExtensionPage = async () => {
    const tab = carrier;
    carrier = null;
    if (tab && !tab.isClosed()) await tab.close();
  };

  return {
    browser,
    page,
    origin,
    errors,
    extensionPage,
    inExtension,
    releaseExtensionPage,
    sendMessage: <T>(message: unknown) => inExtension<T>(`browser.runtime.sendMessage(${JSON.stringify(message)})`),
    async close() {
      await browser.close().catch(() => {});
      await proxy.close();
      await bridge.close();
    },
  };
}
