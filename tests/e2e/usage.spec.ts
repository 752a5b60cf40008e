/**
 * The usage page (issue 16): opened from the popup, it charts the user's sessions of the last 30 days per day, by
 * repository or by outcome, in sessions or AI credits, and lays the last 7 days' sessions on a timeline. The demo
 * scenario plus a month of finished, branch-only history (withUsageHistory). Accessibility and screenshots
 * (docs/screenshots/usage-{light,dark}.png) at 1280 px.
 * Two accounts (octo-demo, and monalisa added from the options page as in accounts.spec.ts): both accounts' months
 * are counted, the account filter narrows charts and list to one, axe and screenshots (usage-accounts-{light,dark}).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { withUsageHistory } from '../twin/scenarios/generate';
import type { Scenario } from '../twin/types';
import { expect, test } from './fixtures';
import { seriousAxeViolations } from './helpers/page';
import { demoWithRunning } from './helpers/scenario';
import { ROOT, SCENARIOS_DIR } from './helpers/twin';

const demo = JSON.parse(readFileSync(resolve(SCENARIOS_DIR, 'demo.json'), 'utf8')) as Scenario;
const scenario = withUsageHistory(demo);
const historyCount = (scenario.tasks?.length ?? 0) - (demo.tasks?.length ?? 0);
test.use({ scenario });

test('the popup opens the usage page; it charts a month by repository and outcome, and the week on a timeline', async ({
  context,
  openPopup,
  expectSignedIn,
  getState,
  expectNoErrors,
}) => {
  await expectSignedIn();
  // The engine follows the 50 most recently updated tasks; the usage page reads the whole month itself.
  await expect.poll(async () => (await getState()).sessions.length, { timeout: 20_000 }).toBeGreaterThan(40);
  expect((await getState()).sessions.length).toBeLessThan(historyCount);

  const popup = await openPopup();
  await popup.setViewportSize({ width: 400, height: 600 });
  const opened = context.waitForEvent('page');
  await popup.locator('[data-action="usage"]').click();
  const page = await opened;
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(page.url()).toMatch(/^chrome-extension:\/\/[a-p]{32}\/usage\.html$/);

  const summary = page.getByTestId('usage-summary');
  await expect(summary).toContainText(/\d+ sessions in the last 30 days · [\d.,]+ AI credits/);
  await expect(page.getByTestId('usage-status')).toHaveCount(0); // the history is read whole
  const shown = Number((await summary.textContent())?.match(/(\d+) sessions/)?.[1]);
  expect(shown).toBeGreaterThan(historyCount);

  // By repository: one legend entry per repository, bars drawn, the table holds the same days.
  const chart = page.locator('figure.as-chart').first();
  await expect(chart.locator('svg rect').first()).toBeVisible();
  const repoLegend = await chart.locator('.as-chart-legend li').allTextContents();
  expect(repoLegend).toContain('octo-org/webapp');
  await chart.getByText('Show as a table').click();
  expect(await chart.locator('tbody tr').count()).toBeGreaterThan(15);

  // By outcome, then in AI credits.
  await page.getByLabel('Outcome').check();
  await expect(chart.locator('.as-chart-legend li')).toContainText(['Ready for review']);
  expect(await chart.locator('.as-chart-legend li').allTextContents()).toEqual(
    expect.arrayContaining(['Ready for review', 'Failed', 'Timed out', 'Cancelled']),
  );
  await page.getByLabel('AI credits').check();
  await expect(chart.locator('.as-chart-title')).toContainText('AI credits per day');
  await expect(chart.locator('svg')).toHaveAttribute('aria-label', /AI credits per day.*: [\d.,]+ over 30 days/);

  // The week's timeline: bars and the list; a session opens from the list.
  const timeline = page.locator('figure.as-chart').nth(1);
  expect(await timeline.locator('rect.as-timeline-bar').count()).toBeGreaterThan(5);
  await expect(timeline.locator('rect.as-timeline-live').first()).toBeAttached(); // the demo's running session
  await timeline.getByText('Show as a list').click();
  const first = timeline.locator('tbody button').first();
  await expect(first).toBeVisible();
  const tab = context.waitForEvent('page');
  await first.click();
  expect((await tab).url()).toMatch(/^https:\/\/github\.com\/|^chrome-extension:\/\//);
  expectNoErrors();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`usage page: axe finds nothing serious, ${scheme}; screenshot at 1280 px`, async ({
    context,
    extensionId,
    expectSignedIn,
    getState,
  }) => {
    await expectSignedIn();
    await expect.poll(async () => (await getState()).sessions.length, { timeout: 20_000 }).toBeGreaterThan(40);
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`chrome-extension://${extensionId}/usage.html`);
    await expect(page.locator('figure.as-chart svg rect').first()).toBeVisible();
    await expect(page.getByTestId('usage-status')).toHaveCount(0);
    const bad = await seriousAxeViolations(page);
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    const dir = resolve(ROOT, 'docs/screenshots');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: resolve(dir, `usage-${scheme}.png`), fullPage: true });
  });
}

/** monalisa's classic token, her running session, and the two accounts' keys (as in accounts.spec.ts). */
const MONALISA_TOKEN = 'ghp_monalisa_token';
const S45 = '5e1f0a45-6666-4a66-9a66-000000000006';
const OCTO = 'github.com/octo-demo';
const MONA = 'github.com/monalisa';

