/**
 * Fixtures for the Firefox suite: Playwright's test runner (its `expect`, retries, reports), with Firefox driven by
 * puppeteer-core over WebDriver BiDi (./helpers/launch.ts). Playwright's own browser fixtures are not used.
 *
 *   import { expect, test } from './fixtures';
 *   test('…', async ({ firefox, tab, twin, expectSignedIn, getState, expectNoErrors }) => { … });
 *
 * - `twin`: a twin for this test on a random port (tests/e2e/helpers/twin-control.ts), scenario from `scenario`.
 * - `firefox`: Firefox ESR with the built extension, GitHub hosts routed to the twin; `tab` is its first tab (a
 *   puppeteer Page; Playwright's own `page` fixture is not used).
 * - `idleTimeoutMs`: Firefox's idle time before it unloads the extension's background (option; default Firefox's).
 * - `signIn(token?)` / `expectSignedIn(token?)` / `getState()`: the protocol's requests from an extension page.
 * - `expectNoErrors(allow?)`: no console error or uncaught exception in any extension context (./helpers/errors.ts).
 */
import { test as base, expect } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import type { StateSnapshot } from '../../utils/model/state';
import { DEMO_TOKEN } from '../e2e/helpers/demo';
import { type Scenario, startTwin } from '../e2e/helpers/twin';
import { type TwinControl, twinControl } from '../e2e/helpers/twin-control';
import { type LaunchedFirefox, launchFirefox } from './helpers/launch';

export { expect };

export interface Options {
  scenario: Scenario | string;
  idleTimeoutMs: number | undefined;
}

export interface Fixtures {
  twin: TwinControl;
  firefox: LaunchedFirefox;
  tab: Page;
  signIn: (token?: string) => Promise<unknown>;
  expectSignedIn: (token?: string) => Promise<void>;
  getState: () => Promise<StateSnapshot>;
  expectNoErrors: (allow?: RegExp[]) => void;
}

export const test = base.extend<Options & Fixtures>({
  scenario: ['demo', { option: true }],
  idleTimeoutMs: [undefined, { option: true }],

  twin: async ({ scenario }, use) => {
    const twin = await startTwin({ scenario, port: 0, quiet: true });
    try {
      await use(twinControl(twin));
    } finally {
      await twin.close();
    }
  },

  firefox: async ({ twin, idleTimeoutMs }, use, testInfo) => {
    const firefox = await launchFirefox({ twinUrl: twin.url, idleTimeoutMs });
    try {
      await use(firefox);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        const requests = twin.requests().map((r) => `${r.method} ${r.host}${r.path} → ${r.status}`);
        await testInfo.attach('twin-requests.txt', { body: requests.join('\n'), contentType: 'text/plain' });
        const shot = await firefox.page.screenshot({ encoding: 'base64' }).catch(() => null);
        if (shot) await testInfo.attach('page.png', { body: Buffer.from(shot, 'base64'), contentType: 'image/png' });
      }
      if (firefox.errors.errors.length > 0) {
        await testInfo.attach('console-errors.txt', { body: firefox.errors.format(), contentType: 'text/plain' });
      }
      await firefox.close();
    }
  },

  tab: async ({ firefox }, use) => {
    await use(firefox.page);
  },

  signIn: async ({ firefox }, use) => {
    await use((token = DEMO_TOKEN) => firefox.sendMessage({ type: 'signIn', token, host: 'github.com' }));
  },
  expectSignedIn: async ({ signIn }, use) => {
    await use(async (token = DEMO_TOKEN) => {
      expect(await signIn(token)).toMatchObject({ ok: true });
    });
  },
  getState: async ({ firefox }, use) => {
    await use(async () => (await firefox.sendMessage<{ data: StateSnapshot }>({ type: 'getState' })).data);
  },

  expectNoErrors: async ({ firefox }, use) => {
    await use((allow: RegExp[] = []) => {
      const unexpected = firefox.errors.unexpected(allow);
      expect(unexpected, `console errors / uncaught exceptions:\n${firefox.errors.format(unexpected)}`).toEqual([]);
    });
  },
});
