/**
 * Issue 16: events on the agent's PR. The person turns the three kinds on in the options page (off by default); the
 * background's first look at the open agent PRs is silent; then the twin's Copilot code review is submitted, the
 * head's checks fail, the PR is merged: one notification each, a click opening the PR. The look is run now through
 * the worker's own test hook (the cadence is minutes of real time). Screenshots of the options section, light and
 * dark (docs/screenshots/options-pr-events-*.png), and axe on the options page with the kinds on.
 */
import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO_TOKEN, PR42 } from './helpers/demo';
import { seriousAxeViolations } from './helpers/page';

test.use({ scenario: 'demo' });

const KINDS = ['notify-prReviewed', 'notify-prChecksFailed', 'notify-prMergedClosed'];

async function prNotifications(page: Page): Promise<Record<string, { title: string }>> {
  return page.evaluate(async () => {
    const chrome = (
      globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } }
    ).chrome;
    const ids = Object.keys(await chrome.notifications.getAll()).filter((id) => id.startsWith('pr-event:'));
    return Object.fromEntries(ids.map((id) => [id, { title: id }]));
  });
}

const ids = async (page: Page) => Object.keys(await prNotifications(page)).sort();

/** Runs the PR events' look now (the worker's test hook), as a sync does. */
const lookNow = (sw: Worker) =>
  sw.evaluate(() =>
    (globalThis as unknown as { agentSessionsPrEventsNow: () => Promise<void> }).agentSessionsPrEventsNow(),
  );

test('PR events: opt-in, a silent first look, then a Copilot review, failed checks and a merge, once each', async ({
  signIn,
  getState,
  openOptions,
  serviceWorker,
  twin,
  context,
}) => {
  await signIn(DEMO_TOKEN);
  await expect.poll(async () => (await getState()).lastSyncAt).not.toBeNull();
  const options = await openOptions();
  await expect(options.getByTestId('login')).toBeVisible();
  const group = options.getByTestId('notify-pr');
  await expect(group).toContainText('On the agent’s pull request');
  // Off by default: no GraphQL look at PR events while they are.
  twin.clearRequests();
  await lookNow(serviceWorker);
  const graphql = () => twin.requests({ path: '/graphql' }).length;
  expect(graphql()).toBe(0);
  for (const name of KINDS) {
    await expect(options.locator(`input[name="${name}"]`)).not.toBeChecked();
    await options.locator(`input[name="${name}"]`).check();
  }
  await expect(options.getByTestId('options-status')).toContainText('saved');
  await expect.poll(async () => (await getState()).settings.notify.prMergedClosed).toBe(true);

  // The first look: one request for the open agent PRs, nothing notified.
  await lookNow(serviceWorker);
  expect(graphql()).toBe(1);
  expect(await ids(options)).toEqual([]);

  const pr42 = { repo: 'octo-org/webapp', number: 42 };
  await twin.control('POST', 'pull-event', { ...pr42, event: 'review', state: 'CHANGES_REQUESTED' });
  await lookNow(serviceWorker);
  await expect.poll(() => ids(options)).toHaveLength(1);
  expect((await ids(options))[0]).toMatch(/^pr-event:PR_\w+:review:PRR_/);

  await twin.control('POST', 'pull-event', { ...pr42, event: 'push', state: 'FAILURE' });
  await lookNow(serviceWorker);
  await expect.poll(() => ids(options)).toHaveLength(2);
  const checks = (await ids(options)).find((id) => id.includes(':checks:'));
  expect(checks).toBeDefined();

  await twin.control('POST', 'pull-event', { ...pr42, event: 'merge' });
  await lookNow(serviceWorker);
  await expect.poll(() => ids(options)).toHaveLength(3);
  expect((await ids(options)).filter((id) => id.endsWith(':merged'))).toHaveLength(1);

  // Looked at again: nothing new, nothing repeated (the merged PR is no longer asked about).
  await lookNow(serviceWorker);
  await lookNow(serviceWorker);
  expect(await ids(options)).toHaveLength(3);

  // A click opens the PR and clears its notification.
  const opened = context.waitForEvent('page');
  await serviceWorker.evaluate((n) => {
    (
      globalThis as unknown as { agentSessionsNotificationClicked: (id: string) => void }
    ).agentSessionsNotificationClicked(n);
  }, checks as string);
  const tab = await opened;
  await expect.poll(() => tab.url()).toBe(PR42);
  await expect.poll(() => ids(options)).toHaveLength(2);
  expect((await getState()).lastError).toBeNull();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`PR events: the options section, axe and screenshot (${scheme})`, async ({ signIn, openOptions }) => {
    await signIn(DEMO_TOKEN);
    const options = await openOptions();
    await options.emulateMedia({ colorScheme: scheme });
    await options.setViewportSize({ width: 1024, height: 900 });
    await expect(options.getByTestId('login')).toBeVisible();
    await options.locator('input[name="notify-prReviewed"]').check();
    await options.locator('input[name="notify-prMergedClosed"]').check();
    await expect(options.getByTestId('options-status')).toContainText('saved');
    expect(await seriousAxeViolations(options)).toEqual([]);
    const section = options.locator('section[aria-labelledby="opt-notify"]');
    await section.scrollIntoViewIfNeeded();
    await options.waitForTimeout(300);
    await section.screenshot({ path: `docs/screenshots/options-pr-events-${scheme}.png` });
  });
}
