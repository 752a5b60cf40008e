// @vitest-environment node
/**
 * Every JSON answer of every twin route that GitHub's OpenAPI description documents is validated against that
 * description (@octokit/openapi, api.github.com.json), for every scenario in tests/twin/scenarios/ (JSON files and
 * the generators) at several scenario times. CASES lists the requests per route: a route added to the twin
 * without a case fails the coverage test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkRequest,
  checkResponse,
  description,
  responseValidator,
  UNDOCUMENTED_STATUSES,
} from '../../twin/openapi-check';
import { restRoutes } from '../../twin/rest';
import { benchScenario, manySessionsScenario } from '../../twin/scenarios/generate';
import { startTwin, type Twin } from '../../twin/server';
import type { Scenario } from '../../twin/types';

type Json = Record<string, unknown>;
const ROOT = path.resolve(__dirname, '../../..');
const SCENARIO_DIR = path.join(ROOT, 'tests/twin/scenarios');

// ------------------------------------------------------------------ the description (tests/twin/openapi-check.ts)

const ajv = description().ajv;
const validatorFor = responseValidator;

// ------------------------------------------------------------------ the cases, per route

interface Req {
  method?: string;
  path: string;
  token?: string | null;
  body?: unknown;
  /** Statuses the case may answer; anything else fails. Default: 200 (201/202 for POST). */
  expect?: number[];
  /** A request GitHub's description refuses on purpose (to see the twin answer it): the request check must say so. */
  invalid?: true;
}

interface View {
  token: string;
  state: {
    repos: Array<{ fullName: string; id: number; private: boolean }>;
    pulls: Array<{ repo: string; number: number; id: number; nodeId: string }>;
    tasks: Array<{ id: string; repo: string; visible: boolean }>;
    sessions: Array<{
      id: string;
      repo: string;
      visible: boolean;
      runId: number;
      jobId: number;
      runStatus: string;
      headRef: string;
      commits: string[];
    }>;
  };
}

