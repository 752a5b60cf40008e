// @vitest-environment node
/**
 * Issue 16's PR events, the real engine against the twin in process (its clock the twin's): opt-in, one GraphQL
 * request per look, each event notified once, silent first look, no duplicate after a restart, errors recorded and
 * polling going on, a click opening the PR.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createMemoryTokenStore } from '../../../utils/auth/token-store';
import { Engine } from '../../../utils/background/engine';
import type { EngineBrowser } from '../../../utils/background/engine-deps';
import { DEFAULT_SETTINGS } from '../../../utils/model/settings';
import { PR_EVENTS_FAST_MS, PR_EVENTS_SLOW_MS } from '../../../utils/sessions/pr-events';
import { fetchVia } from '../../twin/fetch-via';
import { startTwin, type Twin } from '../../twin/server';
import type { Scenario } from '../../twin/types';
import { notifications } from './helpers';

const TOKEN = 'ghp_pr_events_token_0123456789';
const scenario: Scenario = {
  name: 'pr-events',
  webUser: 'octo',
  users: [{ login: 'octo', id: 4_200_001 }],
  tokens: [{ token: TOKEN, user: 'octo', kind: 'classic', scopes: ['repo'] }],
  repos: [{ owner: 'octo', name: 'app', id: 920_000_001 }],
  pulls: [
    {
      repo: 'octo/app',
      number: 1,
      title: 'Fix the parser',
      createdAt: '-2h',
      head: 'copilot/fix-parser',
      draft: false,
    },
    { repo: 'octo/app', number: 2, title: 'Add a cache', createdAt: '-2h', head: 'copilot/add-cache' },
  ],
  tasks: [
    {
      repo: 'octo/app',
      pull: 1,
      creator: 'octo',
      sessions: [{ createdAt: '-90m', timeline: [{ at: '+10m', state: 'completed' }] }],
    },
    {
      repo: 'octo/app',
      pull: 2,
      creator: 'octo',
      sessions: [{ createdAt: '-80m', timeline: [{ at: '+10m', state: 'completed' }] }],
    },
  ],
};

let twin: Twin;
let tokens: ReturnType<typeof createMemoryTokenStore>;

function newEngine(): Engine {
  return new Engine({
    browser: fakeBrowser as unknown as EngineBrowser,
    tokens,
    fetch: fetchVia(twin.url),
    now: () => twin.clock.now(),
    random: () => 0.5,
    timing: { pushThrottleMs: 1, refreshDebounceMs: 1, pageRefreshMinGapMs: 0, retryBaseMs: 1 },
  });
}

async function control(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${twin.url}/_twin/${path}`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
  return await res.json();
}

const event = (number: number, e: string, extra: Record<string, unknown> = {}) =>
  control('pull-event', { repo: 'octo/app', number, event: e, ...extra });

/** GraphQL requests the twin saw since the last call. */
function graphqlRequests(): number {
  const n = twin.requests().filter((r) => r.path.startsWith('/graphql')).length;
  twin.clearRequests();
  return n;
}

async function tick(engine: Engine, ms: number): Promise<void> {
  twin.clock.advance(ms);
  await engine.sync('alarm');
}

const ON = { ...DEFAULT_SETTINGS.notify, prReviewed: true, prChecksFailed: true, prMergedClosed: true };

beforeEach(async () => {
  fakeBrowser.reset();
  tokens = createMemoryTokenStore();
  twin = await startTwin({ scenario, quiet: true, validate: true });
});
afterEach(async () => {
  expect(twin.violations()).toEqual([]);
  await twin.close();
});

async function signedIn(): Promise<Engine> {
  const engine = newEngine();
  await engine.ready;
  await engine.signIn(TOKEN, 'github.com');
  await engine.sync('manual');
  return engine;
}

