/**
 * Issue 15: a notification click opens the session: a session with a PR opens its PR page with the drawer on it (shown
 * from a one-time ticket, issue 17 #8); a session with no PR (a branch artifact) opens the session tab
 * (`drawer.html#session=…&view=tab`). The click is the background's own notification handler, called in the service
 * worker (headless Chromium cannot click a system notification); the notification is cleared and the session read.
 */
import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO_TOKEN, DOTFILES, PR42, S42 } from './helpers/demo';
import { drawer } from './helpers/page';

test.use({ scenario: 'demo' });

async function notificationIds(page: Page): Promise<string[]> {
  return page.evaluate(async () =>
    Object.keys(
      await (
        globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } }
      ).chrome.notifications.getAll(),
    ),
  );
}

const click = (sw: Worker, id: string) =>
  sw.evaluate((n) => {
    (
      globalThis as unknown as { agentSessionsNotificationClicked: (id: string) => void }
    ).agentSessionsNotificationClicked(n);
  }, id);

test('a notification click opens the PR with the drawer on the session, or the session tab for a branch-only session', async ({
  signIn,
  getState,
  sendMessage,
  openPopup,
  context,
  extensionId,
  serviceWorker,
  twin,
}) => {
  await signIn(DEMO_TOKEN);
  await expect.poll(async () => (await getState()).lastSyncAt).not.toBeNull();
  // S42 becomes ready for review and the dotfiles task (no PR) appears and completes: two notifications.
  await twin.advance(12 * 60_000 + 1_000);
  await sendMessage({ type: 'refresh', reason: 'manual' });
  const popup = await openPopup();
  await expect.poll(async () => (await notificationIds(popup)).sort()).toEqual([S42, DOTFILES].sort());

  // The PR's session: its PR page, the drawer open on it.
  let opened = context.waitForEvent('page');
  await click(serviceWorker, S42);
  const prTab = await opened;
  await expect.poll(() => prTab.url()).toBe(`${PR42}#agent-session=${S42}`);
  await expect(drawer(prTab).locator(`.as-drawer[data-session-id="${S42}"] [data-role="session-where"]`)).toContainText(
    '#42',
  );
  await expect.poll(() => notificationIds(popup)).not.toContain(S42);
  expect((await getState()).unread).not.toContain(S42);

  // The branch-only session: the session tab.
  opened = context.waitForEvent('page');
  await click(serviceWorker, DOTFILES);
  const tab = await opened;
  await expect.poll(() => tab.url()).toBe(`chrome-extension://${extensionId}/drawer.html#session=${DOTFILES}&view=tab`);
  await expect(tab.locator(`[data-session-id="${DOTFILES}"]`)).toHaveAttribute('data-view', 'tab');
  await expect.poll(() => notificationIds(popup)).toEqual([]);
  expect((await getState()).unread).not.toContain(DOTFILES);
});
