/**
 * Screenshots of issue 14 and 15 features, light and dark, each after checking that what it shows is there:
 * - docs/screenshots/drawer-live-{1280,1024}-{light,dark}.png: the drawer of a running session with live progress
 *   from public APIs (the agent's plan checklist from the PR description, opened, with what changed; the job's steps
 *   with their status and timing; the agent's commit), Copilot API refusing the token;
 * - docs/screenshots/pr-list-preview-{light,dark}.png: the preview React PR list with its badges;
 * - docs/screenshots/options-compat-{light,dark}.png: the options page's page-compatibility report.
 */
import { expect, test } from './fixtures';
import { FULL_TOKEN, GH, PR_LAB, PR42, PR43, S_LAB, S42, S43, S44 } from './helpers/demo';
import { drawer, drawerHost, headerBadge, popupRow, seriousAxeViolations } from './helpers/page';
import { demoWithRunning } from './helpers/scenario';

const SCHEMES = ['light', 'dark'] as const;

test.describe('drawer with live progress', () => {
  test.use({ scenario: demoWithRunning(S_LAB, '-1m', 'demo-running-lab') });

  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 768 },
  ] as const) {
    for (const scheme of SCHEMES) {
      test(`at ${size.width}×${size.height} (${scheme})`, async ({ page, expectSignedIn, twin }) => {
        await twin.control('POST', 'capi', { accepts: false });
        await expectSignedIn();
        await page.bringToFront();
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize(size);
        await page.goto(`${PR_LAB}${scheme === 'dark' ? '?theme=dark' : ''}#agent-session=${S_LAB}`);
        await expect(drawerHost(page)).toHaveAttribute('data-session-id', S_LAB);
        await expect
          .poll(() =>
            drawerHost(page).evaluate((el) => el.hasAttribute('data-open') && el.getAnimations().length === 0),
          )
          .toBe(true);
        const d = drawer(page);
        await expect(d.locator('[data-role="log-source"]')).toHaveAttribute('data-source', 'actions-steps');
        await expect(d.locator('[data-entry-id^="live-step-"]').first()).toBeVisible({ timeout: 20_000 });
        // The agent reports progress: a plan (the PR description) and a commit besides the job's steps.
        await twin.advance(4 * 60_000 + 30_000);
        // The agent's commit (its first report_progress): the list scrolled to its end, where it comes.
        const atEnd = async (what: string) => {
          await d.locator('[data-role="log-scroll"]').evaluate((el) => {
            el.scrollTop = el.scrollHeight;
          });
          return d.locator(what).count();
        };
        await expect.poll(() => atEnd('[data-entry-kind="commit"]'), { timeout: 30_000 }).toBeGreaterThan(0);
        // The plan (it sorts first): opened, its checklist and what changed are what a person looks for.
        await d.locator('[data-role="log-scroll"]').evaluate((el) => {
          el.scrollTop = 0;
        });
        const plan = d.locator('[data-entry-kind="progress"][data-entry-id^="live-plan-"]').last();
        await expect(plan).toContainText('1 of 2 done', { timeout: 20_000 });
        const toggle = plan.locator('.as-entry-toggle');
        if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
        await expect(plan.locator('input[type="checkbox"]')).toHaveCount(2);
        await expect(plan.locator('input[type="checkbox"]:checked')).toHaveCount(1);
        expect(await d.locator('html').getAttribute('data-theme')).toBe(scheme);
        await page.waitForTimeout(300);
        await page.screenshot({ path: `docs/screenshots/drawer-live-${size.width}-${scheme}.png` });
      });
    }
  }
});

