/**
 * Security review → tests: the token stays in the background. It never reaches storage a content script can read
 * (storage.local/sync), a message a view receives (pushes, responses), a notification, the toolbar tooltip, the
 * console or an error message, whatever GitHub answers (errors, faults, revocation). Requests carry it only to the
 * API hosts; the job-log redirect to the blob host is followed without it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createGitHubClient } from '../../../utils/github/client';
import { toAppError } from '../../../utils/github/errors';
import { CONTENT_SCRIPT_REQUESTS, type Request } from '../../../utils/messages/protocol';
import { TOKEN } from '../engine/fake-github';
import { fakePort, harness, notifications, settle, watchPr } from '../engine/helpers';

const consoleCalls: unknown[][] = [];

beforeEach(() => {
  fakeBrowser.reset();
  consoleCalls.length = 0;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      consoleCalls.push(args);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every string form of a value we can think of (JSON, and Error messages/stacks). */
function text(v: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(v, (_k, x) => {
    if (x instanceof Error) return { message: x.message, stack: x.stack, cause: String(x.cause) };
    if (x && typeof x === 'object') {
      if (seen.has(x)) return '[cycle]';
      seen.add(x);
    }
    return x;
  });
}

const TOKEN_TAIL = TOKEN.slice(4);

function expectNoToken(where: string, value: unknown): void {
  const s = text(value) ?? '';
  expect(s.includes(TOKEN), `${where} contains the token`).toBe(false);
  expect(s.includes(TOKEN_TAIL), `${where} contains the token's secret part`).toBe(false);
}

