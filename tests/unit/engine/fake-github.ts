// biome-ignore-all lint/suspicious/noAssignInExpressions: router-style `if ((m = path.match(...)))` in a test fake
/**
 * A small, stateful, GitHub-shaped fake behind a `fetch` function: Agent tasks API, repositories, GraphQL nodes,
 * pulls, timeline, search, Actions runs/jobs/logs (302 to a blob host), with ETags/304, request records and faults.
 * Used by the engine unit tests and the engine bench (when the twin is not used).
 *
 * Every api.github.com request it receives and every answer it gives go through the twin's checker against GitHub's
 * REST description (tests/twin/openapi-check.ts): `violations` lists what broke it, and a test whose fake saw any
 * fails at its end (the afterEach below), so this fake cannot drift from GitHub the way an unchecked one would.
 */
import { checkRequest, checkResponse, completeFromExample } from '../../twin/openapi-check';

/** Fakes made during the running test: their violations are asserted empty when it ends (under Vitest only). */
const liveFakes = new Set<FakeGitHub>();
if (process.env.VITEST) {
  const { afterEach, expect } = await import('vitest');
  afterEach(() => {
    const fakes = [...liveFakes];
    liveFakes.clear();
    const found = fakes.flatMap((f) => f.violations.filter((v) => !f.allowedViolations.some((re) => re.test(v))));
    expect(found, 'the fake broke GitHub’s REST description').toEqual([]);
  });
}

export interface FakeSession {
  id: string;
  state: string;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  head_ref: string | null;
  name?: string;
  prompt?: string;
  error?: { message: string } | null;
  userId: number;
}

export interface FakeTask {
  id: string;
  repoId: number;
  creatorId: number;
  name: string;
  created_at: string;
  updated_at: string;
  prDbId: number | null;
  sessions: FakeSession[];
}

export interface FakePull {
  repoId: number;
  number: number;
  dbId: number;
  nodeId: string;
  title: string;
  headRef: string;
  state: 'open' | 'closed';
}

export interface FakeRun {
  id: number;
  repoId: number;
  event: string;
  path: string;
  head_branch: string;
  status: string;
  conclusion: string | null;
  created_at: string;
  name: string;
  /** Cancel does nothing (stuck) or needs force-cancel. */
  behaviour?: 'normal' | 'slow' | 'stuck';
  cancelRequested?: boolean;
  sessionId?: string;
}

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  status: number;
  authorized: boolean;
}

export interface Fault {
  match: RegExp;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  network?: boolean;
  times: number;
}

export class FakeGitHub {
  /** What GitHub's description says is wrong with the exchanges so far (request and answer checks). */
  violations: string[] = [];
  /** Violations a test provokes on purpose (it asserts them itself). */
  allowedViolations: RegExp[] = [];
  users = new Map<number, { login: string; id: number }>();
  tokens = new Map<string, { userId: number; scopes: string | null; expiration?: string }>();
  repos = new Map<number, { id: number; owner: string; name: string; push: boolean }>();
  tasks: FakeTask[] = [];
  pulls: FakePull[] = [];
  runs: FakeRun[] = [];
  logs = new Map<number, string>();
  requests: RecordedRequest[] = [];
  faults: Fault[] = [];
  agentTasksAvailable = true;
  /** When set, every answer carries a `Date` header from this clock (GitHub's clock, which may run ahead). */
  serverClock: (() => number) | null = null;
  now: () => number;
  private seq = 1000;

