/**
 * The Firefox build end to end in Firefox ESR (issue 18): sign-in and the extension origin's storage, PR badges with
 * live states, the log drawer, Stop from the drawer, soft navigation, the non-persistent background unloaded and
 * started again, and no console errors in any extension context (every test ends with `expectNoErrors()`).
 * Written against behaviour (badge hosts with states, drawer entries), as tests/e2e/ is.
 */
import type { Frame, Page } from 'puppeteer-core';
import { FULL_TOKEN, GH, PR_LAB, PR42, PR42_SESSIONS, PR43, S_LAB, S42, S42_FIRST, S43 } from '../e2e/helpers/demo';
import { loadScenario } from '../e2e/helpers/scenario';
import type { Scenario } from '../twin/types';
import { expect, test } from './fixtures';
import { badgeStates, contentScriptMarker, drawerFrame, drawerHost, readIn } from './helpers/page';

const POLL = { timeout: 20_000, intervals: [250, 500, 1000] };

/** Clicks an element inside a badge host's shadow root (puppeteer's `>>>` pierces it). */
async function clickInBadge(page: Page, host: string, inner: string): Promise<void> {
  const handle = await page.waitForSelector(`${host} >>> ${inner}`, { timeout: 15_000 });
  await handle!.click();
  await handle!.dispose();
}

/**
 * A real click (BiDi input actions on the tab) on an element of an extension frame inside the page: puppeteer cannot
 * compute a click point inside Firefox's out-of-process extension frames, so the point is the iframe's position plus
 * the element's.
 */
async function clickInFrame(page: Page, frame: Frame, selector: string): Promise<void> {
  const inner = (await frame.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) return null;
    el.scrollIntoView({ block: 'center' });
    const r = el.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  })()`)) as { x: number; y: number } | null;
  if (!inner) throw new Error(`no ${selector} in the frame`);
  // The drawer slides in: wait until the iframe stands still inside the viewport.
  const iframeBox = () =>
    page.evaluate(`(() => {
      const host = document.querySelector('[data-agent-sessions-drawer]');
      const iframe = host && (host.shadowRoot || host).querySelector('iframe');
      if (!iframe) return null;
      const r = iframe.getBoundingClientRect();
      return r.right <= innerWidth + 1 ? { x: r.x + iframe.clientLeft, y: r.y + iframe.clientTop } : null;
    })()`) as Promise<{ x: number; y: number } | null>;
  let outer = await iframeBox();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const again = await iframeBox();
    if (outer && again && again.x === outer.x && again.y === outer.y) break;
    outer = again;
  }
  if (!outer) throw new Error('no drawer iframe in the viewport');
  await page.mouse.click(outer.x + inner.x, outer.y + inner.y);
}

test('signs in; the token stays in the extension origin’s IndexedDB, the snapshot in storage.local', async ({
  firefox,
  twin,
  expectSignedIn,
  getState,
  expectNoErrors,
}) => {
  await expectSignedIn();
  const state = await getState();
  expect(state.auth).toMatchObject({ status: 'signed-in', info: { login: 'octo-demo', host: 'github.com' } });
  // The background reached api.github.com (routed to the twin) with the token.
  expect(twin.requests({ host: 'api.github.com', path: '/user' }).length).toBeGreaterThan(0);
  // Storage: the snapshot mirror is written to storage.local, without the token; the token is in IndexedDB.
  await expect
    .poll(() => firefox.inExtension<boolean>(`browser.storage.local.get('snapshot').then((r) => !!r.snapshot)`), POLL)
    .toBe(true);
  const local = await firefox.inExtension<string>(`browser.storage.local.get(null).then((r) => JSON.stringify(r))`);
  expect(local).toContain('octo-demo');
  expect(local).not.toContain('ghp_demo_token');
  const databases = await firefox.inExtension<string[]>(`indexedDB.databases().then((l) => l.map((d) => d.name))`);
  expect(databases).toContain('agent-sessions-secrets');
  // Sessions arrive from the Agent tasks API.
  await expect.poll(async () => (await getState()).sessions.some((s) => s.id === S42), POLL).toBe(true);
  expectNoErrors();
  // The error channel itself works (else "no errors" would assert nothing): an error logged and one thrown in the
  // background are both seen.
  await firefox.inExtension(`browser.runtime.getBackgroundPage().then((w) => {
    w.console.error('probe: logged in the background');
    w.setTimeout(() => { throw new Error('probe: thrown in the background'); }, 0);
  })`);
  await expect.poll(() => firefox.errors.format(), POLL).toContain('probe: logged in the background');
  await expect.poll(() => firefox.errors.format(), POLL).toContain('probe: thrown in the background');
});

/** PR #42's three sessions re-timed around "now", so advancing the twin's clock walks them through their states. */
function liveScenario(): Scenario {
  const demo = loadScenario('demo');
  const task = demo.tasks!.find((t) => t.pull === 42 && t.repo === 'octo-org/webapp')!;
  const [a, b, c] = task.sessions;
  Object.assign(a!, {
    createdAt: '-10m',
    timeline: [
      { at: '+0s', state: 'queued' },
      { at: '+20s', state: 'in_progress' },
      { at: '+14m', state: 'completed' },
    ],
  });
  Object.assign(b!, { createdAt: '-5m', timeline: [{ at: '+0s', state: 'completed' }] });
  Object.assign(c!, {
    createdAt: '-1m',
    timeline: [
      { at: '+0s', state: 'queued' },
      { at: '+3m', state: 'in_progress' },
    ],
  });
  return { ...demo, name: 'firefox-live-badges' };
}

test.describe('live', () => {
  test.use({ scenario: liveScenario() });

  test('a PR page shows a badge per session with its state, and follows state changes without a reload', async ({
    firefox,
    tab: page,
    twin,
    expectSignedIn,
    expectNoErrors,
  }) => {
    await expectSignedIn(FULL_TOKEN);
    await page.goto(PR42);
    await expect.poll(() => contentScriptMarker(page)).toBe('ready');
    await expect
      .poll(() => badgeStates(page, 'timeline'), POLL)
      .toEqual({
        [PR42_SESSIONS[0]]: 'in_progress',
        [PR42_SESSIONS[1]]: 'completed',
        [PR42_SESSIONS[2]]: 'queued',
      });
    await expect.poll(() => badgeStates(page, 'header'), POLL).toEqual({ [S42]: 'queued' });
    await page.evaluate(`window.__noReload = true`);
    const waitFor = (id: string, state: string) =>
      expect
        .poll(async () => {
          await firefox.sendMessage({ type: 'refresh', reason: 'manual' });
          return (await badgeStates(page, 'timeline'))[id];
        }, POLL)
        .toBe(state);
    await twin.advance(3 * 60_000); // the latest: queued → in progress
    await waitFor(S42, 'in_progress');
    await twin.advance(12 * 60_000); // the first: → completed (ready for review)
    await waitFor(S42_FIRST, 'completed');
    await expect.poll(() => badgeStates(page, 'header'), POLL).toEqual({ [S42]: 'in_progress' });
    expect(await page.evaluate(`window.__noReload`)).toBe(true);
    expectNoErrors();
  });
});

test('the header badge opens the drawer with the session’s log', async ({
  tab: page,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn();
  await page.goto(PR42);
  await expect.poll(() => badgeStates(page, 'header'), POLL).toEqual({ [S42]: expect.any(String) });
  await clickInBadge(page, '[data-agent-sessions-badge="header"]', 'button.as-badge-btn');
  await expect.poll(() => drawerHost(page), POLL).toEqual({ sessionId: S42, open: '' });
  await expect.poll(() => page.url()).toContain(`#agent-session=${S42}`);
  await expect.poll(() => drawerFrame(page) !== null, POLL).toBe(true);
  // The Copilot API refuses our token (as GitHub does): the running session's log is its Actions run's steps.
  await expect
    .poll(() => readIn(drawerFrame(page)!, '[data-role="log-source"]', 'data-source'), POLL)
    .toBe('actions-steps');
  // Its job's steps are live entries of the log (issue 15), as the Chromium drawer spec reads them.
  await expect
    .poll(() => readIn(drawerFrame(page)!, '[data-entry-kind="step"][data-entry-id^="live-step-"]'), POLL)
    .not.toBeNull();
  expectNoErrors();
});