test.describe('two accounts', () => {
  test.use({ scenario: withUsageHistory(demoWithRunning(S45, '-1m', 'demo-two-accounts')) });

  test.beforeEach(async ({ expectSignedIn, openOptions, getState }) => {
    await expectSignedIn();
    const options = await openOptions();
    const card = options.getByTestId('accounts');
    await card.locator('summary', { hasText: 'Add another account' }).click();
    await card.locator('input[type="password"]').fill(MONALISA_TOKEN);
    await card.locator('[data-action="sign-in"]').click();
    await expect(card.locator(`[data-account="${MONA}"]`)).toBeVisible({ timeout: 15_000 });
    await options.close();
    await expect
      .poll(async () => (await getState()).sessions.find((s) => s.id === S45)?.account, { timeout: 15_000 })
      .toBe(MONA);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`both accounts' months are counted; the account filter narrows to one; axe, screenshot (${scheme})`, async ({
      context,
      extensionId,
      expectNoErrors,
    }) => {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`chrome-extension://${extensionId}/usage.html`);
      const summary = page.getByTestId('usage-summary');
      const count = async () => Number((await summary.textContent())?.match(/(\d+) sessions? in/)?.[1]);
      await expect(summary).toContainText(/\d+ sessions in the last 30 days/);
      await expect(page.getByTestId('usage-status')).toHaveCount(0); // both months read whole, neither failed
      await expect(page.locator('figure.as-chart svg rect').first()).toBeVisible();
      const filter = page.getByTestId('usage-account');
      await expect(filter.locator('option')).toHaveText(['All accounts', 'octo-demo', 'monalisa']);
      const all = await count();

      await filter.selectOption(MONA);
      await expect.poll(count).toBeLessThan(all);
      const mona = await count();
      expect(mona).toBeGreaterThan(0);
      // The week's list narrows too: monalisa's running session is there, octo-demo's month of history is not.
      const timeline = page.locator('figure.as-chart').nth(1);
      await timeline.getByText('Show as a list').click();
      await expect(timeline.locator('tbody tr', { hasText: /History \d+: tidy module/ })).toHaveCount(0);
      expect(await timeline.locator('rect.as-timeline-live').count()).toBeGreaterThan(0);

      await filter.selectOption(OCTO);
      await expect.poll(count).not.toBe(mona);
      const octo = await count();
      expect(octo).toBeGreaterThan(0);
      expect(octo + mona).toBe(all); // every session is one account's, and both are counted under "All accounts"
      await expect(timeline.locator('tbody tr', { hasText: /History \d+: tidy module/ }).first()).toBeVisible();

      await filter.selectOption('');
      await expect.poll(count).toBe(all);
      const bad = await seriousAxeViolations(page);
      expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await timeline.getByText('Show as a list').click(); // closed again for the picture
      const dir = resolve(ROOT, 'docs/screenshots');
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: resolve(dir, `usage-accounts-${scheme}.png`), fullPage: true });
      expectNoErrors();
    });
  }
});