const CASES: Record<string, (v: View) => Req[]> = {
  'GET /user': () => [
    { path: '/user' },
    { path: '/user', token: 'ghp_certainly_not_a_token', expect: [401] },
    { path: '/user', token: null, expect: [401] },
  ],
  'GET /agents/tasks': () => [
    { path: '/agents/tasks' },
    { path: '/agents/tasks?per_page=2&page=2&sort=created_at&direction=asc' },
    { path: '/agents/tasks?state=in_progress,queued' },
    { path: '/agents/tasks?is_archived=true' },
    { path: '/agents/tasks?since=2020-01-01T00:00:00Z' },
    { path: '/agents/tasks?state=bogus', expect: [422] }, // `state` is a free string in the description
    { path: '/agents/tasks', token: 'ghp_certainly_not_a_token', expect: [401] },
  ],
  'GET /agents/tasks/:id': (v) => [
    ...v.state.tasks.filter((t) => t.visible).map((t) => ({ path: `/agents/tasks/${t.id}`, expect: [200, 403, 404] })),
    { path: '/agents/tasks/no-such-task', expect: [404] },
  ],
  'GET /agents/repos/:owner/:repo/tasks': (v) =>
    v.state.repos.map((r) => ({ path: `/agents/repos/${r.fullName}/tasks?per_page=3`, expect: [200, 403, 404] })),
  'POST /agents/repos/:owner/:repo/tasks': (v) => {
    const repo = v.state.repos[0]!.fullName;
    return [
      {
        method: 'POST',
        path: `/agents/repos/${repo}/tasks`,
        body: { prompt: 'Add a CONTRIBUTING.md', create_pull_request: true },
        expect: [201, 403],
      },
      {
        method: 'POST',
        path: `/agents/repos/${repo}/tasks`,
        body: { prompt: 'x'.repeat(30_001) },
        expect: [422, 403],
      },
      {
        method: 'POST',
        path: `/agents/repos/${repo}/tasks`,
        body: { prompt: 'Hi', base_ref: 'no-such-branch' },
        expect: [422, 403],
      },
      { method: 'POST', path: `/agents/repos/${repo}/tasks`, body: {}, expect: [422, 403], invalid: true },
      ...v.state.repos.slice(1).map((r) => ({
        method: 'POST',
        path: `/agents/repos/${r.fullName}/tasks`,
        body: { prompt: 'Fix the typo in the README' },
        expect: [201, 403, 404],
      })),
    ];
  },
  'GET /agents/repos/:owner/:repo/tasks/:id': (v) =>
    v.state.tasks
      .filter((t) => t.visible)
      .map((t) => ({ path: `/agents/repos/${t.repo}/tasks/${t.id}`, expect: [200, 403, 404] })),
  'GET /repositories/:id': (v) =>
    v.state.repos.map((r) => ({ path: `/repositories/${r.id}`, expect: [200, 403, 404] })),
  'GET /repos/:owner/:repo': (v) => [
    ...v.state.repos.map((r) => ({ path: `/repos/${r.fullName}`, expect: [200, 403, 404] })),
    { path: '/repos/nobody/nothing', expect: [404] },
  ],
  'GET /user/repos': () => [{ path: '/user/repos?per_page=1&sort=pushed' }, { path: '/user/repos?per_page=100' }],
  'GET /user/:id': () => [
    { path: '/user/198982749' }, // the Copilot bot, in every scenario
    { path: '/user/583231', expect: [200, 404] },
    { path: '/user/100001', expect: [200, 404] },
    { path: '/user/9999999999', expect: [404] },
  ],
  'GET /repos/:owner/:repo/pulls': (v) =>
    v.state.pulls.flatMap((p) => [
      {
        path: `/repos/${p.repo}/pulls?state=all&per_page=5&head=${encodeURIComponent(p.repo.split('/')[0]!)}:x`,
        expect: [200, 403, 404],
      },
      { path: `/repos/${p.repo}/pulls`, expect: [200, 403, 404] },
    ]),
  'GET /repos/:owner/:repo/pulls/:number': (v) => [
    ...v.state.pulls.map((p) => ({ path: `/repos/${p.repo}/pulls/${p.number}`, expect: [200, 403, 404] })),
    { path: `/repos/${v.state.repos[0]!.fullName}/pulls/999999`, expect: [404] },
  ],
  'GET /repos/:owner/:repo/issues/:number/timeline': (v) =>
    v.state.pulls.map((p) => ({
      path: `/repos/${p.repo}/issues/${p.number}/timeline?per_page=100`,
      expect: [200, 403, 404],
    })),
  'GET /repos/:owner/:repo/actions/runs': (v) =>
    v.state.repos.flatMap((r) => [
      { path: `/repos/${r.fullName}/actions/runs`, expect: [200, 403, 404] },
      { path: `/repos/${r.fullName}/actions/runs?event=dynamic&status=in_progress`, expect: [200, 403, 404] },
      { path: `/repos/${r.fullName}/actions/runs?status=action_required&per_page=1`, expect: [200, 403, 404] },
    ]),
  'GET /repos/:owner/:repo/actions/runs/:id': (v) =>
    v.state.sessions
      .filter((s) => s.visible)
      .map((s) => ({ path: `/repos/${s.repo}/actions/runs/${s.runId}`, expect: [200, 403, 404] })),
  'GET /repos/:owner/:repo/actions/runs/:id/jobs': (v) =>
    v.state.sessions
      .filter((s) => s.visible)
      .map((s) => ({ path: `/repos/${s.repo}/actions/runs/${s.runId}/jobs`, expect: [200, 403, 404] })),
  'POST /repos/:owner/:repo/issues/:number/comments': (v) =>
    v.state.pulls.slice(0, 3).flatMap((p) => [
      {
        method: 'POST',
        path: `/repos/${p.repo}/issues/${p.number}/comments`,
        body: { body: '@copilot add tests' },
        expect: [201, 403, 404],
      },
      {
        method: 'POST',
        path: `/repos/${p.repo}/issues/${p.number}/comments`,
        body: { body: '' },
        expect: [422, 403, 404],
      },
    ]),
  'POST /repos/:owner/:repo/actions/runs/:id/cancel': (v) =>
    v.state.sessions
      .filter((s) => s.visible)
      .map((s) => ({
        method: 'POST',
        path: `/repos/${s.repo}/actions/runs/${s.runId}/cancel`,
        expect: [202, 409, 403, 404],
      })),
  'POST /repos/:owner/:repo/actions/runs/:id/force-cancel': (v) =>
    v.state.sessions
      .filter((s) => s.visible)
      .map((s) => ({
        method: 'POST',
        path: `/repos/${s.repo}/actions/runs/${s.runId}/force-cancel`,
        expect: [202, 409, 403, 404],
      })),
  'GET /repos/:owner/:repo/actions/jobs/:id/logs': (v) =>
    v.state.sessions
      .filter((s) => s.visible)
      .map((s) => ({ path: `/repos/${s.repo}/actions/jobs/${s.jobId}/logs`, expect: [302, 404, 403] })),
  'GET /repos/:owner/:repo/commits': (v) => [
    ...v.state.sessions
      .filter((s) => s.visible)
      .flatMap((s) => [
        { path: `/repos/${s.repo}/commits?sha=${encodeURIComponent(s.headRef)}&per_page=20`, expect: [200, 403, 404] },
        {
          path: `/repos/${s.repo}/commits?sha=${encodeURIComponent(s.headRef)}&since=2020-01-01T00:00:00Z`,
          expect: [200, 403, 404],
        },
      ]),
    { path: `/repos/${v.state.repos[0]!.fullName}/commits`, expect: [200, 403] },
    { path: `/repos/${v.state.repos[0]!.fullName}/commits?sha=no-such-branch`, expect: [404, 403] },
  ],
  'GET /repos/:owner/:repo/commits/:ref': (v) => [
    ...v.state.sessions
      .filter((s) => s.visible)
      .flatMap((s) => s.commits.map((sha) => ({ path: `/repos/${s.repo}/commits/${sha}`, expect: [200, 403, 404] }))),
    { path: `/repos/${v.state.repos[0]!.fullName}/commits/${'0'.repeat(40)}`, expect: [422, 403] },
  ],
  'GET /search/issues': () => [
    { path: `/search/issues?q=${encodeURIComponent('is:pr author:app/copilot-swe-agent involves:@me')}` },
    { path: `/search/issues?q=${encodeURIComponent('is:pr is:open draft:true')}&per_page=2` },
    { path: '/search/issues', expect: [422], invalid: true },
  ],
  // Not in GitHub's REST description: checked for GraphQL's shape below instead.
  'POST /graphql': () => [],
};