test('the PR header’s Ask opens the drawer on its “Ask Copilot for changes” form (the ticket carries it)', async ({
  tab: page,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn();
  await page.goto(PR_LAB);
  await expect.poll(() => badgeStates(page, 'header'), POLL).toEqual({ [S_LAB]: 'completed' });
  await clickInBadge(page, '[data-agent-sessions-badge="header"]', '[data-action="ask-for-changes"]');
  await expect.poll(() => drawerHost(page), POLL).toEqual({ sessionId: S_LAB, open: '' });
  await expect.poll(() => drawerFrame(page) !== null, POLL).toBe(true);
  // The form is open at once (no click in the drawer), with the PR it will comment on.
  await expect
    .poll(() => readIn(drawerFrame(page)!, '[data-role="ask-for-changes"] label'), POLL)
    .toContain('octo-demo/copilot-agents-lab#3');
  expectNoErrors();
});

test('Stop from the drawer (deep link) sends exactly one cancel, and the session ends Cancelled', async ({
  tab: page,
  twin,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn();
  await page.goto(`${PR42}#agent-session=${S42}`);
  await expect.poll(() => drawerHost(page), POLL).toEqual({ sessionId: S42, open: '' });
  await expect.poll(() => drawerFrame(page) !== null, POLL).toBe(true);
  const frame = drawerFrame(page)!;
  const cancels = () => twin.requests({ method: 'POST', path: /\/actions\/runs\/\d+\/cancel(\?|$)/ });
  expect(cancels()).toHaveLength(0);
  await frame.waitForSelector('[data-action="stop"]:not([disabled])', { timeout: 15_000 });
  await clickInFrame(page, frame, '[data-action="stop"]');
  await expect.poll(() => cancels().length, POLL).toBe(1);
  await expect.poll(() => readIn(frame, '.as-stop', 'data-stop-phase'), POLL).toMatch(/stopping|stopped/);
  // A second click sends nothing more (the button is disabled while stopping).
  await clickInFrame(page, frame, '[data-action="stop"]');
  await twin.advance(5_000); // the twin ends a normal cancel 5 s later
  await expect.poll(() => readIn(frame, '.as-stop', 'data-stop-phase'), POLL).toBe('stopped');
  await expect.poll(() => badgeStates(page, 'header'), POLL).toEqual({ [S42]: 'cancelled' });
  expect(cancels()).toHaveLength(1);
  expectNoErrors();
});

test('a soft navigation into a PR and out to its list keeps the badges right', async ({
  tab: page,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn(FULL_TOKEN);
  await page.goto(`${GH}/octo-org/webapp`);
  await expect.poll(() => contentScriptMarker(page)).toBe('ready');
  await page.evaluate(`window.__soft = true`);
  await page.click('a[href="/octo-org/webapp/pull/43"]');
  await expect.poll(() => page.url()).toBe(PR43);
  await expect.poll(() => badgeStates(page, 'timeline'), POLL).toEqual({ [S43]: expect.any(String) });
  await expect.poll(async () => Object.keys(await badgeStates(page, 'header')), POLL).toEqual([S43]);
  await page.click('a[href="/octo-org/webapp/pulls"]');
  await expect.poll(() => page.url()).toBe(`${GH}/octo-org/webapp/pulls`);
  await expect.poll(() => badgeStates(page, 'timeline'), POLL).toEqual({});
  await expect.poll(() => badgeStates(page, 'header'), POLL).toEqual({});
  await expect.poll(async () => (await badgeStates(page, 'list'))[S42], POLL).toBeTruthy();
  expect(await page.evaluate(`window.__soft`)).toBe(true);
  expectNoErrors();
});

test.describe('non-persistent background', () => {
  // Firefox unloads an idle event page after this long (default 30 s).
  test.use({ idleTimeoutMs: 3_000 });

  test('the background is unloaded when idle and started again with its state: still signed in, badges right', async ({
    firefox,
    tab: page,
    expectSignedIn,
    getState,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    await expect.poll(async () => (await getState()).sessions.some((s) => s.id === S42), POLL).toBe(true);
    const contexts = `browser.runtime.getContexts({ contextTypes: ['BACKGROUND'] }).then((l) => l.map((c) => c.contextId))`;
    const [first] = await firefox.inExtension<string[]>(contexts);
    expect(first).toBeTruthy();
    // Nothing keeps it busy: no GitHub tab, no extension page.
    await firefox.releaseExtensionPage();
    await page.goto('about:blank');
    // Watch from a fresh extension page whose only request is getContexts (it wakes nothing).
    const watcher = await firefox.extensionPage();
    await expect
      .poll(() => watcher.evaluate(`(async () => (${contexts}))()`) as Promise<string[]>, {
        timeout: 30_000,
        intervals: [1000],
      })
      .toEqual([]);
    await watcher.close();
    // Started again by the next message (as the popup's would): same account, same sessions, a new context.
    expect((await getState()).auth).toMatchObject({ status: 'signed-in', info: { login: 'octo-demo' } });
    const [second] = await firefox.inExtension<string[]>(contexts);
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    await page.goto(PR42);
    await expect
      .poll(async () => Object.keys(await badgeStates(page, 'timeline')).sort(), POLL)
      .toEqual([...PR42_SESSIONS].sort());
    await expect.poll(async () => Object.keys(await badgeStates(page, 'header')), POLL).toEqual([S42]);
    expectNoErrors();
  });
});

test('access to GitHub withdrawn by the user: a clear message, and the options page asks again', async ({
  firefox,
  expectSignedIn,
  getState,
  expectNoErrors,
}) => {
  await expectSignedIn();
  await expect.poll(async () => (await getState()).sessions.some((s) => s.id === S42), POLL).toBe(true);
  const hasAccess = `browser.permissions.contains({ origins: ['https://github.com/*', 'https://api.github.com/*'] })`;
  expect(await firefox.inExtension<boolean>(hasAccess)).toBe(true);
  // What the user does in about:addons → Permissions: withdraw access to the API host.
  expect(
    await firefox.inExtension<boolean>(`browser.permissions.remove({ origins: ['https://api.github.com/*'] })`),
  ).toBe(true);
  await expect
    .poll(async () => (await getState()).lastError, POLL)
    .toMatchObject({
      kind: 'missing-permission',
      message: expect.stringContaining('github.com: its access was withdrawn'),
    });
  // The options page says so and offers to ask again; a click grants it (no doorhanger in this profile).
  const options = await firefox.extensionPage('options.html');
  const button = await options.waitForSelector('[data-action="allow-host"]', { timeout: 15_000 });
  expect(await readIn(options!, '[data-error-kind="missing-permission"]')).toContain('its access was withdrawn');
  await button!.click();
  await expect.poll(() => firefox.inExtension<boolean>(hasAccess), POLL).toBe(true);
  await expect.poll(async () => (await getState()).lastError, POLL).toBeNull();
  expect((await getState()).auth).toMatchObject({ status: 'signed-in' });
  expectNoErrors();
});
