import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FIRST_SYNC_ATTENTION_MS } from '../../../utils/background/notifications';
import { POLL_ALARM } from '../../../utils/background/sync';
import { FakeGitHub } from './fake-github';
import { fakePort, harness, makeClock, notifications, settle, watchPr } from './helpers';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('sign-in and first sync', () => {
  it('validates the token, lists sessions with joined repo and PR, and the first sync is silent', async () => {
    const h = await harness({ signedIn: false });
    const repo = h.gh.addRepo('octo', 'app');
    const { session, pull } = h.gh.addSession(repo, { state: 'completed' });
    h.gh.addSession(repo, { state: 'in_progress' });
    const info = await h.engine.signIn('ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'github.com');
    expect(info.login).toBe('octo');
    expect(info.tokenKind).toBe('classic');
    expect(info.scopes).toEqual(['repo', 'workflow']);
    expect(info.capabilities.find((c) => c.id === 'stopSessions')?.ok).toBe(true);
    await settle(h.engine);
    const snap = h.engine.snapshot();
    expect(snap.sessions).toHaveLength(2);
    const s = snap.sessions.find((x) => x.id === session.id)!;
    expect(s.repo?.fullName).toBe('octo/app');
    expect(s.pr?.number).toBe(pull.number);
    expect(s.pr?.url).toBe(`https://github.com/octo/app/pull/${pull.number}`);
    expect(s.links.session).toBe(`https://github.com/octo/app/pull/${pull.number}/agent-sessions/${session.id}`);
    expect(s.canAct).toBe(true);
    expect(snap.source).toBe('agent-tasks');
    expect(Object.keys(notifications())).toHaveLength(0);
    expect(snap.unread).toEqual([]);
    // badge: nothing unread, one running → accent count 1
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(await fakeBrowser.action.getTitle({})).toContain('1 running');
  });

  it('the first sync puts the failures of the last day in "needs attention" (unread), silently (issue 20 #8)', async () => {
    const h = await harness({ signedIn: false });
    const repo = h.gh.addRepo('octo', 'app');
    const old = h.gh.addSession(repo, { state: 'in_progress' });
    h.gh.setState(old.session.id, 'failed');
    h.clock.advance(FIRST_SYNC_ATTENTION_MS + 60_000);
    const failed = h.gh.addSession(repo, { state: 'in_progress' });
    h.gh.setState(failed.session.id, 'failed');
    const timedOut = h.gh.addSession(repo, { state: 'in_progress' });
    h.gh.setState(timedOut.session.id, 'timed_out');
    const done = h.gh.addSession(repo, { state: 'in_progress' });
    h.gh.setState(done.session.id, 'completed');
    await h.engine.signIn('ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'github.com');
    await settle(h.engine);
    const snap = h.engine.snapshot();
    expect(snap.sessions).toHaveLength(4);
    expect([...snap.unread].sort()).toEqual([failed.session.id, timedOut.session.id].sort());
    expect(Object.keys(notifications())).toHaveLength(0);
  });

  it('rejects a bad token with a typed error and stays signed out', async () => {
    const h = await harness({ signedIn: false });
    const res = await h.engine.handle({
      type: 'signIn',
      token: 'ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      host: 'github.com',
    });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.kind).toBe('bad-token');
    expect(h.engine.snapshot().auth.status).toBe('signed-out');
    expect(await h.tokens.get()).toBeNull();
  });

  it('sign-out forgets the token and the cached state', async () => {
    const h = await harness();
    h.gh.addSession(h.gh.addRepo('octo', 'x'));
    await h.engine.sync('manual');
    await h.engine.signOut();
    expect(await h.tokens.get()).toBeNull();
    expect(h.engine.snapshot().sessions).toEqual([]);
    expect(h.engine.snapshot().auth.status).toBe('signed-out');
    const again = await h.restart();
    expect(again.snapshot().auth.status).toBe('signed-out');
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('ghp_');
  });
});

describe('transitions, notifications, unread, badge', () => {
  it('notifies once on completion, marks unread, shows attention badge, deep-links on click', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const { session, pull } = h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    expect(Object.keys(notifications())).toHaveLength(0); // the new session appeared running: no notification
    const port = fakePort();
    h.engine.attachPort(port);
    h.clock.advance(60_000);
    h.gh.setState(session.id, 'completed');
    await h.engine.sync('manual');
    const n = notifications();
    expect(Object.keys(n)).toEqual([session.id]);
    expect(n[session.id]?.title).toContain('Ready for review');
    expect(h.engine.snapshot().unread).toEqual([session.id]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(await fakeBrowser.action.getTitle({})).toContain('needs your attention');
    await new Promise((r) => setTimeout(r, 10));
    expect(
      port.messages.some((m) => m.type === 'transition' && m.sessionId === session.id && m.to === 'completed'),
    ).toBe(true);
    expect(port.messages.some((m) => m.type === 'state')).toBe(true);
    // same state again → no new notification
    await fakeBrowser.notifications.clear(session.id);
    await h.engine.sync('manual');
    expect(Object.keys(notifications())).toHaveLength(0);
    // click → opens the PR with the drawer deep link and marks read
    await h.engine.onNotificationClicked(session.id);
    const tabs = await fakeBrowser.tabs.query({});
    expect(
      tabs.some((t) => t.url === `https://github.com/octo/app/pull/${pull.number}#agent-session=${session.id}`),
    ).toBe(true);
    expect(h.engine.snapshot().unread).toEqual([]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('honours per-kind toggles', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const a = h.gh.addSession(repo, { state: 'in_progress' });
    const b = h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    await h.engine.setSettings({
      notify: {
        completed: false,
        failed: true,
        timedOut: true,
        waiting: true,
        prReviewed: false,
        prChecksFailed: false,
        prMergedClosed: false,
      },
    });
    h.clock.advance(1000);
    h.gh.setState(a.session.id, 'completed');
    h.gh.setState(b.session.id, 'failed');
    await h.engine.sync('manual');
    expect(Object.keys(notifications())).toEqual([b.session.id]);
    // both still unread (the badge counts them)
    expect(new Set(h.engine.snapshot().unread)).toEqual(new Set([a.session.id, b.session.id]));
  });

  it('restart: never repeats a notification, never loses a transition that happened while asleep', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const a = h.gh.addSession(repo, { state: 'in_progress' });
    const b = h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    h.clock.advance(1000);
    h.gh.setState(a.session.id, 'completed');
    await h.engine.sync('manual');
    expect(Object.keys(notifications())).toEqual([a.session.id]);
    await fakeBrowser.notifications.clear(a.session.id);
    // "kill" the worker; b fails while it is down
    h.gh.setState(b.session.id, 'failed');
    const e2 = await h.restart();
    await e2.sync('alarm');
    expect(Object.keys(notifications())).toEqual([b.session.id]);
    await fakeBrowser.notifications.clear(b.session.id);
    const e3 = await h.restart();
    await e3.sync('alarm');
    expect(Object.keys(notifications())).toEqual([]);
    expect(new Set(e3.snapshot().unread)).toEqual(new Set([a.session.id, b.session.id]));
  });

  it('a notification decided but not shown before a crash is shown after restart', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const a = h.gh.addSession(repo);
    await h.engine.sync('manual');
    // simulate: pending persisted, worker died before showing it
    h.engine.data.pending = [{ sessionId: a.session.id, to: 'waiting_for_user' }];
    await (h.engine as unknown as { save(): Promise<void> }).save();
    await h.restart();
    expect(Object.keys(notifications())).toEqual([a.session.id]);
  });
});

describe('polling cost, backoff, cadence', () => {
  it('a manual/popup refresh during a running sync queues exactly one follow-up sync that sees the change', async () => {
    // A task-list request can be held until released, so a sync is in flight while GitHub changes.
    const clock = makeClock();
    const gh = new FakeGitHub(clock.now);
    const realFetch = gh.fetch;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let hold = false;
    let held = false;
    Object.defineProperty(gh, 'fetch', {
      value: async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        if (hold && !held && /\/agents\/tasks\?/.test(url)) {
          held = true;
          const answer = await realFetch(input, init);
          await gate;
          return answer;
        }
        return realFetch(input, init);
      },
    });
    const h = await harness({ gh, clock });
    const repo = h.gh.addRepo('octo', 'app');
    const { session } = h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    hold = true;
    h.clock.advance(60_000);
    const running = h.engine.sync('alarm');
    for (let i = 0; i < 100 && !held; i++) await new Promise((r) => setTimeout(r, 5));
    expect(held).toBe(true);
    h.gh.setState(session.id, 'completed'); // after the in-flight sync read the list
    // Active-task lists only (each sync also asks for the archived ones, after the active list).
    const lists = () =>
      h.gh.requests.filter((r) => r.method === 'GET' && r.path === '/agents/tasks' && !r.url.includes('is_archived'))
        .length;
    const before = lists();
    const a = h.engine.handle({ type: 'refresh', reason: 'manual' });
    const b = h.engine.handle({ type: 'refresh', reason: 'popup' });
    const c = h.engine.sync('alarm'); // not manual: shares the running sync
    release();
    await Promise.all([running, c]);
    const [ra, rb] = await Promise.all([a, b]);
    expect(lists()).toBe(before + 1); // exactly one follow-up, coalesced
    expect(ra.ok && rb.ok).toBe(true);
    if (ra.ok)
      expect((ra.data as { sessions: Array<{ id: string; state: string }> }).sessions[0]?.state).toBe('completed');
    expect(h.engine.snapshot().sessions.find((s) => s.id === session.id)?.state).toBe('completed');
  });

  it('a 304 poll makes zero rate-limited requests', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    for (let i = 0; i < 5; i++) h.gh.addSession(repo, { state: 'completed' });
    await h.engine.sync('manual');
    const before = h.gh.rateLimited();
    const total = h.gh.requests.length;
    await h.engine.sync('alarm');
    await h.engine.sync('alarm');
    expect(h.gh.rateLimited()).toBe(before);
    expect(h.gh.requests.length).toBe(total + 4); // just the conditional list requests (active and archived), twice
    expect(h.gh.requests.at(-1)?.status).toBe(304);
  });

  it('only tasks whose updated_at moved are fetched again', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const a = h.gh.addSession(repo, { state: 'in_progress' });
    h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    h.gh.requests = [];
    h.clock.advance(1000);
    h.gh.setState(a.session.id, 'waiting_for_user');
    await h.engine.sync('manual');
    const details = h.gh.requests.filter((r) => /^\/agents\/tasks\/./.test(r.path));
    expect(details.map((r) => r.path)).toEqual([`/agents/tasks/${a.task.id}`]);
    expect(h.gh.countOf('GET', /^\/repositories\//)).toBe(0); // repo names cached forever
  });

  it('backs off after failures, keeps stale data, recovers, and keeps the alarm armed', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    h.gh.fault(/GET \/agents\/tasks$/, { status: 502, times: 10 });
    h.clock.advance(1000);
    await h.engine.sync('manual');
    let snap = h.engine.snapshot();
    expect(snap.lastError?.kind).toBe('github-error');
    expect(snap.sessions).toHaveLength(1); // stale data stays
    expect(h.engine.data.backoff.failures).toBe(1);
    const until1 = Date.parse(h.engine.data.backoff.until!) - h.clock.t;
    // an alarm during backoff does nothing
    const count = h.gh.requests.length;
    await h.engine.sync('alarm');
    expect(h.gh.requests.length).toBe(count);
    h.clock.advance(until1 + 1);
    await h.engine.sync('alarm');
    const until2 = Date.parse(h.engine.data.backoff.until!) - h.clock.t;
    expect(until2).toBeGreaterThan(until1);
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeTruthy();
    h.gh.faults = [];
    h.clock.advance(until2 + 1);
    await h.engine.sync('alarm');
    snap = h.engine.snapshot();
    expect(snap.lastError).toBeNull();
    expect(h.engine.data.backoff.failures).toBe(0);
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes).toBe(0.5);
  });

  it('rate limit: typed error with retry time, and no requests until then', async () => {
    const h = await harness();
    const reset = Math.floor(h.clock.t / 1000) + 600;
    h.gh.fault(/GET \/agents\/tasks$/, {
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded' },
      times: 5,
    });
    await h.engine.sync('manual');
    const err = h.engine.snapshot().lastError!;
    expect(err.kind).toBe('rate-limited');
    expect(err.retryAt).toBe(new Date(reset * 1000).toISOString());
    const n = h.gh.requests.length;
    await h.engine.sync('manual');
    expect(h.gh.requests.length).toBe(n);
  });

  it('adaptive cadence: active while running or a port is open, idle otherwise', async () => {
    const h = await harness();
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes).toBe(5);
    const port = fakePort();
    h.engine.attachPort(port);
    await new Promise((r) => setTimeout(r, 10));
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes).toBe(0.5);
    port.disconnect();
    await new Promise((r) => setTimeout(r, 10));
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes).toBe(5);
    h.gh.addSession(h.gh.addRepo('o', 'r'), { state: 'queued' });
    await h.engine.sync('manual');
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes).toBe(0.5);
  });

  it('falls back to search + timelines + runs when the Agent tasks API is not available', async () => {
    const h = await harness({ signedIn: false });
    h.gh.agentTasksAvailable = false;
    const repo = h.gh.addRepo('octo', 'app');
    const { pull, run } = h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.signIn('ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'github.com');
    await settle(h.engine);
    const snap = h.engine.snapshot();
    expect(snap.source).toBe('fallback');
    expect(snap.sessions).toHaveLength(1);
    expect(snap.sessions[0]?.source).toBe('timeline');
    expect(snap.sessions[0]?.state).toBe('in_progress');
    expect(snap.sessions[0]?.runId).toBe(run.id);
    expect(snap.sessions[0]?.pr?.number).toBe(pull.number);
    expect(
      snap.auth.status === 'signed-in' && snap.auth.info.capabilities.find((c) => c.id === 'listSessions')?.missing,
    ).toBeTruthy();
  });
});

