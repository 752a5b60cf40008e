/**
 * The sessions engine (issue 3) end to end, in real Chromium against the twin (demo scenario): a token validated,
 * sessions appearing, state changes in the twin reaching the toolbar badge and a notification (never on the first
 * sync), an expired token and rate limits producing typed messages, and ETags making an unchanged refresh free.
 *
 * Toolbar badge and notifications are read from an extension page: `chrome.action.getBadgeText/getTitle` and
 * `chrome.notifications.getAll()` (the background creates notifications with the session id as their id).
 */
import type { Page } from '@playwright/test';
import { DEMO_TOKEN, expect, test } from './fixtures';

test.use({ scenario: 'demo' });

const S42 = '5e1f0a42-3333-4a33-9a33-000000000003'; // webapp #42 latest: running, completes 14 m after its start (-2 m)
const S43 = '5e1f0a43-4444-4a44-9a44-000000000004'; // webapp #43: waiting for the user
const S22 = '5e1f0a22-dddd-4ddd-9ddd-00000000000d'; // infra #22: running forever
const DOTFILES = '5e1f0a99-ffff-4fff-9fff-00000000000f'; // appears at +90 s, completes 6 m later
const OWN_VISIBLE = [
  '5e1f0a42-1111-4a11-9a11-000000000001',
  '5e1f0a42-2222-4a22-9a22-000000000002',
  S42,
  S43,
  '5e1f0a44-5555-4a55-9a55-000000000005',
  '5e1f0a46-7777-4a77-9a77-000000000007',
  '5e1f0a07-8888-4a88-9a88-000000000008',
  '5e1f0a08-9999-4a99-9a99-000000000009',
  'df23daeb-385c-448c-8d5e-ecbf9a46cc25',
  'c0dec0de-aaaa-4aaa-9aaa-00000000000a',
  '5e1f0a21-cccc-4ccc-9ccc-00000000000c',
  S22,
];
/** The demo's archived task's session: listed too (is_archived=true), marked archived; the popup shows it on demand. */
const ARCHIVED = '5e1f0a12-bbbb-4bbb-9bbb-00000000000b';
const OWN_ALL = [...OWN_VISIBLE, ARCHIVED];

interface Snapshot {
  auth: { status: string };
  sessions: Array<{
    id: string;
    state: string;
    title: string;
    repo: { fullName: string } | null;
    pr: { number: number; url: string } | null;
    links: { session: string; run: string | null };
  }>;
  unread: string[];
  lastSyncAt: string | null;
  lastError: { kind: string; message: string; fix: string | null; retryAt?: string | null } | null;
}

type Send = <T>(r: unknown) => Promise<T>;

async function snapshot(send: Send): Promise<Snapshot> {
  return (await send<{ ok: true; data: Snapshot }>({ type: 'getState' })).data;
}

async function refresh(send: Send): Promise<Snapshot> {
  const res = await send<{ ok: boolean; data: Snapshot }>({ type: 'refresh', reason: 'manual' });
  expect(res.ok).toBe(true);
  return res.data;
}

async function toolbar(page: Page): Promise<{ text: string; title: string }> {
  return page.evaluate(async () => {
    const a = (
      globalThis as unknown as {
        chrome: { action: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> } };
      }
    ).chrome.action;
    return { text: await a.getBadgeText({}), title: await a.getTitle({}) };
  });
}

async function notificationIds(page: Page): Promise<string[]> {
  return page.evaluate(async () =>
    Object.keys(
      await (
        globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } }
      ).chrome.notifications.getAll(),
    ),
  );
}

