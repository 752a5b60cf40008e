/**
 * Several accounts at once (issue 16, utils/background/accounts.ts) against the twin: octo-demo (the first account)
 * and monalisa (added from the options page with her own token), both on github.com.
 * - one list in the popup with the account on each row, and the account filter;
 * - Stop acts with the token of the account that owns the session: the twin records which user cancelled;
 * - a PR page signed in as monalisa uses monalisa's account (Stop on, and it cancels as her); the same PR signed in as
 *   octo-demo says the page and the account differ and keeps Stop off;
 * - signing one account out keeps the other;
 * - screenshots light and dark (docs/screenshots/accounts-popup-*, accounts-options-*), axe on both views.
 */
import { expect, test } from './fixtures';
import { GH, S42 } from './helpers/demo';
import { headerBadge, popupRow, seriousAxeViolations } from './helpers/page';
import { demoWithRunning } from './helpers/scenario';
import type { TwinControl } from './helpers/twin-control';

/** monalisa's classic token in the demo scenario. */
const MONALISA_TOKEN = 'ghp_monalisa_token';
/** monalisa's session on octo-org/webapp #45: made to run from a minute before the twin's start. */
const S45 = '5e1f0a45-6666-4a66-9a66-000000000006';
const PR45 = `${GH}/octo-org/webapp/pull/45`;
const OCTO = 'github.com/octo-demo';
const MONA = 'github.com/monalisa';
const SCHEMES = ['light', 'dark'] as const;

test.use({ scenario: demoWithRunning(S45, '-1m', 'demo-two-accounts') });

const cancels = (twin: TwinControl) =>
  twin.requests({ method: 'POST', path: /\/actions\/runs\/[1-9]\d*\/cancel(\?|$)/ });

