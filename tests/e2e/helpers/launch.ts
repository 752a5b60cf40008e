/**
 * Launches Chromium with the built extension (shared by tests/e2e/fixtures.ts, scripts/start.mjs and the bench).
 * A fresh temp user-data-dir per launch; GitHub hosts routed to the twin when `twinUrl` is given.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from '@playwright/test';
import { findChrome } from '../../../scripts/find-chrome.mjs';
import { type Bridge, startBridge } from './bridge';
import { ErrorCollector } from './errors';
import { type RouteOptions, routeToTwin } from './routing';
import { ROOT } from './twin';

export const DEFAULT_EXTENSION_DIR = resolve(ROOT, process.env.EXTENSION_DIR ?? '.output/chrome-mv3');

export function chromeArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ];
}

export interface LaunchOptions {
  extensionDir?: string;
  /** Route GitHub hosts to this twin (`http://127.0.0.1:PORT`); omit for the real network. */
  twinUrl?: string | null;
  headless?: boolean;
  viewport?: { width: number; height: number } | null;
  colorScheme?: 'light' | 'dark';
  route?: RouteOptions;
  executablePath?: string;
}

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  errors: ErrorCollector;
  userDataDir: string;
  close(): Promise<void>;
}

/** Waits for the extension's service worker (background). */
export async function waitForServiceWorker(context: BrowserContext, timeout = 15_000): Promise<Worker> {
  const isOurs = (w: Worker) => w.url().startsWith('chrome-extension://');
  const existing = context.serviceWorkers().find(isOurs);
  if (existing) return existing;
  return context.waitForEvent('serviceworker', { predicate: isOurs, timeout });
}

export function extensionIdOf(worker: Worker): string {
  return new URL(worker.url()).host;
}

export async function launchExtension(options: LaunchOptions = {}): Promise<LaunchedExtension> {
  const extensionDir = resolve(options.extensionDir ?? DEFAULT_EXTENSION_DIR);
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first (or set EXTENSION_DIR).`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'agent-sessions-chromium-'));
  const errors = new ErrorCollector();
  const bridge: Bridge | null = options.twinUrl ? await startBridge(options.twinUrl) : null;
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: options.executablePath ?? findChrome(),
      headless: options.headless ?? true,
      args: [...chromeArgs(extensionDir), ...(bridge?.args ?? [])],
      ignoreHTTPSErrors: bridge !== null,
      viewport: options.viewport === undefined ? { width: 1280, height: 900 } : options.viewport,
      colorScheme: options.colorScheme ?? 'light',
      serviceWorkers: 'allow',
    });
  } catch (error) {
    await bridge?.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  errors.attach(context);
  if (options.twinUrl) await routeToTwin(context, options.twinUrl, options.route);
  const serviceWorker = await waitForServiceWorker(context);
  await errors.attachWorker(serviceWorker);
  return {
    context,
    extensionId: extensionIdOf(serviceWorker),
    serviceWorker,
    errors,
    userDataDir,
    async close() {
      await context.close().catch(() => {});
      await bridge?.close();
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/** Opens an extension page (`popup.html`, `options.html`, `drawer.html#…`) in a new tab. */
export async function openExtensionPage(context: BrowserContext, extensionId: string, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${path}`);
  return page;
}

/**
 * Sends a protocol request (utils/messages/protocol.ts) from an extension page, as the popup/options would.
 * (A service worker cannot runtime.sendMessage to itself.)
 */
export async function sendMessage<T = unknown>(page: Page, message: unknown): Promise<T> {
  return page.evaluate(
    (msg) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<T> } } }
      ).chrome.runtime.sendMessage(msg),
    message,
  );
}

/** Signs in through the background like the options page does; returns the background's Response. */
export async function signIn(
  context: BrowserContext,
  extensionId: string,
  token: string,
  host = 'github.com',
): Promise<unknown> {
  const page = await openExtensionPage(context, extensionId, 'options.html');
  try {
    return await sendMessage(page, { type: 'signIn', token, host });
  } finally {
    await page.close();
  }
}
