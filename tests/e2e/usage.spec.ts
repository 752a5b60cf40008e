/**
 * The usage page (issue 16): opened from the popup, it charts the user's sessions of the last 30 days per day, by
 * repository or by outcome, in sessions or AI credits, and lays the last 7 days' sessions on a timeline. The demo
 * scenario plus a month of finished, branch-only history (withUsageHistory). Accessibility and screenshots
 * (docs/screenshots/usage-{light,dark}.png) at 1280 px.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { withUsageHistory } from '../twin/scenarios/generate';
import type { Scenario } from '../twin/types';
import { expect, test } from './fixtures';
import { seriousAxeViolations } from './helpers/page';
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