test.describe('two accounts', () => {
  test.beforeEach(async ({ expectSignedIn, openOptions, getState }) => {
    await expectSignedIn();
    // The second account, added the way a person does: options → Accounts → Add another account.
    const options = await openOptions();
    const card = options.getByTestId('accounts');
    await card.locator('summary', { hasText: 'Add another account' }).click();
    await card.locator('input[type="password"]').fill(MONALISA_TOKEN);
    await card.locator('[data-action="sign-in"]').click();
    await expect(card.locator(`[data-account="${MONA}"]`)).toBeVisible({ timeout: 15_000 });
    await expect(card.locator(`[data-account="${OCTO}"]`)).toBeVisible();
    await options.close();
    await expect
      .poll(async () => (await getState()).sessions.find((s) => s.id === S45)?.account, { timeout: 15_000 })
      .toBe(MONA);
  });

  test('one list with the account on each row; the account filter', async ({ openPopup, getState, expectNoErrors }) => {
    const state = await getState();
    expect(state.accounts?.map((a) => a.key)).toEqual([OCTO, MONA]);
    expect(state.sessions.find((s) => s.id === S42)?.account).toBe(OCTO);
    const popup = await openPopup();
    await expect(popupRow(popup, S45).locator('.as-row-account')).toHaveText('monalisa');
    await expect(popupRow(popup, S42).locator('.as-row-account')).toHaveText('octo-demo');
    // monalisa's own session is hers, not "started by" someone else.
    await expect(popupRow(popup, S45).locator('.as-row-by')).toHaveCount(0);
    const filter = popup.getByTestId('filter-account');
    await filter.selectOption(MONA);
    await expect(popupRow(popup, S42)).toHaveCount(0);
    await expect(popupRow(popup, S45)).toBeVisible();
    const shown = await popup
      .locator('li[data-session-id]')
      .evaluateAll((els) => els.map((e) => e.querySelector('.as-row-account')?.textContent));
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set(['monalisa']));
    await filter.selectOption('');
    await expect(popupRow(popup, S42)).toBeVisible();
    expectNoErrors();
  });

  test('Stop from the popup acts with the token of the account that owns the session', async ({
    openPopup,
    twin,
    expectNoErrors,
  }) => {
    const popup = await openPopup();
    const row = popupRow(popup, S45);
    await row.locator('[data-action="stop"]').click();
    await expect.poll(() => cancels(twin).length, { timeout: 15_000 }).toBe(1);
    expect(cancels(twin).map((r) => r.user)).toEqual(['monalisa']);
    expectNoErrors();
  });

  test('a PR page signed in as monalisa uses monalisa’s account; signed in as octo-demo, Stop is off', async ({
    page,
    twin,
    expectNoErrors,
  }) => {
    await page.goto(PR45);
    const off = headerBadge(page).locator('button.as-btn-danger');
    await expect(headerBadge(page)).toHaveAttribute('data-session-id', S45);
    await expect(off).toBeDisabled();
    await expect(off).toHaveAttribute('title', /signed in as octo-demo, the extension as monalisa/);
    await page.goto(`${PR45}?as=monalisa`);
    await expect(headerBadge(page)).toHaveAttribute('data-state', 'in_progress');
    const stop = headerBadge(page).locator('[data-action="stop"]');
    await expect(stop).toBeEnabled();
    await stop.click();
    await expect.poll(() => cancels(twin).length, { timeout: 15_000 }).toBe(1);
    expect(cancels(twin).map((r) => r.user)).toEqual(['monalisa']);
    expectNoErrors();
  });

  test('signing monalisa out keeps octo-demo and her sessions go', async ({ openOptions, getState }) => {
    const options = await openOptions();
    await options.getByRole('button', { name: 'Sign out monalisa' }).click();
    await expect.poll(async () => (await getState()).accounts).toBeUndefined();
    const state = await getState();
    expect(state.auth).toMatchObject({ status: 'signed-in', info: { login: 'octo-demo' } });
    expect(state.sessions.some((s) => s.id === S45)).toBe(false);
    expect(state.sessions.some((s) => s.id === S42)).toBe(true);
    await expect(options.getByTestId('accounts').locator('[data-account]')).toHaveCount(0);
  });

  for (const scheme of SCHEMES) {
    test(`screenshots and axe: popup and options with two accounts (${scheme})`, async ({ openPopup, openOptions }) => {
      const popup = await openPopup();
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.setViewportSize({ width: 400, height: 600 });
      await expect(popupRow(popup, S45).locator('.as-row-account')).toHaveText('monalisa');
      await expect(popup.locator('[data-provisional="true"]')).toHaveCount(0);
      await expect(popup.getByTestId('foot-accounts')).toHaveText('octo-demo, monalisa');
      expect(await seriousAxeViolations(popup)).toEqual([]);
      // Rows of both accounts in view: the end of "Needs your attention" and "Running" with monalisa's session.
      await popupRow(popup, S45).evaluate((el) => el.scrollIntoView({ block: 'end' }));
      await popup.waitForTimeout(300);
      await popup.screenshot({ path: `docs/screenshots/accounts-popup-${scheme}.png` });
      // The account filter on monalisa: her sessions only, the filter row in view.
      await popup.getByTestId('filter-account').selectOption(MONA);
      await expect(popupRow(popup, S45)).toBeVisible();
      await expect(popup.locator('.as-row-account', { hasText: 'octo-demo' })).toHaveCount(0);
      await popup.evaluate(() => window.scrollTo(0, 0));
      await popup
        .locator('.as-list, main')
        .first()
        .evaluate((el) => el.scrollTo?.(0, 0));
      expect(await seriousAxeViolations(popup)).toEqual([]);
      await popup.waitForTimeout(300);
      await popup.screenshot({ path: `docs/screenshots/accounts-popup-filter-${scheme}.png` });
      const options = await openOptions();
      await options.emulateMedia({ colorScheme: scheme });
      await options.setViewportSize({ width: 1000, height: 900 });
      const card = options.getByTestId('accounts');
      await expect(card.locator('[data-account]')).toHaveCount(2);
      await card.locator('summary', { hasText: 'Add another account' }).click();
      expect(await seriousAxeViolations(options)).toEqual([]);
      await card.scrollIntoViewIfNeeded();
      await options.waitForTimeout(300);
      await options.screenshot({ path: `docs/screenshots/accounts-options-${scheme}.png` });
    });
  }
});
