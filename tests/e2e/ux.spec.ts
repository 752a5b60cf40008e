/**
 * The first ten minutes of a person (issue 20), against the twin in real Chromium: each fix here has a test that
 * fails if the problem comes back, with axe's serious and critical findings checked on the surfaces touched.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { GH, PR42, PR43, S42, S43, S44 } from './helpers/demo';
import { drawer, drawerHost, headerBadge, popupRow, seriousAxeViolations, timelineBadge } from './helpers/page';

test.use({ scenario: 'demo' });

const box = async (l: Locator) => {
  const b = await l.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
};
/** The PR page's own header (GitHub's), whose size the extension must never change. */
const prHeader = (page: Page) => page.locator('header[class^="prc-PageLayout-Header"]').first();
const cancelFault = { type: 'status', status: 500, path: '/repos/*/actions/runs/*/cancel', count: 3 };

test.describe('#1 stop feedback never breaks a layout', () => {
  test('popup: a refused Stop shows under the row; the title keeps its width and the row its top line', async ({
    expectSignedIn,
    twin,
    openPopup,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    await twin.control('POST', 'fault', cancelFault);
    const popup = await openPopup();
    const r = popupRow(popup, S42);
    const title = r.locator('.as-row-title');
    await expect(title).toBeVisible();
    const stop = r.locator('[data-action="stop"]');
    await expect(stop).toHaveText('Stop'); // #6: labelled, not a bare red square
    // Measure once the live state replaced the mirror's provisional one (the row's width settles then).
    await expect(popup.locator('[data-provisional="true"]')).toHaveCount(0);
    let width = -1;
    await expect
      .poll(
        async () => {
          const w = (await box(title)).width;
          const same = w === width;
          width = w;
          return same;
        },
        { intervals: [300, 300, 500, 1000] },
      )
      .toBe(true);
    const before = { title: await box(title), top: await box(r.locator('.as-row-top')) };
    // The button keeps one width whatever it says: with the longest label the title does not move either (the
    // background's "stopping" status can still be showing when the refusal arrives).
    const label = stop.locator('.as-btn-label');
    await label.evaluate((el) => {
      el.textContent = 'Stopping…';
    });
    expect(Math.abs((await box(title)).width - before.title.width)).toBeLessThanOrEqual(1);
    await label.evaluate((el) => {
      el.textContent = 'Stop';
    });
    await stop.click();
    const alert = r.locator('.as-row-stopnote [role="alert"]');
    await expect(alert).toContainText(/GitHub/, { timeout: 20_000 });
    const after = { title: await box(title), top: await box(r.locator('.as-row-top')) };
    expect(Math.abs(after.title.width - before.title.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(after.top.height - before.top.height)).toBeLessThanOrEqual(1);
    // Under the row's meta line, not beside the title.
    expect((await box(alert)).y).toBeGreaterThanOrEqual((await box(r.locator('.as-row-meta'))).y);
    expect(await r.locator('.as-row-actions .as-note').count()).toBe(0);
    expect(await seriousAxeViolations(popup)).toEqual([]);
    expectNoErrors([/500/]);
  });

  test('PR page: a refused Stop floats in a popover; GitHub’s header does not grow, even with the drawer open', async ({
    page,
    expectSignedIn,
    twin,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    await twin.control('POST', 'fault', cancelFault);
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${PR42}#agent-session=${S42}`);
    await expect(headerBadge(page)).toHaveAttribute('data-state', 'in_progress');
    const stop = headerBadge(page).locator('[data-action="stop"]');
    await expect(stop).toHaveText('Stop');
    // Measure once the drawer has slid in (it narrows the page, and GitHub's title may wrap then).
    await expect
      .poll(() => drawerHost(page).evaluate((el) => el.hasAttribute('data-open') && el.getAnimations().length === 0))
      .toBe(true);
    await expect(headerBadge(page).locator('.as-count')).toBeVisible();
    // The button keeps one width whatever it says, so GitHub's header line cannot wrap while a stop goes on.
    const label = stop.locator('.as-btn-label');
    const stopWidth = (await box(stop)).width;
    await label.evaluate((el) => {
      el.textContent = 'Stopping…';
    });
    expect(Math.abs((await box(stop)).width - stopWidth)).toBeLessThanOrEqual(0.5);
    await label.evaluate((el) => {
      el.textContent = 'Stop';
    });
    const before = await box(prHeader(page));
    await stop.click();
    const pop = headerBadge(page).locator('.as-stop-feedback');
    await expect(pop.locator('[role="alert"]')).toContainText(/GitHub/, { timeout: 20_000 });
    expect(await pop.evaluate((el) => getComputedStyle(el).position)).toBe('absolute');
    const after = await box(prHeader(page));
    expect(Math.abs(after.height - before.height)).toBeLessThanOrEqual(1);
    // The popover's text wraps in its own box (at least 200 px wide), not a syllable per line.
    expect((await box(pop)).width).toBeGreaterThanOrEqual(200);
    // Dismissed, it goes.
    expect(await seriousAxeViolations(page, '[data-agent-sessions-badge="header"]')).toEqual([]);
    await pop.getByRole('button', { name: 'Dismiss' }).click();
    await expect(pop).toHaveCount(0);
    expectNoErrors([/500/]);
  });
});

test.describe('#2 why a session failed, #3 what a waiting session needs', () => {
  test('popup rows: the failure reason and the next step for a waiting session, with the time it has waited', async ({
    expectSignedIn,
    openPopup,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    const popup = await openPopup();
    const failed = popupRow(popup, S44).locator('[data-notice="failed"]');
    await expect(failed).toContainText('Failed: The agent could not install dependencies');
    const waiting = popupRow(popup, S43).locator('[data-notice="waiting"]');
    // S43 started 40 min ago and has waited since its 25th minute: the notice and the badge count the wait.
    await expect(waiting).toContainText(/Waiting for you for 1\dm \d\ds\./);
    await expect(waiting).toContainText('Answer in a comment on #43 that mentions @copilot');
    // What it waits for, in the agent's words (its comment on #43 when it stopped), as text.
    await expect(waiting.locator('[data-role="waiting-for"]')).toHaveText(
      /^The login test fails when the session cookie expires during the run\. Should I extend/,
    );
    await expect(waiting).toContainText('Copilot asks:');
    await expect(popupRow(popup, S43).locator('.as-badge-time')).toHaveText(/^1\dm \d\ds$/);
    expect(await seriousAxeViolations(popup)).toEqual([]);
    expectNoErrors();
  });

  test('drawer of a failed session: the reason first, with the run link', async ({
    page,
    expectSignedIn,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    await page.goto(`${GH}/octo-org/webapp/pull/44#agent-session=${S44}`);
    const notice = drawer(page).locator('.as-drawer > [data-notice="failed"]');
    await expect(notice).toContainText('could not install dependencies');
    await expect(notice.locator('a[data-link="notice-run"]')).toHaveAttribute(
      'href',
      /^https:\/\/github\.com\/.+\/actions\/runs\/\d+$/,
    );
    // First thing under the title: above the meta line and the log.
    const metaY = (await box(drawer(page).locator('.as-drawer-meta'))).y;
    expect((await box(notice)).y).toBeLessThan(metaY);
    expectNoErrors();
  });

  test('drawer and PR header of a waiting session: what it waits for (the agent’s comment) and where to answer', async ({
    page,
    expectSignedIn,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    await page.goto(`${PR43}#agent-session=${S43}`);
    const notice = drawer(page).locator('.as-drawer > [data-notice="waiting"]');
    await expect(notice).toContainText('mentions @copilot');
    await expect(notice.locator('a[data-link="notice-answer"]')).toHaveAttribute('href', PR43);
    await expect(notice.locator('[data-role="waiting-for"]')).toContainText('Should I extend the test session');
    await expect(notice.locator('a[data-link="notice-question"]')).toHaveAttribute(
      'href',
      new RegExp(`^${PR43}#issuecomment-\\d+$`),
    );
    // The PR header says it too, in one line that never grows GitHub's header (full text in its tooltip).
    const asks = headerBadge(page).locator('[data-role="waiting-for"]');
    await expect(asks).toContainText('asks: “The login test fails');
    await expect(asks).toHaveAttribute('title', /Should I extend the test session.s lifetime, or mock the clock/);
    expect(await asks.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap');
    // It gives way first: with the drawer open GitHub's line has no room, and the badge and Stop keep their size.
    const stop = headerBadge(page).locator('[data-action="stop"]');
    expect((await stop.boundingBox())?.width ?? 0).toBeGreaterThan(40);
    // Without the drawer, at 1280 px, there is room: the question shows, cut to one line.
    await page.setViewportSize({ width: 1280, height: 800 });
    await drawer(page).locator('[data-action="close"]').click();
    await expect(asks).toBeVisible();
    expect((await asks.boundingBox())?.height ?? 99).toBeLessThanOrEqual(20);
    expect(await seriousAxeViolations(page, '[data-agent-sessions-badge="header"]')).toEqual([]);
    expectNoErrors();
  });
});

test.describe('#3 when the agent did not say what it waits for', () => {
  test('a plain sentence instead, in the popup row and the drawer', async ({
    page,
    expectSignedIn,
    twin,
    openPopup,
    sendMessage,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    // S42 (on #42) starts waiting; Copilot commented nothing on #42 since S42 started.
    await twin.setSessionState(S42, 'waiting_for_user');
    await sendMessage({ type: 'refresh', reason: 'manual' }).catch(() => undefined);
    const popup = await openPopup();
    const notice = popupRow(popup, S42).locator('[data-notice="waiting"]');
    await expect(notice).toContainText('Answer in a comment on #42 that mentions @copilot', { timeout: 20_000 });
    await expect(notice.locator('[data-role="waiting-for"]')).toHaveCount(0);
    await page.goto(`${PR42}#agent-session=${S42}`);
    const full = drawer(page).locator('.as-drawer > [data-notice="waiting"]');
    await expect(full).toContainText('stopped to ask you something or to wait for an approval');
    await expect(full.locator('[data-role="waiting-for"]')).toHaveCount(0);
    await expect(headerBadge(page).locator('[data-role="waiting-for"]')).toHaveCount(0);
    expectNoErrors();
  });
});

test.describe('#5 signed-out pages lead somewhere', () => {
  test('the PR header notice opens the options page; the signed-out drawer shows one message', async ({
    page,
    context,
    expectNoErrors,
  }) => {
    await page.goto(`${PR42}#agent-session=${S42}`);
    await expect(headerBadge(page)).toHaveAttribute('data-state', 'signed-out');
    const notice = headerBadge(page).locator('[data-action="open-options"]');
    await expect(notice).toContainText('Sign in to the extension');
    const drawerNote = drawer(page).locator('[data-role="signed-out"]');
    await expect(drawerNote).toContainText('Sign in to the extension');
    // One message: no log source line, no error notes beside it.
    await expect(drawer(page).locator('[data-role="log-source"], .as-note')).toHaveCount(0);
    const [options] = await Promise.all([context.waitForEvent('page'), notice.click()]);
    await expect(options).toHaveURL(/options\.html/);
    // axe reads colours off the settled layout: the drawer slides in and narrows the page (the header may re-wrap).
    await expect
      .poll(() => drawerHost(page).evaluate((el) => el.hasAttribute('data-open') && el.getAnimations().length === 0))
      .toBe(true);
    await page.bringToFront();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await seriousAxeViolations(page, '[data-agent-sessions-badge="header"]')).toEqual([]);
    expectNoErrors();
  });
});

test.describe('#7 a revoked token or a busy GitHub is said plainly', () => {
  test('revoked: "Not connected" with the age of the data and a place for a new token, no Retry', async ({
    expectSignedIn,
    twin,
    openPopup,
    sendMessage,
    getState,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    // Some data first (its age is what the popup says), then GitHub refuses the token.
    await expect.poll(async () => (await getState()).lastSyncAt).not.toBeNull();
    await twin.control('POST', 'revoke-token', { token: 'ghp_demo_token' });
    await sendMessage({ type: 'refresh', reason: 'manual' }).catch(() => undefined);
    const popup = await openPopup();
    const synced = popup.getByTestId('synced');
    await expect(synced).toHaveAttribute('data-connection', 'refused', { timeout: 20_000 });
    await expect(synced).toContainText('Not connected · data from');
    await expect(popup.locator('[data-action="new-token"]')).toBeVisible();
    await expect(popup.locator('[data-action="retry"]')).toHaveCount(0);
    await expect(popup.locator('[data-action="stop"]')).toHaveCount(0); // GitHub would refuse it too
    expect(await seriousAxeViolations(popup)).toEqual([]);
    expectNoErrors([/401/]);
  });

  test('GitHub answers 503: a calm note that says it retries by itself, no Retry button', async ({
    expectSignedIn,
    twin,
    openPopup,
    sendMessage,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    await twin.control('POST', 'fault', { type: 'status', status: 503, path: '/agents/*', count: 200 });
    await sendMessage({ type: 'refresh', reason: 'manual' }).catch(() => undefined);
    const popup = await openPopup();
    await expect(popup.getByTestId('auto-retry')).toBeVisible({ timeout: 30_000 });
    await expect(popup.locator('.as-note--calm')).toBeVisible();
    await expect(popup.locator('[data-action="retry"]')).toHaveCount(0);
    await expect(popup.getByTestId('synced')).toHaveAttribute('data-connection', 'busy');
    expect(await seriousAxeViolations(popup)).toEqual([]);
    expectNoErrors([/503/]);
  });
});

test.describe('#7 on PR pages: the plain connection state, calm', () => {
  test('revoked token: the PR header says "Not connected" with the age of its data, the badges stop, no Stop; the drawer too', async ({
    page,
    context,
    expectSignedIn,
    twin,
    sendMessage,
    getState,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    await page.goto(`${PR42}#agent-session=${S42}`);
    await expect(headerBadge(page)).toHaveAttribute('data-state', 'in_progress');
    await expect(headerBadge(page)).toHaveAttribute('data-connection', 'ok');
    await expect(headerBadge(page).locator('[data-action="stop"]')).toBeVisible();
    await expect.poll(async () => (await getState()).lastSyncAt).not.toBeNull();
    await twin.control('POST', 'revoke-token', { token: 'ghp_demo_token' });
    await sendMessage({ type: 'refresh', reason: 'manual' }).catch(() => undefined);
    await expect(headerBadge(page)).toHaveAttribute('data-connection', 'refused', { timeout: 20_000 });
    const note = headerBadge(page).locator('[data-connection="refused"]');
    await expect(note).toHaveText(/^Not connected · data from (just now|\d+ min ago)$/);
    // Not live: the running session's clock stands still, the badge says so, and Stop (which would be refused) goes.
    const badge = headerBadge(page).locator('.as-badge-btn');
    await expect(badge).toHaveAttribute('data-stale', 'true');
    await expect(badge).toHaveAttribute('aria-label', /Not connected/);
    const time = badge.locator('.as-badge-time');
    const first = await time.textContent();
    await page.waitForTimeout(2_100);
    expect(await time.textContent()).toBe(first);
    await expect(headerBadge(page).locator('[data-action="stop"]')).toHaveCount(0);
    // The timeline's badges stop too.
    await expect(timelineBadge(page, S42).locator('.as-badge-btn')).toHaveAttribute('data-stale', 'true');
    await expect(page.locator('[data-agent-sessions-badge="timeline"] .as-badge-btn:not([data-stale])')).toHaveCount(0);
    // The drawer says it once, with the way to a new token, and offers no Stop.
    const conn = drawer(page).locator('[data-role="connection"]');
    await expect(conn).toContainText('Not connected · data from');
    await expect(conn.locator('[data-action="new-token"]')).toBeVisible();
    await expect(drawer(page).locator('[data-action="stop"]')).toHaveCount(0);
    expect(await seriousAxeViolations(page, '[data-agent-sessions-badge="header"]')).toEqual([]);
    // The header's line leads to the options page, where the new token goes (the test's message carrier is an
    // options page: closed first, so the one the click opens is new).
    for (const p of context.pages()) if (/options\.html/.test(p.url())) await p.close();
    const [options] = await Promise.all([context.waitForEvent('page'), note.click()]);
    await expect(options).toHaveURL(/options\.html/);
    expectNoErrors([/401/]);
  });

  test('rate limit (403, x-ratelimit-reset): a calm note with the reset time and no Retry, in the popup and on the PR page', async ({
    page,
    expectSignedIn,
    twin,
    openPopup,
    sendMessage,
    getState,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    // The first sync is done (sessions known) before GitHub starts refusing.
    await expect
      .poll(async () => {
        const st = await getState();
        return !!st.lastSyncAt && !st.syncing && st.sessions.some((x) => x.id === S42);
      })
      .toBe(true);
    await twin.control('POST', 'fault', { type: 'rate-limit', path: '/agents/tasks', retryAfter: 600, count: 200 });
    await twin.advance(60_000); // something to fetch
    await sendMessage({ type: 'refresh', reason: 'manual' }).catch(() => undefined);
    await expect.poll(async () => (await getState()).lastError?.kind, { timeout: 20_000 }).toBe('rate-limited');
    const retryAt = (await getState()).lastError?.retryAt ?? '';
    expect(Date.parse(retryAt)).toBeGreaterThan(Date.now());
    await page.goto(PR42);
    const hhmm = await page.evaluate(
      (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
      retryAt,
    );
    // The PR page: one calm line in the header, nothing to click, the badges still follow the last data.
    await expect(headerBadge(page)).toHaveAttribute('data-connection', 'busy', { timeout: 20_000 });
    const line = headerBadge(page).locator('output[data-connection="busy"]');
    await expect(line).toHaveText(`Waiting for GitHub · resumes at ${hhmm} · data from just now`);
    await expect(headerBadge(page).locator('[role="alert"], .as-note--error, [data-action="retry"]')).toHaveCount(0);
    expect(await seriousAxeViolations(page, '[data-agent-sessions-badge="header"]')).toEqual([]);
    // The popup: a calm status (not an alert) that says when it resumes and that it retries by itself; no Retry.
    const popup = await openPopup();
    const calm = popup.locator('.as-note--calm[data-error-kind="rate-limited"]');
    await expect(calm).toBeVisible();
    await expect(calm).toHaveAttribute('role', 'status');
    await expect(calm).toContainText(/requests resume at \d\d:\d\d/);
    await expect(popup.getByTestId('auto-retry')).toBeVisible();
    await expect(popup.locator('[data-action="retry"]')).toHaveCount(0);
    await expect(popup.getByTestId('synced')).toHaveText(
      `Waiting for GitHub · resumes at ${hhmm} · data from just now`,
    );
    expect(await seriousAxeViolations(popup)).toEqual([]);
    expectNoErrors([/403/, /rate limit/i]);
  });
});

test.describe('axe on the drawer (as its own tab) with the notices of issue 20', () => {
  test('waiting (with the agent’s question), failed, and not connected: nothing serious or critical', async ({
    context,
    extensionId,
    expectSignedIn,
    twin,
    sendMessage,
    getState,
  }) => {
    await expectSignedIn();
    await expect.poll(async () => (await getState()).lastSyncAt).not.toBeNull();
    const tab = await context.newPage();
    // A new document each time (a hash change alone does not switch the drawer).
    const open = async (id: string) => {
      await tab.goto('about:blank');
      await tab.goto(`chrome-extension://${extensionId}/drawer.html#session=${id}&view=tab`);
    };
    for (const scheme of ['light', 'dark'] as const) {
      await tab.emulateMedia({ colorScheme: scheme });
      await open(S43);
      await expect(tab.locator('[data-notice="waiting"] [data-role="waiting-for"]')).toBeVisible({ timeout: 20_000 });
      expect(await seriousAxeViolations(tab)).toEqual([]);
      await open(S44);
      await expect(tab.locator('[data-notice="failed"]')).toBeVisible({ timeout: 20_000 });
      expect(await seriousAxeViolations(tab)).toEqual([]);
    }
    await twin.control('POST', 'revoke-token', { token: 'ghp_demo_token' });
    await sendMessage({ type: 'refresh', reason: 'manual' }).catch(() => undefined);
    await open(S42);
    await expect(tab.locator('[data-role="connection"]')).toContainText('Not connected · data from', {
      timeout: 20_000,
    });
    expect(await seriousAxeViolations(tab)).toEqual([]);
  });
});

test.describe('#8 the popup shows what needs me, #9 only what the token can do', () => {
  test('first sync: the failures of the last day need me, not "Recent"; own login not repeated; ⚡ says its unit; a merged PR says so', async ({
    expectSignedIn,
    openPopup,
    getState,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    const popup = await openPopup();
    await expect(popupRow(popup, S44)).toBeVisible();
    await expect(popup.locator('[data-provisional="true"]')).toHaveCount(0);
    await expect.poll(async () => (await getState()).lastSyncAt).not.toBeNull();
    const state = await getState();
    const dayAgo = Date.parse(state.lastSyncAt ?? '') - 24 * 3600_000;
    const wrong = state.sessions.filter(
      (s) =>
        !s.archived && (s.state === 'failed' || s.state === 'timed_out') && Date.parse(s.completedAt ?? '') > dayAgo,
    );
    // The demo: #44 failed and api-server #7 timed out, both hours ago.
    expect(wrong.map((s) => s.state).sort()).toEqual(['failed', 'timed_out']);
    for (const s of wrong) {
      await expect(popup.locator(`[data-section="attention"] li[data-session-id="${s.id}"]`)).toHaveCount(1);
      await expect(popupRow(popup, s.id)).toHaveAttribute('data-unread', 'true');
    }
    await expect(
      popup.locator(
        '[data-section="recent"] li[data-state="failed"], [data-section="recent"] li[data-state="timed_out"]',
      ),
    ).toHaveCount(0);
    // Marked read, a failure goes to Recent, first of its rows.
    await popupRow(popup, S44).hover();
    await popupRow(popup, S44).locator('[data-action="mark-read"]').click();
    await expect(popup.locator('[data-section="recent"] li[data-session-id]').first()).toHaveAttribute(
      'data-session-id',
      S44,
    );
    // ⚡ is explained: the amount with GitHub's unit, in words.
    const usage = popup.locator('.as-badge-premium').first();
    await expect(usage).toHaveText(/^\d+(\.\d+)? (premium requests?|AI credits?)$/);
    await expect(usage).toHaveAttribute('title', /premium request|AI credit/);
    // octo-demo's own rows do not repeat "octo-demo"; monalisa's row names her.
    await expect(popupRow(popup, S42)).toBeVisible();
    await expect(popupRow(popup, S42).locator('.as-row-by')).toHaveCount(0);
    await expect(popup.locator('.as-row-by', { hasText: 'octo-demo' })).toHaveCount(0);
    const merged = state.sessions.find((s) => s.pr?.state === 'merged');
    expect(merged, 'the demo has a session on a merged PR').toBeTruthy();
    await popup.locator('[data-testid="filter-archived"]').check();
    await expect(popupRow(popup, merged!.id).locator('[data-pr-state="merged"]')).toHaveText('PR merged');
    expect(await seriousAxeViolations(popup)).toEqual([]);
    expectNoErrors();
  });

  test('a token without the repo scope: no Stop, no New task', async ({ signIn, openPopup, expectNoErrors }) => {
    expect(await signIn('ghp_noscope_token')).toMatchObject({ ok: true });
    const popup = await openPopup();
    await expect(popup.getByTestId('footer')).toBeVisible({ timeout: 20_000 });
    await expect(popup.locator('[data-action="new-task"]')).toHaveCount(0);
    await expect(popup.locator('[data-action="stop"]')).toHaveCount(0);
    expectNoErrors([/40[34]/]);
  });
});
