/**
 * Playwright fixtures for end-to-end tests of the built extension against the GitHub twin.
 *
 *   import { test, expect } from './fixtures';
 *   test.use({ scenario: 'demo' });               // a name in tests/twin/scenarios/, a path, or a Scenario object
 *   test('…', async ({ twin, context, page, extensionId, serviceWorker, openPopup, signIn, expectNoErrors }) => {
 *     await signIn();                              // ghp_demo_token on github.com
 *     await page.goto('https://github.com/octo-demo/hello/pull/1');   // routed to the twin
 *     await twin.advance(60_000);
 *     expect(twin.requests({ path: '/user' })).toHaveLength(1);
 *     expectNoErrors();
 *   });
 *
 * - `twin`: a twin started for this test on a random port (+ `advance`, `setSessionState`, `requests(filter)`,
 *   `clearRequests`, `control(method, name, body)`; the raw object is `twin.twin`).
 * - `context`: persistent Chromium context, fresh profile, the extension from EXTENSION_DIR (default
 *   .output/chrome-mv3) loaded, every GitHub host routed to the twin (tests/e2e/helpers/routing.ts; redirects via
 *   helpers/bridge.ts), every other host blocked. `page` is a page of this context.
 * - `extensionId`, `serviceWorker`, `openPopup()`, `openOptions()`, `sendMessage(request)` (from an extension page),
 *   `signIn(token?, host?)`, `expectSignedIn(token?)` (signs in and expects the background to accept the token),
 *   `getState()` (the background's StateSnapshot, as every view gets it).
 * - `errors` (console errors + uncaught exceptions of every page, extension page and the service worker) and
 *   `expectNoErrors(allow?)`. On failure the twin's requests are attached (Playwright adds screenshots of
 *   the open pages), and the errors whenever there are any.
 * - Network failure faults: the twin answers with header `X-Twin-Abort: <code>` and the browser sees a failed fetch.
 */
import { type BrowserContext, test as base, expect, type Page, type Worker } from '@playwright/test';
import type { StateSnapshot } from '../../utils/model/state';
import { DEMO_TOKEN } from './helpers/demo';
import type { CollectedError, ErrorCollector } from './helpers/errors';
import {
  type LaunchedExtension,
  launchExtension,
  openExtensionPage,
  sendMessage as sendFromPage,
} from './helpers/launch';
import { type Scenario, startTwin } from './helpers/twin';
import { type TwinControl, twinControl } from './helpers/twin-control';

export { expect };

export interface Options {
  /** Scenario for the twin: a name in tests/twin/scenarios/ ('demo'), a JSON path, or an object. */
  scenario: Scenario | string;
  /** Built extension folder; default $EXTENSION_DIR or .output/chrome-mv3. */
  extensionDir: string | undefined;
}

export interface Fixtures {
  twin: TwinControl;
  extension: LaunchedExtension;
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  openPopup: () => Promise<Page>;
  openOptions: () => Promise<Page>;
  sendMessage: <T = unknown>(request: unknown) => Promise<T>;
  signIn: (token?: string, host?: string) => Promise<unknown>;
  expectSignedIn: (token?: string) => Promise<void>;
  getState: () => Promise<StateSnapshot>;
  errors: ErrorCollector;
  expectNoErrors: (allow?: RegExp[]) => void;
}

export const test = base.extend<Options & Fixtures>({
  scenario: ['demo', { option: true }],
  extensionDir: [undefined, { option: true }],

  twin: async ({ scenario }, use) => {
    const twin = await startTwin({ scenario, port: 0, quiet: true });
    try {
      await use(twinControl(twin));
    } finally {
      await twin.close();
    }
  },

  extension: async ({ twin, extensionDir }, use, testInfo) => {
    const extension = await launchExtension({ extensionDir, twinUrl: twin.url, headless: true });
    try {
      await use(extension);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        const requests = twin.requests().map((r) => `${r.method} ${r.host}${r.path} → ${r.status}`);
        await testInfo.attach('twin-requests.txt', { body: requests.join('\n'), contentType: 'text/plain' });
      }
      if (extension.errors.errors.length > 0) {
        await testInfo.attach('console-errors.txt', { body: extension.errors.format(), contentType: 'text/plain' });
      }
      await extension.close();
    }
  },

  context: async ({ extension }, use) => {
    await use(extension.context);
  },
  extensionId: async ({ extension }, use) => {
    await use(extension.extensionId);
  },
  serviceWorker: async ({ extension }, use) => {
    await use(extension.serviceWorker);
  },
  errors: async ({ extension }, use) => {
    await use(extension.errors);
  },

  openPopup: async ({ context, extensionId }, use) => {
    await use(() => openExtensionPage(context, extensionId, 'popup.html'));
  },
  openOptions: async ({ context, extensionId }, use) => {
    await use(() => openExtensionPage(context, extensionId, 'options.html'));
  },

  sendMessage: async ({ context, extensionId }, use) => {
    // One background-tab extension page per test carries the messages (a service worker cannot message itself).
    let carrier: Page | null = null;
    await use(async <T>(request: unknown) => {
      if (!carrier || carrier.isClosed()) carrier = await openExtensionPage(context, extensionId, 'options.html');
      return sendFromPage<T>(carrier, request);
    });
  },

  signIn: async ({ sendMessage }, use) => {
    await use((token = DEMO_TOKEN, host = 'github.com') => sendMessage({ type: 'signIn', token, host }));
  },
  expectSignedIn: async ({ signIn }, use) => {
    await use(async (token = DEMO_TOKEN) => {
      expect(await signIn(token)).toMatchObject({ ok: true });
    });
  },
  getState: async ({ sendMessage }, use) => {
    await use(async () => (await sendMessage<{ data: StateSnapshot }>({ type: 'getState' })).data);
  },

  expectNoErrors: async ({ errors }, use) => {
    await use((allow: RegExp[] = []) => {
      const unexpected: CollectedError[] = errors.unexpected(allow);
      expect(unexpected, `console errors / uncaught exceptions:\n${errors.format(unexpected)}`).toEqual([]);
    });
  },
});
