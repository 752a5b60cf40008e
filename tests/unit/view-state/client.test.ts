import { describe, expect, it } from 'vitest';
import type { Push, Request } from '../../../utils/messages/protocol';
import type { StateSnapshot } from '../../../utils/model/state';
import { ViewStateClient, type ViewTransport } from '../../../utils/view-state/client';
import { parseWatchMessage, sliceState, watchMessage } from '../../../utils/view-state/watch';
import { makeSession, makeSnapshot } from '../popup/fixtures';

function transport(opts: { cached?: StateSnapshot | null; state?: StateSnapshot | null } = {}) {
  const t = {
    requests: [] as Request[],
    posted: [] as unknown[],
    hellos: [] as unknown[],
    listener: null as ((p: Push) => void) | null,
    async request<T>(req: Request): Promise<T> {
      t.requests.push(req);
      if (req.type === 'getState' && opts.state) return opts.state as T;
      return new Promise<T>(() => {});
    },
    subscribe(onPush: (p: Push) => void, signal: AbortSignal, o?: { hello?: () => unknown }) {
      t.listener = onPush;
      t.hellos.push(o?.hello?.());
      signal.addEventListener('abort', () => {
        t.listener = null;
      });
      return { post: (m: unknown) => t.posted.push(m) };
    },
    loadCached: async () => opts.cached ?? null,
  } satisfies ViewTransport & Record<string, unknown>;
  return t;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('view-state client', () => {
  it('serves the mirror first, marked provisional, then the live push replaces it', async () => {
    const a = makeSession({ state: 'in_progress' });
    const b = makeSession({ state: 'completed' });
    const t = transport({ cached: makeSnapshot({ sessions: [a] }) });
    const c = new ViewStateClient(t, { kind: 'all' });
    const seen: boolean[] = [];
    c.subscribe((v) => seen.push(v.provisional), new AbortController().signal);
    c.start();
    await tick();
    expect(c.get().provisional).toBe(true);
    expect(c.get().state?.sessions.map((s) => s.id)).toEqual([a.id]);
    t.listener?.({ type: 'state', state: makeSnapshot({ sessions: [a, b] }) });
    expect(c.get().provisional).toBe(false);
    expect(c.get().state?.sessions).toHaveLength(2);
    expect(seen).toEqual([true, false]);
    expect(t.requests).toEqual([]); // a watch alone asks nothing
  });

  it('never lets a late mirror overwrite live state', async () => {
    let release: (s: StateSnapshot | null) => void = () => {};
    const t = transport();
    t.loadCached = () =>
      new Promise((r) => {
        release = r;
      });
    const c = new ViewStateClient(t, { kind: 'all' });
    c.start();
    t.listener?.({ type: 'state', state: makeSnapshot({ sessions: [] }) });
    release(makeSnapshot({ sessions: [makeSession()] }));
    await tick();
    expect(c.get().state?.sessions).toEqual([]);
    expect(c.get().provisional).toBe(false);
  });

  it('declares its watch on every (re)connect and when it changes', async () => {
    const t = transport();
    const c = new ViewStateClient(t, { kind: 'session', id: 'one' });
    c.start();
    expect(t.hellos).toEqual([{ type: 'watch', kind: 'session', id: 'one' }]);
    c.setWatch({ kind: 'session', id: 'two' });
    c.setWatch({ kind: 'session', id: 'two' });
    expect(t.posted).toEqual([{ type: 'watch', kind: 'session', id: 'two' }]);
    c.retry();
    expect(t.hellos[1]).toEqual({ type: 'watch', kind: 'session', id: 'two' });
  });

  it('reports a background that does not answer (extension pages ask once), and clears it on an answer', async () => {
    const t = transport();
    t.request = async () => {
      throw Object.assign(new Error('x'), {
        error: { kind: 'offline', message: 'Not answering', fix: null, link: null },
      });
    };
    const c = new ViewStateClient(t, { kind: 'all' }, { ask: true });
    c.start();
    await tick();
    expect(c.get().error?.message).toBe('Not answering');
    t.listener?.({ type: 'state', state: makeSnapshot({ sessions: [] }) });
    expect(c.get().error).toBeNull();
  });

  it('cuts the mirror to the watch: a session watch sees its session and its PR’s others', async () => {
    const mine = makeSession({ state: 'in_progress' });
    const sibling = { ...makeSession({ state: 'completed' }), repo: mine.repo, pr: mine.pr };
    const elsewhere = makeSession({ state: 'failed', repoName: 'other' });
    const t = transport({ cached: makeSnapshot({ sessions: [mine, sibling, elsewhere] }) });
    const c = new ViewStateClient(t, { kind: 'session', id: mine.id });
    c.start();
    await tick();
    expect(
      c
        .get()
        .state?.sessions.map((s) => s.id)
        .sort(),
    ).toEqual([mine.id, sibling.id].sort());
  });
});

describe('watch messages', () => {
  it('round-trips each kind and refuses malformed ones', () => {
    for (const w of [
      { kind: 'all' as const },
      { kind: 'prs' as const, prs: ['octo/app#1'] },
      { kind: 'session' as const, id: 's-1' },
    ])
      expect(parseWatchMessage(watchMessage(w))).toEqual(w);
    expect(parseWatchMessage({ type: 'watch', prs: ['Octo/App#2'] })).toEqual({ kind: 'prs', prs: ['octo/app#2'] });
    expect(parseWatchMessage({ type: 'watch', kind: 'prs', prs: ['nope'] })).toBeNull();
    expect(parseWatchMessage({ type: 'watch', kind: 'prs', prs: Array(21).fill('o/r#1') })).toBeNull();
    expect(parseWatchMessage({ type: 'watch', kind: 'session', id: '' })).toBeNull();
    expect(parseWatchMessage({ type: 'watch', kind: 'everything' })).toBeNull();
    expect(parseWatchMessage('watch')).toBeNull();
  });

  it('adds other users’ sessions of the watched PR to a session slice', () => {
    const mine = makeSession({ state: 'in_progress' });
    const theirs = {
      ...makeSession({ state: 'queued' }),
      repo: mine.repo,
      pr: mine.pr,
      creator: { id: 9, login: 'x' },
    };
    const sliced = sliceState(makeSnapshot({ sessions: [mine] }), { kind: 'session', id: theirs.id }, [theirs]);
    expect(sliced.sessions.map((s) => s.id).sort()).toEqual([mine.id, theirs.id].sort());
  });
});
