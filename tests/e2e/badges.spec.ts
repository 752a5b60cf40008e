/**
 * PR page badges (issue 5) against the twin: both timeline variants, live state changes, several sessions on one
 * PR, soft navigation into and out of a PR, Load more, PR lists, an unknown layout, signed-out pages, axe on the
 * injected UI, and the README screenshots (docs/screenshots/pr-badges-{light,dark}.png).
 * Light-DOM hooks read here: `[data-agent-sessions-badge="timeline|header|list|fallback"]` with `data-session-id`
 * and `data-state`; inside the open shadow root `.as-badge`, `.as-badge-time`, `[data-action="stop"]`.
 */
import type { Scenario } from '../twin/types';
import { expect, test } from './fixtures';
import {
  FULL_TOKEN,
  GH,
  PR22,
  PR42,
  PR42_SESSIONS,
  PR43,
  S08,
  S22,
  S42,
  S42_FIRST,
  S42_SECOND,
  S43,
} from './helpers/demo';
import { drawerHost, headerBadge, seriousAxeViolations, timelineBadge, timelineBadges } from './helpers/page';
import { loadScenario } from './helpers/scenario';

test.use({ scenario: 'demo' });

test('legacy timeline: badge next to the event, header badge, live elapsed time', async ({
  page,
  expectSignedIn,
  twin,
  expectNoErrors,
}) => {
  await twin.setSessionState(S43, 'in_progress');
  await expectSignedIn(FULL_TOKEN);
  await page.goto(PR43);
  const badge = timelineBadge(page, S43);
  await expect(badge).toHaveAttribute('data-state', 'in_progress');
  await expect(badge.locator('.as-badge')).toContainText('In progress');
  await expect(timelineBadges(page)).toHaveCount(1); // the "finished"/"stopped" events get none
  // Inline next to the View session link inside the event.
  expect(await badge.evaluate((el) => el.previousElementSibling?.textContent?.trim())).toBe('View session');
  await expect(headerBadge(page)).toHaveAttribute('data-state', 'in_progress');
  await expect(headerBadge(page).locator('[data-action="stop"]')).toBeVisible();
  const t1 = await badge.locator('.as-badge-time').textContent();
  await expect.poll(() => badge.locator('.as-badge-time').textContent(), { timeout: 4000 }).not.toBe(t1);
  expectNoErrors();
});

// GitHub's legacy header (docs/fidelity.md "Legacy header meta row"): the state label sits in a non-shrinking box of a
// wrapping flex row. The badge goes after that box, an item of the row, never inside it (where it could not give way);
// the reduced shape (`?header=bare`, label and text straight in the row) gets it right after the label.
for (const shape of ['github', 'bare'] as const) {
  test(`legacy header (${shape} shape): the badge is an item of GitHub's meta row; nothing overflows at 1024 px with the drawer`, async ({
    page,
    expectSignedIn,
    twin,
    expectNoErrors,
  }) => {
    await twin.setSessionState(S43, 'waiting_for_user');
    await expectSignedIn(FULL_TOKEN);
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${PR43}${shape === 'bare' ? '?header=bare' : ''}#agent-session=${S43}`);
    await expect(headerBadge(page)).toHaveAttribute('data-state', 'waiting_for_user');
    await expect
      .poll(() => drawerHost(page).evaluate((el) => el.hasAttribute('data-open') && el.getAnimations().length === 0))
      .toBe(true);
    const placed = await headerBadge(page).evaluate((el) => ({
      inRow: el.parentElement?.classList.contains('gh-header-meta') ?? false,
      after: el.previousElementSibling?.matches('.State') ? 'label' : (el.previousElementSibling?.className ?? ''),
    }));
    expect(placed.inRow).toBe(true);
    expect(placed.after).toEqual(shape === 'bare' ? 'label' : expect.stringContaining('flex-shrink-0'));
    const row = page.locator('.gh-header-meta');
    const [rowBox, badgeBox] = [await row.boundingBox(), await headerBadge(page).boundingBox()];
    expect(badgeBox!.x + badgeBox!.width).toBeLessThanOrEqual(rowBox!.x + rowBox!.width + 0.5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
    expect(await seriousAxeViolations(page, '[data-agent-sessions-badge="header"]')).toEqual([]);
    expectNoErrors();
  });
}

/**
 * The demo scenario with PR #42's three sessions re-timed around "now", so advancing the twin's clock walks them
 * through every state while the page stays open (the twin's forced session states do not change the task list's
 * `updated_at`, so the engine's conditional requests would not see them — natural transitions do).
 */
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
  Object.assign(b!, {
    createdAt: '-5m',
    timeline: [
      { at: '+0s', state: 'queued' },
      { at: '+20s', state: 'in_progress' },
      { at: '+11m', state: 'failed', error: 'The agent could not install dependencies <img src=x onerror=alert(1)>' },
    ],
  });
  Object.assign(c!, {
    createdAt: '-1m',
    timeline: [
      { at: '+0s', state: 'queued' },
      { at: '+3m', state: 'in_progress' },
      { at: '+10m', state: 'timed_out' },
    ],
  });
  return { ...demo, name: 'demo-live-badges' };
}

