import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeviceFlow } from '../../../utils/auth/device-flow';
import { createIdbTokenStore } from '../../../utils/auth/token-store';
import { tokenKind, validateToken } from '../../../utils/auth/validate';
import { createGitHubClient } from '../../../utils/github/client';
import { classicTokenLink, fineGrainedTokenLink } from '../../../utils/github/links';
import { FakeGitHub, json } from './fake-github';

describe('token store (extension-origin IndexedDB)', () => {
  it('saves, reads across instances, and forgets', async () => {
    const a = createIdbTokenStore();
    await a.set({ token: 'ghp_secret', host: 'github.com', savedAt: 'now' });
    const b = createIdbTokenStore();
    expect((await b.get())?.token).toBe('ghp_secret');
    await b.clear();
    expect(await a.get()).toBeNull();
  });
});

const DAY = 86_400_000;
/** `github-authentication-token-expiration` as GitHub writes it: "2026-07-01 12:00:00 UTC". */
const gitHubExpiration = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

describe('validateToken', () => {
  it('kinds from prefixes', () => {
    expect(tokenKind('ghp_x')).toBe('classic');
    expect(tokenKind('github_pat_x')).toBe('fine-grained');
    expect(tokenKind('gho_x')).toBe('oauth');
  });

  it('classic with repo: all capabilities known from scopes', async () => {
    const gh = new FakeGitHub();
    const c = createGitHubClient({
      token: 'ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      host: 'github.com',
      fetch: gh.fetch,
    });
    const r = await validateToken(c, 'ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'github.com');
    expect(r.info).toMatchObject({ login: 'octo', id: 1, tokenKind: 'classic', scopes: ['repo', 'workflow'] });
    expect(r.info.capabilities.map((c) => [c.id, c.ok])).toEqual([
      ['listSessions', true],
      ['readLogs', true],
      ['stopSessions', true],
      ['startTasks', true],
    ]);
  });

  it('classic without repo: says which scope is missing and links the pre-filled page', async () => {
    const gh = new FakeGitHub();
    gh.tokens.set('ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', { userId: 1, scopes: 'read:user' });
    const c = createGitHubClient({
      token: 'ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      host: 'github.com',
      fetch: gh.fetch,
    });
    const r = await validateToken(c, 'ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'github.com');
    const stop = r.info.capabilities.find((x) => x.id === 'stopSessions')!;
    expect(stop).toMatchObject({ ok: false, missing: 'repo (scope)' });
    // The fix is words; the pre-filled page is its link (no raw URL, no backticks in the text).
    expect(stop.link).toBe(classicTokenLink());
    expect(stop.fix).not.toMatch(/`|https?:\/\//);
    expect(r.info.privateRepos).toBe(false);
  });

  it('fine-grained: probes the Agent tasks API; stop/start unknown with the permission they need', async () => {
    // The expiry is computed from the clock the fake GitHub reads (issue 12: a written-down date went off one day).
    const gh = new FakeGitHub();
    const expires = new Date(Math.floor(gh.now() / 1000) * 1000 + 30 * DAY);
    gh.tokens.set('github_pat_cccccccccccccccccccccc', {
      userId: 1,
      scopes: null,
      expiration: gitHubExpiration(expires),
    });
    gh.agentTasksAvailable = false;
    const c = createGitHubClient({ token: 'github_pat_cccccccccccccccccccccc', host: 'github.com', fetch: gh.fetch });
    const r = await validateToken(c, 'github_pat_cccccccccccccccccccccc', 'github.com');
    expect(r.info.tokenKind).toBe('fine-grained');
    expect(r.info.expiresAt).toBe(expires.toISOString());
    expect(r.agentTasksAvailable).toBe(false);
    expect(r.info.capabilities.find((x) => x.id === 'stopSessions')).toMatchObject({
      ok: null,
      missing: 'Actions: Read and write',
    });
    expect(r.info.capabilities.find((x) => x.id === 'startTasks')).toMatchObject({
      ok: false,
      missing: 'Agent tasks: Read and write',
    });
    expect(r.info.copilotApi).toBeNull();
  });

  it('an expired token is refused as GitHub refuses it, whatever today is', async () => {
    const clock = { t: Date.parse('2031-03-01T12:00:00Z') };
    const gh = new FakeGitHub(() => clock.t);
    gh.tokens.set('github_pat_dddddddddddddddddddddd', {
      userId: 1,
      scopes: null,
      expiration: gitHubExpiration(new Date(clock.t + DAY)),
    });
    const c = createGitHubClient({ token: 'github_pat_dddddddddddddddddddddd', host: 'github.com', fetch: gh.fetch });
    await expect(validateToken(c, 'github_pat_dddddddddddddddddddddd', 'github.com')).resolves.toMatchObject({
      info: { tokenKind: 'fine-grained' },
    });
    clock.t += 2 * DAY;
    await expect(validateToken(c, 'github_pat_dddddddddddddddddddddd', 'github.com')).rejects.toThrow(
      /Bad credentials/,
    );
  });

  it('token links', () => {
    expect(classicTokenLink()).toBe('https://github.com/settings/tokens/new?scopes=repo&description=Agent%20Sessions');
    expect(fineGrainedTokenLink()).toMatch(
      /^https:\/\/github.com\/settings\/personal-access-tokens\/new\?name=Agent%20Sessions&description=/,
    );
  });
});

describe('device flow', () => {
  it('not available without a client id', async () => {
    const d = new DeviceFlow(null, fetch);
    await expect(d.start('github.com')).rejects.toMatchObject({ appError: { kind: 'not-available' } });
  });

  it('pending → slow_down (+5 s) → token; expired and denied', async () => {
    let t = 0;
    const answers = [
      { error: 'authorization_pending' },
      { error: 'slow_down', interval: 5 },
      { access_token: 'gho_token', scope: 'repo' },
    ];
    const bodies: unknown[] = [];
    const f: typeof fetch = async (u, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      if (String(u).endsWith('/login/device/code'))
        return json({
          device_code: 'dc',
          user_code: 'ABCD-1234',
          verification_uri: 'https://github.com/login/device',
          expires_in: 900,
          interval: 5,
        });
      return json(answers.shift());
    };
    const d = new DeviceFlow('client123', f, () => t);
    const st = await d.start('github.com');
    expect(st).toMatchObject({
      phase: 'pending',
      userCode: 'ABCD-1234',
      verificationUri: 'https://github.com/login/device',
    });
    expect((await d.poll()).state.phase).toBe('pending'); // too early: no request
    expect(bodies).toHaveLength(1);
    t += 5000;
    expect((await d.poll()).state.phase).toBe('pending');
    t += 5000;
    expect((await d.poll()).state.phase).toBe('slow-down');
    expect(d.interval).toBe(10);
    t += 5000;
    expect((await d.poll()).token).toBeNull(); // still waiting for the longer interval
    t += 5000;
    const done = await d.poll();
    expect(done).toMatchObject({ token: 'gho_token', state: { phase: 'done' } });
    expect(bodies[1]).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: 'dc',
      client_id: 'client123',
    });

    for (const [error, phase] of [
      ['expired_token', 'expired'],
      ['access_denied', 'denied'],
    ] as const) {
      answers.push({ error } as never);
      const d2 = new DeviceFlow('client123', f, () => t);
      await d2.start('github.com');
      t += 5000;
      expect((await d2.poll()).state.phase).toBe(phase);
    }
  });
});
