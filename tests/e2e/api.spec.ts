/**
 * Issue 13: the extension in the world our users have (docs/fidelity.md, "Issue 13 — API"). The Copilot API refuses
 * every token (twin default), the Agent tasks API may be switched off with any of the answers GitHub might give, a
 * fine-grained token may lack "Agent tasks", and a PR may vanish: each time every session still shows with its
 * state, and the reason is given in words.
 */
import type { StateSnapshot } from '../../utils/model/state';
import type { Scenario } from '../twin/types';
import { expect, test } from './fixtures';
import { DEMO_TOKEN, S42, S42_FIRST, S43, S44 } from './helpers/demo';
import { loadScenario } from './helpers/scenario';

function demoWith(patch: Partial<Scenario>, name: string): Scenario {
  return { ...(structuredClone(loadScenario('demo')) as Scenario), ...patch, name };
}

async function synced(getState: () => Promise<StateSnapshot>): Promise<StateSnapshot> {
  await expect.poll(async () => (await getState()).lastSyncAt, { timeout: 30_000 }).not.toBeNull();
  return getState();
}

for (const status of [400, 403, 404, 422] as const) {
  test.describe(`Agent tasks API off, answered ${status} (fidelity: "Agent tasks API off")`, () => {
    test.use({ scenario: demoWith({ agentTasksApi: status }, `demo-agent-tasks-${status}`) });

    test('sign-in and sync fall back to timelines and runs, with the reason in words', async ({
      signIn,
      getState,
      openPopup,
      twin,
    }) => {
      expect(((await signIn(DEMO_TOKEN)) as { ok: boolean }).ok).toBe(true);
      const state = await synced(getState);
      expect(state.lastError).toBeNull();
      expect(state.source).toBe('fallback');
      expect(state.sourceReason?.message).toContain(`GitHub answered ${status}`);
      // The agent's PRs are found without the API: each session with its state and its PR.
      await expect.poll(async () => (await getState()).sessions.length).toBeGreaterThan(2);
      for (const s of (await getState()).sessions) {
        expect(s.source).toBe('timeline');
        expect(s.state).toBeTruthy();
        expect(s.pr?.number ?? s.headRef).toBeTruthy();
      }
      // The Copilot API was asked once at sign-in (400) and not again.
      expect(twin.requests({ host: 'api.githubcopilot.com' }).map((r) => r.status)).toEqual([400]);
      const popup = await openPopup();
      await expect(popup.getByTestId('source')).toHaveText(/fallback/);
      await expect(popup.getByTestId('source-reason')).toContainText(`GitHub answered ${status}`);
    });
  });
}

test.describe('fine-grained token without "Agent tasks" (fidelity: "Fine-grained token without Agent tasks")', () => {
  const token = 'github_pat_demo_no_agent_tasks';
  const demo = loadScenario('demo') as Scenario;
  test.use({
    scenario: demoWith(
      {
        tokens: [
          ...(demo.tokens ?? []),
          {
            token,
            user: 'octo-demo',
            kind: 'fine-grained',
            permissions: { actions: 'read', pull_requests: 'read', contents: 'read', metadata: 'read' },
            expiresAt: '+30d',
          },
        ],
      },
      'demo-fine-grained-no-agent-tasks',
    ),
  });

  test('the empty list is not taken for "no sessions": the permission is named with the link that grants it', async ({
    signIn,
    getState,
    openPopup,
  }) => {
    expect(((await signIn(token)) as { ok: boolean }).ok).toBe(true);
    const state = await synced(getState);
    expect(state.source).toBe('fallback');
    expect(state.sourceReason).toMatchObject({ kind: 'missing-permission', permission: 'Agent tasks: read' });
    expect(state.sourceReason?.link).toBe('https://github.com/settings/personal-access-tokens');
    await expect.poll(async () => (await getState()).sessions.length).toBeGreaterThan(2);
    const popup = await openPopup();
    await expect(popup.getByTestId('source-reason')).toContainText('Agent tasks: read');
    await expect(popup.locator('[data-link="source-reason"]')).toHaveAttribute(
      'href',
      'https://github.com/settings/personal-access-tokens',
    );
  });
});

test.describe('the demo while the Copilot API refuses our token (fidelity: "Copilot API refuses")', () => {
  test.use({ scenario: 'demo' });

  test('every session shows state, usage in its unit, PR or branch, and its run', async ({
    signIn,
    getState,
    openPopup,
    sendMessage,
    twin,
  }) => {
    await twin.advance(2 * 60_000);
    expect(((await signIn(DEMO_TOKEN)) as { ok: boolean }).ok).toBe(true);
    await synced(getState);
    const sessions = (await getState()).sessions;
    expect(sessions.length).toBeGreaterThan(5);
    expect(twin.requests({ host: 'api.githubcopilot.com' }).every((r) => r.status === 400)).toBe(true);
    for (const s of sessions) {
      expect(s.state).toBeTruthy();
      expect(s.pr?.number ?? s.headRef).toBeTruthy();
      expect(s.usage?.amount).toBeGreaterThanOrEqual(0);
      if (s.state !== 'queued')
        expect(s.links.run, `${s.id} has its run`).toMatch(/^https:\/\/github\.com\/.+\/actions\/runs\/\d+$/);
    }
    const units = new Set(sessions.map((s) => s.usage?.unit));
    expect(units).toEqual(new Set(['ai-credits', 'premium-requests']));
    const popup = await openPopup();
    const row = popup.locator(`li[data-session-id="${S42_FIRST}"]`);
    await expect(row.locator('.as-badge-premium')).toContainText('premium request');
    const credits = sessions.find((s) => s.usage?.unit === 'ai-credits' && s.usage.amount > 0);
    expect(credits, 'a session billed in AI credits').toBeTruthy();
    await expect(popup.locator(`li[data-session-id="${credits?.id}"] .as-badge-premium`)).toContainText('AI credit');
    await expect(row.locator('[data-action="run"]')).toHaveAttribute('href', /\/actions\/runs\/\d+$/);
    // Refreshes ask the Copilot API nothing more: its refusal is remembered.
    const before = twin.requests({ host: 'api.githubcopilot.com' }).length;
    await twin.advance(60_000);
    expect(((await sendMessage({ type: 'refresh', reason: 'manual' })) as { ok: boolean }).ok).toBe(true);
    expect(twin.requests({ host: 'api.githubcopilot.com' }).length).toBe(before);
  });

  test('a vanished PR costs nothing else (fidelity: "GraphQL nodes(ids:) with a vanished id")', async ({
    signIn,
    getState,
    twin,
  }) => {
    await twin.control('POST', 'delete-pull', { repo: 'octo-org/webapp', number: 43 });
    expect(((await signIn(DEMO_TOKEN)) as { ok: boolean }).ok).toBe(true);
    const state = await synced(getState);
    expect(state.lastError).toBeNull();
    expect(state.source).toBe('agent-tasks');
    const byId = new Map(state.sessions.map((s) => [s.id, s]));
    // The PRs that still exist are joined; the vanished one's session is still listed, with its branch.
    expect(byId.get(S42)?.pr?.number).toBe(42);
    expect(byId.get(S44)?.pr?.number).toBe(44);
    expect(byId.get(S43)?.pr).toBeNull();
    expect(byId.get(S43)?.headRef).toBeTruthy();
    expect(twin.requests({ path: /\/graphql$/ }).every((r) => r.status === 200)).toBe(true);
  });
});