// ------------------------------------------------------------------ running them

interface Outcome {
  validated: number;
  failures: string[];
}
const outcomes = new Map<string, Outcome>();

async function call(twin: Twin, token: string, req: Req): Promise<{ status: number; body: unknown; type: string }> {
  const headers: Record<string, string> = { 'x-twin-host': 'api.github.com', accept: 'application/vnd.github+json' };
  const auth = req.token === undefined ? token : req.token;
  if (auth) headers.authorization = `token ${auth}`;
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(twin.url + req.path, {
    method: req.method ?? 'GET',
    headers,
    redirect: 'manual',
    ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
  });
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  return { status: res.status, type, body: type.includes('json') && text ? JSON.parse(text) : text };
}

async function runCases(twin: Twin, token: string, label: string, mutating: boolean): Promise<void> {
  const view: View = { token, state: twin.state() as View['state'] };
  for (const r of restRoutes) {
    const key = `${r.method} ${r.pattern}`;
    const make = CASES[key];
    if (!make || !r.openapi) continue;
    if ((r.method === 'POST') !== mutating) continue;
    const outcome = outcomes.get(key) ?? { validated: 0, failures: [] };
    outcomes.set(key, outcome);
    for (const req of make(view)) {
      const refused = checkRequest(req.method ?? 'GET', req.path, req.body);
      if (req.invalid ? refused.length === 0 : refused.length > 0) {
        outcome.failures.push(
          `${label} request ${req.method ?? 'GET'} ${req.path.slice(0, 120)}: ${req.invalid ? 'meant to be invalid but the description accepts it' : refused.join('; ')}`,
        );
      }
      const res = await call(twin, token, req);
      const expected = req.expect ?? [req.method === 'POST' ? 201 : 200];
      if (!expected.includes(res.status)) {
        outcome.failures.push(
          `${label} ${req.method ?? 'GET'} ${req.path.slice(0, 120)}: status ${res.status}, want ${expected}`,
        );
        continue;
      }
      const v = validatorFor(r.openapi.path, r.openapi.method, res.status);
      if (v === 'undocumented') {
        // Allowed only when UNDOCUMENTED_STATUSES lists it (its reason written there); its body is GitHub's error.
        const problems = checkResponse(req.method ?? 'GET', req.path, res.status, res.type, res.body);
        if (problems.length > 0) outcome.failures.push(`${label} ${problems.join('; ')}`);
        else outcome.validated++;
        continue;
      }
      if (v === 'no-body') {
        outcome.validated++;
        continue;
      }
      if (!res.type.includes('json')) {
        outcome.failures.push(`${label} ${req.path}: documented JSON answer but got ${res.type}`);
        continue;
      }
      if (v(res.body)) outcome.validated++;
      else {
        outcome.failures.push(
          `${label} ${req.method ?? 'GET'} ${req.path.slice(0, 120)} → ${res.status}: ${ajv.errorsText(v.errors?.slice(0, 5), { separator: '\n   ' })}`,
        );
      }
    }
  }
}