test.describe('live', () => {
  test.use({ scenario: liveScenario() });

  test('React timeline: several sessions on one PR, live state changes without reload', async ({
    page,
    expectSignedIn,
    twin,
    sendMessage,
    expectNoErrors,
  }) => {
    await expectSignedIn(FULL_TOKEN);
    await page.goto(PR42);
    for (const id of PR42_SESSIONS) await expect(timelineBadge(page, id)).toHaveCount(1);
    await expect(timelineBadges(page)).toHaveCount(3);
    await expect(timelineBadge(page, S42_FIRST)).toHaveAttribute('data-state', 'in_progress');
    await expect(timelineBadge(page, S42)).toHaveAttribute('data-state', 'queued');
    await expect(headerBadge(page)).toHaveAttribute('data-session-id', S42);
    await expect(headerBadge(page)).toContainText('3 sessions');
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    const waitFor = async (id: string, state: string) =>
      expect
        .poll(
          async () => {
            await sendMessage({ type: 'refresh', reason: 'manual' });
            return timelineBadge(page, id).getAttribute('data-state');
          },
          { timeout: 20_000, intervals: [300, 700, 1000] },
        )
        .toBe(state);
    await twin.advance(3 * 60_000); // c: queued → in_progress
    await waitFor(S42, 'in_progress');
    await expect(timelineBadge(page, S42).locator('.as-badge')).toContainText('In progress');
    await twin.advance(4 * 60_000 + 30_000); // a: → ready for review
    await waitFor(S42_FIRST, 'completed');
    await expect(timelineBadge(page, S42_FIRST).locator('.as-badge')).toContainText('Ready for review');
    await twin.advance(60_000); // b: → failed, with its error in the tooltip (as text)
    await waitFor(S42_SECOND, 'failed');
    await expect(timelineBadge(page, S42_SECOND).locator('button')).toHaveAttribute(
      'title',
      /Error: The agent could not install dependencies <img/,
    );
    await expect(timelineBadge(page, S42_SECOND).locator('img')).toHaveCount(0);
    await twin.advance(2 * 60_000); // c: → timed out
    await waitFor(S42, 'timed_out');
    await expect(headerBadge(page)).toHaveAttribute('data-state', 'timed_out');
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expectNoErrors();
  });
});

test('cancelled: a session the background saw cancelled shows so', async ({ page, expectSignedIn, expectNoErrors }) => {
  await expectSignedIn(FULL_TOKEN);
  await page.goto(`${GH}/octo-org/api-server/pull/8`);
  await expect(timelineBadge(page, S08)).toHaveAttribute('data-state', 'cancelled');
  await expect(timelineBadge(page, S08).locator('.as-badge')).toContainText('Cancelled');
  expectNoErrors();
});

test('soft navigation into and out of a PR; PR list badges', async ({ page, expectSignedIn, expectNoErrors }) => {
  await expectSignedIn(FULL_TOKEN);
  await page.goto(`${GH}/octo-org/webapp`);
  await expect(page.locator('html')).toHaveAttribute('data-agent-sessions', 'ready');
  await page.evaluate(() => {
    (window as unknown as { __soft: boolean }).__soft = true;
  });
  await page.locator('a[href="/octo-org/webapp/pull/43"]').first().click();
  await expect(page).toHaveURL(PR43);
  await expect(timelineBadge(page, S43)).toHaveCount(1);
  await expect(headerBadge(page)).toHaveCount(1);
  // Out of the PR, into its list (soft).
  await page.locator('a[href="/octo-org/webapp/pulls"]').first().click();
  await expect(page).toHaveURL(`${GH}/octo-org/webapp/pulls`);
  await expect(timelineBadges(page)).toHaveCount(0);
  await expect(headerBadge(page)).toHaveCount(0);
  const list = page.locator('[data-agent-sessions-badge="list"]');
  await expect(list.first()).toBeVisible();
  const row42 = page.locator('#issue_42 [data-agent-sessions-badge="list"]');
  await expect(row42).toHaveAttribute('data-session-id', S42);
  await expect(page.locator('#issue_47 [data-agent-sessions-badge="list"]')).toHaveCount(0); // no sessions
  expect(await page.evaluate(() => (window as unknown as { __soft?: boolean }).__soft)).toBe(true);
  // And back into a PR by the back button.
  await page.goBack();
  await expect(page).toHaveURL(PR43);
  await expect(timelineBadge(page, S43)).toHaveCount(1);
  expectNoErrors();
});