test('a token is validated: login, kind, expiry and the capability table with what is missing', async ({
  signIn,
  openOptions,
}) => {
  const demo = (await signIn(DEMO_TOKEN)) as {
    ok: boolean;
    data: { login: string; tokenKind: string; scopes: string[]; capabilities: Array<{ id: string; ok: boolean }> };
  };
  expect(demo.ok).toBe(true);
  expect(demo.data).toMatchObject({ login: 'octo-demo', tokenKind: 'classic' });
  expect(demo.data.scopes).toContain('repo');
  expect(demo.data.capabilities.map((c) => c.id).sort()).toEqual([
    'listSessions',
    'readLogs',
    'startTasks',
    'stopSessions',
  ]);
  expect(demo.data.capabilities.find((c) => c.id === 'listSessions')?.ok).toBe(true);

  const fine = (await signIn('github_pat_demo_readonly')) as {
    ok: boolean;
    data: {
      login: string;
      tokenKind: string;
      expiresAt: string | null;
      capabilities: Array<{ id: string; ok: boolean | null; missing: string | null; fix: string | null }>;
    };
  };
  expect(fine.ok).toBe(true);
  expect(fine.data).toMatchObject({ login: 'octo-demo', tokenKind: 'fine-grained' });
  expect(Date.parse(fine.data.expiresAt ?? '')).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  // A classic token without `repo`: what is missing, and how to add it.
  const bare = (await signIn('ghp_noscope_token')) as {
    ok: boolean;
    data: { capabilities: Array<{ id: string; ok: boolean | null; missing: string | null; fix: string | null }> };
  };
  expect(bare.ok).toBe(true);
  const refused = bare.data.capabilities.filter((c) => c.ok === false);
  expect(refused.length).toBeGreaterThan(0);
  for (const c of refused) {
    expect(c.missing, c.id).toBeTruthy();
    expect(c.fix, c.id).toBeTruthy();
  }

  const options = await openOptions();
  await expect(options.getByTestId('login')).toHaveText('octo-demo');
  await expect(options.locator(`[data-capability="${refused[0]!.id}"]`)).toHaveAttribute('data-ok', 'false');
});

test('sessions appear with repository and PR joined; a second refresh with nothing changed costs 0 rate limit', async ({
  signIn,
  sendMessage,
  twin,
}) => {
  await signIn(DEMO_TOKEN);
  await expect.poll(async () => (await snapshot(sendMessage)).lastSyncAt).not.toBeNull();
  const snap = await refresh(sendMessage);
  expect(snap.auth.status).toBe('signed-in');
  expect(snap.sessions.map((s) => s.id).sort()).toEqual([...OWN_ALL].sort());
  expect(snap.sessions.filter((s) => (s as { archived?: boolean }).archived).map((s) => s.id)).toEqual([ARCHIVED]);
  const s42 = snap.sessions.find((s) => s.id === S42)!;
  expect(s42).toMatchObject({ state: 'in_progress', repo: { fullName: 'octo-org/webapp' }, pr: { number: 42 } });
  expect(s42.pr?.url).toBe('https://github.com/octo-org/webapp/pull/42');
  expect(s42.links.session).toBe(`https://github.com/octo-org/webapp/pull/42/agent-sessions/${S42}`);
  expect(snap.lastError).toBeNull();

  twin.clearRequests();
  await refresh(sendMessage);
  const api = twin.requests({ host: 'api.github.com' });
  expect(api.length).toBeGreaterThan(0);
  expect(api.filter((r) => r.status === 304).length).toBeGreaterThan(0);
  expect(twin.requests().filter((r) => r.rateLimited)).toEqual([]);
});

test('state changes in the twin reach the toolbar badge and a notification, never on the first sync', async ({
  signIn,
  sendMessage,
  openPopup,
  twin,
}) => {
  await signIn(DEMO_TOKEN);
  await expect.poll(async () => (await snapshot(sendMessage)).lastSyncAt).not.toBeNull();
  const page = await openPopup();
  expect(await notificationIds(page)).toEqual([]); // first sync: silent
  await expect.poll(async () => (await toolbar(page)).text).toBe('1');
  expect((await toolbar(page)).title).toMatch(/1 needs your attention/);

  // Scheduled changes: S42 becomes ready for review 14 minutes after it started (2 minutes ago); the dotfiles task
  // appears at +90 s and completes 6 minutes later.
  await twin.advance(12 * 60_000 + 1_000);
  const after = await refresh(sendMessage);
  expect(after.sessions.find((s) => s.id === S42)?.state).toBe('completed');
  expect(after.sessions.find((s) => s.id === DOTFILES)?.state).toBe('completed');
  expect(after.unread).toEqual(expect.arrayContaining([S42, DOTFILES]));
  await expect.poll(async () => (await notificationIds(page)).sort()).toEqual([S42, DOTFILES].sort());
  await expect.poll(async () => (await toolbar(page)).text).toBe('3');
  expect((await toolbar(page)).title).toMatch(/3 need your attention:[\s\S]*Ready for review/);

  // A forced change (the twin's session-state) is seen by the very next manual refresh.
  await twin.setSessionState(S22, 'failed');
  const forced = await refresh(sendMessage);
  expect(forced.sessions.find((s) => s.id === S22)?.state).toBe('failed');
  await expect.poll(() => notificationIds(page)).toContain(S22);
  await expect.poll(async () => (await toolbar(page)).text).toBe('4');
  expect((await toolbar(page)).title).toMatch(/Failed/);
  // Nothing repeats: another refresh neither adds nor re-creates notifications.
  await refresh(sendMessage);
  expect((await notificationIds(page)).sort()).toEqual([S22, S42, DOTFILES].sort());
});

