import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createMemoryTokenStore } from '../../../utils/auth/token-store';
import { Accounts, mergeSnapshots, mergeUsageHistories } from '../../../utils/background/accounts';
import { Engine } from '../../../utils/background/engine';
import type { EngineBrowser } from '../../../utils/background/engine-deps';
import { createWxtStore } from '../../../utils/background/store';
import { POLL_ALARM } from '../../../utils/background/sync';
import { createHistoryStore } from '../../../utils/background/usage-history';
import type { StateSnapshot } from '../../../utils/model/state';
import type { UsageHistory } from '../../../utils/model/usage';
import { accountLabel } from '../../../utils/sessions/selectors';
import { FakeGitHub, TOKEN } from './fake-github';
import { FAST, fakePort, makeClock } from './helpers';

const HUBOT = 'ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

beforeEach(() => {
  fakeBrowser.reset();
});

/** Two accounts over one fake GitHub; every request's token is recorded with its path. */
function setup() {
  const clock = makeClock();
  const gh = new FakeGitHub(clock.now);
  gh.tokens.set(HUBOT, { userId: 2, scopes: 'repo, workflow' });
  const seen: Array<{ method: string; host: string; path: string; token: string; query: string }> = [];
  /** Tokens whose month-of-history list (`GET /agents/tasks?since=…`) GitHub answers with a 500. */
  const failHistory = new Set<string>();
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    const path = url.pathname;
    const token = (req.headers.get('authorization') ?? '').replace(/^(token|bearer) /i, '');
    seen.push({ method: req.method, host: url.host, path, token, query: url.search });
    if (failHistory.has(token) && path === '/agents/tasks' && url.searchParams.has('since'))
      return new Response(JSON.stringify({ message: 'Server Error' }), {
        status: 500,
        headers: { 'content-type': 'application/json' },
      });
    // GitHub's device flow (github.com/login/…), answered at once with hubot's token.
    const device = path === '/login/device/code';
    if (device || path === '/login/oauth/access_token')
      return new Response(
        JSON.stringify(
          device
            ? {
                device_code: 'dc',
                user_code: 'ABCD-1234',
                verification_uri: 'https://github.com/login/device',
                expires_in: 900,
                interval: 5,
              }
            : { access_token: HUBOT, scope: 'repo' },
        ),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    // A GHE.com tenant's API (api.SUBDOMAIN.ghe.com): the fake stands in for it (one world, hubot's token), so
    // what a test checks is which host each token is sent to.
    if (new URL(req.url).host === 'api.acme.ghe.com')
      return gh.fetch(req.url.replace('https://api.acme.ghe.com', 'https://api.github.com'), init);
    return gh.fetch(input, init);
  }) as typeof globalThis.fetch;
  const tokenStores = new Map<string, ReturnType<typeof createMemoryTokenStore>>();
  let slotList: string[] = [];
  const slots = {
    load: async () => slotList,
    save: async (v: string[]) => {
      slotList = [...v];
    },
  };
  const make = () =>
    new Accounts({
      browser: fakeBrowser as unknown as EngineBrowser,
      slots,
      forgetSlot: (slot) => fakeBrowser.storage.local.remove(`usageHistory:${slot}`),
      makeEngine: (slot, browser, group) => {
        if (!tokenStores.has(slot)) tokenStores.set(slot, createMemoryTokenStore());
        return new Engine({
          browser,
          group,
          store: createWxtStore(slot),
          tokens: tokenStores.get(slot)!,
          historyStore: createHistoryStore(slot ? `usageHistory:${slot}` : 'usageHistory'),
          fetch,
          clientId: 'client123',
          now: clock.now,
          random: () => 0.5,
          timing: FAST,
          sleep: async (ms) => {
            clock.advance(ms);
            await new Promise((r) => setTimeout(r, 0));
          },
        });
      },
    });
  return { clock, gh, seen, make, slots: () => slotList, tokenStores, failHistory };
}