for (const scheme of SCHEMES) {
  test(`preview React PR list with badges (${scheme})`, async ({ page, expectSignedIn }) => {
    await expectSignedIn(FULL_TOKEN);
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 700 });
    await page.goto(`${GH}/octo-org/webapp/pulls?list=preview${scheme === 'dark' ? '&theme=dark' : ''}`);
    const row42 = page.locator('li[class*="PullsListItem-module__listItem"]', {
      has: page.locator('a[href$="/pull/42"]'),
    });
    await expect(row42.locator('[data-agent-sessions-badge="list"]')).toHaveAttribute('data-session-id', S42);
    await expect(page.locator('react-partial[partial-name="pull-requests-list"]')).toHaveAttribute(
      'data-hydrated',
      'true',
    );
    await page.waitForTimeout(300);
    await page.locator('main').screenshot({ path: `docs/screenshots/pr-list-preview-${scheme}.png` });
  });

  test(`options page compatibility report (${scheme})`, async ({ page, expectSignedIn, openOptions }) => {
    await expectSignedIn(FULL_TOKEN);
    for (const url of [`${GH}/octo-org/webapp/pull/42?live=0`, `${GH}/octo-org/webapp/pulls?list=preview`]) {
      await page.goto(url);
      await page.waitForLoadState('load');
      await page.waitForTimeout(2200); // a page is counted once it has settled (1.5 s after load)
    }
    const options = await openOptions();
    await options.emulateMedia({ colorScheme: scheme });
    await options.setViewportSize({ width: 1024, height: 900 });
    const report = options.getByTestId('page-compat');
    await expect(report.locator('table[data-kind="pr-conversation"] caption')).toContainText('1 page');
    await expect(report.locator('table[data-kind="pr-list"]')).toBeVisible();
    await report.scrollIntoViewIfNeeded();
    await options.waitForTimeout(300);
    await report.screenshot({ path: `docs/screenshots/options-compat-${scheme}.png` });
  });
}

/**
 * Issue 20's improved surfaces, light and dark, each after checking that what it shows is there, with axe's serious
 * and critical findings at zero: docs/screenshots/ux-signin-*, ux-options-check-*, ux-popup-notices-*,
 * ux-popup-stop-*, ux-pr-stop-*, ux-pr-waiting-*, ux-pr-not-connected-*, ux-popup-not-connected-*, ux-popup-rate-limit-*
 * (pages at 1280 px, the popup at its 400 px).
 */
