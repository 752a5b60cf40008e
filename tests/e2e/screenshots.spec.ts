/**
 * Screenshots of issue 14 and 15 features, light and dark, each after checking that what it shows is there:
 * - docs/screenshots/drawer-live-{1280,1024}-{light,dark}.png: the drawer of a running session with live progress
 *   from public APIs (the agent's plan checklist from the PR description, opened, with what changed; the job's steps
 *   with their status and timing; the agent's commit), Copilot API refusing the token;
 * - docs/screenshots/pr-list-preview-{light,dark}.png: the preview React PR list with its badges;
 * - docs/screenshots/options-compat-{light,dark}.png: the options page's page-compatibility report.
 */
import { expect, test } from './fixtures';
import { FULL_TOKEN, GH, PR_LAB, S_LAB, S42 } from './helpers/demo';
import { drawer, drawerHost } from './helpers/page';
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