test('an expired token: refused at sign-in in words; a token revoked later shows a bad-token message', async ({
  signIn,
  sendMessage,
  twin,
}) => {
  const expired = (await signIn('ghp_expired_token')) as { ok: boolean; error: { kind: string; message: string } };
  expect(expired.ok).toBe(false);
  expect(expired.error.kind).toBe('bad-token');
  expect(expired.error.message).toMatch(/token/i);
  expect((await snapshot(sendMessage)).auth.status).toBe('signed-out');

  await signIn(DEMO_TOKEN);
  await expect.poll(async () => (await snapshot(sendMessage)).lastSyncAt).not.toBeNull();
  await twin.control('POST', 'revoke-token', { token: DEMO_TOKEN });
  const snap = await refresh(sendMessage);
  expect(snap.lastError?.kind).toBe('bad-token');
  expect(snap.lastError?.message).toMatch(/token/i);
  expect(snap.lastError?.fix).toBeTruthy();
  expect(snap.sessions.length).toBe(OWN_ALL.length); // stale data stays
});

test('rate limits (primary 403 and 429 with Retry-After) give a typed message with the time to wait', async ({
  signIn,
  sendMessage,
  twin,
}) => {
  await signIn(DEMO_TOKEN);
  await expect.poll(async () => (await snapshot(sendMessage)).lastSyncAt).not.toBeNull();
  await twin.control('POST', 'fault', { type: 'rate-limit', path: '/agents/tasks', retryAfter: 600, count: 5 });
  await twin.advance(60_000); // something to fetch
  const limited = await refresh(sendMessage);
  expect(limited.lastError?.kind).toBe('rate-limited');
  expect(limited.lastError?.message).toMatch(/rate limit/i);
  expect(Date.parse(limited.lastError?.retryAt ?? '')).toBeGreaterThan(Date.now());
  // While limited, a manual refresh sends nothing to GitHub.
  twin.clearRequests();
  await refresh(sendMessage);
  expect(twin.requests({ host: 'api.github.com' })).toEqual([]);
});

test('a 429 with Retry-After is a rate limit too', async ({ signIn, sendMessage, twin }) => {
  await signIn(DEMO_TOKEN);
  await expect.poll(async () => (await snapshot(sendMessage)).lastSyncAt).not.toBeNull();
  await twin.control('POST', 'fault', {
    type: 'status',
    status: 429,
    path: '/agents/tasks',
    retryAfter: 120,
    count: 5,
  });
  await twin.advance(60_000);
  const limited = await refresh(sendMessage);
  expect(limited.lastError?.kind).toBe('rate-limited');
  expect(limited.lastError?.message).toMatch(/rate limit|too many/i);
});

test('a finished job log is read through the 302 to the blob host, which never sees the token', async ({
  signIn,
  sendMessage,
  twin,
}) => {
  const LAB = 'df23daeb-385c-448c-8d5e-ecbf9a46cc25'; // copilot-agents-lab #3: completed, real Actions job log
  await signIn(DEMO_TOKEN);
  await expect.poll(async () => (await snapshot(sendMessage)).lastSyncAt).not.toBeNull();
  await twin.control('POST', 'capi', { enabled: false }); // logs from Actions, not the Copilot API
  const log = await sendMessage<{ ok: boolean; data: { source: string; text: string }; error?: unknown }>({
    type: 'getLog',
    sessionId: LAB,
    offset: 0,
  });
  expect(log.ok, JSON.stringify(log.error)).toBe(true);
  expect(log.data.source).toBe('actions-log');
  expect(log.data.text).toContain(`COPILOT_AGENT_SESSION_ID: ${LAB}`);
  const blob = twin.requests({ host: 'twin-blob.blob.core.windows.net' });
  expect(blob.filter((r) => r.method === 'GET' && r.status === 200).length).toBeGreaterThan(0);
  expect(blob.every((r) => r.authorizationHeader === false)).toBe(true);
  expect(blob.filter((r) => r.method === 'OPTIONS')).toEqual([]); // a simple GET: no preflight
});