function scenarios(): Array<[string, Scenario]> {
  const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.json'));
  const out: Array<[string, Scenario]> = files.map((f) => [
    f,
    JSON.parse(readFileSync(path.join(SCENARIO_DIR, f), 'utf8')) as Scenario,
  ]);
  out.push(['generate.ts benchScenario()', benchScenario()]);
  out.push(['generate.ts manySessionsScenario(40)', manySessionsScenario(40)]);
  return out;
}

const SCENARIOS = scenarios();

describe('twin answers match GitHub OpenAPI description', () => {
  let twin: Twin;
  beforeAll(async () => {
    twin = await startTwin({ scenario: SCENARIOS[0]![1], quiet: true });
  });
  afterAll(async () => {
    await twin.close();
  });

  it('ships scenarios to check', () => {
    expect(SCENARIOS.map(([n]) => n)).toEqual(expect.arrayContaining(['demo.json', 'minimal.json']));
  });

  for (const [name, scenario] of SCENARIOS) {
    it(`validates every documented route for ${name} across scenario time`, async () => {
      twin.load(scenario);
      const token = scenario.tokens?.[0]?.token;
      expect(token, 'scenario needs a token').toBeTruthy();
      for (const [step, ms] of [
        ['t0', 0],
        ['+45s', 45_000],
        ['+12m', 11 * 60_000 + 15_000],
        ['+2h', 108 * 60_000],
      ] as const) {
        twin.clock.advance(ms);
        await runCases(twin, token!, `${name}@${step}`, false);
      }
      await runCases(twin, token!, `${name}@mutating`, true);
      // After the cancels, the runs and jobs answer their cancelled shapes.
      twin.clock.advance(30_000);
      await runCases(twin, token!, `${name}@after-cancel`, false);
      const failures = [...outcomes.values()].flatMap((o) => o.failures).filter((f) => f.startsWith(name));
      expect(failures).toEqual([]);
    }, 300_000); // the bench scenarios take over 2 min on a loaded 2-core machine
  }

  it('every documented route has a case, and every case validated real answers', () => {
    const documented = restRoutes.filter((r) => r.openapi);
    const missing = documented.map((r) => `${r.method} ${r.pattern}`).filter((k) => !(k in CASES));
    expect(missing, 'routes without a case in CASES').toEqual([]);
    for (const r of documented) {
      const key = `${r.method} ${r.pattern}`;
      expect(outcomes.get(key)?.validated ?? 0, `${key} validated no answer`).toBeGreaterThan(0);
    }
    const undocumented = restRoutes.filter((r) => !r.openapi).map((r) => `${r.method} ${r.pattern}`);
    expect(undocumented).toEqual(['POST /graphql']);
  });

  it('the validation is not vacuous: a broken answer fails it', async () => {
    twin.load(SCENARIOS.find(([n]) => n === 'demo.json')![1]);
    const res = await call(twin, 'ghp_demo_token', { path: '/repos/octo-org/webapp/pulls/42' });
    const v = validatorFor('/repos/{owner}/{repo}/pulls/{pull_number}', 'get', 200);
    if (typeof v === 'string') throw new Error('expected a schema');
    expect(v(res.body)).toBe(true);
    const broken = { ...(res.body as Json), head: undefined, number: '42' };
    expect(v(JSON.parse(JSON.stringify(broken)))).toBe(false);
    const nullable = { ...(res.body as Json), body: null, milestone: null };
    expect(v(nullable)).toBe(true);
  });

  it('answers GraphQL viewer and nodes queries in GraphQL shape', async () => {
    twin.load(SCENARIOS.find(([n]) => n === 'demo.json')![1]);
    const state = twin.state() as View['state'];
    const ids = state.pulls.slice(0, 3).map((p) => p.nodeId);
    const res = await fetch(`${twin.url}/graphql`, {
      method: 'POST',
      headers: {
        'x-twin-host': 'api.github.com',
        authorization: 'bearer ghp_demo_token',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        query:
          'query($ids: [ID!]!) { viewer { login copilotEndpoints { api } } nodes(ids: $ids) { ... on PullRequest { id fullDatabaseId databaseId number title state isDraft url repository { nameWithOwner } } } }',
        variables: { ids: [...ids, 'PR_missing'] },
      }),
    });
    const body = (await res.json()) as { data: { viewer: Json; nodes: Array<Json | null> }; errors?: Json[] };
    expect(res.status).toBe(200);
    expect(body.data.viewer).toEqual({
      login: 'octo-demo',
      copilotEndpoints: { api: 'https://api.githubcopilot.com' },
    });
    expect(body.data.nodes).toHaveLength(4);
    // PR ids above 2^31 (fidelity: "GraphQL databaseId"): fullDatabaseId (BigInt, a string) carries them; the
    // deprecated Int `databaseId` answers null with an error.
    expect(state.pulls[0]!.id).toBeGreaterThan(2 ** 31);
    expect(body.data.nodes[0]).toMatchObject({
      id: ids[0],
      fullDatabaseId: String(state.pulls[0]!.id),
      databaseId: null,
      number: state.pulls[0]!.number,
      state: 'OPEN',
      repository: { nameWithOwner: state.pulls[0]!.repo },
    });
    expect(body.data.nodes[3]).toBeNull();
    expect(body.errors?.find((e) => e.type === 'NOT_FOUND')).toMatchObject({ type: 'NOT_FOUND', path: ['nodes', 3] });
  });
});