  constructor(now: () => number = Date.now) {
    liveFakes.add(this);
    this.now = now;
    this.users.set(1, { login: 'octo', id: 1 });
    this.users.set(2, { login: 'hubot', id: 2 });
    this.tokens.set('ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { userId: 1, scopes: 'repo, workflow' });
  }

  iso(offsetMs = 0): string {
    return new Date(this.now() + offsetMs).toISOString();
  }

  addRepo(owner: string, name: string, push = true): number {
    const id = this.seq++;
    this.repos.set(id, { id, owner, name, push });
    return id;
  }

  /** A task with one session on a PR of `repoId`; returns the session id. */
  addSession(
    repoId: number,
    opts: { state?: string; creatorId?: number; createdAt?: string; title?: string } = {},
  ): { task: FakeTask; session: FakeSession; pull: FakePull; run: FakeRun } {
    const n = this.seq++;
    const created = opts.createdAt ?? this.iso(-60_000);
    const headRef = `copilot/fix-${n}`;
    const pull: FakePull = {
      repoId,
      number: n % 1000,
      dbId: 50_000 + n,
      nodeId: `PR_node${n}`,
      title: opts.title ?? `Fix thing ${n}`,
      headRef,
      state: 'open',
    };
    this.pulls.push(pull);
    const session: FakeSession = {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      state: opts.state ?? 'in_progress',
      created_at: created,
      updated_at: created,
      completed_at: null,
      head_ref: headRef,
      name: opts.title ?? `Fix thing ${n}`,
      prompt: 'Please fix the thing',
      userId: opts.creatorId ?? 1,
    };
    const task: FakeTask = {
      id: `task-${n}`,
      repoId,
      creatorId: opts.creatorId ?? 1,
      name: session.name ?? '',
      created_at: created,
      updated_at: created,
      prDbId: pull.dbId,
      sessions: [session],
    };
    this.tasks.push(task);
    const run: FakeRun = {
      id: 900_000 + n,
      repoId,
      event: 'dynamic',
      path: 'dynamic/copilot-swe-agent/copilot',
      head_branch: headRef,
      status: session.state === 'in_progress' ? 'in_progress' : session.state === 'queued' ? 'queued' : 'completed',
      conclusion: session.state === 'completed' ? 'success' : null,
      created_at: new Date(Date.parse(created) + 5000).toISOString(),
      name: 'Running Copilot coding agent',
      behaviour: 'normal',
      sessionId: session.id,
    };
    this.runs.push(run);
    return { task, session, pull, run };
  }

  setState(sessionId: string, state: string): void {
    for (const t of this.tasks) {
      const s = t.sessions.find((x) => x.id === sessionId);
      if (!s) continue;
      s.state = state;
      s.updated_at = this.iso();
      if (['completed', 'failed', 'timed_out', 'cancelled'].includes(state)) s.completed_at = this.iso();
      t.updated_at = this.iso();
      for (const r of this.runs)
        if (r.sessionId === sessionId && ['completed', 'failed', 'timed_out', 'cancelled'].includes(state)) {
          r.status = 'completed';
          r.conclusion = state === 'completed' ? 'success' : state === 'cancelled' ? 'cancelled' : 'failure';
        }
    }
  }

  /** Counted requests answered with anything but 304 to the API host. */
  rateLimited(): number {
    return this.requests.filter((r) => r.status !== 304 && r.url.startsWith('https://api.github.com')).length;
  }

  countOf(method: string, pathRe: RegExp): number {
    return this.requests.filter((r) => r.method === method && pathRe.test(r.path)).length;
  }

  fault(match: RegExp, f: Omit<Fault, 'match' | 'times'> & { times?: number }): void {
    this.faults.push({ match, times: f.times ?? 1, ...f });
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init?.headers);
    const auth = headers.get('authorization');
    const rec: RecordedRequest = { method, url: url.href, path: url.pathname, status: 0, authorized: !!auth };
    this.requests.push(rec);
    const fault = this.faults.find((f) => f.times > 0 && f.match.test(`${method} ${url.pathname}`));
    if (fault) {
      fault.times--;
      if (fault.network) {
        rec.status = -1;
        throw new TypeError('Failed to fetch');
      }
      rec.status = fault.status ?? 500;
      return json(fault.body ?? { message: 'Fault' }, rec.status, fault.headers);
    }
    const res = await this.answer(method, url, headers, init?.body ? String(init.body) : null);
    rec.status = res.status;
    if (url.host === 'api.github.com') await this.check(method, url, init?.body ? String(init.body) : undefined, res);
    if (this.serverClock) res.headers.set('date', new Date(this.serverClock()).toUTCString());
    return res;
  };

