/** The options page against the twin: sign-in, account facts and capabilities, settings, accessibility. */
import { expect, test } from './fixtures';
import { DEMO_TOKEN } from './helpers/demo';
import { seriousAxeViolations } from './helpers/page';

test.use({ scenario: 'demo' });

test('sign in with a token: user, kind and capability table; sign out', async ({ openOptions }) => {
  const page = await openOptions();
  await page.getByLabel('Personal access token').fill('ghp_wrong');
  await page.locator('[data-action="sign-in"]').click();
  await expect(page.locator('[data-testid="sign-in"] [role="alert"]')).toBeVisible();

  await page.getByLabel('Personal access token').fill(DEMO_TOKEN);
  await page.locator('[data-action="sign-in"]').click();
  await expect(page.getByTestId('login')).toHaveText('octo-demo');
  await expect(page.getByTestId('account')).toContainText('classic');
  await expect(page.locator('[data-capability]')).toHaveCount(4);
  await expect(page.locator('[data-capability="listSessions"]')).toHaveAttribute('data-ok', 'true');

  await page.locator('[data-action="sign-out"]').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
});

test('a token without permissions says what is missing', async ({ openOptions, signIn }) => {
  await signIn('ghp_noscope_token');
  const page = await openOptions();
  await expect(page.getByTestId('capabilities')).toBeVisible();
  await expect(page.locator('[data-capability][data-ok="false"]').first()).toBeVisible();
});

test('settings are saved through the background and survive a reload', async ({ openOptions, signIn }) => {
  await signIn(DEMO_TOKEN);
  let page = await openOptions();
  await page.locator('input[name="confirm-stop"]').check();
  await page.locator('input[name="notify-failed"]').uncheck();
  await page.locator('input[name="theme"][value="dark"]').check();
  await page.getByTestId('poll-active').fill('10');
  await page.locator('[data-action="save-polling"]').click();
  await expect(page.getByRole('alert')).toContainText('at least 30');
  await page.getByTestId('poll-active').fill('60');
  await page.locator('[data-action="save-polling"]').click();
  await page.getByTestId('host').fill('not a host');
  await page.locator('[data-action="save-host"]').click();
  await expect(page.getByRole('alert')).toContainText('github.com');
  await expect(page.getByTestId('options-status')).toContainText('saved');
  await page.close();
  page = await openOptions();
  await expect(page.locator('input[name="confirm-stop"]')).toBeChecked();
  await expect(page.locator('input[name="notify-failed"]')).not.toBeChecked();
  await expect(page.getByTestId('poll-active')).toHaveValue('60');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe: options page has no serious or critical violations, ${scheme}`, async ({ openOptions, signIn }) => {
    await signIn(DEMO_TOKEN);
    const page = await openOptions();
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.getByTestId('login')).toBeVisible();
    const bad = await seriousAxeViolations(page);
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
