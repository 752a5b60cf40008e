/**
 * Collects every console error and uncaught exception from every page (GitHub pages with the content script,
 * extension pages, the drawer iframe) and from the extension's service worker.
 * Service-worker uncaught errors/rejections are caught by a listener installed once the worker is attached
 * (errors thrown before that moment are only seen if they are also logged).
 */
import type { BrowserContext, ConsoleMessage, Page, Worker } from '@playwright/test';

export interface CollectedError {
  /** 'console' = console.error; 'exception' = uncaught error / unhandled rejection. */
  kind: 'console' | 'exception';
  /** Where: 'service-worker', 'page', 'extension-page' (popup/options/drawer) */
  source: 'service-worker' | 'page' | 'extension-page';
  /** URL of the page or worker (or of the console message's location). */
  url: string;
  text: string;
  time: number;
}

const SW_ERROR_TAG = '[uncaught-in-service-worker]';

/**
 * Installed in the service worker. A string, not a function: TS transpilers may inject helpers (`__name`) into a
 * serialised function. Chromium ignores addEventListener('error' | 'unhandledrejection') added after a service
 * worker's first evaluation; the on* properties still work, so we chain whatever the extension set itself.
 */
const SW_HOOK = `(() => {
  const tag = ${JSON.stringify(SW_ERROR_TAG)};
  if (self.__agentSessionsErrorHook) return;
  self.__agentSessionsErrorHook = true;
  const text = (v) => (v instanceof Error ? (v.stack || v.name + ': ' + v.message) : String(v));
  const previousError = self.onerror;
  self.onerror = function (message, source, line, column, error) {
    console.error(tag, text(error || message));
    return previousError ? previousError.apply(this, arguments) : undefined;
  };
  const previousRejection = self.onunhandledrejection;
  self.onunhandledrejection = function (event) {
    console.error(tag, 'Unhandled rejection: ' + text(event.reason));
    return previousRejection ? previousRejection.apply(this, arguments) : undefined;
  };
})()`;

function sourceOf(url: string): CollectedError['source'] {
  return url.startsWith('chrome-extension://') ? 'extension-page' : 'page';
}

export class ErrorCollector {
  readonly errors: CollectedError[] = [];
  private readonly attached = new WeakSet<object>();

  /** Attach to a context: all current and future pages and service workers. */
  attach(context: BrowserContext): void {
    for (const page of context.pages()) this.attachPage(page);
    context.on('page', (page) => this.attachPage(page));
    for (const worker of context.serviceWorkers()) void this.attachWorker(worker);
    context.on('serviceworker', (worker) => void this.attachWorker(worker));
  }

  attachPage(page: Page): void {
    if (this.attached.has(page)) return;
    this.attached.add(page);
    page.on('console', (message) => this.onConsole(message, page.url(), null));
    page.on('pageerror', (error) =>
      this.push('exception', sourceOf(page.url()), page.url(), error.stack ?? `${error.name}: ${error.message}`),
    );
  }

  async attachWorker(worker: Worker): Promise<void> {
    if (this.attached.has(worker)) return;
    this.attached.add(worker);
    worker.on('console', (message) => this.onConsole(message, worker.url(), 'service-worker'));
    await worker.evaluate(SW_HOOK).catch(() => {});
  }

  private onConsole(message: ConsoleMessage, ownerUrl: string, forced: 'service-worker' | null): void {
    if (message.type() !== 'error') return;
    const text = message.text();
    const location = message.location()?.url || ownerUrl;
    if (text.startsWith(SW_ERROR_TAG)) {
      this.push('exception', 'service-worker', ownerUrl, text.slice(SW_ERROR_TAG.length).trim());
      return;
    }
    this.push('console', forced ?? sourceOf(location), location, text);
  }

  private push(kind: CollectedError['kind'], source: CollectedError['source'], url: string, text: string): void {
    this.errors.push({ kind, source, url, text, time: Date.now() });
  }

  /** Errors not matching any of `allow`. */
  unexpected(allow: RegExp[] = []): CollectedError[] {
    return this.errors.filter((e) => !allow.some((re) => re.test(e.text)));
  }

  clear(): void {
    this.errors.length = 0;
  }

  format(list: CollectedError[] = this.errors): string {
    return list.map((e) => `  [${e.source} ${e.kind}] ${e.url}\n    ${e.text.split('\n').join('\n    ')}`).join('\n');
  }
}
