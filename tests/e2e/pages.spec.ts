/**
 * github.com's 2026 pages (issue 14) against the twin: the hybrid PR page (a server-rendered Primer React header,
 * hydrated by real React, over the legacy timeline with 2026 agent events), whole and streamed in chunks; people's
 * comments with pasted session links; a review session; the header badge placed without disturbing React's
 * hydration (zero hydration errors, with a control that shows the twin reports one); the preview React PR list.
 * Light-DOM hooks: `[data-agent-sessions-badge="timeline|header|list"]` with `data-session-id`.
 */
import type { Page } from '@playwright/test';
import type { Scenario } from '../twin/types';
import { expect, test } from './fixtures';
import { FULL_TOKEN, GH, PR42, PR42_SESSIONS, S42, S42_FIRST, S43 } from './helpers/demo';
import { drawerHost, headerBadge, timelineBadge, timelineBadges } from './helpers/page';
import { loadScenario } from './helpers/scenario';

/** A session of another PR (#43), pasted into a comment of #42. */
const PASTED_OTHER = `${GH}/octo-org/webapp/agents/pull/43?session_id=${S43}`;
/** #42's own first session, pasted into a comment (a link is not an event). */
const PASTED_OWN = `${GH}/octo-org/webapp/agents/pull/42?session_id=${S42_FIRST}`;
const HYDRATION_ERROR = /Minified React error #(418|423|425)|[Hh]ydrat/;

/** The demo with people pasting session links into #42's comments and a review requested from Copilot. */
function pagesScenario(): Scenario {
  const demo = loadScenario('demo');
  const pull = demo.pulls!.find((p) => p.number === 42 && p.repo === 'octo-org/webapp')!;
  pull.extraTimeline = [
    ...(pull.extraTimeline ?? []),
    {
      type: 'commented',
      at: '-60m',
      actor: 'monalisa',
      body: `Copilot started work on behalf of me on this too: ${PASTED_OWN}\nSame failure as ${PASTED_OTHER} and https://github.com/copilot/tasks/pull/PR_kwDOother?session_id=5e1f0a99-9999-4a99-9a99-000000000099`,
    },
    { type: 'review_requested', at: '-50m', actor: 'octo-demo', reviewer: 'Copilot' },
  ];
  return { ...demo, name: 'demo-pages-2026' };
}

