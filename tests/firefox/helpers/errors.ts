/**
 * Console errors and uncaught exceptions of every extension context in Firefox: pages and frames (BiDi console and
 * page errors, through puppeteer), and the background and content scripts, which BiDi does not show: Firefox copies
 * content and extension console calls to its output (`devtools.console.stdout.content`) as `console.error: "…"`, and
 * prints uncaught errors as `JavaScript error: moz-extension://UUID/…, line N: …`. Firefox's own chrome code prints
 * other lines there (`console.error: RSLoader: …`, `JavaScript error: resource://…`); those are not ours and are
 * skipped.
 */
import type { Page } from 'puppeteer-core';

export interface FirefoxError {
  source: 'page' | 'output';
  text: string;
}

export class FirefoxErrors {
  readonly errors: FirefoxError[] = [];
  private readonly pages = new WeakSet<Page>();
  private partial = '';

  constructor(private readonly origin: string) {}

  attachPage(page: Page): void {
    if (this.pages.has(page)) return;
    this.pages.add(page);
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push({ source: 'page', text: `${page.url()}: ${message.text()}` });
    });
    page.on('pageerror', (error) => {
      this.errors.push({ source: 'page', text: `${page.url()}: uncaught ${String(error)}` });
    });
  }

  /** Firefox's stdout/stderr, in chunks. */
  readOutput(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      // A content or extension context's console.error: the message is printed as a quoted string or a value;
      // chrome modules print `console.error: Prefix: …` or `console.error: (new Error(…))` instead.
      const ours =
        (/^console\.error: /.test(line) && (/^console\.error: ["[{]/.test(line) || line.includes(this.origin))) ||
        (/^JavaScript error: /.test(line) && line.includes(this.origin));
      if (ours) this.errors.push({ source: 'output', text: line });
    }
  }

  /** Errors not matched by `allow`. */
  unexpected(allow: RegExp[] = []): FirefoxError[] {
    return this.errors.filter((e) => !allow.some((re) => re.test(e.text)));
  }

  format(list: FirefoxError[] = this.errors): string {
    return list.map((e) => `[${e.source}] ${e.text}`).join('\n');
  }
}
