// @vitest-environment node
/** Behaviour of the GitHub twin: clock and timelines, HTTP semantics, faults, cancel, logs, device flow, control API. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseDuration, resolveTime } from '../../twin/clock';
import { startTwin, type Twin } from '../../twin/server';
import type { Scenario } from '../../twin/types';

const ROOT = path.resolve(__dirname, '../../..');
const demo = JSON.parse(readFileSync(path.join(ROOT, 'tests/twin/scenarios/demo.json'), 'utf8')) as Scenario;
const minimal = JSON.parse(readFileSync(path.join(ROOT, 'tests/twin/scenarios/minimal.json'), 'utf8')) as Scenario;

const RUNNING_LOG = '5e1f0a42-3333-4a33-9a33-000000000003';
const LAB = 'df23daeb-385c-448c-8d5e-ecbf9a46cc25';
const SLOW = '5e1f0a21-cccc-4ccc-9ccc-00000000000c';
const STUCK = '5e1f0a22-dddd-4ddd-9ddd-00000000000d';
const MIN_SESSION = '0d15ea5e-1111-4111-9111-000000000001';

let twin: Twin;

async function api(
  p: string,
  init: {
    method?: string;
    token?: string | null;
    host?: string;
    headers?: Record<string, string>;
    body?: unknown;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'x-twin-host': init.host ?? 'api.github.com', ...(init.headers ?? {}) };
  const token = init.token === undefined ? 'ghp_demo_token' : init.token;
  if (token) headers.authorization = `token ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(twin.url + p, {
    method: init.method ?? 'GET',
    headers,
    redirect: 'manual',
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
}

async function getJson<T = Record<string, unknown>>(p: string, init: Parameters<typeof api>[1] = {}): Promise<T> {
  const res = await api(p, init);
  expect(res.status, `${p}`).toBeLessThan(300);
  return (await res.json()) as T;
}

interface TwinSessionState {
  id: string;
  taskId: string;
  state: string;
  runId: number;
  jobId: number;
  runStatus: string;
  runConclusion: string | null;
  cancelRequests: number;
  logEvents: number;
  logEventsTotal: number;
  repo: string;
}
function session(id: string): TwinSessionState {
  const s = (twin.state() as { sessions: TwinSessionState[] }).sessions.find((x) => x.id === id);
  if (!s) throw new Error(`no session ${id}`);
  return s;
}

beforeAll(async () => {
  twin = await startTwin({ scenario: demo, quiet: true });
});
afterAll(async () => {
  await twin.close();
});
beforeEach(() => {
  twin.load(demo);
  twin.clearRequests();
});

describe('scenario clock', () => {
  it('parses offsets and absolute dates', () => {
    expect(parseDuration('+5m')).toBe(300_000);
    expect(parseDuration('-1h30m')).toBe(-5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration(42)).toBe(42);
    expect(resolveTime('2026-01-01T00:00:00Z', 0)).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(() => parseDuration('soon')).toThrow(/Bad offset/);
  });

  it('starts at wall time and moves only when advanced', async () => {
    const before = Date.now();
    twin.load(minimal);
    expect(twin.clock.now()).toBeGreaterThanOrEqual(before - 5);
    expect(twin.clock.now()).toBeLessThanOrEqual(Date.now());
    const t0 = twin.clock.now();
    twin.clock.advance(90_000);
    expect(twin.clock.now()).toBe(t0 + 90_000);
    const res = await fetch(`${twin.url}/_twin/advance`, { method: 'POST', body: JSON.stringify({ ms: 10_000 }) });
    expect(res.status).toBe(200);
    expect(twin.clock.now()).toBe(t0 + 100_000);
  });

  it('applies timeline state changes as the clock passes them', async () => {
    twin.load(minimal);
    const task = '/agents/tasks/0d15ea5e-0001-4000-8000-000000000001';
    // created 1 minute ago: queued at -1m, in progress at -30s, completed at +9m.
    expect((await getJson<{ state: string }>(task)).state).toBe('in_progress');
    twin.clock.advance(8 * 60_000);
    expect((await getJson<{ state: string }>(task)).state).toBe('in_progress');
    twin.clock.advance(61_000);
    const done = await getJson<{ state: string; sessions: Array<{ completed_at?: string }> }>(task);
    expect(done.state).toBe('completed');
    expect(Date.parse(done.sessions[0]!.completed_at!)).toBeLessThanOrEqual(twin.clock.now());
  });

  it('hides sessions scheduled in the future until their time', async () => {
    const future = '/agents/tasks/a1b2c3d4-0099-4000-8000-000000000099';
    expect((await api(future)).status).toBe(404);
    twin.clock.advance(91_000);
    expect((await getJson<{ state: string }>(future)).state).toBe('queued');
  });

  it('forces a session state through the control API', async () => {
    const res = await fetch(`${twin.url}/_twin/session-state`, {
      method: 'POST',
      body: JSON.stringify({ id: MIN_SESSION, state: 'failed', error: 'boom' }),
    });
    expect(res.status).toBe(404); // not in the demo scenario
    twin.load(minimal);
    await fetch(`${twin.url}/_twin/session-state`, {
      method: 'POST',
      body: JSON.stringify({ id: MIN_SESSION, state: 'failed', error: 'Out of <memory>' }),
    });
    const task = await getJson<{ state: string; sessions: Array<{ error?: { message: string } }> }>(
      '/agents/tasks/0d15ea5e-0001-4000-8000-000000000001',
    );
    expect(task.state).toBe('failed');
    expect(task.sessions[0]!.error).toEqual({ message: 'Out of <memory>' });
  });

  it('a forced state is a real change: updated_at and ETags move (even twice in one second), run and timeline follow', async () => {
    const force = (state: string) =>
      fetch(`${twin.url}/_twin/session-state`, { method: 'POST', body: JSON.stringify({ id: STUCK, state }) });
    const s = session(STUCK);
    const taskPath = `/agents/tasks/${s.taskId}`;
    const list = await api('/agents/tasks?sort=updated_at&direction=desc&per_page=50');
    const listEtag = list.headers.get('etag')!;
    const before = ((await list.json()) as { tasks: Array<{ id: string; updated_at: string }> }).tasks.find(
      (t) => t.id === s.taskId,
    )!;
    const detail = await api(taskPath);
    const detailEtag = detail.headers.get('etag')!;

    await force('waiting_for_user');
    await force('failed'); // same scenario second as the first force
    const list2 = await api('/agents/tasks?sort=updated_at&direction=desc&per_page=50', {
      headers: { 'if-none-match': listEtag },
    });
    expect(list2.status).toBe(200);
    const after = (
      (await list2.json()) as { tasks: Array<{ id: string; updated_at: string; state: string }> }
    ).tasks.find((t) => t.id === s.taskId)!;
    expect(after.state).toBe('failed');
    expect(Date.parse(after.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
    const detail2 = await api(taskPath, { headers: { 'if-none-match': detailEtag } });
    expect(detail2.status).toBe(200);
    const d2 = (await detail2.json()) as { sessions: Array<{ id: string; updated_at: string; state: string }> };
    expect(d2.sessions.find((x) => x.id === STUCK)).toMatchObject({ state: 'failed', updated_at: after.updated_at });
    // The two forced changes landed in different seconds: the second moved updated_at again.
    expect(Date.parse(after.updated_at) % 1000).toBe(0);
    expect(session(STUCK)).toMatchObject({ runStatus: 'completed', runConclusion: 'failure' });
    const timeline = await getJson<Array<{ event: string }>>('/repos/octo-org/infra/issues/22/timeline');
    expect(timeline.map((x) => x.event).filter((e) => e.startsWith('copilot_work'))).toEqual([
      'copilot_work_started',
      'copilot_work_finished_failure',
    ]);
    // Back to running reopens the run; a forced cancel then ends it as cancelled with a finished event.
    await force('in_progress');
    expect(session(STUCK).runStatus).toBe('in_progress');
    await force('cancelled');
    expect(session(STUCK)).toMatchObject({ state: 'cancelled', runStatus: 'completed', runConclusion: 'cancelled' });
    const timeline2 = await getJson<Array<{ event: string }>>('/repos/octo-org/infra/issues/22/timeline');
    expect(timeline2.map((x) => x.event).filter((e) => e.startsWith('copilot_work'))).toEqual([
      'copilot_work_started',
      'copilot_work_finished',
    ]);
  });
});

describe('HTTP semantics', () => {
  it('answers 304 to a matching If-None-Match, free of rate limit, and a new ETag after a change', async () => {
    twin.load(minimal);
    const first = await api('/agents/tasks');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const used = Number(first.headers.get('x-ratelimit-used'));
    const second = await api('/agents/tasks', { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
    expect(Number(second.headers.get('x-ratelimit-used'))).toBe(used);
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(5000 - used);
    twin.clock.advance(10 * 60_000); // the session completes
    const third = await api('/agents/tasks', { headers: { 'if-none-match': etag } });
    expect(third.status).toBe(200);
    expect(third.headers.get('etag')).not.toBe(etag);
    const records = twin.requests();
    expect(records.map((r) => [r.status, r.rateLimited])).toEqual([
      [200, true],
      [304, false],
      [200, true],
    ]);
  });

  it('sends x-ratelimit headers on every api.github.com answer and refuses when exhausted', async () => {
    twin.load({ ...minimal, rateLimit: 3 });
    for (let i = 1; i <= 3; i++) {
      const res = await api('/user');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      expect(res.headers.get('x-ratelimit-used')).toBe(String(i));
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(3 - i));
      expect(res.headers.get('x-ratelimit-resource')).toBe('core');
      expect(Number(res.headers.get('x-ratelimit-reset')) * 1000).toBeGreaterThan(twin.clock.now());
    }
    const over = await api('/user');
    expect(over.status).toBe(403);
    expect(((await over.json()) as { message: string }).message).toMatch(/API rate limit exceeded for user ID 583231/);
    twin.clock.advance(3_600_000);
    expect((await api('/user')).status).toBe(200);
    const search = await api('/search/issues?q=is:pr');
    expect(search.headers.get('x-ratelimit-resource')).toBe('search');
  });

  it('paginates with Link headers', async () => {
    const page1 = await api('/agents/tasks?per_page=4');
    const link = page1.headers.get('link')!;
    expect(link).toMatch(/<https:\/\/api\.github\.com\/agents\/tasks\?per_page=4&page=2>; rel="next"/);
    expect(link).toMatch(/rel="last"/);
    expect(link).toMatch(/rel="first"/);
    const all = await getJson<{ tasks: Array<{ id: string }> }>('/agents/tasks?per_page=100');
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(all.tasks.length / 4); page++) {
      const body = await getJson<{ tasks: Array<{ id: string }> }>(`/agents/tasks?per_page=4&page=${page}`);
      seen.push(...body.tasks.map((t) => t.id));
    }
    expect(seen).toEqual(all.tasks.map((t) => t.id));
    const last = await api(`/agents/tasks?per_page=4&page=${Math.ceil(all.tasks.length / 4)}`);
    expect(last.headers.get('link')).not.toMatch(/rel="next"/);
  });

  it('reports scopes, expiry, bad and expired tokens like GitHub', async () => {
    const ok = await api('/user');
    expect(ok.headers.get('x-oauth-scopes')).toBe('repo, read:org, workflow');
    const expiring = await api('/user', { token: 'ghp_expiring_token' });
    expect(expiring.headers.get('github-authentication-token-expiration')).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/,
    );
    const fine = await api('/user', { token: 'github_pat_demo_readonly' });
    expect(fine.status).toBe(200);
    expect(fine.headers.get('x-oauth-scopes')).toBeNull();
    for (const token of ['ghp_expired_token', 'ghp_nope']) {
      const res = await api('/user', { token });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    }
    await fetch(`${twin.url}/_twin/revoke-token`, {
      method: 'POST',
      body: JSON.stringify({ token: 'ghp_demo_token' }),
    });
    expect((await api('/user')).status).toBe(401);
  });

  it('refuses SSO-protected and policy-restricted repositories with GitHub messages', async () => {
    const sso = await api('/repos/octo-corp/payments');
    expect(sso.status).toBe(403);
    expect(sso.headers.get('x-github-sso')).toMatch(/^required; url=https:\/\/github\.com\/orgs\/octo-corp\/sso\?/);
    const plan = await api('/agents/repos/octo-corp/payments/tasks', { token: 'github_pat_demo_full' });
    expect(plan.status).toBe(403);
    expect(((await plan.json()) as { message: string }).message).toMatch(
      /not available with your current Copilot plan/,
    );
  });

  it('creates tasks and explains each refusal', async () => {
    const created = await api('/agents/repos/octo-org/webapp/tasks', {
      method: 'POST',
      body: { prompt: 'Add a CONTRIBUTING guide', create_pull_request: true, base_ref: 'develop' },
    });
    expect(created.status).toBe(201);
    const task = (await created.json()) as { id: string; state: string };
    expect(task.state).toBe('queued');
    twin.clock.advance(6_000);
    expect((await getJson<{ state: string }>(`/agents/tasks/${task.id}`)).state).toBe('in_progress');
    const refusals: Array<[string, unknown, string | undefined, number, RegExp]> = [
      ['octo-org/legacy-app', { prompt: 'x' }, undefined, 403, /not enabled for this repository/],
      ['octo-org/website', { prompt: 'x' }, undefined, 403, /Must have admin rights/],
      [
        'octo-org/webapp',
        { prompt: 'x' },
        'github_pat_demo_readonly',
        403,
        /Resource not accessible by personal access token/,
      ],
      ['octo-org/webapp', { prompt: 'x', base_ref: 'nope' }, undefined, 422, /Validation Failed/],
      ['octo-org/webapp', { prompt: 'x'.repeat(30_001) }, undefined, 422, /Validation Failed/],
    ];
    for (const [repo, body, token, status, message] of refusals) {
      const res = await api(`/agents/repos/${repo}/tasks`, { method: 'POST', body, ...(token ? { token } : {}) });
      expect(res.status, repo).toBe(status);
      const json = (await res.json()) as { message: string; errors?: Array<{ message: string }> };
      expect(json.message).toMatch(message);
    }
    const long = await api('/agents/repos/octo-org/webapp/tasks', {
      method: 'POST',
      body: { prompt: 'x'.repeat(30_001) },
    });
    expect(((await long.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(/too long/);
  });
});

describe('faults', () => {
  it('injects statuses, secondary rate limits and counts them down', async () => {
    twin.fault({ type: 'status', status: 503, path: '/agents/*', count: 2, retryAfter: 7 });
    const a = await api('/agents/tasks');
    expect(a.status).toBe(503);
    expect(a.headers.get('retry-after')).toBe('7');
    expect((await api('/agents/tasks')).status).toBe(503);
    expect((await api('/agents/tasks')).status).toBe(200);
    twin.fault({ type: 'secondary-rate-limit', status: 429, host: 'api.github.com', retryAfter: 30, count: 1 });
    const limited = await api('/user');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(((await limited.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    twin.fault({ type: 'rate-limit', count: 1, path: '/user' });
    const primary = await api('/user');
    expect(primary.status).toBe(403);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(
      twin
        .requests()
        .filter((r) => r.fault)
        .map((r) => r.fault),
    ).toEqual(['status', 'status', 'secondary-rate-limit', 'rate-limit']);
  });

  it('drops the connection, delays, truncates and corrupts JSON', async () => {
    twin.fault({ type: 'drop', path: '/user', count: 1 });
    await expect(api('/user')).rejects.toThrow();
    twin.fault({ type: 'truncate', path: '/user', count: 1 });
    const truncated = await api('/user');
    await expect(truncated.json()).rejects.toThrow();
    twin.fault({ type: 'malformed', path: '/agents/tasks', count: 1 });
    await expect((await api('/agents/tasks')).json()).rejects.toThrow();
    twin.fault({ type: 'delay', delayMs: 150, path: '/user', count: 1 });
    const start = Date.now();
    expect((await api('/user')).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
    expect(twin.requests()[0]).toMatchObject({ status: 0, fault: 'drop', rateLimited: false });
  });

  it('honours a scenario-time window and faults posted over HTTP', async () => {
    await fetch(`${twin.url}/_twin/fault`, {
      method: 'POST',
      body: JSON.stringify({ type: 'status', status: 502, host: 'api.github.com', from: '+1m', until: '+2m' }),
    });
    expect((await api('/user')).status).toBe(200);
    twin.clock.advance(61_000);
    expect((await api('/user')).status).toBe(502);
    twin.clock.advance(60_000);
    expect((await api('/user')).status).toBe(200);
  });
});

describe('Actions runs, cancel and logs', () => {
  const runsOf = async (repo: string, q = '') =>
    (await getJson<{ workflow_runs: Array<Record<string, unknown>> }>(`/repos/${repo}/actions/runs${q}`)).workflow_runs;

  it('describes the agent run and the repository’s own runs on the branch', async () => {
    const runs = await runsOf('octo-demo/copilot-agents-lab', '?branch=copilot/add-labs-readme-md');
    const agent = runs.find((r) => r.event === 'dynamic')!;
    expect(agent).toMatchObject({
      path: 'dynamic/copilot-swe-agent/copilot',
      name: 'Running Copilot cloud agent',
      head_branch: 'copilot/add-labs-readme-md',
      status: 'completed',
      conclusion: 'success',
      actor: expect.objectContaining({ login: 'Copilot', type: 'Bot' }),
    });
    expect(runs.find((r) => r.event !== 'dynamic')).toMatchObject({ conclusion: 'action_required' });
    const followUp = (await runsOf('octo-org/webapp', '?event=dynamic&branch=copilot/add-dark-mode-toggle')).map(
      (r) => r.name,
    );
    expect(followUp).toEqual([
      'Addressing comment on PR #42',
      'Addressing comment on PR #42',
      'Running Copilot cloud agent',
    ]);
    const running = await runsOf('octo-org/webapp', '?status=in_progress');
    expect(running.map((r) => r.id)).toContain(session(RUNNING_LOG).runId);
  });

  it('moves job steps with the session and serves the job log only once complete', async () => {
    twin.load(minimal);
    const s = session(MIN_SESSION);
    const jobs = async () =>
      (
        await getJson<{
          jobs: Array<{ status: string; steps: Array<{ name: string; status: string; conclusion: string | null }> }>;
        }>(`/repos/octo-demo/hello-world/actions/runs/${s.runId}/jobs`)
      ).jobs[0]!;
    let job = await jobs();
    expect(job.status).toBe('in_progress');
    const step = (name: string) => job.steps.find((x) => x.name === name)!;
    expect(step('Set up job')).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(step('Validate runner OS (Windows)')).toMatchObject({ conclusion: 'skipped' });
    expect(step('Processing Request (Linux)').status).toBe('in_progress');
    expect(step('Clean Up').status).toBe('queued');
    const logs = `/repos/octo-demo/hello-world/actions/jobs/${s.jobId}/logs`;
    const missing = await api(logs);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('BlobNotFound');
    twin.clock.advance(10 * 60_000);
    job = await jobs();
    expect(job.status).toBe('completed');
    expect(step('Processing Request (Linux)').conclusion).toBe('success');
    expect(step('[Optional] Archive Details').conclusion).toBe('success');
    const redirect = await api(logs);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    expect(new URL(location).host).toBe('twin-blob.blob.core.windows.net');
    const blob = new URL(location);
    const blobAnswer = await fetch(twin.url + blob.pathname + blob.search, {
      headers: { 'x-twin-host': blob.host, origin: 'chrome-extension://abc' },
    });
    // Like Azure blob storage for Actions logs: no CORS headers, and a refused preflight.
    expect(blobAnswer.headers.get('access-control-allow-origin')).toBeNull();
    const text = await blobAnswer.text();
    expect(text).toContain(`COPILOT_AGENT_SESSION_ID: ${MIN_SESSION}`);
    const preflight = await fetch(twin.url + blob.pathname + blob.search, {
      method: 'OPTIONS',
      headers: { 'x-twin-host': blob.host, origin: 'chrome-extension://abc', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const record = twin.requests().find((r) => r.host === 'twin-blob.blob.core.windows.net' && r.method === 'GET')!;
    expect(record).toMatchObject({ status: 200, authorizationHeader: false, auth: 'none', rateLimited: false });
    // The signed URL expires; a forged signature is refused.
    const forged = await fetch(`${twin.url}${blob.pathname}?se=2099-01-01T00:00:00Z&sig=x`, {
      headers: { 'x-twin-host': blob.host },
    });
    expect(forged.status).toBe(403);
    twin.clock.advance(6 * 60_000);
    expect(
      (await fetch(twin.url + blob.pathname + blob.search, { headers: { 'x-twin-host': blob.host } })).status,
    ).toBe(403);
  });

  it('serves the real job log fixture for the lab session and records an Authorization header if sent', async () => {
    const s = session(LAB);
    const res = await api(`/repos/octo-demo/copilot-agents-lab/actions/jobs/${s.jobId}/logs`);
    const blob = new URL(res.headers.get('location')!);
    const text = await (
      await fetch(twin.url + blob.pathname + blob.search, {
        headers: { 'x-twin-host': blob.host, authorization: 'token leaked' },
      })
    ).text();
    expect(text).toBe(readFileSync(path.join(ROOT, 'tests/fixtures/logs/copilot-job-2026-06.log'), 'utf8'));
    expect(twin.requests().at(-1)).toMatchObject({
      host: 'twin-blob.blob.core.windows.net',
      authorizationHeader: true,
    });
  });

  it('cancels a normal run: run cancelled, session cancelled, finished event in the timeline', async () => {
    const s = session(RUNNING_LOG);
    const cancel = `/repos/octo-org/webapp/actions/runs/${s.runId}/cancel`;
    expect((await api(cancel, { method: 'POST', token: 'github_pat_demo_readonly' })).status).toBe(403);
    expect((await api(cancel, { method: 'POST', token: 'ghp_noscope_token' })).status).toBe(403);
    expect((await api(cancel, { method: 'POST' })).status).toBe(202);
    expect(session(RUNNING_LOG).runStatus).toBe('in_progress');
    twin.clock.advance(5_000);
    expect(session(RUNNING_LOG)).toMatchObject({
      state: 'cancelled',
      runStatus: 'completed',
      runConclusion: 'cancelled',
      cancelRequests: 1,
    });
    const again = await api(cancel, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toBe(
      'Cannot cancel a workflow run that is completed.',
    );
    const timeline = await getJson<Array<{ event: string; performed_via_github_app: { slug: string } }>>(
      '/repos/octo-org/webapp/issues/42/timeline',
    );
    const copilot = timeline.filter((x) => x.event.startsWith('copilot_work'));
    expect(copilot.map((x) => x.event)).toEqual([
      'copilot_work_started',
      'copilot_work_finished',
      'copilot_work_started',
      'copilot_work_finished',
      'copilot_work_started',
      'copilot_work_finished',
    ]);
    expect(copilot.every((x) => x.performed_via_github_app.slug === 'copilot-swe-agent')).toBe(true);
    const jobs = await getJson<{ jobs: Array<{ steps: Array<{ name: string; conclusion: string | null }> }> }>(
      `/repos/octo-org/webapp/actions/runs/${s.runId}/jobs`,
    );
    const steps = jobs.jobs[0]!.steps;
    expect(steps.find((x) => x.name === 'Processing Request (Linux)')!.conclusion).toBe('cancelled');
    expect(steps.find((x) => x.name === 'Clean Up')!.conclusion).toBe('success');
  });

  it('needs force-cancel for a slow run and never stops a stuck one', async () => {
    const slow = session(SLOW);
    expect((await api(`/repos/octo-org/infra/actions/runs/${slow.runId}/cancel`, { method: 'POST' })).status).toBe(202);
    twin.clock.advance(60_000);
    expect(session(SLOW).state).toBe('in_progress');
    expect(
      (await api(`/repos/octo-org/infra/actions/runs/${slow.runId}/force-cancel`, { method: 'POST' })).status,
    ).toBe(202);
    twin.clock.advance(3_000);
    expect(session(SLOW)).toMatchObject({ state: 'cancelled', runConclusion: 'cancelled' });
    const stuck = session(STUCK);
    await api(`/repos/octo-org/infra/actions/runs/${stuck.runId}/cancel`, { method: 'POST' });
    await api(`/repos/octo-org/infra/actions/runs/${stuck.runId}/force-cancel`, { method: 'POST' });
    twin.clock.advance(3_600_000);
    expect(session(STUCK)).toMatchObject({ state: 'in_progress', runStatus: 'in_progress' });
  });
});

describe('Copilot API refuses every token we can hold (fidelity: "Copilot API refuses")', () => {
  const capi = (p: string, init: Parameters<typeof api>[1] = {}) => api(p, { host: 'api.githubcopilot.com', ...init });

  it('answers 400 without a Copilot-Integration-Id, 400 for a PAT with one, in the default (demo) world', async () => {
    expect((twin.state() as { capiAcceptsTokens: boolean }).capiAcceptsTokens).toBe(false);
    for (const token of ['ghp_demo_token', 'github_pat_demo_readonly', 'gho_demo_oauth']) {
      for (const p of ['/agents/sessions', `/agents/sessions/${RUNNING_LOG}/logs`]) {
        const res = await capi(p, { token });
        expect(res.status).toBe(400);
        expect(await res.text()).toContain('missing required Copilot-Integration-Id header');
      }
    }
    const pat = await capi('/agents/sessions', { token: 'ghp_demo_token', headers: { 'copilot-integration-id': 'x' } });
    expect(pat.status).toBe(400);
    expect(await pat.text()).toContain(
      'checking third-party user token: bad request: Personal Access Tokens are not supported for this endpoint',
    );
    const steer = await capi('/agents/tasks/a1b2c3d4-0042-4000-8000-000000000042/steer', {
      method: 'POST',
      body: { type: 'abort' },
    });
    expect(steer.status).toBe(400);
    expect(session(RUNNING_LOG).state).toBe('in_progress');
  });
});

describe('Copilot API in the accepted-token world (capiAcceptsTokens)', () => {
  const capi = (p: string, init: Parameters<typeof api>[1] = {}) => api(p, { host: 'api.githubcopilot.com', ...init });
  const accept = (accepts: boolean) =>
    fetch(`${twin.url}/_twin/capi`, { method: 'POST', body: JSON.stringify({ accepts }) });
  beforeEach(async () => {
    await accept(true);
  });

  it('reveals a running session log progressively in whole data: events, all of it once ended', async () => {
    const full = readFileSync(path.join(ROOT, 'tests/fixtures/logs/session-log-2025-09.txt'), 'utf8');
    const logs = `/agents/sessions/${RUNNING_LOG}/logs`;
    const lengths: number[] = [];
    for (let i = 0; i < 4; i++) {
      const text = await (await capi(logs)).text();
      expect(full.startsWith(text)).toBe(true);
      if (text) expect(text.endsWith('\n\n')).toBe(true);
      for (const block of text.split('\n\n').filter(Boolean)) expect(block.startsWith('data: ')).toBe(true);
      lengths.push(text.length);
      twin.clock.advance(3 * 60_000);
    }
    expect(lengths[0]).toBeGreaterThan(0);
    for (let i = 1; i < lengths.length; i++) expect(lengths[i]).toBeGreaterThan(lengths[i - 1]!);
    expect(lengths.at(-1)).toBeLessThan(full.length);
    twin.clock.advance(20 * 60_000);
    expect(await (await capi(logs)).text()).toBe(full.endsWith('\n\n') ? full : `${full.trimEnd()}\n\n`);
  });

  it('lists sessions with the Copilot API fields and can be switched off', async () => {
    const body = await getJson<{ sessions: Array<Record<string, unknown>> }>(
      '/agents/sessions?page_size=50&page_number=1&sort=last_updated_at,desc',
      {
        host: 'api.githubcopilot.com',
      },
    );
    const s = body.sessions.find((x) => x.id === RUNNING_LOG)!;
    expect(Object.keys(s)).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'user_id',
        'agent_id',
        'state',
        'owner_id',
        'repo_id',
        'resource_type',
        'resource_id',
        'resource_global_id',
        'created_at',
        'last_updated_at',
        'completed_at',
        'event_type',
        'premium_requests',
        'workflow_run_id',
        'error',
        'task_id',
      ]),
    );
    expect(s).toMatchObject({
      state: 'in_progress',
      resource_type: 'pull',
      workflow_run_id: session(RUNNING_LOG).runId,
    });
    expect((await capi('/agents/sessions', { token: 'ghp_no_capi_token' })).status).toBe(400);
    await accept(false);
    expect((await capi('/agents/sessions')).status).toBe(400);
    await accept(true);
    expect((await capi('/agents/sessions')).status).toBe(200);
  });

  it('aborts a task through steer and cancels its run', async () => {
    const res = await capi('/agents/tasks/a1b2c3d4-0042-4000-8000-000000000042/steer', {
      method: 'POST',
      body: { type: 'abort' },
    });
    expect(res.status).toBe(202);
    twin.clock.advance(5_000);
    expect(session(RUNNING_LOG)).toMatchObject({ state: 'cancelled', runConclusion: 'cancelled' });
  });
});

describe('device flow', () => {
  const post = (p: string, body: Record<string, string>, json = true) =>
    fetch(twin.url + p, {
      method: 'POST',
      headers: {
        'x-twin-host': 'github.com',
        'content-type': 'application/json',
        ...(json ? { accept: 'application/json' } : {}),
      },
      body: JSON.stringify(body),
    });

  it('walks pending, slow_down and success as the scenario says, form-encoded unless JSON is asked for', async () => {
    const code = (await (await post('/login/device/code', { client_id: 'Iv1.abc', scope: 'repo' })).json()) as Record<
      string,
      unknown
    >;
    expect(code).toMatchObject({
      user_code: 'WDJB-MJHT',
      verification_uri: 'https://github.com/login/device',
      interval: 5,
      expires_in: 900,
    });
    const poll = (json = true) =>
      post(
        '/login/oauth/access_token',
        {
          client_id: 'Iv1.abc',
          device_code: String(code.device_code),
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        },
        json,
      );
    expect(await (await poll()).json()).toMatchObject({ error: 'authorization_pending' });
    expect(await (await poll()).json()).toMatchObject({ error: 'slow_down', interval: 10 });
    const form = await poll(false);
    expect(form.headers.get('content-type')).toMatch(/x-www-form-urlencoded/);
    expect(new URLSearchParams(await form.text()).get('error')).toBe('authorization_pending');
    const done = (await (await poll()).json()) as { access_token: string };
    expect(done).toMatchObject({ access_token: 'gho_device_token', token_type: 'bearer', scope: 'repo' });
    expect((await api('/user', { token: done.access_token })).status).toBe(200);
  });

  it('answers expired_token and access_denied', async () => {
    for (const answer of ['expired_token', 'access_denied'] as const) {
      twin.load({ ...minimal, deviceFlow: { answers: [answer] } });
      const code = (await (await post('/login/device/code', { client_id: 'x' })).json()) as { device_code: string };
      const res = await post('/login/oauth/access_token', {
        client_id: 'x',
        device_code: code.device_code,
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      });
      expect(await res.json()).toMatchObject({ error: answer });
    }
  });
});

describe('control API and records', () => {
  it('records requests with host, status, auth and scenario time, and clears them', async () => {
    await api('/user');
    await api('/user', { token: null });
    await fetch(`${twin.url}/octo-org/webapp/pull/42`, { headers: { 'x-twin-host': 'github.com' } });
    const records = (await (await fetch(`${twin.url}/_twin/requests`)).json()) as Array<Record<string, unknown>>;
    expect(records.map((r) => [r.host, r.path, r.status, r.auth, r.rateLimited])).toEqual([
      ['api.github.com', '/user', 200, 'token', true],
      ['api.github.com', '/user', 401, 'none', true],
      ['github.com', '/octo-org/webapp/pull/42', 200, 'none', false],
    ]);
    expect(records[0]!.scenarioTime).toBe(twin.clock.now());
    const del = await fetch(`${twin.url}/_twin/requests`, { method: 'DELETE' });
    expect(del.headers.get('access-control-allow-origin')).toBe('*');
    expect(twin.requests()).toEqual([]);
  });

  it('loads a scenario over HTTP and answers on the Host header when no X-Twin-Host is sent', async () => {
    const res = await fetch(`${twin.url}/_twin/scenario`, { method: 'POST', body: JSON.stringify(minimal) });
    expect(res.status).toBe(200);
    const state = (await (await fetch(`${twin.url}/_twin/state`)).json()) as { scenario: string };
    expect(state.scenario).toBe('minimal');
    const user = await fetch(`${twin.url}/user`, { headers: { authorization: 'token ghp_demo_token' } });
    expect(((await user.json()) as { login: string }).login).toBe('octo-demo');
  });
});

describe('live progress on public surfaces (progress.ts): PR description and commits follow the agent', () => {
  it('each report_progress pushes a commit and rewrites the PR description; the jobs API answers 304 when unchanged', async () => {
    const s = session(RUNNING_LOG) as TwinSessionState & { headRef: string };
    twin.clock.advance(60_000);
    const early = await getJson<Array<{ sha: string }>>(
      `/repos/octo-org/webapp/commits?sha=${encodeURIComponent(s.headRef)}`,
    );
    const before = await getJson<{ body: string }>('/repos/octo-org/webapp/pulls/42');
    twin.clock.advance(14 * 60_000); // the session has completed: every event is out
    const commits = await getJson<Array<{ sha: string; commit: { message: string; author: { date: string } } }>>(
      `/repos/octo-org/webapp/commits?sha=${encodeURIComponent(s.headRef)}`,
    );
    // Newest first; earlier sessions on the PR pushed to the same branch before (their "Initial plan").
    const agent = commits.slice(0, 2);
    expect(commits.at(-1)?.commit.message).toBe('Initial commit');
    expect(agent.map((c) => c.commit.message)).toEqual([
      'Add os_info.sh shell script to display OS information',
      'Initial plan: Add shell script to print OS information',
    ]);
    expect(commits.length).toBeGreaterThan(early.length);
    const since = await getJson<unknown[]>(
      `/repos/octo-org/webapp/commits?sha=${encodeURIComponent(s.headRef)}&since=${encodeURIComponent(agent[1]!.commit.author.date)}`,
    );
    expect(since).toHaveLength(2);
    const detail = await getJson<{ files: Array<{ filename: string; status: string; patch: string }> }>(
      `/repos/octo-org/webapp/commits/${agent[0]!.sha}`,
    );
    expect(detail.files.map((f) => [f.filename, f.status])).toEqual([
      ['os_info.sh', 'added'],
      ['README.md', 'modified'],
    ]);
    expect(detail.files[0]!.patch).toContain('+#!/bin/bash');
    expect((await api(`/repos/octo-org/webapp/commits/${'0'.repeat(40)}`)).status).toBe(422);
    const after = await getJson<{ body: string }>('/repos/octo-org/webapp/pulls/42');
    expect(after.body).toContain('- [x] Create shell script `os_info.sh`');
    expect(after.body).not.toBe(before.body);
    const jobs = await api(`/repos/octo-org/webapp/actions/runs/${s.runId}/jobs`);
    const etag = jobs.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(
      (await api(`/repos/octo-org/webapp/actions/runs/${s.runId}/jobs`, { headers: { 'if-none-match': etag! } }))
        .status,
    ).toBe(304);
  });
});
