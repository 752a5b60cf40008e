/**
 * The toolbar popup against the twin (demo scenario): sign-in, sections, filters, keyboard, opening a row,
 * starting a task and its refusals, accessibility and screenshots (docs/screenshots/popup-{light,dark}.png).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { TASK_MODELS } from '../../utils/model/task-models';
import { expect, test } from './fixtures';
import { ARCHIVED, DEMO_TOKEN, S22, S43, S44 } from './helpers/demo';
import { popupRow, seriousAxeViolations } from './helpers/page';
import { ROOT } from './helpers/twin';

test.use({ scenario: 'demo' });

const RUNNING_ID = S22; // octo-org/infra #22, in progress forever
const WAITING_ID = S43; // octo-org/webapp #43, waiting for the user
const FAILED_ID = S44; // octo-org/webapp #44

async function popupSignedIn(openPopup: () => Promise<Page>, expectSignedIn: () => Promise<void>) {
  await expectSignedIn();
  const page = await openPopup();
  await page.setViewportSize({ width: 400, height: 600 });
  await expect(page.locator('li[data-session-id]').first()).toBeVisible();
  return page;
}

test('sign-in: a bad token is refused in words, a good one fills the sections', async ({ openPopup }) => {
  const page = await openPopup();
  await page.setViewportSize({ width: 400, height: 600 });
  await expect(page.getByTestId('signed-out')).toBeVisible();
  await expect(page.locator('[data-link="new-token"]')).toHaveAttribute(
    'href',
    'https://github.com/settings/tokens/new?scopes=repo&description=Agent%20Sessions',
  );
  const token = page.getByLabel('Personal access token');
  await token.fill('ghp_not_a_real_token');
  await page.locator('[data-action="sign-in"]').click();
  await expect(page.locator('[data-testid="sign-in"] [role="alert"]')).toBeVisible();
  await expect(page.locator('[data-testid="sign-in"] [role="alert"]')).not.toBeEmpty();

  await token.fill(DEMO_TOKEN);
  await page.locator('[data-action="sign-in"]').click();
  await expect(page.locator('[data-section="attention"]')).toBeVisible();
  await expect(page.locator('[data-section="running"]')).toBeVisible();
  await expect(popupRow(page, WAITING_ID)).toHaveAttribute('data-state', 'waiting_for_user');
  await expect(page.locator('[data-section="attention"]').locator(`li[data-session-id="${WAITING_ID}"]`)).toHaveCount(
    1,
  );
  await expect(page.locator('[data-section="running"]').locator(`li[data-session-id="${RUNNING_ID}"]`)).toHaveCount(1);
  await expect(page.getByTestId('source')).toHaveText(/Agent tasks API|fallback/);
  // no horizontal scroll at 400 px
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
});

test('sessions move between sections as the twin changes state', async ({ openPopup, expectSignedIn, twin }) => {
  const page = await popupSignedIn(openPopup, expectSignedIn);
  await expect(page.locator(`[data-section="running"] li[data-session-id="${RUNNING_ID}"]`)).toHaveCount(1);
  await twin.setSessionState(RUNNING_ID, 'failed');
  await page.locator('[data-action="refresh"]').click();
  await expect(popupRow(page, RUNNING_ID)).toHaveAttribute('data-state', 'failed', { timeout: 20_000 });
  await expect(page.locator(`[data-section="attention"] li[data-session-id="${RUNNING_ID}"]`)).toHaveCount(1);
  await expect(popupRow(page, RUNNING_ID)).toHaveAttribute('data-unread', 'true');
  await expect(page.getByTestId('announcer')).toContainText('Failed');
  // mark read: it leaves "Needs your attention"
  await popupRow(page, RUNNING_ID).locator('[data-action="mark-read"]').click();
  await expect(page.locator(`[data-section="recent"] li[data-session-id="${RUNNING_ID}"]`)).toHaveCount(1);
});

test('filters and search narrow the list and are remembered', async ({ openPopup, expectSignedIn }) => {
  let page = await popupSignedIn(openPopup, expectSignedIn);
  const title = (await popupRow(page, FAILED_ID).locator('[data-action="open"]').textContent()) ?? '';
  const word = title.split(/\s+/).sort((a, b) => b.length - a.length)[0]!;
  const total = await page.locator('li[data-session-id]').count();
  await page.getByTestId('search').fill(word);
  await expect(popupRow(page, FAILED_ID)).toBeVisible();
  await expect.poll(() => page.locator('li[data-session-id]').count()).toBeLessThan(total);
  for (const t of await page.locator('li[data-session-id] [data-action="open"]').allTextContents())
    expect(`${t}`.toLowerCase()).toContain(word.toLowerCase());
  await page.getByTestId('search').fill('');
  await page.getByTestId('filter-repo').selectOption('octo-org/api-server');
  await expect(page.locator('li[data-session-id]')).toHaveCount(2);
  await page.getByTestId('filter-state').selectOption('timed_out');
  await expect(page.locator('li[data-session-id]')).toHaveCount(1);
  await expect(page.locator('li[data-session-id]').first()).toHaveAttribute('data-state', 'timed_out');
  await page.close();
  page = await openPopup();
  await expect(page.getByTestId('filter-state')).toHaveValue('timed_out');
  await expect(page.locator('li[data-session-id]')).toHaveCount(1);
  // Archived tasks only on demand (the engine lists them with is_archived=true).
  await page.getByTestId('filter-state').selectOption({ index: 0 });
  await page.getByTestId('filter-repo').selectOption({ index: 0 });
  await expect(popupRow(page, ARCHIVED)).toHaveCount(0);
  await page.getByTestId('filter-archived').check();
  await expect(page.getByTestId('filter-archived')).toBeChecked();
  await expect(popupRow(page, ARCHIVED)).toBeVisible();
});

test('keyboard: / focuses search, j/k move, Enter opens the PR with the drawer deep link', async ({
  openPopup,
  expectSignedIn,
  context,
}) => {
  const page = await popupSignedIn(openPopup, expectSignedIn);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const first = page.locator('li[data-session-id]').first();
  await expect(first).toBeFocused();
  await page.keyboard.press('j');
  await expect(page.locator('li[data-session-id]').nth(1)).toBeFocused();
  await page.keyboard.press('k');
  await expect(first).toBeFocused();
  const id = await first.getAttribute('data-session-id');
  await page.keyboard.press('Enter');
  // The background opens it in the active tab (here: the popup's own tab) or a new one.
  await expect
    .poll(() => context.pages().map((p) => p.url()))
    .toContainEqual(expect.stringMatching(new RegExp(`/pull/\\d+#agent-session=${id}$`)));
});

test('clicking a row opens its PR; a modifier click opens a new tab', async ({
  openPopup,
  expectSignedIn,
  context,
}) => {
  const page = await popupSignedIn(openPopup, expectSignedIn);
  const opened = context.waitForEvent('page');
  await popupRow(page, FAILED_ID)
    .locator('[data-action="open"]')
    .click({ modifiers: ['ControlOrMeta'] });
  const tab = await opened;
  await expect.poll(() => tab.url()).toBe(`https://github.com/octo-org/webapp/pull/44#agent-session=${FAILED_ID}`);
});

test('starting a task: it appears in Running at once', async ({ openPopup, expectSignedIn }) => {
  const page = await popupSignedIn(openPopup, expectSignedIn);
  const before = await page.locator('[data-section="running"] li[data-session-id]').count();
  await page.locator('[data-action="new-task"]').click();
  await page.getByLabel('Repository').fill('octo-org/webapp');
  await page.getByLabel('Base branch').fill('develop');
  await page.getByLabel('What should the agent do?').fill('Add a CHANGELOG entry for the dark mode toggle.');
  await page.locator('[data-action="start-task"]').click();
  await expect(page.getByTestId('new-task')).toHaveCount(0);
  await expect(page.locator('[data-section="running"] li[data-session-id]')).toHaveCount(before + 1, {
    timeout: 20_000,
  });
});

const refusals: Array<{
  name: string;
  token?: string;
  repo: string;
  branch?: string;
  model?: string;
  expect: RegExp;
}> = [
  { name: 'agent not enabled', repo: 'octo-org/legacy-app', expect: /not enabled/i },
  {
    name: 'a model GitHub does not offer',
    repo: 'octo-org/webapp',
    model: 'gpt-2',
    expect: /Model "gpt-2" is not available/,
  },
  // The demo's octo-corp also enforces SSO for this token, so the twin may answer that first.
  { name: 'plan without the feature', repo: 'octo-corp/payments', expect: /plan|single sign-on/i },
  { name: 'bad branch', repo: 'octo-org/webapp', branch: 'no-such-branch', expect: /no-such-branch|branch/i },
  // A token without the scope to start tasks is no longer offered New task at all (issue 20 #9): ux.spec.ts
  // "a token without the repo scope: no Stop, no New task" covers it.
];
for (const r of refusals) {
  test(`starting a task is refused with the reason: ${r.name}`, async ({ openPopup, expectSignedIn }) => {
    await expectSignedIn(r.token);
    const page = await openPopup();
    await page.locator('[data-action="new-task"]').click();
    await page.getByLabel('Repository').fill(r.repo);
    if (r.branch) await page.getByLabel('Base branch').fill(r.branch);
    if (r.model) {
      await page.getByText('Model and custom agent').click();
      // The description's models are suggested; any other text is still sent (the list changes over time).
      await expect(page.getByTestId('task-models').locator('option')).toHaveCount(TASK_MODELS.length);
      await page.getByLabel('Model').fill(r.model);
    }
    await page.getByLabel('What should the agent do?').fill('Please do it.');
    await page.locator('[data-action="start-task"]').click();
    const alert = page.getByTestId('new-task').locator('[role="alert"]');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(r.expect);
    await expect(page.getByLabel('What should the agent do?')).toHaveValue('Please do it.');
  });
}

test('a prompt over 30,000 characters is caught before sending, with a live count', async ({
  openPopup,
  expectSignedIn,
}) => {
  const page = await popupSignedIn(openPopup, expectSignedIn);
  await page.locator('[data-action="new-task"]').click();
  await page.getByLabel('Repository').fill('octo-org/webapp');
  await page.getByLabel('What should the agent do?').fill('x'.repeat(30_010));
  await expect(page.getByTestId('prompt-count')).toContainText('30,010 / 30,000');
  await expect(page.locator('[data-action="start-task"]')).toBeDisabled();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe: no serious or critical violations, ${scheme}; screenshot`, async ({ openPopup, expectSignedIn }) => {
    await expectSignedIn();
    const page = await openPopup();
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 400, height: 600 });
    await expect(page.locator('li[data-session-id]').first()).toBeVisible();
    const bad = await seriousAxeViolations(page);
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    const dir = resolve(ROOT, 'docs/screenshots');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: resolve(dir, `popup-${scheme}.png`) });

    await page.locator('[data-action="new-task"]').click();
    expect((await seriousAxeViolations(page)).map((v) => v.id)).toEqual([]);
  });
}