async function settle(accounts: Accounts): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 5));
    await Promise.all(accounts.engines().map((e) => e.sync('manual')));
  }
}

async function state(accounts: Accounts): Promise<StateSnapshot> {
  const res = await accounts.handle({ type: 'getState' });
  if (!res.ok) throw new Error(res.error.message);
  return res.data as StateSnapshot;
}

/** octo (first account) and hubot (added), one running session each on octo/app and hubot/tools. */
async function twoAccounts() {
  const t = setup();
  const a = t.gh.addSession(t.gh.addRepo('octo', 'app'), { state: 'in_progress', creatorId: 1 });
  const b = t.gh.addSession(t.gh.addRepo('hubot', 'tools'), { state: 'in_progress', creatorId: 2 });
  const accounts = t.make();
  await accounts.ready;
  expect(await accounts.handle({ type: 'signIn', token: TOKEN, host: 'github.com' })).toMatchObject({ ok: true });
  const added = await accounts.handle({ type: 'signIn', token: HUBOT, host: 'github.com', add: true });
  expect(added).toMatchObject({ ok: true, data: { login: 'hubot' } });
  await settle(accounts);
  return { ...t, accounts, a, b };
}

describe('several accounts (accounts.ts)', () => {
  it('one account: the views get exactly the engine’s snapshot (no account tags, no accounts list)', async () => {
    const t = setup();
    t.gh.addSession(t.gh.addRepo('octo', 'app'), { state: 'in_progress' });
    const accounts = t.make();
    await accounts.ready;
    await accounts.handle({ type: 'signIn', token: TOKEN, host: 'github.com' });
    await settle(accounts);
    const s = await state(accounts);
    expect(s.sessions).toHaveLength(1);
    expect(s.sessions[0]?.account).toBeUndefined();
    expect(s.accounts).toBeUndefined();
    expect(t.slots()).toEqual([]);
  });

  it('merges both accounts’ sessions, each tagged with its account, and lists the accounts', async () => {
    const { accounts, a, b } = await twoAccounts();
    const s = await state(accounts);
    expect(s.auth).toMatchObject({ status: 'signed-in', info: { login: 'octo' } });
    expect(s.accounts?.map((x) => x.key)).toEqual(['github.com/octo', 'github.com/hubot']);
    const byId = Object.fromEntries(s.sessions.map((x) => [x.id, x.account]));
    expect(byId).toEqual({ [a.session.id]: 'github.com/octo', [b.session.id]: 'github.com/hubot' });
    expect(accountLabel('github.com/hubot')).toBe('hubot');
    expect(accountLabel('acme.ghe.com/mona')).toBe('mona@acme.ghe.com');
  });

  it('a view’s port gets the merged state; the toolbar badge counts both accounts', async () => {
    const { accounts } = await twoAccounts();
    const port = fakePort();
    accounts.attachPort(port);
    await new Promise((r) => setTimeout(r, 20));
    const last = port.messages.filter((m) => m.type === 'state').at(-1);
    expect(last?.type === 'state' && last.state.sessions.length).toBe(2);
    await accounts.showBadge();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });

  it('stops a session with the token of the account that owns it, and refuses a page signed in as another', async () => {
    const { accounts, b, seen, gh } = await twoAccounts();
    const refused = await accounts.handle({ type: 'stopSession', sessionId: b.session.id, pageLogin: 'octo' });
    expect(refused).toMatchObject({
      ok: false,
      error: { message: 'This session belongs to @hubot, but this page is signed in as @octo. Nothing was stopped.' },
    });
    expect(gh.countOf('POST', /\/cancel$/)).toBe(0);
    const res = await accounts.handle({ type: 'stopSession', sessionId: b.session.id, pageLogin: 'hubot' });
    expect(res).toMatchObject({ ok: true });
    for (let i = 0; i < 50 && gh.countOf('POST', /\/cancel$/) === 0; i++) await new Promise((r) => setTimeout(r, 2));
    const cancels = seen.filter((r) => r.method === 'POST' && /\/actions\/runs\/\d+\/cancel$/.test(r.path));
    expect(cancels.map((r) => r.token)).toEqual([HUBOT]);
  });

  it('routes new tasks and repository lookups to the named account; an unknown account is refused', async () => {
    const { accounts, seen } = await twoAccounts();
    seen.length = 0;
    const res = await accounts.handle({
      type: 'getRepoSessions',
      owner: 'hubot',
      repo: 'tools',
      account: 'github.com/hubot',
    });
    expect(res.ok).toBe(true);
    expect(new Set(seen.map((r) => r.token))).toEqual(new Set([HUBOT]));
    const unknown = await accounts.handle({ type: 'listRecentRepos', account: 'github.com/nobody' });
    expect(unknown).toMatchObject({ ok: false, error: { message: 'That account is not signed in.' } });
  });

  it('marks read on the account that holds each session', async () => {
    const { accounts, a, b, gh } = await twoAccounts();
    gh.setState(a.session.id, 'failed');
    gh.setState(b.session.id, 'failed');
    await settle(accounts);
    expect((await state(accounts)).unread.sort()).toEqual([a.session.id, b.session.id].sort());
    await accounts.handle({ type: 'markRead', ids: [a.session.id, b.session.id], read: true });
    expect((await state(accounts)).unread).toEqual([]);
    for (const e of accounts.engines()) expect(e.data.unread).toEqual([]);
  });

  it('a PR event’s notification opens its PR from the account that watches it, asking GitHub nothing', async () => {
    const { accounts, seen } = await twoAccounts();
    const hubot = accounts.engines().find((e) => e.data.auth?.login === 'hubot')!;
    const url = 'https://github.com/hubot/tools/pull/9';
    hubot.data.prWatch = {
      PR_h9: {
        number: 9,
        title: 'T',
        url,
        repoFullName: 'hubot/tools',
        state: 'merged',
        headOid: null,
        checks: null,
        failedOid: null,
        reviews: [],
        checkedAt: 0,
      },
    };
    const opened: string[] = [];
    const create = fakeBrowser.tabs.create.bind(fakeBrowser.tabs);
    fakeBrowser.tabs.create = ((p: { url?: string }) => {
      opened.push(p.url ?? '');
      return create(p as never);
    }) as never;
    const before = seen.length;
    await accounts.onNotificationClicked('pr-event:PR_h9:merged');
    expect(opened).toEqual([url]);
    expect(seen.length).toBe(before);
  });

  it('a session id unknown to every account: a clear answer, nothing sent', async () => {
    const { accounts, seen } = await twoAccounts();
    seen.length = 0;
    const res = await accounts.handle({ type: 'stopSession', sessionId: 'no-such-session', pageLogin: null });
    expect(res.ok ? res.data : res.error).toMatchObject({ message: expect.stringMatching(/not known|not found/i) });
    expect(seen.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('each account polls on its own alarm; a restart restores both from their own storage', async () => {
    const t = await twoAccounts();
    const names = (await fakeBrowser.alarms.getAll()).map((x) => x.name).sort();
    expect(names).toEqual([POLL_ALARM, `${POLL_ALARM}:a2`]);
    expect(t.slots()).toEqual(['a2']);
    t.seen.length = 0;
    await t.accounts.onAlarm({ name: `${POLL_ALARM}:a2` });
    expect(new Set(t.seen.map((r) => r.token))).toEqual(new Set([HUBOT]));
    // A service-worker restart: both accounts come back, no sign-in, the same merged list.
    const again = t.make();
    await again.ready;
    const s = await state(again);
    expect(s.accounts?.map((x) => x.key)).toEqual(['github.com/octo', 'github.com/hubot']);
    expect(s.sessions).toHaveLength(2);
  });

  it('signing one account out keeps the other; signing out with no account named signs every one out', async () => {
    const t = await twoAccounts();
    expect(await t.accounts.handle({ type: 'signOut', account: 'github.com/hubot' })).toEqual({ ok: true, data: null });
    let s = await state(t.accounts);
    expect(s.accounts).toBeUndefined();
    expect(s.sessions.map((x) => x.id)).toEqual([t.a.session.id]);
    expect(t.slots()).toEqual([]);
    expect(await t.tokenStores.get('a2')?.get()).toBeNull();
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((k) => k.endsWith(':a2'))).toEqual([]);
    expect((await fakeBrowser.alarms.getAll()).map((x) => x.name)).toEqual([POLL_ALARM]);
    await t.accounts.handle({ type: 'signIn', token: HUBOT, host: 'github.com', add: true });
    await t.accounts.handle({ type: 'signOut' });
    s = await state(t.accounts);
    expect(s.auth.status).toBe('signed-out');
    expect(t.slots()).toEqual([]);
  });

  it('the first account signed out, the added one stays and answers alone', async () => {
    const t = await twoAccounts();
    await t.accounts.handle({ type: 'signOut', account: 'github.com/octo' });
    const s = await state(t.accounts);
    expect(s.auth).toMatchObject({ status: 'signed-in', info: { login: 'hubot' } });
    expect(s.sessions.map((x) => x.id)).toEqual([t.b.session.id]);
    expect(s.accounts).toBeUndefined();
  });

  it('adding an account already signed in is refused and leaves nothing behind; a bad token too', async () => {
    const t = await twoAccounts();
    const dup = await t.accounts.handle({ type: 'signIn', token: HUBOT, host: 'github.com', add: true });
    expect(dup).toMatchObject({ ok: false, error: { message: 'hubot is already signed in.' } });
    const bad = await t.accounts.handle({ type: 'signIn', token: 'nonsense', host: 'github.com', add: true });
    expect(bad.ok).toBe(false);
    expect(t.slots()).toEqual(['a2']);
    expect((await state(t.accounts)).accounts).toHaveLength(2);
  });

  it('a notification click opens the session of the account that holds it and marks it read there', async () => {
    const { accounts, b, gh } = await twoAccounts();
    gh.setState(b.session.id, 'failed');
    await settle(accounts);
    const hubot = accounts.engines()[1]!;
    expect(hubot.data.unread).toEqual([b.session.id]);
    await accounts.onNotificationClicked(b.session.id);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((x) => x.url)).toContain(
      `https://github.com/hubot/tools/pull/${b.pull.number}#agent-session=${b.session.id}`,
    );
    expect(hubot.data.unread).toEqual([]);
  });

  it('adds an account with GitHub’s device flow beside the first', async () => {
    const t = setup();
    t.gh.addSession(t.gh.addRepo('hubot', 'tools'), { state: 'in_progress', creatorId: 2 });
    const accounts = t.make();
    await accounts.ready;
    await accounts.handle({ type: 'signIn', token: TOKEN, host: 'github.com' });
    const started = await accounts.handle({ type: 'deviceFlowStart', host: 'github.com', add: true });
    expect(started).toMatchObject({ ok: true, data: { phase: 'pending', userCode: 'ABCD-1234' } });
    t.clock.advance(5000);
    const done = await accounts.handle({ type: 'deviceFlowPoll' });
    expect(done).toMatchObject({ ok: true, data: { phase: 'done' } });
    await settle(accounts);
    const s = await state(accounts);
    expect(s.accounts?.map((x) => x.key)).toEqual(['github.com/octo', 'github.com/hubot']);
    expect(t.slots()).toEqual(['a2']);
    expect(await t.tokenStores.get('')?.get()).toMatchObject({ token: TOKEN });
    expect(await t.tokenStores.get('a2')?.get()).toMatchObject({ token: HUBOT });
  });

  it('github.com and a GHE.com tenant: each account’s requests go to its own host, rows say login@host', async () => {
    const t = setup();
    t.gh.addSession(t.gh.addRepo('octo', 'app'), { state: 'in_progress', creatorId: 1 });
    const tenant = t.gh.addSession(t.gh.addRepo('hubot', 'tools'), { state: 'in_progress', creatorId: 2 });
    const accounts = t.make();
    await accounts.ready;
    await accounts.handle({ type: 'signIn', token: TOKEN, host: 'github.com' });
    const added = await accounts.handle({ type: 'signIn', token: HUBOT, host: 'acme.ghe.com', add: true });
    expect(added).toMatchObject({ ok: true, data: { login: 'hubot', host: 'acme.ghe.com' } });
    await settle(accounts);
    const s = await state(accounts);
    expect(s.accounts?.map((x) => x.key)).toEqual(['github.com/octo', 'acme.ghe.com/hubot']);
    expect(s.sessions.find((x) => x.id === tenant.session.id)?.account).toBe('acme.ghe.com/hubot');
    expect(accountLabel('acme.ghe.com/hubot')).toBe('hubot@acme.ghe.com');
    // Each token only ever goes to its own host's API.
    const hostsOf = (token: string) => new Set(t.seen.filter((r) => r.token === token).map((r) => r.host));
    expect(hostsOf(HUBOT)).toEqual(new Set(['api.acme.ghe.com']));
    expect(hostsOf(TOKEN)).toEqual(new Set(['api.github.com']));
    // Pages of the tenant's host may talk to the extension (router.ts), github.com's always may.
    expect(accounts.host).toBe('acme.ghe.com');
  });

  it('mergeSnapshots: one signed-in part is returned as is; errors name their account; stops and unread join', () => {
    const base = (login: string, extra: Partial<StateSnapshot> = {}): StateSnapshot => ({
      auth: {
        status: 'signed-in',
        info: {
          login,
          id: login.length,
          avatarUrl: null,
          tokenKind: 'classic',
          expiresAt: null,
          scopes: null,
          host: 'github.com',
          copilotApi: null,
          capabilities: [],
        },
      },
      sessions: [],
      unread: [],
      lastSyncAt: '2026-06-10T10:00:00.000Z',
      lastError: null,
      nextPollAt: null,
      syncing: false,
      source: 'agent-tasks',
      stops: {},
      settings: {} as StateSnapshot['settings'],
      ...extra,
    });
    const signedOut = { ...base('x'), auth: { status: 'signed-out' as const } };
    const only = base('octo');
    expect(mergeSnapshots([signedOut, only])).toBe(only);
    const merged = mergeSnapshots([
      base('octo', { unread: ['1'], lastSyncAt: '2026-06-10T10:05:00.000Z' }),
      base('hubot', {
        unread: ['2'],
        syncing: true,
        lastError: { kind: 'offline', message: 'GitHub could not be reached.', fix: null, link: null },
      }),
    ]);
    expect(merged.unread).toEqual(['1', '2']);
    expect(merged.syncing).toBe(true);
    expect(merged.lastSyncAt).toBe('2026-06-10T10:00:00.000Z');
    expect(merged.lastError?.message).toBe('hubot: GitHub could not be reached.');
    expect(merged.accounts?.[1]?.lastError?.kind).toBe('offline');
  });

  it('usage history, one account: the engine’s own answer, sessions without an account', async () => {
    const t = setup();
    t.gh.addSession(t.gh.addRepo('octo', 'app'), { state: 'completed', creatorId: 1 });
    const accounts = t.make();
    await accounts.ready;
    await accounts.handle({ type: 'signIn', token: TOKEN, host: 'github.com' });
    await settle(accounts);
    const res = await accounts.handle({ type: 'getUsageHistory' });
    expect(res.ok).toBe(true);
    const h = (res as { data: UsageHistory }).data;
    expect(h.sessions).toHaveLength(1);
    expect(h.sessions[0]?.account).toBeUndefined();
    expect(h.error).toBeNull();
  });

  it('usage history, two accounts: both months merged and tagged, each read with its own token, once per 10 minutes', async () => {
    const { accounts, a, b, seen, clock } = await twoAccounts();
    const reads = () => seen.filter((r) => r.path === '/agents/tasks' && r.query.includes('since='));
    const res = await accounts.handle({ type: 'getUsageHistory' });
    const h = (res as { data: UsageHistory }).data;
    expect(res.ok).toBe(true);
    expect(Object.fromEntries(h.sessions.map((s) => [s.id, s.account]))).toEqual({
      [a.session.id]: 'github.com/octo',
      [b.session.id]: 'github.com/hubot',
    });
    expect(h.error).toBeNull();
    expect(new Set(reads().map((r) => r.token))).toEqual(new Set([TOKEN, HUBOT]));
    const before = reads().length;
    clock.advance(5 * 60_000);
    await accounts.handle({ type: 'getUsageHistory' });
    expect(reads().length).toBe(before); // each account's cadence holds
    clock.advance(6 * 60_000);
    await accounts.handle({ type: 'getUsageHistory' });
    expect(
      new Set(
        reads()
          .slice(before)
          .map((r) => r.token),
      ),
    ).toEqual(new Set([TOKEN, HUBOT]));
  });

  it('usage history: an account whose read fails is named, and the other’s month stays', async () => {
    const { accounts, a, failHistory } = await twoAccounts();
    failHistory.add(HUBOT);
    const res = await accounts.handle({ type: 'getUsageHistory' });
    expect(res.ok).toBe(true);
    const h = (res as { data: UsageHistory }).data;
    expect(h.sessions.map((s) => [s.id, s.account])).toEqual([[a.session.id, 'github.com/octo']]);
    expect(h.error).toMatch(/^hubot: \S/);
    expect(h.error).not.toMatch(/octo/);
  });

  it('mergeUsageHistories: one part as is; several tagged, oldest read, pending summed, failures named', () => {
    const hist = (ids: string[], extra: Partial<UsageHistory> = {}): UsageHistory => ({
      sessions: ids.map((id) => ({
        id,
        title: id,
        state: 'completed',
        createdAt: '2026-06-10T10:00:00.000Z',
        updatedAt: '2026-06-10T10:00:00.000Z',
        completedAt: '2026-06-10T10:10:00.000Z',
        usage: null,
        repo: null,
      })),
      fetchedAt: '2026-06-10T11:00:00.000Z',
      pending: 0,
      error: null,
      ...extra,
    });
    const only = { key: 'github.com/octo', res: { ok: true as const, data: hist(['1']) } };
    expect(mergeUsageHistories([only])).toBe(only.res);
    const merged = mergeUsageHistories([
      only,
      { key: 'acme.ghe.com/mona', res: { ok: true, data: hist(['2', '1'], { pending: 3, error: 'Slow down.' }) } },
      {
        key: 'github.com/hubot',
        res: { ok: false, error: { kind: 'offline', message: 'GitHub could not be reached.', fix: null, link: null } },
      },
      {
        key: 'github.com/lisa',
        res: { ok: true, data: hist(['4'], { fetchedAt: '2026-06-10T09:00:00.000Z', pending: 2 }) },
      },
    ]);
    expect(merged.ok).toBe(true);
    const h = (merged as { data: UsageHistory }).data;
    expect(h.sessions.map((s) => [s.id, s.account])).toEqual([
      ['1', 'github.com/octo'],
      ['2', 'acme.ghe.com/mona'],
      ['4', 'github.com/lisa'],
    ]);
    expect(h.pending).toBe(5);
    expect(h.fetchedAt).toBe('2026-06-10T09:00:00.000Z');
    expect(h.error).toBe('mona@acme.ghe.com: Slow down. hubot: GitHub could not be reached.');
  });
});
