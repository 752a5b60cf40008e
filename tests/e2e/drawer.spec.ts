/**
 * The log drawer (issue 6) against the twin: opening from each entry point, live follow on a growing Copilot API log,
 * the Actions fallback (steps, then the job log), search, export, reload with the drawer open, and the README
 * screenshots (docs/screenshots/drawer-{light,dark}.png).
 * Hooks: light DOM `[data-agent-sessions-drawer][data-session-id]` (open shadow root → `iframe`); inside the drawer
 * page `[data-entry-kind][data-entry-id]`, `[data-role="log-source"][data-source]`, `[data-role="log-search"]`,
 * `[data-role="search-count"]`, `[data-action="close|export-md|export-raw|jump-latest|expand-all"]`, `[data-skipped]`.
 */
import type { FrameLocator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ scenario: 'demo' });

const TOKEN = 'github_pat_demo_full';
const PR42 = 'https://github.com/octo-org/webapp/pull/42';
const S42 = '5e1f0a42-3333-4a33-9a33-000000000003'; // running, real Copilot API log
const LAB = 'https://github.com/octo-demo/copilot-agents-lab/pull/3';
const SLAB = 'df23daeb-385c-448c-8d5e-ecbf9a46cc25'; // real Actions job log

const host = (page: Page) => page.locator('[data-agent-sessions-drawer]');
const drawer = (page: Page): FrameLocator => page.frameLocator('[data-agent-sessions-drawer] iframe');
const entries = (page: Page) => drawer(page).locator('[data-entry-kind]');

test('View session link: plain click opens the drawer beside the PR, Escape closes it; modifier click keeps GitHub', async ({
  page,
  signIn,
  twin,
  expectNoErrors,
}) => {
  await twin.advance(5 * 60_000);
  expect(await signIn(TOKEN)).toMatchObject({ ok: true });
  await page.goto(PR42);
  const link = page.locator(`a[href*="/agent-sessions/${S42}"]`).first();
  await link.click();
  await expect(host(page)).toHaveAttribute('data-session-id', S42);
  await expect(page).toHaveURL(new RegExp(`#agent-session=${S42}$`));
  await expect(entries(page).first()).toBeVisible();
  await expect(drawer(page).locator('[data-role="log-source"]')).toHaveAttribute('data-source', 'copilot-api');
  // The PR stays usable: the page is not covered and still scrolls.
  const box = await host(page).boundingBox();
  expect(box!.x).toBeGreaterThan(0);
  await drawer(page).locator('[data-role="log-scroll"]').press('Escape');
  await expect(host(page)).toHaveCount(0);
  await expect(page).toHaveURL(PR42);
  expectNoErrors([/Failed to load resource/]);
});

test('deep link opens the drawer and a reload reopens it; keyboard shortcut toggles', async ({
  page,
  signIn,
  twin,
}) => {
  await twin.advance(5 * 60_000);
  await signIn(TOKEN);
  await page.goto(`${PR42}#agent-session=${S42}`);
  await expect(host(page)).toHaveAttribute('data-session-id', S42);
  await expect(entries(page).first()).toBeVisible();
  await page.reload();
  await expect(host(page)).toHaveAttribute('data-session-id', S42);
  await expect(entries(page).first()).toBeVisible();
  await drawer(page).locator('[data-action="close"]').click();
  await expect(host(page)).toHaveCount(0);
  await page.locator('body').press('Alt+Shift+L');
  await expect(host(page)).toHaveAttribute('data-session-id', /.+/);
  await page.locator('body').press('Alt+Shift+L');
  await expect(host(page)).toHaveCount(0);
});

test('live follow on a growing log, search and export', async ({ page, signIn, twin }) => {
  await twin.advance(2 * 60_000);
  await signIn(TOKEN);
  await page.goto(`${PR42}#agent-session=${S42}`);
  await expect(entries(page).first()).toBeVisible();
  const before = await drawer(page).locator('[data-entry-id]').last().getAttribute('data-entry-id');
  await twin.advance(6 * 60_000);
  await expect
    .poll(() => drawer(page).locator('[data-entry-id]').last().getAttribute('data-entry-id'), { timeout: 15_000 })
    .not.toBe(before);

  const search = drawer(page).locator('[data-role="log-search"]');
  await search.fill('readme');
  await expect(drawer(page).locator('[data-role="search-count"]')).toHaveText(/^1 of \d+$/);
  await search.press('Enter');
  await expect(drawer(page).locator('[data-role="search-count"]')).toHaveText(/^2 of \d+$/);
  await expect(drawer(page).locator('mark.as-hit--active')).toHaveCount(1);

  const [md] = await Promise.all([
    page.waitForEvent('download'),
    drawer(page).locator('[data-action="export-md"]').click(),
  ]);
  expect(md.suggestedFilename()).toBe(`agent-session-${S42}.md`);
  const [raw] = await Promise.all([
    page.waitForEvent('download'),
    drawer(page).locator('[data-action="export-raw"]').click(),
  ]);
  expect(raw.suggestedFilename()).toBe(`agent-session-${S42}.log`);
});

test('Actions fallback: steps while running, the job log once completed (Copilot API off)', async ({
  page,
  signIn,
  twin,
}) => {
  await twin.control('POST', 'capi', { enabled: false });
  await signIn(TOKEN);
  await twin.advance(60_000);
  await page.goto(`${LAB}#agent-session=${SLAB}`);
  const source = drawer(page).locator('[data-role="log-source"]');
  await expect(source).toHaveAttribute('data-source', /actions-steps|actions-log/);
  await twin.advance(10 * 60_000);
  await expect(source).toHaveAttribute('data-source', 'actions-log', { timeout: 30_000 });
  await expect(drawer(page).locator('[data-entry-kind="turn"]').first()).toBeVisible();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshot (${scheme})`, async ({ page, signIn, twin }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await twin.advance(20 * 60_000);
    await signIn(TOKEN);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${PR42}#agent-session=${S42}`);
    await expect(entries(page).first()).toBeVisible();
    await page.waitForTimeout(600);
    await page.screenshot({ path: `docs/screenshots/drawer-${scheme}.png` });
  });
}