describe('requests and answers checked against the description (tests/twin/openapi-check.ts)', () => {
  it('a wrong query parameter, path parameter or body goes red', () => {
    expect(checkRequest('GET', '/agents/tasks?per_page=50&sort=updated_at&direction=desc')).toEqual([]);
    expect(checkRequest('GET', '/agents/tasks?sort=newest')).toEqual([
      expect.stringContaining('sort=newest not one of'),
    ]);
    expect(checkRequest('GET', '/agents/tasks?per_page=500')).toEqual([expect.stringContaining('above 100')]);
    expect(checkRequest('GET', '/agents/tasks?perpage=5')).toEqual([
      expect.stringContaining('"perpage" is not one of'),
    ]);
    expect(checkRequest('GET', '/repos/o/r/pulls/abc')).toEqual([
      expect.stringContaining('pull_number=abc not an integer'),
    ]);
    expect(checkRequest('GET', '/search/issues')).toEqual([expect.stringContaining('required query parameter "q"')]);
    expect(checkRequest('POST', '/agents/repos/o/r/tasks', { prompt: 'Hi' })).toEqual([]);
    expect(checkRequest('POST', '/agents/repos/o/r/tasks', { prompt: 1 })).toEqual([expect.stringContaining('body')]);
    expect(checkRequest('GET', '/user', { x: 1 })).toEqual([expect.stringContaining('takes none')]);
    expect(checkRequest('GET', '/nowhere/at/all')).toEqual([expect.stringContaining('no such route')]);
    expect(checkRequest('POST', '/graphql', { query: '{ viewer { login } }' })).toEqual([]); // not REST: NOT_REST
  });

  it('an undocumented status goes red unless UNDOCUMENTED_STATUSES gives its reason; its body is GitHub’s error', () => {
    expect(checkResponse('GET', '/user', 409, 'application/json', { message: 'Conflict' })).toEqual([
      expect.stringContaining('not in UNDOCUMENTED_STATUSES'),
    ]);
    expect(checkResponse('GET', '/user', 304, '', '')).toEqual([]);
    expect(
      checkResponse('GET', '/agents/tasks', 404, 'application/json; charset=utf-8', { message: 'Not Found' }),
    ).toEqual([]);
    expect(checkResponse('GET', '/agents/tasks', 404, 'application/json', { message: 5 })).toHaveLength(1);
    expect(checkResponse('GET', '/agents/tasks', 404, 'text/html', '<h1>')).toEqual([
      expect.stringContaining('not JSON'),
    ]);
    for (const u of UNDOCUMENTED_STATUSES) expect(u.reason.length, `${u.route} ${u.status}`).toBeGreaterThan(20);
  });

  it('the twin in validate mode reports what breaks the description, and nothing else', async () => {
    const demo = SCENARIOS.find(([n]) => n === 'demo.json')![1];
    const checked = await startTwin({ scenario: demo, quiet: true, validate: true });
    try {
      const get = (p: string) =>
        fetch(checked.url + p, { headers: { 'x-twin-host': 'api.github.com', authorization: 'token ghp_demo_token' } });
      await get('/user');
      await get('/agents/tasks?per_page=5');
      await get('/repos/octo-org/webapp/pulls/42');
      expect(checked.violations()).toEqual([]);
      await get('/agents/tasks?sort=newest');
      expect(checked.violations()).toEqual([expect.stringContaining('sort=newest not one of')]);
    } finally {
      await checked.close();
    }
  });
});
