/**
 * Issue 17 #5 and #9, as the attacker: a page that spams `history.pushState` (each soft navigation makes the content
 * script ask for that PR's sessions) must not spend the user's rate limit, and a content script gets only what its
 * page shows (this PR's sessions without prompts), never the whole snapshot, `refresh` or `markRead`.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PAGE_BURST, PageBudget } from '../../../utils/background/page-budget';
import { pageSnapshot, parseWatch } from '../../../utils/background/page-scope';
import type { PortLike } from '../../../utils/background/publisher';
import { route } from '../../../utils/background/router';
import type { Push } from '../../../utils/messages/protocol';
import type { StateSnapshot } from '../../../utils/model/state';
import { harness, makeClock } from '../engine/helpers';

const CTX = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id' };
const page = (tab: number, url = 'https://github.com/octo/app/pull/1') => ({ id: 'ext-id', url, tab: { id: tab } });

beforeEach(() => fakeBrowser.reset());

describe('page-triggered lookups are rate-limited per tab (issue 17 #5)', () => {
  it('40 soft navigations to 40 repositories cost a bounded number of API requests', async () => {
    const h = await harness({ timing: { pageRefreshMinGapMs: 0 } });
    for (let i = 0; i < 40; i++) h.gh.addRepo('octo', `r${i}`);
    await h.engine.sync('manual');
    const before = h.gh.requests.length;
    // One tab's port: each soft navigation names a new PR to watch.
    const port = pagePort();
    h.engine.attachPort(port as unknown as PortLike, 'page', 5);
    for (let i = 0; i < 40; i++) port.send({ type: 'watch', kind: 'prs', prs: [`octo/r${i}#1`] });
    // Every PR watched is answered (settled, from what is known when over budget).
    await vi.waitFor(() => {
      const last = port.messages.filter((m) => m.type === 'state').at(-1);
      expect(last?.type === 'state' && last.state.settled).toEqual(['octo/r39#1']);
    });
    await new Promise((r) => setTimeout(r, 50));
    const spent = h.gh.requests.length - before;
    // Each allowed lookup costs at most a couple of requests (the repository's tasks and the PR) plus a sync.
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(PAGE_BURST * 4);
    // Another tab has its own budget.
    const other = pagePort();
    h.engine.attachPort(other as unknown as PortLike, 'page', 6);
    const n = h.gh.requests.length;
    other.send({ type: 'watch', kind: 'prs', prs: ['octo/r0#2'] });
    await vi.waitFor(() => expect(h.gh.requests.length).toBeGreaterThan(n));
  });

  it('the bucket refills one lookup per interval, up to the burst', () => {
    const clock = makeClock();
    const b = new PageBudget(clock.now, 3, 1000);
    expect([b.take(1), b.take(1), b.take(1), b.take(1)]).toEqual([true, true, true, false]);
    clock.advance(1000);
    expect([b.take(1), b.take(1)]).toEqual([true, false]);
    clock.advance(60_000);
    expect([b.take(1), b.take(1), b.take(1), b.take(1)]).toEqual([true, true, true, false]);
    expect(b.take(2)).toBe(true);
  });
});

function pagePort() {
  const listeners: Array<(m: unknown) => void> = [];
  const port = {
    name: 'agent-sessions-live',
    messages: [] as Push[],
    postMessage(m: unknown) {
      port.messages.push(m as Push);
    },
    onDisconnect: { addListener: () => {} },
    onMessage: { addListener: (fn: (m: unknown) => void) => listeners.push(fn) },
    send(m: unknown) {
      for (const l of listeners) l(m);
    },
  };
  return port;
}

describe('a content script gets only what its page shows (issue 17 #9)', () => {
  it('its port carries only the watched PR’s sessions, without prompts', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const shown = h.gh.addSession(repo, { state: 'in_progress', title: 'Shown here' });
    const hidden = h.gh.addSession(repo, { state: 'in_progress', title: 'Private elsewhere' });
    shown.session.prompt = 'secret prompt A';
    hidden.session.prompt = 'secret prompt B';
    await h.engine.sync('manual');
    const port = pagePort();
    h.engine.attachPort(port as unknown as PortLike, 'page');
    port.send({ type: 'watch', prs: [`octo/app#${shown.pull.number}`] });
    h.engine.pushState();
    await new Promise((r) => setTimeout(r, 20));
    const states = port.messages.filter((m): m is { type: 'state'; state: StateSnapshot } => m.type === 'state');
    expect(states.length).toBeGreaterThan(0);
    const text = JSON.stringify(port.messages);
    expect(text).not.toContain('Private elsewhere');
    expect(text).not.toContain('secret prompt');
    expect(text).not.toContain(hidden.session.id);
    const last = states.at(-1)?.state;
    expect(last?.sessions.map((s) => s.id)).toEqual([shown.session.id]);
    expect(last?.auth.status === 'signed-in' && last.auth.info.login).toBe('octo');
    // An extension page's port still gets everything.
    const popup = pagePort();
    h.engine.attachPort(popup as unknown as PortLike);
    await new Promise((r) => setTimeout(r, 20));
    expect(JSON.stringify(popup.messages)).toContain('Private elsewhere');
  });

  it('its requests: no getState, refresh or markRead, and no question (its PR’s sessions are pushed)', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const a = h.gh.addSession(repo, { state: 'in_progress' });
    a.session.prompt = 'secret prompt';
    await h.engine.sync('manual');
    for (const msg of [
      { type: 'getState' },
      { type: 'refresh', reason: 'page' },
      { type: 'markRead', ids: [a.session.id], read: true },
      { type: 'getPrSessions', owner: 'octo', repo: 'app', number: a.pull.number },
      { type: 'getRepoPrStates', owner: 'octo', repo: 'app', numbers: [a.pull.number] },
    ]) {
      const res = await route(h.engine, msg, page(3), CTX);
      expect(res.ok, msg.type).toBe(false);
      expect(JSON.stringify(res)).not.toContain('secret prompt');
    }
  });

  it('the page learns the connection’s state (the error’s kind, when a rate limit lifts), never its words', () => {
    const state = {
      auth: { status: 'signed-out' },
      sessions: [],
      unread: [],
      lastSyncAt: '2026-06-10T10:00:00Z',
      lastError: {
        kind: 'rate-limited',
        message: 'GitHub’s rate limit was reached for user ID 42',
        fix: 'Nothing to do',
        link: 'https://docs.github.com/rest',
        retryAt: '2026-06-10T10:10:00Z',
        status: 403,
      },
      nextPollAt: null,
      syncing: false,
      source: null,
      stops: {},
      settings: {},
    } as unknown as StateSnapshot;
    const watch = { kind: 'prs' as const, prs: [] };
    const out = pageSnapshot(state, watch);
    expect(out.lastError).toEqual({
      kind: 'rate-limited',
      message: '',
      fix: null,
      link: null,
      retryAt: '2026-06-10T10:10:00Z',
    });
    expect(out.lastSyncAt).toBe('2026-06-10T10:00:00Z');
    // Connected: neither the error nor the sync time (a sync that changed nothing sends the page nothing).
    const ok = pageSnapshot({ ...state, lastError: null }, watch);
    expect(ok.lastError).toBeNull();
    expect(ok.lastSyncAt).toBeNull();
  });

  it('watch messages are validated', () => {
    expect(parseWatch({ type: 'watch', prs: ['Octo/App#12'] })).toEqual({ kind: 'prs', prs: ['octo/app#12'] });
    expect(parseWatch({ type: 'watch', kind: 'prs', prs: [], list: ['O/R#1'] })).toEqual({
      kind: 'prs',
      prs: [],
      list: ['o/r#1'],
    });
    for (const bad of [
      null,
      { type: 'watch' },
      { type: 'watch', prs: ['x'] },
      { type: 'watch', prs: [1] },
      { type: 'watch', prs: [], list: ['x'] },
      { type: 'watch', prs: [], list: 'o/r#1' },
    ])
      expect(parseWatch(bad)).toBeNull();
    expect(parseWatch({ type: 'watch', prs: Array.from({ length: 21 }, (_, i) => `o/r#${i + 1}`) })).toBeNull();
    // A PR list shows its rows (at most 100), PR pages at most 20.
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `o/r#${i + 1}`);
    expect(parseWatch({ type: 'watch', prs: [], list: rows(100) })?.list).toHaveLength(100);
    expect(parseWatch({ type: 'watch', prs: [], list: rows(101) })).toBeNull();
  });
});
