/**
 * Issue 20, the rest of the first ten minutes (items 4, 9, 7, 8, 10, 3 as they landed), against the twin in real
 * Chromium. Each test fails if its problem comes back; axe's serious and critical findings are checked on the
 * surfaces touched.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { seriousAxeViolations } from './helpers/page';

test.use({ scenario: 'demo' });

/** The capability rows' visible words: no literal backticks, no raw URLs. */
async function capabilityWords(page: Page): Promise<string> {
  return (await page.getByTestId('capabilities').innerText()).trim();
}

test.describe('#4 sign-in is a short guided path', () => {
  test('signed out: no "Sign in with GitHub" in this build, the exact permissions, a pre-filled token link', async ({
    openOptions,
    openPopup,
    expectNoErrors,
  }) => {
    const page = await openOptions();
    await expect(page.getByTestId('sign-in')).toBeVisible();
    await expect(page.locator('[data-action="device-flow"]')).toHaveCount(0);
    await expect(page.getByText('Sign in with GitHub')).toHaveCount(0);
    const perms = page.getByTestId('token-permissions');
    await expect(perms.locator('[data-needs="listSessions"]')).toContainText('Agent tasks: Read');
    await expect(perms.locator('[data-needs="listSessions"]')).toContainText('Pull requests: Read');
    await expect(perms.locator('[data-needs="readLogs"]')).toContainText('Actions: Read');
    await expect(perms.locator('[data-needs="stopSessions"]')).toContainText('Actions: Read and write');
    await expect(perms.locator('[data-needs="startTasks"]')).toContainText('Agent tasks: Read and write');
    const href = await page.locator('a[data-link="new-fine-grained-token"]').getAttribute('href');
    const url = new URL(href ?? '');
    expect(url.origin + url.pathname).toBe('https://github.com/settings/personal-access-tokens/new');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      agent_tasks: 'write',
      actions: 'write',
      pull_requests: 'read',
      contents: 'read',
    });
    expect(await page.locator('a[data-link="new-token"]').getAttribute('href')).toMatch(
      /^https:\/\/github\.com\/settings\/tokens\/new\?scopes=repo&/,
    );
    expect(await page.getByTestId('sign-in').innerText()).not.toMatch(/`|https?:\/\//);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The popup's sign-in: the same path, its permission list folded away.
    const popup = await openPopup();
    await expect(popup.locator('[data-action="device-flow"]')).toHaveCount(0);
    await expect(popup.locator('a[data-link="new-fine-grained-token"]')).toBeVisible();
    await popup.getByText('Which permissions?').click();
    await expect(popup.getByTestId('token-permissions')).toContainText('Actions: Read and write');
    expect(await seriousAxeViolations(popup)).toEqual([]);
    expectNoErrors();
  });

  test('a correctly set-up fine-grained token: every capability checked and had, nothing asked of it', async ({
    openOptions,
    expectNoErrors,
  }) => {
    const page = await openOptions();
    await page.getByLabel('Personal access token').fill('github_pat_demo_full');
    await page.locator('[data-action="sign-in"]').click();
    await expect(page.getByTestId('login')).toHaveText('octo-demo');
    const rows = page.locator('[data-capability]');
    await expect(rows).toHaveCount(4);
    for (const id of ['listSessions', 'readLogs', 'stopSessions', 'startTasks']) {
      await expect(page.locator(`[data-capability="${id}"]`)).toHaveAttribute('data-ok', 'true');
    }
    const words = await capabilityWords(page);
    expect(words).not.toMatch(/Not checked|Unknown|Missing|Edit the token/);
    expect(words).toContain('Actions: Read and write'); // what it needs, shown beside "Has it"
    await expect(page.getByTestId('no-private-repos')).toHaveCount(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expectNoErrors([/40[034]|422/]);
  });

  test('a read-only fine-grained token: stop and start say once what they miss, with a link, no raw URL', async ({
    openOptions,
    signIn,
    expectNoErrors,
  }) => {
    expect(await signIn('github_pat_demo_readonly')).toMatchObject({ ok: true });
    const page = await openOptions();
    const stop = page.locator('[data-capability="stopSessions"]');
    await expect(stop).toHaveAttribute('data-ok', 'false');
    await expect(page.locator('[data-capability="startTasks"]')).toHaveAttribute('data-ok', 'false');
    await expect(page.locator('[data-capability="listSessions"]')).toHaveAttribute('data-ok', 'true');
    await expect(page.locator('[data-capability="readLogs"]')).toHaveAttribute('data-ok', 'true');
    const stopText = await stop.innerText();
    expect(stopText.match(/Actions: Read and write/g)?.length).toBeLessThanOrEqual(2); // needs + missing, no more
    await expect(stop.locator('a[data-link="capability-fix"]')).toHaveAttribute(
      'href',
      'https://github.com/settings/personal-access-tokens',
    );
    expect(await capabilityWords(page)).not.toMatch(/`|https?:\/\//);
    expectNoErrors([/40[034]|422/]);
  });

  test('tokens that cannot see private repositories say so: classic without repo, fine-grained public-only', async ({
    openOptions,
    signIn,
    expectNoErrors,
  }) => {
    expect(await signIn('ghp_noscope_token')).toMatchObject({ ok: true });
    let page = await openOptions();
    await expect(page.getByTestId('no-private-repos')).toContainText('cannot see private repositories');
    expect(await capabilityWords(page)).not.toMatch(/`|https?:\/\//);
    await page.close();
    expect(await signIn('github_pat_demo_public')).toMatchObject({ ok: true });
    page = await openOptions();
    await expect(page.getByTestId('no-private-repos')).toContainText('sessions in private repositories do not show');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expectNoErrors([/40[034]|422/]);
  });
});

test.describe('#9 actions the token cannot do are not offered', () => {
  test('a token that cannot start tasks: "New task" is off and says why; Stop is not offered', async ({
    signIn,
    openPopup,
    expectNoErrors,
  }) => {
    expect(await signIn('github_pat_demo_readonly')).toMatchObject({ ok: true });
    const popup = await openPopup();
    await expect(popup.getByTestId('footer')).toBeVisible({ timeout: 20_000 });
    await expect(popup.locator('[data-action="new-task"]')).toHaveCount(0);
    await expect(popup.locator('[data-action="stop"]')).toHaveCount(0);
    const off = popup.locator('[data-action="new-task-off"]');
    await expect(off).toHaveAttribute('aria-disabled', 'true');
    await expect(off).toHaveAttribute('aria-label', /cannot start tasks \(it needs Agent tasks: Read and write\)/);
    expect(await seriousAxeViolations(popup)).toEqual([]);
    expectNoErrors([/40[034]|422/]);
  });
});

test.describe('#7 the options page shows the connection', () => {
  test('connected: green with the age of the data; revoked: "Not connected", no green checks, a place for a new token', async ({
    expectSignedIn,
    openOptions,
    twin,
    sendMessage,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    const page = await openOptions();
    const line = page.getByTestId('connection');
    await expect(line).toHaveAttribute('data-connection', 'ok');
    await expect(line).toContainText(/Connected · (synced|syncing)/);
    await expect(page.getByTestId('replace-token')).toBeVisible();
    await twin.control('POST', 'revoke-token', { token: 'ghp_demo_token' });
    await sendMessage({ type: 'refresh', reason: 'manual' }).catch(() => undefined);
    await expect(line).toHaveAttribute('data-connection', 'refused', { timeout: 20_000 });
    await expect(line).toContainText('Not connected');
    await expect(page.getByTestId('capabilities')).toHaveCount(0);
    await expect(page.locator('.as-cap-ok')).toHaveCount(0);
    await expect(page.getByTestId('new-token').getByLabel('Personal access token')).toBeVisible();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expectNoErrors([/401/]);
  });
});

test.describe('#10 New task', () => {
  test('a repository typo says the repository was not found, not the plan; the draft survives closing the popup', async ({
    openPopup,
    expectSignedIn,
    twin,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    let popup = await openPopup();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.locator('[data-action="new-task"]').click();
    await popup.getByLabel('Repository').fill('octo-org/webap');
    await popup.getByLabel('What should the agent do?').fill('Add a health check endpoint');
    await popup.locator('[data-action="start-task"]').click();
    const alert = popup.locator('[data-testid="new-task"] [role="alert"]');
    await expect(alert).toContainText('There is no repository octo-org/webap that this token can see');
    await expect(alert).not.toContainText(/plan/i);
    expect(twin.requests().filter((r) => r.method === 'GET' && r.path === '/repos/octo-org/webap')).toHaveLength(1);

    // Closing the popup (any click outside does) keeps the draft; a started task clears it.
    await popup.close();
    popup = await openPopup();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.locator('[data-action="new-task"]').click();
    await expect(popup.getByLabel('Repository')).toHaveValue('octo-org/webap');
    await expect(popup.getByLabel('What should the agent do?')).toHaveValue('Add a health check endpoint');
    await popup.getByLabel('Repository').fill('octo-org/webapp');
    await popup.locator('[data-action="start-task"]').click();
    await expect(popup.getByTestId('new-task')).toHaveCount(0);
    await popup.close();
    popup = await openPopup();
    await popup.locator('[data-action="new-task"]').click();
    await expect(popup.getByLabel('What should the agent do?')).toHaveValue('');
    expectNoErrors();
  });
});
