import { describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../../utils/github/client';
import { toAppError } from '../../../utils/github/errors';
import { apiBaseUrl, normalizeHost } from '../../../utils/github/hosts';
import { json } from './fake-github';

const NOW = Date.parse('2026-06-10T10:00:00Z');

function client(fetchFn: typeof fetch, host = 'github.com') {
  return createGitHubClient({ token: 'ghp_x', host, fetch: fetchFn, now: () => NOW, retryBaseMs: 1 });
}

async function errorOf(
  res: () => Response,
  route = 'GET /repos/{owner}/{repo}',
  params: Record<string, unknown> = { owner: 'o', repo: 'r' },
) {
  const c = client(async () => res());
  try {
    await c.get(route, params, { conditional: false });
  } catch (e) {
    return toAppError(e, { now: NOW });
  }
  throw new Error('no error');
}

describe('toAppError: every kind, worded with the fix and an https link', () => {
  it('401 bad token', async () => {
    const e = await errorOf(() => json({ message: 'Bad credentials' }, 401));
    expect(e).toMatchObject({ kind: 'bad-token', status: 401 });
    expect(e.link).toMatch(/^https:\/\/github.com\/settings\/tokens\/new\?scopes=repo/);
  });
  it('401 expired token (expiration header in the past)', async () => {
    const e = await errorOf(() =>
      json({ message: 'Bad credentials' }, 401, {
        'github-authentication-token-expiration': '2026-06-01 09:00:00 UTC',
      }),
    );
    expect(e.kind).toBe('expired-token');
    expect(e.message).toContain('2026-06-01');
  });
  it('403 missing permission names it', async () => {
    const e = await errorOf(() =>
      json({ message: 'Resource not accessible by personal access token' }, 403, {
        'x-accepted-github-permissions': 'actions=write',
      }),
    );
    expect(e).toMatchObject({ kind: 'missing-permission', permission: 'Actions: write' });
    expect(e.fix).toContain('Actions: write');
  });
  it('403 organization policy names the org and links its settings', async () => {
    const e = await errorOf(() =>
      json(
        {
          message:
            "The `acme` organization has forbidden access via fine-grained personal access tokens if the token's lifetime is greater than 7 days.",
        },
        403,
      ),
    );
    expect(e).toMatchObject({ kind: 'org-policy', org: 'acme' });
    expect(e.link).toBe('https://github.com/organizations/acme/settings/personal-access-tokens');
  });
  it('403 OAuth app restrictions', async () => {
    const e = await errorOf(() =>
      json(
        {
          message:
            'Although you appear to have the correct authorization credentials, the `acme` organization has enabled OAuth App access restrictions, meaning that data access to third-parties is limited.',
        },
        403,
      ),
    );
    expect(e).toMatchObject({ kind: 'org-policy', org: 'acme' });
  });
  it('403 SSO gives the org and the authorize link', async () => {
    const e = await errorOf(() =>
      json({ message: 'Resource protected by organization SAML enforcement.' }, 403, {
        'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=abc',
      }),
    );
    expect(e).toMatchObject({
      kind: 'sso-required',
      org: 'acme',
      link: 'https://github.com/orgs/acme/sso?authorization_request=abc',
    });
  });
  it('rate limited: primary (reset) and secondary (retry-after)', async () => {
    const reset = NOW / 1000 + 900;
    const p = await errorOf(() =>
      json({ message: 'API rate limit exceeded' }, 403, {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(reset),
      }),
    );
    expect(p).toMatchObject({ kind: 'rate-limited', retryAt: new Date(reset * 1000).toISOString() });
    const s = await errorOf(() =>
      json({ message: 'You have exceeded a secondary rate limit' }, 429, { 'retry-after': '120' }),
    );
    expect(s).toMatchObject({ kind: 'rate-limited', retryAt: new Date(NOW + 120_000).toISOString() });
  });
  it('offline (fetch TypeError)', async () => {
    const e = await errorOf(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(e.kind).toBe('offline');
  });
  it('GitHub 5xx', async () => {
    const e = await errorOf(() => json({ message: 'Server Error' }, 503));
    expect(e).toMatchObject({ kind: 'github-error', status: 503, link: 'https://www.githubstatus.com' });
  });
  it('403/404 on /agents paths = not available', async () => {
    const e = await errorOf(() => json({ message: 'Not Found' }, 404), 'GET /agents/tasks', {});
    expect(e.kind).toBe('not-available');
    const f = await errorOf(() => json({ message: 'Forbidden' }, 403), 'GET /agents/tasks', {});
    expect(f.kind).toBe('not-available');
  });
  it('a permission refusal on /agents names the permission instead of blaming the plan', async () => {
    const e = await errorOf(
      () =>
        new Response(JSON.stringify({ message: 'Resource not accessible by personal access token' }), {
          status: 403,
          headers: { 'content-type': 'application/json', 'x-accepted-github-permissions': 'agent_tasks=write' },
        }),
      'GET /agents/tasks',
      {},
    );
    expect(e.kind).toBe('missing-permission');
    expect(e.permission).toMatch(/agent/i);
  });
  it('422 carries the reason GitHub put in errors[]', async () => {
    const e = await errorOf(() =>
      json(
        { message: 'Validation Failed', errors: [{ code: 'invalid', message: 'Base branch nope does not exist' }] },
        422,
      ),
    );
    expect(e.kind).toBe('validation');
    expect(e.message).toContain('Base branch nope does not exist');
  });
  it('404 elsewhere = not found; 422 = validation', async () => {
    expect((await errorOf(() => json({ message: 'Not Found' }, 404))).kind).toBe('not-found');
    expect((await errorOf(() => json({ message: 'Validation Failed' }, 422))).kind).toBe('validation');
  });
  it('never includes the token', async () => {
    const e = await errorOf(() => json({ message: 'Bad credentials' }, 401));
    expect(JSON.stringify(e)).not.toContain('ghp_x');
  });
});

describe('client', () => {
  it('hosts: github.com and data residency', () => {
    expect(apiBaseUrl('github.com')).toBe('https://api.github.com');
    expect(apiBaseUrl('octo.ghe.com')).toBe('https://api.octo.ghe.com');
    expect(normalizeHost('https://Octo.ghe.com/')).toBe('octo.ghe.com');
    expect(normalizeHost('evil.com')).toBeNull();
  });

  it('sends If-None-Match, reuses the cached body on 304, and counts no rate limit for it', async () => {
    const seen: Array<string | null> = [];
    const c = client(async (_u, init) => {
      const inm = new Headers(init?.headers).get('if-none-match');
      seen.push(inm);
      if (inm === '"v1"') return new Response(null, { status: 304, headers: { etag: '"v1"' } });
      return json({ tasks: [{ id: 't1' }] }, 200, { etag: '"v1"' });
    });
    const a = await c.get<{ tasks: unknown[] }>('GET /agents/tasks', { per_page: 50 });
    const b = await c.get<{ tasks: unknown[] }>('GET /agents/tasks', { per_page: 50 });
    expect(seen).toEqual([null, '"v1"']);
    expect(a.fromCache).toBe(false);
    expect(b).toMatchObject({ fromCache: true, status: 304, data: { tasks: [{ id: 't1' }] } });
    expect(c.stats).toMatchObject({ total: 2, rateLimited: 1, notModified: 1 });
  });

  it('sends X-GitHub-Api-Version only on /agents endpoints', async () => {
    const versions: Array<string | null> = [];
    const c = client(async (_u, init) => {
      versions.push(new Headers(init?.headers).get('x-github-api-version'));
      return json({}, 200);
    });
    await c.get('GET /agents/tasks/{task_id}', { task_id: 'x' });
    await c.get('GET /user', {});
    expect(versions).toEqual(['2026-03-10', null]);
  });

  it('makes identical concurrent GETs once', async () => {
    let calls = 0;
    const c = client(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return json({ ok: 1 }, 200, { etag: '"e"' });
    });
    const results = await Promise.all([c.get('GET /user'), c.get('GET /user'), c.get('GET /user')]);
    expect(calls).toBe(1);
    expect(results.every((r) => (r.data as { ok: number }).ok === 1)).toBe(true);
  });

  it('retries 5xx a couple of times, then succeeds', async () => {
    let calls = 0;
    const c = client(async () => (++calls < 3 ? json({ message: 'bad gateway' }, 502) : json({ ok: true }, 200)));
    const res = await c.get('GET /user', {}, { conditional: false });
    expect(calls).toBe(3);
    expect(res.data).toEqual({ ok: true });
  });

  it('does not wait on a long rate limit: the typed error surfaces', async () => {
    let calls = 0;
    const c = client(async () => {
      calls++;
      return json({ message: 'secondary rate limit' }, 403, { 'retry-after': '60' });
    });
    const t = Date.now();
    await expect(c.get('GET /user', {}, { conditional: false })).rejects.toMatchObject({ status: 403 });
    expect(calls).toBe(1);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it('refuses to send the token to other hosts; plain fetch carries none', async () => {
    const auths: Array<string | null> = [];
    const c = client(async (_u, init) => {
      auths.push(new Headers(init?.headers).get('authorization'));
      return new Response('x');
    });
    await expect(c.authedFetch('https://evil.example.com/x')).rejects.toThrow();
    await c.plainFetch('https://blob.example.net/x', { headers: { authorization: 'token leak' } });
    await c.authedFetch('https://api.githubcopilot.com/agents/sessions');
    expect(auths).toEqual([null, 'Bearer ghp_x']);
  });
});
