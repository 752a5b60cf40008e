/**
 * A session without a PR (its artifact is a branch: the API's default) opens the same drawer as a full extension
 * tab from the popup (issue 15): `chrome-extension://…/drawer.html#session=<id>&view=tab`, its log, search and
 * export, and a close button that closes the tab. Session 5e1f0a99-… (octo-demo/dotfiles, created at +90s) has no
 * PR in the demo.
 */
import { expect, test } from './fixtures';
import { popupRow } from './helpers/page';

test.use({ scenario: 'demo' });

const NO_PR = '5e1f0a99-ffff-4fff-9fff-00000000000f';

test('a session without a PR opens the drawer as a full tab from the popup', async ({
  openPopup,
  expectSignedIn,
  context,
  extensionId,
  twin,
}) => {
  await twin.advance(3 * 60_000); // the dotfiles task starts at +90s
  await expectSignedIn();
  const popup = await openPopup();
  await popup.setViewportSize({ width: 400, height: 600 });
  const row = popupRow(popup, NO_PR);
  await expect(row).toBeVisible();
  const opened = context.waitForEvent('page');
  await row.locator('[data-action="open"]').click({ modifiers: ['ControlOrMeta'] });
  const tab = await opened;
  await expect.poll(() => tab.url()).toBe(`chrome-extension://${extensionId}/drawer.html#session=${NO_PR}&view=tab`);
  await tab.setViewportSize({ width: 1280, height: 800 });
  const root = tab.locator(`[data-session-id="${NO_PR}"]`);
  await expect(root).toHaveAttribute('data-view', 'tab');
  await expect(tab.locator('[data-entry-kind]').first()).toBeVisible({ timeout: 20_000 });
  await expect(tab.locator('[data-action="close"]')).toHaveAttribute('aria-label', 'Close this tab');
  await tab.locator('[data-role="log-search"]').fill('a');
  await expect(tab.locator('[data-role="search-count"]')).not.toBeEmpty();
  await tab.screenshot({ path: 'docs/screenshots/session-tab.png' });
  const closed = tab.waitForEvent('close');
  await tab.locator('[data-action="close"]').click();
  await closed;
});