test('PR tabs: Files changed shows the current session in the header; tabs switch softly; the badge opens the drawer', async ({
  page,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn(FULL_TOKEN);
  await page.goto(`${PR42}/files?live=0`);
  await expect(page.locator('[data-twin-tab="files"]').first()).toBeVisible();
  await expect(headerBadge(page)).toHaveCount(1);
  await expect(headerBadge(page)).toHaveAttribute('data-session-id', S42); // the latest of the three
  await expect(headerBadge(page).locator('.as-badge')).toContainText(/In progress|Ready for review|Failed|Queued/);
  await expect(timelineBadges(page)).toHaveCount(0); // no timeline on this tab
  await page.evaluate(() => {
    (window as unknown as { __soft: boolean }).__soft = true;
  });
  // Conversation (soft): the timeline badges arrive, the header keeps one badge.
  await page.locator('.tabnav-tab[data-tab="conversation"]').click();
  await expect(page).toHaveURL(PR42);
  await expect(timelineBadges(page)).toHaveCount(3);
  await expect(headerBadge(page)).toHaveCount(1);
  // Commits, then Checks (soft): still one header badge, no timeline badges left behind.
  await page.locator('.tabnav-tab[data-tab="commits"]').click();
  await expect(page.locator('[data-twin-tab="commits"]').first()).toBeVisible();
  await expect(timelineBadges(page)).toHaveCount(0);
  await expect(headerBadge(page)).toHaveCount(1);
  await page.locator('.tabnav-tab[data-tab="checks"]').click();
  await expect(page.locator('[data-twin-tab="checks"]').first()).toBeVisible();
  await expect(headerBadge(page)).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { __soft?: boolean }).__soft)).toBe(true);
  // The header badge opens the log drawer on that session, here too.
  await headerBadge(page).locator('.as-badge-btn').click();
  await expect(drawerHost(page, S42)).toHaveCount(1);
  expectNoErrors();
});

test.describe('load more', () => {
  // Two visible timeline entries: PR #42's middle session's "started work" event sits behind "Load more".
  test.use({ scenario: { ...loadScenario('demo'), timelinePageSize: 2 } });

  test('items that appear later get badges, each once', async ({ page, expectSignedIn, expectNoErrors }) => {
    await expectSignedIn(FULL_TOKEN);
    await page.goto(`${PR42}?live=0`);
    const more = page.locator('[data-twin-load-more]');
    await expect(more).toBeVisible();
    await expect(timelineBadge(page, S42_FIRST)).toHaveCount(1);
    await expect(timelineBadge(page, S42_SECOND)).toHaveCount(0);
    await more.click();
    await expect(more).toHaveCount(0);
    await expect(timelineBadge(page, S42_SECOND)).toHaveCount(1);
    await expect(timelineBadge(page, S42_SECOND)).toHaveAttribute('data-state', 'completed');
    await page.waitForTimeout(500);
    for (const id of PR42_SESSIONS) await expect(timelineBadge(page, id)).toHaveCount(1);
    expectNoErrors();
  });
});

test('unknown layout: a floating summary and a tagged warning', async ({ page, expectSignedIn, expectNoErrors }) => {
  await expectSignedIn(FULL_TOKEN);
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto(PR22);
  const summary = page.locator('[data-agent-sessions-badge="fallback"]');
  await expect(summary).toHaveAttribute('data-session-id', S22);
  await expect(summary.locator('section')).toBeVisible();
  expect(warnings.filter((w) => w.startsWith('[agent-sessions] no anchor matched'))).toHaveLength(1);
  await summary.locator('[aria-label^="Dismiss"]').click();
  await expect(summary).toHaveCount(0);
  expectNoErrors();
});

test('signed-out pages: the extension not signed in, and the page signed out', async ({
  page,
  expectSignedIn,
  expectNoErrors,
}) => {
  await page.goto(PR43);
  await expect(timelineBadge(page, S43)).toHaveAttribute('data-state', 'signed-out');
  await expect(headerBadge(page)).toContainText('Sign in to the extension to see live status');
  await expectSignedIn(FULL_TOKEN);
  await page.goto(`${PR43}?logged_out=1`);
  await expect(timelineBadge(page, S43)).not.toHaveAttribute('data-state', /signed-out|loading/);
  const state = await headerBadge(page).getAttribute('data-state');
  if (state === 'in_progress' || state === 'queued' || state === 'waiting_for_user') {
    const stop = headerBadge(page).locator('button.as-btn-danger');
    await expect(stop).toBeDisabled();
    await expect(stop).toHaveAttribute('title', /Sign in to GitHub on this page/);
  }
  expectNoErrors();
});

test('axe: no serious or critical violation in the injected UI; screenshots', async ({
  page,
  expectSignedIn,
  twin,
  expectNoErrors,
}) => {
  await twin.setSessionState(S42, 'in_progress');
  await expectSignedIn(FULL_TOKEN);
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const theme of ['light', 'dark'] as const) {
    await page.goto(`${PR42}?theme=${theme}&live=0`);
    await expect(timelineBadges(page)).toHaveCount(3);
    await expect(headerBadge(page)).toHaveAttribute('data-state', /in_progress|completed/);
    const bad = await seriousAxeViolations(page, '[data-agent-sessions-badge]');
    expect(
      bad.map(
        (v) => `${theme} ${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(', ')}`,
      ),
    ).toEqual([]);
    await page.locator('main').screenshot({ path: `docs/screenshots/pr-badges-${theme}.png` });
  }
  expectNoErrors();
});