/** Every timeline badge sits at the end of its event's line, in an agent's own "started work" event. */
async function expectOwnStartedEventsOnly(page: Page): Promise<void> {
  await expect(timelineBadges(page)).toHaveCount(3);
  for (const id of PR42_SESSIONS) await expect(timelineBadge(page, id)).toHaveCount(1);
  const placed = await timelineBadges(page).evaluateAll((hosts) =>
    hosts.map((h) => ({
      last: h.parentElement?.lastElementChild === h,
      text: (h.closest('.TimelineItem-body')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    })),
  );
  for (const p of placed) {
    expect(p.last).toBe(true);
    expect(p.text).toMatch(/^Copilot AI started work on behalf of octo-demo/);
  }
  await expect(page.locator('.comment-body [data-agent-sessions-badge]')).toHaveCount(0);
  await expect(page.locator('[id$="-review"] [data-agent-sessions-badge]')).toHaveCount(0);
}

test.use({ scenario: pagesScenario() });

test("hybrid page, whole: badges on the agents' own started-work events only; header badge after hydration, zero hydration errors", async ({
  page,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn(FULL_TOKEN);
  await page.goto(`${PR42}?live=0`);
  await expectOwnStartedEventsOnly(page);
  // The pasted links and the review session are on the page, unbadged.
  await expect(page.locator(`.comment-body a[href="${PASTED_OTHER}"]`)).toHaveCount(1);
  await expect(page.locator('a[title="View session"]', { hasText: 'started reviewing' })).toHaveCount(1);
  const header = headerBadge(page);
  await expect(header).toHaveAttribute('data-session-id', S42);
  expect(
    await header.evaluate(
      (h) =>
        !!h.closest('[class*="prc-PageHeader-Description"]') &&
        !!h.previousElementSibling?.matches('[class*="prc-StateLabel"]'),
    ),
  ).toBe(true);
  await expect(page.locator('react-partial[partial-name="pull-request-header"]')).toHaveAttribute(
    'data-hydrated',
    'true',
  );
  // React keeps the header (no client re-render threw the badge out).
  await page.waitForTimeout(500);
  await expect(header).toHaveCount(1);
  expectNoErrors();
});

test('hybrid page, slow hydration: nothing goes into the header before React hydrated it', async ({
  page,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn(FULL_TOKEN);
  // Records, in the page, whether React had hydrated the header when the header badge went in.
  await page.addInitScript(() => {
    const w = window as unknown as { __badgeAfterHydration?: boolean };
    new MutationObserver(() => {
      if (w.__badgeAfterHydration !== undefined) return;
      if (!document.querySelector('[data-agent-sessions-badge="header"]')) return;
      w.__badgeAfterHydration = !!document.querySelector(
        'react-partial[partial-name="pull-request-header"][data-hydrated]',
      );
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${PR42}?live=0&hydrate_delay=2500`);
  await expect(timelineBadges(page)).toHaveCount(3); // the Rails timeline needs no wait
  await expect(headerBadge(page)).toHaveCount(1, { timeout: 15_000 });
  expect(
    await page.evaluate(() => (window as unknown as { __badgeAfterHydration?: boolean }).__badgeAfterHydration),
  ).toBe(true);
  await page.waitForTimeout(300);
  expectNoErrors();
});

test('control: a node put into the header before hydration makes React report a hydration error', async ({
  page,
  errors,
}) => {
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const description = document.querySelector('[class*="prc-PageHeader-Description"]');
      description?.append(Object.assign(document.createElement('span'), { textContent: 'foreign' }));
    });
  });
  await page.goto(`${PR42}?live=0`);
  await expect
    .poll(() => errors.unexpected([]).filter((e) => HYDRATION_ERROR.test(e.text)).length, { timeout: 10_000 })
    .toBeGreaterThan(0);
});

test('hybrid page, streamed in chunks with pauses: the same badges, none elsewhere', async ({
  page,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn(FULL_TOKEN);
  // Counts the parser's insertions of timeline items while the document is still loading.
  await page.addInitScript(() => {
    const w = window as unknown as { __chunks: number };
    w.__chunks = 0;
    new MutationObserver((records) => {
      if (document.readyState !== 'loading') return;
      if (
        records.some((r) =>
          Array.from(r.addedNodes).some((n) => n instanceof Element && n.matches('.js-timeline-item')),
        )
      )
        w.__chunks++;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${PR42}?live=0&stream=700:60`);
  await expectOwnStartedEventsOnly(page);
  expect(await page.evaluate(() => (window as unknown as { __chunks: number }).__chunks)).toBeGreaterThan(2);
  await expect(headerBadge(page)).toHaveAttribute('data-session-id', S42);
  expectNoErrors();
});

test("a pasted link to another PR's session is GitHub's link, never this PR's drawer", async ({
  page,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn(FULL_TOKEN);
  await page.goto(`${PR42}?live=0`);
  await expect(timelineBadges(page)).toHaveCount(3);
  await page.locator(`.comment-body a[href="${PASTED_OTHER}"]`).click();
  await expect(page).toHaveURL(PASTED_OTHER);
  await expect(drawerHost(page)).toHaveCount(0);
  // This PR's own started-work link opens the drawer on its session.
  await page.goto(`${PR42}?live=0`);
  await page.locator(`#partial-timeline a[title="View session"][href*="session_id=${S42}"]`).first().click();
  await expect(drawerHost(page, S42)).toHaveCount(1);
  expectNoErrors([/404/]);
});

test('preview React PR list: rows badged once React hydrated them, zero hydration errors', async ({
  page,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn(FULL_TOKEN);
  await page.goto(`${GH}/octo-org/webapp/pulls?list=preview&hydrate_delay=800`);
  const row42 = page.locator('li[class*="PullsListItem-module__listItem"]', {
    has: page.locator('a[href$="/pull/42"]'),
  });
  await expect(row42.locator('[data-agent-sessions-badge="list"]')).toHaveAttribute('data-session-id', S42);
  await expect(page.locator('react-partial[partial-name="pull-requests-list"]')).toHaveAttribute(
    'data-hydrated',
    'true',
  );
  const row47 = page.locator('li[class*="PullsListItem-module__listItem"]', {
    has: page.locator('a[href$="/pull/47"]'),
  });
  await expect(row47.locator('[data-agent-sessions-badge="list"]')).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 700 });
  await page.locator('main').screenshot({ path: 'docs/screenshots/pr-list-preview-light.png' });
  expectNoErrors();
});

test('page-compatibility report: counts per page kind in the options page, missing anchors named, copy diagnostics', async ({
  page,
  context,
  expectSignedIn,
  openOptions,
  expectNoErrors,
}) => {
  await expectSignedIn(FULL_TOKEN);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => undefined);
  const visit = async (url: string) => {
    await page.goto(url);
    await page.waitForLoadState('load');
    await page.waitForTimeout(2200); // the content script counts a page once it has settled (1.5 s after load)
  };
  await visit(`${PR42}?live=0`);
  await visit(`${GH}/octo-org/infra/pull/22`); // a layout no anchor matches
  await visit(`${GH}/octo-org/webapp/pulls?list=preview`);
  const options = await openOptions();
  const report = options.getByTestId('page-compat');
  await expect(report.locator('table[data-kind="pr-conversation"] caption')).toContainText('2 pages');
  await expect(
    report.locator('table[data-kind="pr-conversation"] tr[data-anchor="prHeaderState"][data-alternative="0"]'),
  ).toContainText('Primer PageHeader description state label');
  await expect(
    report.locator('table[data-kind="pr-list"] tr[data-anchor="prListRow"][data-alternative="2"]'),
  ).toContainText('preview React PR list row');
  const missing = report.getByTestId('compat-missing');
  await expect(missing.locator('li[data-anchor="timelineItem"]')).toContainText('missing on 1 of 2 pages');
  await expect(missing.locator('li[data-anchor="prHeaderState"]')).toHaveCount(1);
  await report.locator('[data-action="copy-diagnostics"]').click();
  await expect(report.getByTestId('compat-status')).toHaveText(/copied|clipboard/i);
  const text = await report.getByTestId('compat-text').textContent();
  const parsed = JSON.parse(text ?? '{}') as { kinds: Record<string, { pages: number }>; missing: string[] };
  expect(parsed.kinds['pr-conversation']!.pages).toBe(2);
  expect(parsed.missing).toContain('pr-conversation timelineItem: 1/2');
  expect(text).toContain('header[class^=\\"prc-PageLayout-Header\\"]');
  expect(text).not.toMatch(/octo-org|octo-demo|dark mode|5e1f0a/); // counts and selectors, nothing of the pages
  expectNoErrors();
});