test.describe('issue 20: the first ten minutes', () => {
  const PAGE = { width: 1280, height: 800 } as const;
  const POPUP = { width: 400, height: 600 } as const;
  const cancelFault = { type: 'status', status: 500, path: '/repos/*/actions/runs/*/cancel', count: 3 };
  const shot = (name: string, scheme: string) => `docs/screenshots/ux-${name}-${scheme}.png`;
  const themed = (url: string, scheme: string) => {
    if (scheme !== 'dark') return url;
    const [base, hash] = url.split('#');
    return `${base}${base!.includes('?') ? '&' : '?'}theme=dark${hash ? `#${hash}` : ''}`;
  };

  for (const scheme of SCHEMES) {
    test(`sign-in guide and the capability check (${scheme})`, async ({ openOptions, signIn }) => {
      const options = await openOptions();
      await options.emulateMedia({ colorScheme: scheme });
      await options.setViewportSize({ width: 1280, height: 900 });
      await expect(options.getByTestId('token-permissions')).toContainText('Actions: Read and write');
      expect(await seriousAxeViolations(options)).toEqual([]);
      await options.waitForTimeout(300);
      await options.screenshot({ path: shot('signin', scheme) });
      // A read-only fine-grained token: the check says what each capability needs and has.
      expect(await signIn('github_pat_demo_readonly')).toMatchObject({ ok: true });
      await options.reload();
      await expect(options.locator('[data-capability="stopSessions"]')).toHaveAttribute('data-ok', 'false', {
        timeout: 20_000,
      });
      expect(await seriousAxeViolations(options)).toEqual([]);
      await options.waitForTimeout(300);
      await options.screenshot({ path: shot('options-check', scheme) });
    });

    test(`popup: failed and waiting notices, then a refused Stop under its row (${scheme})`, async ({
      expectSignedIn,
      openPopup,
      twin,
    }) => {
      await expectSignedIn();
      await twin.control('POST', 'fault', cancelFault);
      const popup = await openPopup();
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.setViewportSize(POPUP);
      await expect(popupRow(popup, S43).locator('[data-role="waiting-for"]')).toBeVisible();
      await expect(popupRow(popup, S44).locator('[data-notice="failed"]')).toBeVisible();
      await expect(popup.locator('[data-provisional="true"]')).toHaveCount(0);
      expect(await seriousAxeViolations(popup)).toEqual([]);
      await popup.waitForTimeout(300);
      await popup.screenshot({ path: shot('popup-notices', scheme) });
      const row = popupRow(popup, S42);
      await row.scrollIntoViewIfNeeded();
      await row.locator('[data-action="stop"]').click();
      await expect(row.locator('.as-row-stopnote [role="alert"]')).toContainText(/GitHub/, { timeout: 20_000 });
      await row.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      expect(await seriousAxeViolations(popup)).toEqual([]);
      await popup.waitForTimeout(300);
      await popup.screenshot({ path: shot('popup-stop', scheme) });
    });

    test(`PR header: a refused Stop in a popover (${scheme})`, async ({ page, expectSignedIn, twin }) => {
      await expectSignedIn();
      await twin.control('POST', 'fault', cancelFault);
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(PAGE);
      await page.goto(themed(PR42, scheme));
      await expect(headerBadge(page)).toHaveAttribute('data-state', 'in_progress');
      await headerBadge(page).locator('[data-action="stop"]').click();
      await expect(headerBadge(page).locator('.as-stop-feedback [role="alert"]')).toContainText(/GitHub/, {
        timeout: 20_000,
      });
      expect(await seriousAxeViolations(page, '[data-agent-sessions-badge="header"]')).toEqual([]);
      await page.waitForTimeout(300);
      await page.screenshot({ path: shot('pr-stop', scheme) });
    });

    test(`PR page of a waiting session: what it asks, in the header and the drawer (${scheme})`, async ({
      page,
      expectSignedIn,
    }) => {
      await expectSignedIn();
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(PAGE);
      await page.goto(themed(`${PR43}#agent-session=${S43}`, scheme));
      // In the header only where GitHub's line has room (with the drawer open at 1280 px it has none): the drawer says it.
      await expect(headerBadge(page).locator('[data-role="waiting-for"]')).toBeAttached();
      await expect(drawer(page).locator('[data-notice="waiting"] [data-role="waiting-for"]')).toBeVisible();
      await expect
        .poll(() => drawerHost(page).evaluate((el) => el.hasAttribute('data-open') && el.getAnimations().length === 0))
        .toBe(true);
      expect(await seriousAxeViolations(page, '[data-agent-sessions-badge="header"]')).toEqual([]);
      await page.waitForTimeout(300);
      await page.screenshot({ path: shot('pr-waiting', scheme) });
    });

    test(`not connected: PR page and popup with a revoked token (${scheme})`, async ({
      page,
      expectSignedIn,
      twin,
      openPopup,
      sendMessage,
      getState,
    }) => {
      await expectSignedIn();
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(PAGE);
      await page.goto(themed(`${PR42}#agent-session=${S42}`, scheme));
      await expect(headerBadge(page)).toHaveAttribute('data-state', 'in_progress');
      await expect.poll(async () => (await getState()).lastSyncAt).not.toBeNull();
      await twin.control('POST', 'revoke-token', { token: 'ghp_demo_token' });
      await sendMessage({ type: 'refresh', reason: 'manual' }).catch(() => undefined);
      await expect(headerBadge(page)).toHaveAttribute('data-connection', 'refused', { timeout: 20_000 });
      await expect(drawer(page).locator('[data-role="connection"]')).toContainText('Not connected');
      expect(await seriousAxeViolations(page, '[data-agent-sessions-badge="header"]')).toEqual([]);
      await page.waitForTimeout(300);
      await page.screenshot({ path: shot('pr-not-connected', scheme) });
      const popup = await openPopup();
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.setViewportSize(POPUP);
      await expect(popup.getByTestId('synced')).toHaveAttribute('data-connection', 'refused');
      expect(await seriousAxeViolations(popup)).toEqual([]);
      await popup.waitForTimeout(300);
      await popup.screenshot({ path: shot('popup-not-connected', scheme) });
    });

    test(`popup during a rate limit (${scheme})`, async ({
      expectSignedIn,
      twin,
      openPopup,
      sendMessage,
      getState,
    }) => {
      await expectSignedIn();
      await expect
        .poll(async () => {
          const st = await getState();
          return !!st.lastSyncAt && !st.syncing && st.sessions.length > 0;
        })
        .toBe(true);
      await twin.control('POST', 'fault', { type: 'rate-limit', path: '/agents/tasks', retryAfter: 600, count: 200 });
      await twin.advance(60_000);
      await sendMessage({ type: 'refresh', reason: 'manual' }).catch(() => undefined);
      await expect.poll(async () => (await getState()).lastError?.kind, { timeout: 20_000 }).toBe('rate-limited');
      const popup = await openPopup();
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.setViewportSize(POPUP);
      await expect(popup.locator('.as-note--calm[data-error-kind="rate-limited"]')).toBeVisible();
      expect(await seriousAxeViolations(popup)).toEqual([]);
      await popup.waitForTimeout(300);
      await popup.screenshot({ path: shot('popup-rate-limit', scheme) });
    });
  }
});