describe('views', () => {
  it('a PR page’s slice: own sessions at once, then other users’ sessions on that PR (canAct false); ten tabs cost no extra', async () => {
    const h = await harness({ timing: { pageRefreshMinGapMs: 60_000 } });
    const repo = h.gh.addRepo('octo', 'app');
    const mine = h.gh.addSession(repo, { state: 'in_progress' });
    // hubot's follow-up session on the same PR
    const theirs = h.gh.addSession(repo, { state: 'in_progress', creatorId: 2 });
    theirs.task.prDbId = mine.pull.dbId;
    await h.engine.sync('manual');
    // The page watches the PR: the first slice has the user's own session (not yet settled), the settled one both.
    const port = fakePort() as ReturnType<typeof fakePort> & {
      onMessage: { addListener(fn: (m: unknown) => void): void };
    };
    const heard: Array<(m: unknown) => void> = [];
    port.onMessage = { addListener: (fn) => void heard.push(fn) };
    h.engine.attachPort(port, 'page', 1);
    const key = `octo/app#${mine.pull.number}`;
    for (const l of heard) l({ type: 'watch', kind: 'prs', prs: [key] });
    await vi.waitFor(() => expect(port.messages.some((m) => m.type === 'state')).toBe(true));
    const first = port.messages.find((m) => m.type === 'state');
    expect(first?.type === 'state' && first.state.sessions.map((s) => s.id)).toEqual([mine.session.id]);
    expect(first?.type === 'state' && first.state.settled).toEqual([]);
    const data = await watchPr(h.engine, 'octo', 'app', mine.pull.number);
    expect(data.viewerLogin).toBe('octo');
    expect(data.sessions.map((s) => s.id).sort()).toEqual([mine.session.id, theirs.session.id].sort());
    expect(data.sessions.find((s) => s.id === theirs.session.id)?.canAct).toBe(false);
    const before = h.gh.requests.length;
    await Promise.all(Array.from({ length: 10 }, (_, i) => watchPr(h.engine, 'octo', 'app', mine.pull.number, 10 + i)));
    await new Promise((r) => setTimeout(r, 20));
    expect(h.gh.requests.length).toBe(before);
  });

  it('another user’s running session on a shown PR is followed after each sync, once the task list is stale', async () => {
    const h = await harness({ timing: { pageRefreshMinGapMs: 60_000 } });
    const repo = h.gh.addRepo('octo', 'app');
    const mine = h.gh.addSession(repo, { state: 'completed' });
    const theirs = h.gh.addSession(repo, { state: 'in_progress', creatorId: 2 });
    theirs.task.prDbId = mine.pull.dbId;
    await h.engine.sync('manual');
    const first = await watchPr(h.engine, 'octo', 'app', mine.pull.number, 1);
    expect(first.sessions.find((s) => s.id === theirs.session.id)?.state).toBe('in_progress');
    h.gh.setState(theirs.session.id, 'completed');
    h.clock.advance(121_000);
    await h.engine.sync('manual');
    // No new watch, no question: the sync itself follows it.
    await vi.waitFor(() => expect(h.engine.prPages.findOther(theirs.session.id)?.state).toBe('completed'));
  });

  it('a PR list’s rows: their sessions pushed, no lookup of other users’ sessions', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const a = h.gh.addSession(repo, { state: 'completed' });
    const b = h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    const before = h.gh.requests.length;
    const port = fakePort() as ReturnType<typeof fakePort> & {
      onMessage: { addListener(fn: (m: unknown) => void): void };
    };
    const heard: Array<(m: unknown) => void> = [];
    port.onMessage = { addListener: (fn) => void heard.push(fn) };
    h.engine.attachPort(port, 'page', 2);
    for (const l of heard)
      l({ type: 'watch', kind: 'prs', prs: [], list: [`octo/app#${a.pull.number}`, 'octo/app#999'] });
    await vi.waitFor(() => expect(port.messages.some((m) => m.type === 'state')).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
    const last = port.messages.filter((m) => m.type === 'state').at(-1);
    expect(last?.type === 'state' && last.state.sessions.map((s) => s.id)).toEqual([a.session.id]);
    expect(JSON.stringify(port.messages)).not.toContain(b.session.id);
    expect(h.gh.requests.length).toBe(before);
  });

  it('getLog: live steps while running, then the job log (302 followed without the token), cached', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const a = h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    const live = await h.engine.getLog(a.session.id, 0);
    expect(live.source).toBe('actions-steps');
    expect(live.steps?.map((s) => s.name)).toContain('Processing Request (Linux)');
    h.gh.logs.set(a.run.id, 'line one\nline two\n');
    h.gh.setState(a.session.id, 'completed');
    await h.engine.sync('manual');
    const done = await h.engine.getLog(a.session.id, 0);
    expect(done).toMatchObject({ source: 'actions-log', text: 'line one\nline two\n', complete: true, reset: false });
    const blob = h.gh.requests.find((r) => r.url.startsWith('https://blob.example.net'));
    expect(blob?.authorized).toBe(false);
    const n = h.gh.requests.length;
    const tail = await h.engine.getLog(a.session.id, 9);
    expect(tail.text).toBe('line two\n');
    expect(h.gh.requests.length).toBe(n);
    const shrunk = await h.engine.getLog(a.session.id, 10_000);
    expect(shrunk.reset).toBe(true);
  });

  it('getLog: completed job without a blob yet → steps with an explanation', async () => {
    const h = await harness();
    const a = h.gh.addSession(h.gh.addRepo('octo', 'app'), { state: 'in_progress' });
    await h.engine.sync('manual');
    h.gh.setState(a.session.id, 'failed');
    await h.engine.sync('manual');
    const chunk = await h.engine.getLog(a.session.id, 0);
    expect(chunk.source).toBe('actions-steps');
    expect(chunk.error?.message).toMatch(/not available/);
  });

  it('startTask adds a queued session at once; refusals are explained', async () => {
    const h = await harness();
    h.gh.addRepo('octo', 'app');
    const res = await h.engine.handle({
      type: 'startTask',
      input: { owner: 'octo', repo: 'app', prompt: 'Add tests', createPullRequest: true },
    });
    expect(res.ok).toBe(true);
    if (res.ok) {
      const s = res.data as { state: string; id: string };
      expect(s.state).toBe('queued');
      expect(h.engine.snapshot().sessions.some((x) => x.id === s.id)).toBe(true);
    }
    const bad = await h.engine.handle({
      type: 'startTask',
      input: { owner: 'octo', repo: 'app', prompt: 'x', baseRef: 'nope', createPullRequest: false },
    });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
    if (!bad.ok) expect(bad.error.message).toContain('“nope” does not exist');
  });

  it('listRecentRepos puts repositories of recent sessions first', async () => {
    const h = await harness();
    const r1 = h.gh.addRepo('octo', 'old');
    const r2 = h.gh.addRepo('octo', 'new');
    h.gh.addSession(r1, { createdAt: h.gh.iso(-3_600_000) });
    h.gh.addSession(r2, { createdAt: h.gh.iso(-60_000) });
    await h.engine.sync('manual');
    expect(h.engine.listRecentRepos().map((r) => r.fullName)).toEqual(['octo/new', 'octo/old']);
  });
});