describe('the token never leaves the background', () => {
  it('through sign-in, syncs, faults, revocation, restart and sign-out: not in storage, pushes, answers, notifications, badge or console', async () => {
    const h = await harness();
    const port = fakePort();
    h.engine.attachPort(port);
    const repo = h.gh.addRepo('octo', 'app');
    const a = h.gh.addSession(repo, { state: 'in_progress', title: 'Session A' });
    const b = h.gh.addSession(repo, { state: 'in_progress', title: 'Session B' });
    await h.engine.sync('manual');

    // Faults: a server error, a secondary rate limit, a network failure, malformed JSON.
    h.gh.fault(/GET \/agents\/tasks$/, { status: 500, body: { message: 'Server Error' }, times: 3 });
    h.clock.advance(60_000);
    await h.engine.sync('manual');
    h.gh.fault(/GET \/agents\/tasks$/, {
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit.' },
      times: 2,
    });
    h.clock.advance(60_000);
    await h.engine.sync('manual');
    h.clock.advance(120_000);
    h.gh.fault(/GET \/agents\/tasks$/, { network: true, times: 3 });
    await h.engine.sync('manual');
    h.clock.advance(120_000);

    // Transitions that notify, then a log read (job log: 302 to the blob host).
    h.gh.setState(a.session.id, 'completed');
    h.gh.setState(b.session.id, 'failed');
    h.gh.logs.set(a.run.id + 1, 'job log text');
    h.clock.advance(30 * 60_000);
    await h.engine.sync('manual');
    expect(Object.keys(notifications()).sort()).toEqual([a.session.id, b.session.id].sort());
    await h.engine.getLog(a.session.id, 0);

    // Every request a content script may send, answered.
    const answers: unknown[] = [];
    const requests: Partial<Record<Request['type'], Request>> = {
      getState: { type: 'getState' },
      refresh: { type: 'refresh', reason: 'page' },
      markRead: { type: 'markRead', ids: [b.session.id], read: true },
      stopSession: { type: 'stopSession', sessionId: a.session.id, pageLogin: 'octo' },
      openOptions: { type: 'openOptions' },
    };
    for (const type of CONTENT_SCRIPT_REQUESTS) {
      const request = requests[type];
      expect(request, `a request of type ${type}`).toBeDefined();
      if (request) answers.push(await h.engine.handle(request));
    }
    expect(answers).toHaveLength(CONTENT_SCRIPT_REQUESTS.length);
    // What a PR page is pushed instead of asking (issue 19): its PR's slice.
    answers.push(await watchPr(h.engine, 'octo', 'app', a.pull.number));

    // Revoked token: 401 everywhere → a bad-token error, worded without the token.
    h.gh.tokens.delete(TOKEN);
    h.clock.advance(30 * 60_000);
    await h.engine.sync('manual');
    const revoked = h.engine.snapshot();
    expect(revoked.lastError?.kind).toBe('bad-token');

    // A restart (new engine over the same storage) still works with the token from the token store only.
    h.gh.tokens.set(TOKEN, { userId: 1, scopes: 'repo, workflow' });
    const again = await h.restart();
    again.attachPort(port);
    h.clock.advance(30 * 60_000);
    await settle(again);
    expect(again.snapshot().auth.status).toBe('signed-in');
    expect(again.snapshot().lastError).toBeNull();
    await new Promise((r) => setTimeout(r, 10));

    expect(port.messages.length).toBeGreaterThan(3);
    expectNoToken('storage.local', await fakeBrowser.storage.local.get(null));
    expectNoToken('storage.sync', await fakeBrowser.storage.sync.get(null));
    expectNoToken('storage.session', await fakeBrowser.storage.session.get(null));
    expectNoToken('live-port pushes', port.messages);
    expectNoToken('content-script answers', answers);
    expectNoToken('snapshot', again.snapshot());
    expectNoToken('revoked snapshot', revoked);
    expectNoToken('notifications', notifications());
    expectNoToken('badge tooltip', await fakeBrowser.action.getTitle({}));
    expectNoToken('console', consoleCalls);
    // The store did persist real state (the test would be empty otherwise).
    expect(text(await fakeBrowser.storage.local.get(null))).toContain(a.session.id);

    await again.signOut();
    expect(await h.tokens.get()).toBeNull();
  });

  it('a rejected token is not repeated in the sign-in error', async () => {
    const h = await harness({ signedIn: false });
    const wrong = 'ghp_WRONGwrongWRONGwrongWRONGwrongWRONG123';
    const res = await h.engine.handle({ type: 'signIn', token: wrong, host: 'github.com' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.kind).toBe('bad-token');
    expect(text(res)).not.toContain(wrong);
    expect(text(res)).not.toContain(wrong.slice(4));
    const notAToken = `hello ${TOKEN_TAIL}`;
    const res2 = await h.engine.handle({ type: 'signIn', token: notAToken, host: 'github.com' });
    expect(res2.ok).toBe(false);
    expect(text(res2)).not.toContain(TOKEN_TAIL);
    expect(text(h.engine.snapshot())).not.toContain(wrong.slice(4));
    expectNoToken('console', consoleCalls);
  });
});

describe('where the token goes', () => {
  function recordingFetch(status = 200, extra: Record<string, string> = {}) {
    const seen: Array<{ url: string; authorization: string | null }> = [];
    const fetchFn: typeof fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      seen.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      return new Response(JSON.stringify({ message: 'x' }), {
        status,
        headers: { 'content-type': 'application/json', ...extra },
      });
    };
    return { seen, fetchFn };
  }

  it('authedFetch sends it to the API host and Copilot API hosts only, over https', async () => {
    const { seen, fetchFn } = recordingFetch();
    const client = createGitHubClient({ token: TOKEN, host: 'github.com', fetch: fetchFn });
    await client.authedFetch('https://api.github.com/user');
    await client.authedFetch('https://api.githubcopilot.com/agents/sessions');
    await client.authedFetch('https://api.individual.githubcopilot.com/agents/sessions');
    for (const url of [
      'https://twin-blob.blob.core.windows.net/logs/1',
      'https://github.com/login',
      'http://api.github.com/user',
      'https://api.github.com.evil.example/user',
      'https://evil.example/?https://api.github.com/',
      'https://githubcopilot.com.evil.example/',
      'https://api.octo.ghe.com/user',
    ]) {
      await expect(client.authedFetch(url), url).rejects.toThrow(/unexpected host/);
    }
    expect(seen.map((s) => [s.url, s.authorization])).toEqual([
      ['https://api.github.com/user', `Bearer ${TOKEN}`],
      ['https://api.githubcopilot.com/agents/sessions', `Bearer ${TOKEN}`],
      ['https://api.individual.githubcopilot.com/agents/sessions', `Bearer ${TOKEN}`],
    ]);
  });

  it('a data-residency client sends it to api.SUBDOMAIN.ghe.com, not api.github.com', async () => {
    const { seen, fetchFn } = recordingFetch();
    const client = createGitHubClient({ token: TOKEN, host: 'octo.ghe.com', fetch: fetchFn });
    await client.authedFetch('https://api.octo.ghe.com/user');
    await expect(client.authedFetch('https://api.github.com/user')).rejects.toThrow();
    await expect(client.authedFetch('https://api.other.ghe.com/user')).rejects.toThrow();
    expect(seen).toEqual([{ url: 'https://api.octo.ghe.com/user', authorization: `Bearer ${TOKEN}` }]);
  });

  it('plainFetch (redirect targets such as log blobs) strips any Authorization header', async () => {
    const { seen, fetchFn } = recordingFetch();
    const client = createGitHubClient({ token: TOKEN, host: 'github.com', fetch: fetchFn });
    await client.plainFetch('https://twin-blob.blob.core.windows.net/logs/1?sig=x', {
      headers: { authorization: `token ${TOKEN}` },
    });
    expect(seen).toEqual([{ url: 'https://twin-blob.blob.core.windows.net/logs/1?sig=x', authorization: null }]);
  });

  it('the engine follows the job-log redirect to the blob host without the token', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'logs');
    const { session, run } = h.gh.addSession(repo, { state: 'completed' });
    h.gh.logs.set(run.id + 1, 'the job log');
    await h.engine.sync('manual');
    await h.engine.getLog(session.id, 0);
    const blob = h.gh.requests.filter((r) => r.url.startsWith('https://blob.example.net/'));
    const api = h.gh.requests.filter((r) => r.url.startsWith('https://api.github.com/'));
    expect(blob.length).toBeGreaterThan(0);
    expect(blob.every((r) => !r.authorized)).toBe(true);
    expect(api.length).toBeGreaterThan(0);
    expect(h.gh.requests.every((r) => r.url.startsWith('https://api.github.com/') || !r.authorized)).toBe(true);
  });

  it('errors built from failed requests (Octokit errors carry the request) never contain the token', async () => {
    for (const status of [401, 403, 404, 422, 500, 502]) {
      const { fetchFn } = recordingFetch(status, status === 403 ? { 'x-ratelimit-remaining': '0' } : {});
      const client = createGitHubClient({ token: TOKEN, host: 'github.com', fetch: fetchFn, retries: 0 });
      const error = await client.get('GET /user').then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, String(status)).not.toBeNull();
      expectNoToken(`error ${status}`, toAppError(error));
      expectNoToken(`raw error ${status} message`, (error as Error).message);
    }
    const offline = createGitHubClient({
      token: TOKEN,
      host: 'github.com',
      retries: 0,
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const err = await offline.get('GET /user').catch((e: unknown) => e);
    expect(toAppError(err).kind).toBe('offline');
    expectNoToken('offline error', toAppError(err));
  });
});