describe('PR events on the twin', () => {
  it('ask nothing while every kind is off (the default)', async () => {
    const engine = await signedIn();
    graphqlRequests();
    for (let i = 0; i < 12; i++) await tick(engine, 30_000);
    await event(1, 'merge');
    for (let i = 0; i < 12; i++) await tick(engine, 30_000);
    expect(graphqlRequests()).toBe(0);
    expect(Object.keys(notifications()).filter((id) => id.startsWith('pr-event:'))).toEqual([]);
  });

  it('look silently first, then notify a Copilot review, failed checks and a merge once each; a click opens the PR', async () => {
    const engine = await signedIn();
    await engine.setSettings({ notify: ON });
    graphqlRequests();
    await tick(engine, 30_000);
    // One request for both PRs, nothing notified: the first look is a baseline.
    expect(graphqlRequests()).toBe(1);
    expect(Object.keys(notifications())).toEqual([]);
    // Not due again for 5 minutes (no checks running): no request.
    await tick(engine, 60_000);
    expect(graphqlRequests()).toBe(0);

    await event(1, 'review', { state: 'COMMENTED' });
    await event(1, 'push', { state: 'PENDING' });
    await tick(engine, PR_EVENTS_SLOW_MS);
    expect(graphqlRequests()).toBe(1);
    const afterReview = Object.entries(notifications());
    expect(afterReview).toHaveLength(1);
    expect(afterReview[0]![0]).toMatch(/^pr-event:PR_\w+:review:PRR_/);
    expect(afterReview[0]![1]).toMatchObject({ title: 'Copilot reviewed the PR · octo/app #1' });

    // Checks running: looked at again after a minute, only that PR.
    await event(1, 'checks', { state: 'FAILURE' });
    await tick(engine, PR_EVENTS_FAST_MS);
    expect(graphqlRequests()).toBe(1);
    const ids = Object.keys(notifications());
    expect(ids).toHaveLength(2);
    const checksId = ids.find((id) => id.includes(':checks:'))!;
    expect(notifications()[checksId]).toMatchObject({ title: 'Checks failed on the PR · octo/app #1' });

    await event(2, 'merge');
    await tick(engine, PR_EVENTS_SLOW_MS);
    const merged = Object.entries(notifications()).filter(([id]) => id.endsWith(':merged'));
    expect(merged.map(([, n]) => n.title)).toEqual(['PR merged · octo/app #2']);
    // The session's row and pages say so at once (not when its task next moves); the other PR is still open.
    const prStates = () => Object.fromEntries(engine.snapshot().sessions.map((x) => [x.pr?.number, x.pr?.state]));
    expect(prStates()).toEqual({ 1: 'open', 2: 'merged' });
    await tick(engine, 30_000); // a poll of the tasks after it keeps it
    expect(prStates()).toEqual({ 1: 'open', 2: 'merged' });

    // Nothing new for an hour: no further notification (each event once).
    for (let i = 0; i < 12; i++) await tick(engine, PR_EVENTS_SLOW_MS);
    expect(Object.keys(notifications())).toHaveLength(3);

    const opened: string[] = [];
    const create = fakeBrowser.tabs.create.bind(fakeBrowser.tabs);
    fakeBrowser.tabs.create = ((p: { url?: string }) => {
      opened.push(p.url ?? '');
      return create(p as never);
    }) as never;
    await engine.onNotificationClicked(checksId);
    expect(opened).toEqual(['https://github.com/octo/app/pull/1']);
  });

  it('never notifies twice after a restart, and shows what was decided but not shown', async () => {
    const shown: string[] = [];
    const create = fakeBrowser.notifications.create.bind(fakeBrowser.notifications);
    fakeBrowser.notifications.create = ((id: string, o: never) => {
      shown.push(id);
      return create(id, o);
    }) as never;
    let engine = await signedIn();
    await engine.setSettings({ notify: ON });
    await tick(engine, 30_000);
    await event(1, 'close');
    await tick(engine, PR_EVENTS_SLOW_MS);
    expect(shown.filter((id) => id.endsWith(':closed'))).toHaveLength(1);
    // A new service worker on the same storage: the close is not shown again.
    engine = newEngine();
    await engine.ready;
    for (let i = 0; i < 4; i++) await tick(engine, PR_EVENTS_SLOW_MS);
    expect(shown.filter((id) => id.startsWith('pr-event:'))).toHaveLength(1);
    // Decided and saved, then the worker stopped before showing it: the next worker shows it, once.
    engine.data.prPending = [
      {
        id: 'pr-event:PR_x:merged',
        nodeId: 'PR_x',
        title: 'PR merged · octo/app #2',
        message: 'm',
        url: 'https://github.com/octo/app/pull/2',
      },
    ];
    await engine.save();
    engine = newEngine();
    await engine.ready;
    await tick(engine, 30_000);
    expect(shown.filter((id) => id === 'pr-event:PR_x:merged')).toHaveLength(1);
    expect(engine.data.prPending).toEqual([]);
  });

  it('forget what was seen when turned off: turned on again, the first look is silent again', async () => {
    const engine = await signedIn();
    await engine.setSettings({ notify: ON });
    await tick(engine, 30_000);
    await engine.setSettings({ notify: DEFAULT_SETTINGS.notify });
    await tick(engine, 30_000);
    await event(1, 'merge');
    await tick(engine, PR_EVENTS_SLOW_MS);
    await engine.setSettings({ notify: ON });
    await tick(engine, 30_000);
    await tick(engine, PR_EVENTS_SLOW_MS);
    expect(Object.keys(notifications())).toEqual([]);
  });

  it('records a GraphQL failure as the error, backs off, and goes on; a vanished PR is dropped quietly', async () => {
    const engine = await signedIn();
    await engine.setSettings({ notify: ON });
    await tick(engine, 30_000);
    await control('fault', { type: 'status', status: 502, path: '/graphql', count: 10 });
    twin.clearRequests();
    await tick(engine, PR_EVENTS_SLOW_MS);
    expect(engine.data.lastError).not.toBeNull();
    // Sessions keep syncing meanwhile; once GitHub answers again, the events come.
    await fetch(`${twin.url}/_twin/faults`, { method: 'DELETE' });
    await control('delete-pull', { repo: 'octo/app', number: 2 });
    await event(1, 'merge');
    for (let i = 0; i < 6; i++) await tick(engine, PR_EVENTS_SLOW_MS);
    expect(Object.keys(notifications()).filter((id) => id.endsWith(':merged'))).toHaveLength(1);
    expect(Object.values(engine.data.prWatch).filter((w) => w.gone)).toHaveLength(1);
    expect(engine.data.lastError).toBeNull();
  });
});
