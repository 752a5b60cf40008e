// @vitest-environment node
/**
 * The usage history against the in-process twin: a month of tasks read in pages, details only for tasks not seen
 * ended, at most one fetch per ten minutes, kept per account, and every exchange true to GitHub's REST description.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StoredHistory, UsageHistoryService } from '../../../utils/background/usage-history';
import { createGitHubClient, type GitHubClient } from '../../../utils/github/client';
import { dailyUsage } from '../../../utils/sessions/usage';
import { fetchVia } from '../../twin/fetch-via';
import { withUsageHistory } from '../../twin/scenarios/generate';
import { startTwin, type Twin } from '../../twin/server';
import type { Scenario } from '../../twin/types';

const TOKEN = 'ghp_history_token_0123456789';
const base: Scenario = {
  name: 'usage-history',
  webUser: 'octo',
  users: [{ login: 'octo', id: 4_200_001 }],
  tokens: [{ token: TOKEN, user: 'octo', kind: 'classic', scopes: ['repo'] }],
  repos: [
    { owner: 'octo', name: 'app', id: 920_000_001 },
    { owner: 'octo', name: 'docs', id: 920_000_002 },
  ],
  pulls: [],
  tasks: [
    {
      repo: 'octo/app',
      creator: 'octo',
      sessions: [{ createdAt: '-20m', timeline: [{ at: '+5s', state: 'in_progress' }] }],
    },
  ],
};
const scenario = withUsageHistory(base, { days: 28, perDay: 5 });
const historyTasks = (scenario.tasks?.length ?? 0) - 1;

let twin: Twin;
let client: GitHubClient;

beforeAll(async () => {
  twin = await startTwin({ scenario, quiet: true, validate: true });
  const twinFetch = fetchVia(twin.url);
  client = createGitHubClient({ token: TOKEN, host: 'github.com', fetch: twinFetch, retryBaseMs: 1 });
});
afterAll(async () => {
  expect(twin.violations()).toEqual([]);
  await twin.close();
});

function memoryStore() {
  let saved: StoredHistory | undefined;
  return {
    load: async () => saved,
    save: async (v: StoredHistory) => {
      saved = structuredClone(v);
    },
    get saved() {
      return saved;
    },
  };
}

const count = (path: RegExp) => twin.requests().filter((r) => path.test(r.path)).length;

describe('usage history', () => {
  it('reads a month in pages, details in batches, then only what moved; one fetch per ten minutes', async () => {
    expect(historyTasks).toBeGreaterThan(100);
    const store = memoryStore();
    const now = () => twin.clock.now();
    const svc = new UsageHistoryService(store, now, {
      days: 31,
      minGapMs: 600_000,
      maxPages: 5,
      maxDetails: 60,
      maxTasks: 2000,
    });
    twin.clearRequests();

    const first = await svc.get(client, 'github.com/4200001');
    expect(first.error).toBeNull();
    expect(count(/^\/agents\/tasks\?/)).toBe(3); // two active pages (100 + the rest) and one archived page
    expect(count(/^\/agents\/tasks\/[^?]/)).toBe(60);
    expect(first.sessions).toHaveLength(60);
    expect(first.pending).toBe(historyTasks + 1 - 60);
    expect(count(/^\/repositories\//)).toBeLessThanOrEqual(2);
    expect(first.sessions.every((s) => s.repo?.fullName.startsWith('octo/'))).toBe(true);
    expect(first.sessions.some((s) => s.usage?.unit === 'ai-credits')).toBe(true);

    // Within ten minutes: the stored answer, no request.
    twin.clearRequests();
    const again = await svc.get(client, 'github.com/4200001');
    expect(twin.requests()).toHaveLength(0);
    expect(again.sessions).toHaveLength(60);

    // Later fetches read the rest, then only the task still running.
    twin.clock.advance(11 * 60_000);
    await svc.get(client, 'github.com/4200001');
    twin.clock.advance(11 * 60_000);
    const full = await svc.get(client, 'github.com/4200001');
    expect(full.pending).toBe(0);
    expect(full.sessions).toHaveLength(historyTasks + 1);
    twin.clearRequests();
    twin.clock.advance(11 * 60_000);
    await svc.get(client, 'github.com/4200001');
    expect(count(/^\/agents\/tasks\/[^?]/)).toBeLessThanOrEqual(1); // the running task, when it moved
    expect(count(/^\/repositories\//)).toBe(0);

    // The charts read it: sessions on most of the 28 days.
    const u = dailyUsage(full.sessions, now(), { by: 'outcome' });
    expect(u.totals.sessions).toBe(historyTasks + 1);
    expect(u.totals.credits).toBeGreaterThan(0);

    // A new service (a worker restart) answers from storage; another account starts afresh.
    const restarted = new UsageHistoryService(store, now);
    expect((await restarted.get(null, 'github.com/4200001')).sessions).toHaveLength(historyTasks + 1);
    const other = new UsageHistoryService(store, now);
    expect((await other.get(null, 'github.com/999')).sessions).toHaveLength(0);
  });

  it('says why when GitHub refuses, and keeps what it had', async () => {
    const store = memoryStore();
    const svc = new UsageHistoryService(store, () => twin.clock.now());
    const bad = createGitHubClient({
      token: 'ghp_nope',
      host: 'github.com',
      fetch: async () => new Response('{"message":"Bad credentials"}', { status: 401 }),
      retryBaseMs: 1,
    });
    const answer = await svc.get(bad, 'github.com/4200001');
    expect(answer.sessions).toEqual([]);
    expect(answer.error).toMatch(/credentials|token|sign/i);
  });
});
