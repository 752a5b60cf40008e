/**
 * Issue 16, beyond the PR page, against the twin's demo scenario:
 * 1. A session without a pull request (its artifact is a branch): its popup row shows the branch, a "Create PR" link
 *    (GitHub's compare form, `?expand=1`) and a "Compare" link, built on the account's web origin; its session tab
 *    offers the same. Screenshots: docs/screenshots/branch-session-{light,dark}.png (the tab at 1280 px) and
 *    docs/screenshots/popup-handoffs-{light,dark}.png (the popup with a row's hand-offs open).
 * 2. Hand-offs: Open in VS Code (the PR extension's documented checkout URI), copy `copilot --resume=<id>`, GitHub's
 *    Agents page, from the popup row's menu and from the drawer beside the PR.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { DOTFILES, GH, PR_LAB, PR42, S_LAB, S42 } from './helpers/demo';
import { drawer, popupRow, seriousAxeViolations } from './helpers/page';
import { ROOT } from './helpers/twin';

test.use({ scenario: 'demo' });

const SHOTS = resolve(ROOT, 'docs/screenshots');
const VSCODE_42 = `vscode://github.vscode-pull-request-github/checkout-pull-request?uri=${PR42}`;

for (const scheme of ['light', 'dark'] as const) {
  test(`a branch-only session: branch, Create PR and Compare on its row and in its tab (${scheme})`, async ({
    twin,
    context,
    extensionId,
    openPopup,
    expectSignedIn,
    getState,
    expectNoErrors,
  }) => {
    await twin.advance(3 * 60_000); // the dotfiles task starts at +90 s
    await expectSignedIn();
    await expect
      .poll(async () => (await getState()).sessions.find((s) => s.id === DOTFILES)?.headRef ?? null)
      .toBe('copilot/zsh-git-prompt');
    const s = (await getState()).sessions.find((x) => x.id === DOTFILES)!;
    expect(s.pr).toBeNull();
    const compare = `${GH}/octo-demo/dotfiles/compare/${s.baseRef}...copilot/zsh-git-prompt`;
    expect(s.baseRef).toBeTruthy();

    const popup = await openPopup();
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.setViewportSize({ width: 400, height: 600 });
    const row = popupRow(popup, DOTFILES);
    await expect(row.locator('[data-branch]')).toHaveAttribute('data-branch', 'copilot/zsh-git-prompt');
    await expect(row.locator('[data-action="create-pr"]')).toHaveAttribute('href', `${compare}?expand=1`);
    await expect(row.locator('[data-action="compare"]')).toHaveAttribute('href', compare);
    await expect(row.locator('[data-action="create-pr"]')).toHaveAttribute('target', '_blank');
    // Its menu: no VS Code (no PR to check out), the resume command and the Agents page.
    await row.locator('[data-action="more"]').click();
    await expect(row.locator('[data-action="more"]')).toHaveAttribute('aria-expanded', 'true');
    const menu = row.locator('[data-role="handoffs"]');
    await expect(menu.locator('[data-handoff="resume"]')).toHaveAttribute(
      'data-command',
      `copilot --resume=${DOTFILES}`,
    );
    await expect(menu.locator('[data-handoff="agents"]')).toHaveAttribute('href', `${GH}/copilot/agents`);
    await expect(menu.locator('[data-handoff="vscode"]')).toHaveCount(0);
    expect(await seriousAxeViolations(popup)).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await popup.screenshot({ path: resolve(SHOTS, `popup-handoffs-${scheme}.png`) });

    // The session tab (the drawer as a page) offers the same links.
    const opened = context.waitForEvent('page');
    await row.locator('[data-action="open"]').click({ modifiers: ['ControlOrMeta'] });
    const tab = await opened;
    await tab.emulateMedia({ colorScheme: scheme });
    await tab.setViewportSize({ width: 1280, height: 800 });
    await expect
      .poll(() => tab.url())
      .toBe(`chrome-extension://${extensionId}/drawer.html#session=${DOTFILES}&view=tab`);
    const bar = tab.locator('[data-role="handoffs"]');
    await expect(bar.locator('[data-handoff="create-pr"]')).toHaveAttribute('href', `${compare}?expand=1`);
    await expect(bar.locator('[data-handoff="compare"]')).toHaveAttribute('href', compare);
    // The drawer's row keeps one line: a short label, the command in its tooltip and data.
    await expect(bar.locator('[data-handoff="resume"]')).toHaveText('Copy resume command');
    await expect(bar.locator('[data-handoff="resume"]')).toHaveAttribute('title', `copilot --resume=${DOTFILES}`);
    await expect(bar.locator('[data-handoff="vscode"]')).toHaveCount(0);
    await expect(tab.locator('[data-entry-kind]').first()).toBeVisible({ timeout: 20_000 });
    expect(await seriousAxeViolations(tab)).toEqual([]);
    await tab.screenshot({ path: resolve(SHOTS, `branch-session-${scheme}.png`) });
    expectNoErrors();
  });
}

test('hand-offs of a PR session: VS Code, copy the resume command, the Agents page (popup menu and drawer)', async ({
  context,
  page,
  openPopup,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn();
  const popup = await openPopup();
  await popup.setViewportSize({ width: 400, height: 600 });
  const row = popupRow(popup, S42);
  await expect(row).toBeVisible();
  await expect(row.locator('[data-role="handoffs"]')).toHaveCount(0);
  await row.locator('[data-action="more"]').click();
  const menu = row.locator('[data-role="handoffs"]');
  await expect(menu.locator('[data-handoff="vscode"]')).toHaveAttribute('href', VSCODE_42);
  await expect(menu.locator('[data-handoff="agents"]')).toHaveAttribute('href', `${GH}/copilot/agents`);
  // Branch links are for sessions without a PR only.
  await expect(row.locator('[data-action="create-pr"], [data-handoff="create-pr"]')).toHaveCount(0);
  const copy = menu.locator('[data-handoff="resume"]');
  await copy.click();
  // "Copied" only once the clipboard took the text (the background's copy is not readable from a test here).
  await expect(copy).toContainText(`Copied copilot --resume=${S42}`);
  // Clicking inside the menu does not open the session.
  expect(context.pages().filter((p) => p.url().includes('/pull/42')).length).toBe(0);
  await row.locator('[data-action="more"]').click();
  await expect(menu).toHaveCount(0);

  // The drawer beside the PR.
  await page.goto(`${PR42}#agent-session=${S42}`);
  const bar = drawer(page).locator('[data-role="handoffs"]');
  await expect(bar.locator('[data-handoff="vscode"]')).toHaveAttribute('href', VSCODE_42);
  await expect(bar.locator('[data-handoff="resume"]')).toHaveAttribute('data-command', `copilot --resume=${S42}`);
  await expect(bar.locator('[data-handoff="agents"]')).toHaveAttribute('href', `${GH}/copilot/agents`);
  // One line at 1280 px beside the PR: the log keeps its room.
  await page.setViewportSize({ width: 1280, height: 800 });
  const one = await bar.locator('[data-handoff="vscode"]').boundingBox();
  const last = await bar.locator('[data-handoff="agents"]').boundingBox();
  expect(one && last && Math.abs(one.y - last.y)).toBeLessThanOrEqual(2);
  expectNoErrors();
});

// 3. Other agents: Codex (openai-code-agent) on octo-org/docs #15, Claude (anthropic-code-agent) on octo-org/api-server #7.
const CODEX = 'c0dec0de-aaaa-4aaa-9aaa-00000000000a';
const CLAUDE = '5e1f0a07-8888-4a88-9a88-000000000008';
const PR15 = `${GH}/octo-org/docs/pull/15`;

for (const scheme of ['light', 'dark'] as const) {
  test(`Codex and Claude sessions: named on the popup row, filterable by agent, on the PR page and in the drawer (${scheme})`, async ({
    page,
    openPopup,
    expectSignedIn,
    getState,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    // The Agent tasks API names no agent: the session's run (dynamic/agents/openai-code-agent) tells.
    await expect
      .poll(async () => {
        const st = await getState();
        return [CODEX, CLAUDE].map((id) => st.sessions.find((s) => s.id === id)?.agent.slug ?? null);
      })
      .toEqual(['openai-code-agent', 'anthropic-code-agent']);

    const popup = await openPopup();
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.setViewportSize({ width: 400, height: 600 });
    await expect(popupRow(popup, CODEX).locator('[data-agent="openai-code-agent"]')).toHaveText('Codex');
    await expect(popupRow(popup, CLAUDE).locator('[data-agent="anthropic-code-agent"]')).toHaveText('Claude');
    await expect(popupRow(popup, S42).locator('[data-agent]')).toHaveCount(0);
    await expect(popupRow(popup, CODEX)).toHaveAttribute('aria-label', /by Codex/);
    // No `copilot --resume` for another agent's session.
    await popupRow(popup, CODEX).locator('[data-action="more"]').click();
    await expect(popupRow(popup, CODEX).locator('[data-handoff="agents"]')).toBeVisible();
    await expect(popupRow(popup, CODEX).locator('[data-handoff="resume"]')).toHaveCount(0);
    await popupRow(popup, CODEX).locator('[data-action="more"]').click();

    const filter = popup.getByTestId('filter-agent');
    await expect(filter.locator('option')).toHaveText(['All agents', 'Copilot', 'Claude', 'Codex']);
    await filter.selectOption('openai-code-agent');
    await expect(popup.locator('li[data-session-id]')).toHaveCount(1);
    await expect(popupRow(popup, CODEX)).toBeVisible();
    expect(await seriousAxeViolations(popup)).toEqual([]);
    await popup.screenshot({ path: resolve(SHOTS, `popup-agents-${scheme}.png`) });
    await filter.selectOption('anthropic-code-agent');
    await expect(popup.locator('li[data-session-id]')).toHaveCount(1);
    await expect(popupRow(popup, CLAUDE)).toBeVisible();
    await filter.selectOption('');
    await expect(popup.locator('li[data-session-id]').nth(3)).toBeVisible();

    // The PR page: the timeline badge and the header badge name the agent; so does the drawer.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${PR15}${scheme === 'dark' ? '?theme=dark' : ''}`);
    const timeline = page.locator(`[data-agent-sessions-badge="timeline"][data-session-id="${CODEX}"]`);
    await expect(timeline.locator('.as-agent-label')).toHaveText('Codex');
    const header = page.locator('[data-agent-sessions-badge="header"]');
    await expect(header.locator('.as-agent-label')).toHaveText('Codex');
    await expect(header.locator('button.as-badge-btn')).toHaveAttribute('aria-label', /^Codex session: /);
    await page.screenshot({ path: resolve(SHOTS, `pr-codex-${scheme}.png`) });
    await timeline.locator('button').click();
    await expect(drawer(page).locator('[data-role="session-agent"]')).toHaveAttribute(
      'data-agent',
      'openai-code-agent',
    );
    await expect(drawer(page).locator('[data-role="session-agent"]')).toHaveText(/Codex/);
    await expect(drawer(page).locator('[data-handoff="resume"]')).toHaveCount(0);
    await expect(drawer(page).locator('[data-handoff="vscode"]')).toHaveAttribute(
      'href',
      `vscode://github.vscode-pull-request-github/checkout-pull-request?uri=${PR15}`,
    );
    expectNoErrors();
  });
}

// 4. Follow-up: "Ask Copilot for changes" posts a PR comment mentioning @copilot, after the account check and a
// preview; GitHub (the twin) starts a new session on the PR, which the extension picks up at once and the drawer follows.
for (const scheme of ['light', 'dark'] as const) {
  test(`ask Copilot for changes from the drawer: preview, post, the new session followed (${scheme})`, async ({
    page,
    twin,
    expectSignedIn,
    getState,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${PR_LAB}${scheme === 'dark' ? '?theme=dark' : ''}#agent-session=${S_LAB}`);
    const d = drawer(page);
    await d.locator('[data-action="ask-for-changes"]').click();
    await d
      .locator('[data-role="ask-for-changes"] textarea')
      .fill('  Add unit tests for the parser.\n\nKeep the API.  ');
    // The preview is exactly what will be posted, by whom and where.
    await expect(d.locator('[data-role="ask-body"]')).toHaveText(
      '@copilot Add unit tests for the parser.\n\nKeep the API.',
    );
    await expect(d.locator('[data-role="ask-preview"]')).toContainText(
      '@octo-demo will comment on octo-demo/copilot-agents-lab#3:',
    );
    expect(twin.requests({ method: 'POST', path: /\/issues\/3\/comments$/ })).toHaveLength(0);
    // axe on the drawer and its frame (the form included); the content script's resize handle is not this view's.
    const axe = await new AxeBuilder({ page: page as never })
      .include('[data-agent-sessions-drawer]')
      .exclude('[data-agent-sessions-drawer] [role="separator"]')
      .analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    expect(axe.passes.length).toBeGreaterThan(0);
    await page.screenshot({ path: resolve(SHOTS, `ask-for-changes-${scheme}.png`) });
    const before = (await getState()).sessions.filter(
      (s) => s.pr?.number === 3 && s.repo?.name === 'copilot-agents-lab',
    );
    await d.locator('[data-action="post-ask"]').click();
    await expect.poll(() => twin.requests({ method: 'POST', path: /\/issues\/3\/comments$/ }).length).toBe(1);
    expect(twin.requests({ method: 'POST', path: /\/issues\/3\/comments$/ })[0]?.status).toBe(201);
    // Picked up at once (a sync right after the comment, not the next poll) ...
    await expect
      .poll(
        async () =>
          (await getState()).sessions.find(
            (s) => s.repo?.name === 'copilot-agents-lab' && !before.some((b) => b.id === s.id),
          )?.prompt ?? null,
        { timeout: 6_000 },
      )
      .toBe('@copilot Add unit tests for the parser.\n\nKeep the API.');
    const fresh = (await getState()).sessions.find(
      (s) => s.repo?.name === 'copilot-agents-lab' && !before.some((b) => b.id === s.id),
    )!;
    expect(fresh.pr?.number).toBe(3);
    // ... and followed: the drawer switches to it.
    await expect(page.locator('[data-agent-sessions-drawer]')).toHaveAttribute('data-session-id', fresh.id);
    await expect(d.locator('[data-role="session-switcher"]')).toHaveValue(fresh.id);
    expectNoErrors();
  });
}

test('ask Copilot for changes: a page signed in as someone else posts nothing, and says why', async ({
  page,
  twin,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn();
  await page.goto(`${PR_LAB}?as=monalisa#agent-session=${S_LAB}`);
  const d = drawer(page);
  await d.locator('[data-action="ask-for-changes"]').click();
  await d.locator('[data-role="ask-for-changes"] textarea').fill('Rename the helper');
  await d.locator('[data-action="post-ask"]').click();
  await expect(d.locator('[data-role="ask-for-changes"] [role="alert"]')).toContainText(
    'You are signed in on GitHub as @monalisa',
  );
  expect(twin.requests({ method: 'POST', path: /\/comments$/ })).toHaveLength(0);
  expectNoErrors();
});

// 4b. The same follow-up from the PR header: a compact "Ask" beside the badge opens the drawer on its form, the cursor
// in the text; the preview and the post are the drawer's (an extension page), never the page's.
for (const scheme of ['light', 'dark'] as const) {
  test(`ask Copilot for changes from the PR header: the drawer opens on its form, then posts (${scheme})`, async ({
    page,
    twin,
    expectSignedIn,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${PR_LAB}${scheme === 'dark' ? '?theme=dark' : ''}`);
    await page.bringToFront(); // the person's own window: focus moves into the drawer as it would for them
    const header = page.locator('[data-agent-sessions-badge="header"]');
    const ask = header.locator('[data-action="ask-for-changes"]');
    await expect(ask).toHaveAccessibleName('Ask Copilot for changes');
    await expect(ask).toHaveText('Ask');
    // On one line with the badge: GitHub's header is not wrapped by it.
    const [askBox, badgeBox] = [await ask.boundingBox(), await header.locator('button.as-badge-btn').boundingBox()];
    expect(
      Math.abs((askBox?.y ?? 0) + (askBox?.height ?? 0) / 2 - ((badgeBox?.y ?? 0) + (badgeBox?.height ?? 0) / 2)),
    ).toBeLessThan(4);
    await ask.click();
    const d = drawer(page);
    const text = d.locator('[data-role="ask-for-changes"] textarea');
    await expect(text).toBeFocused();
    await expect(page.locator('[data-agent-sessions-drawer]')).toHaveAttribute('data-session-id', S_LAB);
    await page.keyboard.type('Handle an empty config file.');
    await expect(d.locator('[data-role="ask-body"]')).toHaveText('@copilot Handle an empty config file.');
    await expect(d.locator('[data-role="ask-preview"]')).toContainText(
      '@octo-demo will comment on octo-demo/copilot-agents-lab#3:',
    );
    // Nothing is posted before the person's own click on Post.
    expect(twin.requests({ method: 'POST', path: /\/issues\/3\/comments$/ })).toHaveLength(0);
    const axe = await new AxeBuilder({ page: page as never }).include('[data-agent-sessions-badge="header"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    expect(axe.passes.length).toBeGreaterThan(0);
    await page.screenshot({ path: resolve(SHOTS, `ask-header-${scheme}.png`) });
    await d.locator('[data-action="post-ask"]').click();
    await expect.poll(() => twin.requests({ method: 'POST', path: /\/issues\/3\/comments$/ }).length).toBe(1);
    // Posted: the session GitHub starts for the comment is picked up at once and the drawer follows it, as after the
    // drawer's own Ask (the form's "Posted" note goes with the session it was on, so it is not waited for here).
    await expect(page.locator('[data-agent-sessions-drawer]')).not.toHaveAttribute('data-session-id', S_LAB, {
      timeout: 15_000,
    });
    expectNoErrors();
  });
}

test('the PR header offers Ask only where it can post: not to a page signed in as someone else', async ({
  page,
  expectSignedIn,
  expectNoErrors,
}) => {
  await expectSignedIn();
  await page.goto(PR_LAB);
  const header = page.locator('[data-agent-sessions-badge="header"]');
  await expect(header.locator('[data-action="ask-for-changes"]')).toBeVisible();
  await page.goto(`${PR_LAB}?as=monalisa`);
  await expect(header.locator('button.as-badge-btn')).toBeVisible();
  await expect(header.locator('[data-action="ask-for-changes"]')).toHaveCount(0);
  expectNoErrors();
});

// 5. A repository's sessions, everyone's, read-only, from the popup's repository filter.
for (const scheme of ['light', 'dark'] as const) {
  test(`a repository's sessions, everyone's, read-only from the repository filter (${scheme})`, async ({
    openPopup,
    expectSignedIn,
    twin,
    expectNoErrors,
  }) => {
    await expectSignedIn();
    const popup = await openPopup();
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.setViewportSize({ width: 400, height: 600 });
    await expect(popup.locator('[data-action="repo-sessions"]')).toHaveCount(0);
    await popup.getByTestId('filter-repo').selectOption('octo-org/webapp');
    const toggle = popup.locator('[data-action="repo-sessions"]');
    await expect(toggle).toHaveText(/Everyone’s sessions in octo-org\/webapp/);
    expect(twin.requests({ path: /^\/agents\/repos\/octo-org\/webapp\/tasks/ })).toHaveLength(0);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    // monalisa's task (not in octo-demo's own list) beside octo-demo's.
    const list = popup.locator('[data-role="repo-sessions"]');
    const row = list.locator('li[data-task-id="a1b2c3d4-0050-4000-8000-000000000050"]');
    await expect(row).toContainText('Research flaky test causes');
    await expect(row).toContainText('monalisa');
    await expect(row.locator('a')).toHaveAttribute(
      'href',
      'https://github.com/octo-org/webapp/copilot/tasks/a1b2c3d4-0050-4000-8000-000000000050',
    );
    await expect(list.locator('li[data-task-id="a1b2c3d4-0042-4000-8000-000000000042"]')).toContainText('octo-demo');
    await expect(popupRow(popup, '5e1f0a50-abab-4bab-9bab-000000000050')).toHaveCount(0);
    // Read-only: no Stop, no read marks in this list.
    await expect(popup.locator('[data-role="repo-sessions"] button')).toHaveCount(1);
    expect(twin.requests({ path: /^\/agents\/repos\/octo-org\/webapp\/tasks/ }).length).toBe(1);
    expect(await seriousAxeViolations(popup)).toEqual([]);
    await popup.screenshot({ path: resolve(SHOTS, `popup-repo-sessions-${scheme}.png`) });
    expectNoErrors();
  });
}