  private async check(method: string, url: URL, body: string | undefined, res: Response): Promise<void> {
    const path = url.pathname + url.search;
    const type = res.headers.get('content-type') ?? '';
    const text = await res.clone().text();
    let parsed: unknown = text;
    if (type.includes('json') && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        this.violations.push(`${method} ${url.pathname} → ${res.status}: body is not JSON`);
        return;
      }
    }
    this.violations.push(...checkRequest(method, path, body), ...checkResponse(method, path, res.status, type, parsed));
  }

  private async answer(method: string, url: URL, headers: Headers, body: string | null): Promise<Response> {
    if (url.host === 'blob.example.net') {
      const id = Number(url.pathname.split('/').pop());
      const log = this.logs.get(id);
      return log
        ? new Response(log, { status: 200, headers: { 'content-type': 'text/plain' } })
        : new Response('BlobNotFound', { status: 404 });
    }
    if (url.host !== 'api.github.com') return json({ message: 'Not Found' }, 404);
    const token = (headers.get('authorization') ?? '').replace(/^(token|bearer) /i, '');
    const tok = this.tokens.get(token);
    if (!tok) return json({ message: 'Bad credentials' }, 401);
    if (tok.expiration && Date.parse(tok.expiration.replace(' UTC', 'Z').replace(' ', 'T')) <= this.now())
      return json({ message: 'Bad credentials' }, 401, { 'github-authentication-token-expiration': tok.expiration });
    const viewer = this.users.get(tok.userId)!;
    const p = url.pathname;
    const q = url.searchParams;
    const ok = (data: unknown, extra: Record<string, string> = {}) => {
      // The fields this fake leaves out come from GitHub's own example of the route: the answer is whole, as GitHub's.
      const text = JSON.stringify(completeFromExample(method, p, data));
      const etag = `"${hash(text)}"`;
      const base = {
        etag,
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.floor(this.now() / 1000) + 3600),
        ...extra,
      };
      if (tok.scopes != null) Object.assign(base, { 'x-oauth-scopes': tok.scopes });
      if (tok.expiration) Object.assign(base, { 'github-authentication-token-expiration': tok.expiration });
      if (method === 'GET' && headers.get('if-none-match') === etag)
        return new Response(null, { status: 304, headers: base });
      return new Response(text, {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', ...base },
      });
    };
    let m: RegExpMatchArray | null;
    if (p === '/user')
      return ok({ login: viewer.login, id: viewer.id, avatar_url: 'https://avatars.githubusercontent.com/u/1' });
    if ((m = /^\/user\/(\d+)$/.exec(p))) {
      const u = this.users.get(Number(m[1]));
      return u ? ok({ login: u.login, id: u.id, type: 'User' }) : json({ message: 'Not Found' }, 404);
    }
    if (p.startsWith('/agents') && !this.agentTasksAvailable) return json({ message: 'Not Found' }, 404);
    if (p === '/agents/tasks' && method === 'GET') {
      const list = this.tasks
        .filter((t) => t.creatorId === viewer.id)
        .sort((a, b) => b.updated_at.localeCompare(a.updated_at));
      return ok({ tasks: list.slice(0, Number(q.get('per_page') ?? 30)).map((t) => this.taskJson(t, false)) });
    }
    if ((m = p.match(/^\/agents\/tasks\/([^/]+)$/))) {
      const t = this.tasks.find((x) => x.id === m![1]);
      return t ? ok(this.taskJson(t, true)) : json({ message: 'Not Found' }, 404);
    }
    if ((m = p.match(/^\/agents\/repos\/([^/]+)\/([^/]+)\/tasks$/))) {
      const repo = this.repoByName(m[1]!, m[2]!);
      if (!repo) return json({ message: 'Not Found' }, 404);
      if (method === 'POST') {
        const b = JSON.parse(body ?? '{}') as { prompt: string; base_ref?: string };
        if (b.base_ref === 'nope') return json({ message: 'Validation Failed: base_ref does not exist' }, 422);
        const { task } = this.addSession(repo.id, { state: 'queued', createdAt: this.iso() });
        return new Response(JSON.stringify(this.taskJson(task, true)), {
          status: 201,
          headers: { 'content-type': 'application/json' },
        });
      }
      return ok({ tasks: this.tasks.filter((t) => t.repoId === repo.id).map((t) => this.taskJson(t, false)) });
    }
    if ((m = p.match(/^\/agents\/repos\/([^/]+)\/([^/]+)\/tasks\/([^/]+)$/))) {
      const t = this.tasks.find((x) => x.id === m![3]);
      return t ? ok(this.taskJson(t, true)) : json({ message: 'Not Found' }, 404);
    }
    if ((m = p.match(/^\/repositories\/(\d+)$/))) {
      const r = this.repos.get(Number(m[1]));
      return r ? ok(this.repoJson(r)) : json({ message: 'Not Found' }, 404);
    }
    if (p === '/graphql') {
      const b = JSON.parse(body ?? '{}') as { query: string; variables?: { ids?: string[] } };
      if (b.query.includes('copilotEndpoints'))
        return ok({ data: { viewer: { login: viewer.login, copilotEndpoints: null } } });
      // As GitHub: a vanished id is `null` plus an `errors[]` entry (docs/fidelity.md, "GraphQL nodes(ids:)").
      const errors: Array<Record<string, unknown>> = [];
      const nodes = (b.variables?.ids ?? []).map((id, i) => {
        const pr = this.pulls.find((x) => x.nodeId === id);
        if (!pr) {
          errors.push({
            type: 'NOT_FOUND',
            path: ['nodes', i],
            message: `Could not resolve to a node with the global id of '${id}'`,
          });
          return null;
        }
        const r = this.repos.get(pr.repoId)!;
        return {
          id: pr.nodeId,
          fullDatabaseId: String(pr.dbId),
          number: pr.number,
          title: pr.title,
          state: pr.state.toUpperCase(),
          isDraft: true,
          url: `https://github.com/${r.owner}/${r.name}/pull/${pr.number}`,
          headRefName: pr.headRef,
          repository: { nameWithOwner: `${r.owner}/${r.name}` },
        };
      });
      return ok(errors.length ? { data: { nodes }, errors } : { data: { nodes } });
    }
    if ((m = p.match(/^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/))) {
      const repo = this.repoByName(m[1]!, m[2]!);
      if (!repo) return json({ message: 'Not Found' }, 404);
      const rest = m[3] ?? '';
      if (rest === '') return ok(this.repoJson(repo));
      if (rest === '/pulls') {
        const head = q.get('head')?.split(':')[1];
        return ok(
          this.pulls.filter((x) => x.repoId === repo.id && (!head || x.headRef === head)).map((x) => this.pullJson(x)),
        );
      }
      if ((m = rest.match(/^\/pulls\/(\d+)$/))) {
        const pr = this.pulls.find((x) => x.repoId === repo.id && x.number === Number(m![1]));
        return pr ? ok(this.pullJson(pr)) : json({ message: 'Not Found' }, 404);
      }
      if ((m = rest.match(/^\/issues\/(\d+)\/timeline$/))) {
        const pr = this.pulls.find((x) => x.repoId === repo.id && x.number === Number(m![1]));
        const t = this.tasks.find((x) => x.prDbId === pr?.dbId);
        const events = (t?.sessions ?? []).flatMap((s) => {
          const app = { slug: 'copilot-swe-agent', name: 'Copilot' };
          const e: Array<Record<string, unknown>> = [
            { event: 'copilot_work_started', created_at: s.created_at, performed_via_github_app: app },
          ];
          if (s.completed_at)
            e.push({
              event: s.state === 'failed' ? 'copilot_work_finished_failure' : 'copilot_work_finished',
              created_at: s.completed_at,
              performed_via_github_app: app,
            });
          return e;
        });
        return ok(events);
      }
      if (rest === '/actions/runs') {
        const runs = this.runs.filter(
          (r) =>
            r.repoId === repo.id &&
            (!q.get('event') || r.event === q.get('event')) &&
            (!q.get('branch') || r.head_branch === q.get('branch')),
        );
        return ok({ total_count: runs.length, workflow_runs: runs.map((r) => this.runJson(r, repo)) });
      }
      if ((m = rest.match(/^\/actions\/runs\/(\d+)$/))) {
        const r = this.runs.find((x) => x.id === Number(m![1]));
        return r ? ok(this.runJson(r, repo)) : json({ message: 'Not Found' }, 404);
      }
      if ((m = rest.match(/^\/actions\/runs\/(\d+)\/(cancel|force-cancel)$/)) && method === 'POST') {
        const r = this.runs.find((x) => x.id === Number(m![1]));
        if (!r) return json({ message: 'Not Found' }, 404);
        if (r.status === 'completed') return json({ message: 'Cannot cancel a workflow run that is completed.' }, 409);
        const force = m[2] === 'force-cancel';
        if (r.behaviour === 'normal' || (r.behaviour === 'slow' && force)) {
          r.status = 'completed';
          r.conclusion = 'cancelled';
          if (r.sessionId) this.setState(r.sessionId, 'cancelled');
        }
        return new Response(JSON.stringify({}), { status: 202, headers: { 'content-type': 'application/json' } });
      }
      if ((m = rest.match(/^\/actions\/runs\/(\d+)\/jobs$/))) {
        const r = this.runs.find((x) => x.id === Number(m![1]));
        if (!r) return json({ message: 'Not Found' }, 404);
        return ok({
          jobs: [
            {
              id: r.id + 1,
              name: 'copilot',
              status: r.status,
              conclusion: r.conclusion,
              created_at: r.created_at,
              started_at: r.created_at,
              completed_at: null,
              head_branch: r.head_branch,
              run_id: r.id,
              steps: [
                { name: 'Set up job', status: 'completed', conclusion: 'success', number: 1 },
                { name: 'Processing Request (Linux)', status: r.status, conclusion: r.conclusion, number: 2 },
              ],
            },
          ],
        });
      }
      if ((m = rest.match(/^\/actions\/jobs\/(\d+)\/logs$/))) {
        const jobId = Number(m[1]);
        return new Response(null, { status: 302, headers: { location: `https://blob.example.net/logs/${jobId - 1}` } });
      }
    }
    if (p === '/search/issues') {
      const items = this.tasks
        .filter((t) => t.creatorId === viewer.id && t.prDbId)
        .map((t) => {
          const pr = this.pulls.find((x) => x.dbId === t.prDbId)!;
          const r = this.repos.get(pr.repoId)!;
          return {
            id: pr.dbId,
            node_id: pr.nodeId,
            number: pr.number,
            title: pr.title,
            state: 'open',
            html_url: `https://github.com/${r.owner}/${r.name}/pull/${pr.number}`,
            repository_url: `https://api.github.com/repos/${r.owner}/${r.name}`,
            updated_at: t.updated_at,
            created_at: t.created_at,
            pull_request: {},
          };
        });
      return ok({ total_count: items.length, items });
    }
    return json({ message: 'Not Found' }, 404);
  }

  private repoByName(owner: string, name: string) {
    return [...this.repos.values()].find((r) => r.owner === owner && r.name === name);
  }

  private repoJson(r: { id: number; owner: string; name: string; push: boolean }) {
    return {
      id: r.id,
      name: r.name,
      full_name: `${r.owner}/${r.name}`,
      owner: { login: r.owner },
      html_url: `https://github.com/${r.owner}/${r.name}`,
      url: `https://api.github.com/repos/${r.owner}/${r.name}`,
      language: null, // GitHub's own example of a repository leaves it out, the schema requires it
      source: undefined, // not a fork: GitHub's example is one (its parent and source, without `language`)
      parent: undefined,
      private: true,
      default_branch: 'main',
      permissions: { admin: false, push: r.push, pull: true },
    };
  }

  private pullJson(pr: FakePull) {
    const r = this.repos.get(pr.repoId)!;
    return {
      id: pr.dbId,
      node_id: pr.nodeId,
      number: pr.number,
      title: pr.title,
      state: pr.state,
      draft: true,
      merged_at: null,
      html_url: `https://github.com/${r.owner}/${r.name}/pull/${pr.number}`,
      head: { ref: pr.headRef, repo: this.repoJson(r) },
      base: { ref: 'main', repo: this.repoJson(r) },
      requested_teams: [], // GitHub's example of a PR carries a team the schema refuses
    };
  }

  private runJson(r: FakeRun, repo: { owner: string; name: string }) {
    return {
      id: r.id,
      name: r.name,
      event: r.event,
      path: r.path,
      head_branch: r.head_branch,
      status: r.status,
      conclusion: r.conclusion,
      created_at: r.created_at,
      updated_at: r.created_at,
      html_url: `https://github.com/${repo.owner}/${repo.name}/actions/runs/${r.id}`,
    };
  }

  private taskJson(t: FakeTask, withSessions: boolean) {
    const pr = this.pulls.find((x) => x.dbId === t.prDbId);
    const last = t.sessions[t.sessions.length - 1];
    return {
      id: t.id,
      name: t.name,
      creator: { id: t.creatorId },
      repository: { id: t.repoId },
      state: last?.state ?? 'queued',
      session_count: t.sessions.length,
      artifacts: pr ? [{ provider: 'github', type: 'pull', data: { id: pr.dbId, global_id: pr.nodeId } }] : [],
      archived_at: null,
      created_at: t.created_at,
      updated_at: t.updated_at,
      ...(withSessions
        ? {
            sessions: t.sessions.map((s) => ({
              id: s.id,
              name: s.name,
              user: { id: s.userId },
              repository: { id: t.repoId },
              task_id: t.id,
              state: s.state,
              created_at: s.created_at,
              updated_at: s.updated_at,
              // GitHub leaves out what is not there yet (neither field is nullable in the description).
              ...(s.completed_at ? { completed_at: s.completed_at } : {}),
              prompt: s.prompt,
              head_ref: s.head_ref,
              base_ref: 'main',
              model: 'claude',
              ...(s.error ? { error: s.error } : {}),
            })),
          }
        : {}),
    };
  }
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  // GitHub's error bodies carry `documentation_url` (and `status`) beside the message.
  if (status >= 400 && data && typeof data === 'object' && 'message' in data && !('documentation_url' in data)) {
    data = { ...data, documentation_url: 'https://docs.github.com/rest', status: String(status) };
  }
  return new Response(JSON.stringify(data), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(16);
}

export const TOKEN = 'ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
