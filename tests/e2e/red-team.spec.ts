/**
 * Issue 17, as the attacker, in real Chromium against the twin: a script in the PR page's own (main) world presses
 * Stop (#1); a hash names a session of another PR (#4); the job log is fetched once, without the token on the blob
 * host (#7, in security.spec.ts).
 */
import { expect, test } from './fixtures';
import { PR42, PR43, S42, S43 } from './helpers/demo';
import { drawer, headerBadge } from './helpers/page';

test.use({ scenario: 'demo' });

test('a page script cannot press Stop: .click() and dispatched events do nothing; the person’s click stops', async ({
  page,
  expectSignedIn,
  getState,
  twin,
}) => {
  await expectSignedIn();
  await expect.poll(async () => (await getState()).sessions.some((s) => s.id === S43)).toBe(true);
  await page.goto(PR43);
  await expect(headerBadge(page)).toHaveAttribute('data-state', 'waiting_for_user');
  await expect(headerBadge(page).locator('[data-action="stop"]')).toBeEnabled();
  // The page's main world (GitHub's scripts, an XSS): find the control through the open shadow root and press it.
  const pressed = await page.evaluate(() => {
    const host = document.querySelector('[data-agent-sessions-badge="header"]');
    const button = host?.shadowRoot?.querySelector<HTMLButtonElement>('[data-action="stop"]');
    if (!button) return 'not found';
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
    button.dispatchEvent(new PointerEvent('click', { bubbles: true, composed: true, cancelable: true }));
    return 'pressed';
  });
  // Whatever it found, nothing may have been cancelled.
  expect(['pressed', 'not found']).toContain(pressed);
  await page.waitForTimeout(1500);
  const cancels = () => twin.requests({ method: 'POST', path: /\/actions\/runs\/\d+\/(force-)?cancel(\?|$)/ });
  expect(cancels()).toHaveLength(0);
  // A person's click (trusted input) still stops in one click.
  await headerBadge(page).locator('[data-action="stop"]').click();
  await expect.poll(() => cancels().length).toBe(1);
});

test('a hash naming another PR’s session: the drawer says whose it is and offers no Stop', async ({
  page,
  expectSignedIn,
  twin,
}) => {
  await expectSignedIn();
  // S43 belongs to PR 43; the page is PR 42.
  await page.goto(`${PR42}#agent-session=${S43}`);
  const warn = drawer(page).locator('[data-role="foreign-session"]');
  await expect(warn).toBeVisible();
  await expect(warn).toContainText('#43');
  await expect(drawer(page).locator('[data-action="stop"]')).toHaveCount(0);
  // This PR's own session: its repository and PR shown, Stop offered.
  await page.goto(`${PR42}#agent-session=${S42}`);
  await expect(drawer(page).locator('[data-role="session-where"]')).toContainText('#42');
  await expect(drawer(page).locator('[data-action="stop"]')).toBeEnabled();
  expect(twin.requests({ method: 'POST', path: /\/cancel(\?|$)/ })).toHaveLength(0);
});
