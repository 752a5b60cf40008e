/** api.github.com: REST (agents, repositories, pulls, timeline, Actions, search, user) and GraphQL. */

import { createHmac } from 'node:crypto';
import { TASK_MODELS } from '../../utils/model/task-models';
import { isSessionState, type SessionState } from '../../utils/sessions/model';
import { iso } from './clock';
import { type Ctx, ghError, json, paginate, parseJsonBody, type Reply, type Route, route } from './http';
import { type AgentCommit, branchCommits, commitJson } from './progress';
import { pullEventFields } from './pull-events';
import {
  authenticatedUser,
  extraWorkflowRun,
  job,
  publicUser,
  pullRequest,
  repository,
  runStatus,
  searchIssueItem,
  simpleUser,
  taskDetail,
  taskSummary,
  timelineEntries,
  timelineEvent,
  workflowRun,
} from './shapes';
import { type Repo, type Session, shaFor, type Task, type Token } from './world';

export const BLOB_HOST = 'twin-blob.blob.core.windows.net';
export const BLOB_SECRET = 'twin-blob-secret';
export const BLOB_TTL_MS = 5 * 60_000;

const AGENTS_DOCS = 'https://docs.github.com/rest/agent-tasks/agent-tasks';
const PAT_FORBIDDEN = 'Resource not accessible by personal access token';

export function notFound(): Reply {
  return ghError(404, 'Not Found');
}

export function requireAuth(ctx: Ctx): Reply | null {
  if (ctx.tokenState === 'bad') return ghError(401, 'Bad credentials');
  if (!ctx.token) return ghError(401, 'Requires authentication');
  return null;
}

function hasScope(token: Token, scope: string): boolean {
  return token.scopes.includes(scope) || (scope === 'public_repo' && token.scopes.includes('repo'));
}

type Need = 'read' | 'actions:write' | 'agent_tasks:read' | 'agent_tasks:write' | 'comment';

/** Resolve a repository and check the token may do `need` on it. Returns the repo or the refusal. */
export function access(ctx: Ctx, repo: Repo | undefined, need: Need): Repo | Reply {
  if (ctx.tokenState === 'bad') return ghError(401, 'Bad credentials');
  if (!repo) return notFound();
  const token = ctx.token;
  if (!token) {
    if (repo.private || need !== 'read') return need === 'read' ? notFound() : ghError(401, 'Requires authentication');
    return repo;
  }
  const org = repo.owner.login;
  if (repo.sso && token.kind !== 'fine-grained' && !token.ssoAuthorized.includes(repo.sso)) {
    return ghError(
      403,
      'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
      {
        'x-github-sso': `required; url=https://github.com/orgs/${repo.sso}/sso?authorization_request=${token.user.id}`,
      },
      'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/',
    );
  }
  if (repo.policy === 'no-classic-pat' && token.kind === 'classic') {
    return ghError(
      403,
      `\`${org}\` forbids access via a personal access token (classic). Please use a GitHub App, OAuth App, or a personal access token with fine-grained permissions.`,
    );
  }
  if (repo.policy === 'oauth-restricted' && token.kind === 'oauth') {
    return ghError(
      403,
      `Although you appear to have the correct authorization credentials, the \`${org}\` organization has enabled OAuth App access restrictions, meaning that data access to third-parties is limited. For more information on these restrictions, including how to enable this app, visit https://docs.github.com/articles/restricting-access-to-your-organization-s-data/`,
      {},
      'https://docs.github.com/articles/restricting-access-to-your-organization-s-data/',
    );
  }
  if (token.kind === 'fine-grained') {
    if (token.repositories === 'public') {
      if (repo.private) return notFound();
      if (need !== 'read') return ghError(403, PAT_FORBIDDEN);
    } else if (
      token.repositories !== 'all' &&
      !token.repositories.some((r) => r.toLowerCase() === repo.fullName.toLowerCase())
    ) {
      return notFound();
    }
    const perm = (name: string): string => token.permissions[name] ?? 'none';
    if (need === 'actions:write' && perm('actions') !== 'write') {
      return ghError(403, PAT_FORBIDDEN, { 'x-accepted-github-permissions': 'actions=write' });
    }
    if (need === 'agent_tasks:read' && perm('agent_tasks') === 'none') {
      return ghError(403, PAT_FORBIDDEN, { 'x-accepted-github-permissions': 'agent_tasks=read' }, AGENTS_DOCS);
    }
    // A comment on a pull request: Issues or Pull requests write (GitHub names both in its header).
    if (need === 'comment' && perm('issues') !== 'write' && perm('pull_requests') !== 'write') {
      return ghError(403, PAT_FORBIDDEN, { 'x-accepted-github-permissions': 'issues=write; pull_requests=write' });
    }
    if (need === 'agent_tasks:write' && perm('agent_tasks') !== 'write') {
      return ghError(403, PAT_FORBIDDEN, { 'x-accepted-github-permissions': 'agent_tasks=write' }, AGENTS_DOCS);
    }
  } else {
    if (repo.private && !hasScope(token, 'repo')) return notFound();
    if (
      (need === 'actions:write' || need === 'agent_tasks:write' || need === 'comment') &&
      !hasScope(token, repo.private ? 'repo' : 'public_repo')
    ) {
      return ghError(403, PAT_FORBIDDEN);
    }
  }
  if (
    (need === 'actions:write' || need === 'agent_tasks:write') &&
    !['write', 'maintain', 'admin'].includes(repo.viewerPermission)
  ) {
    return ghError(403, 'Must have admin rights to Repository.');
  }
  return repo;
}

function repoOf(ctx: Ctx): Repo | undefined {
  return ctx.world.repos.get(`${ctx.params.owner}/${ctx.params.repo}`.toLowerCase());
}

/** Whether a token may see a task in the user-level list (same checks as reading its repository). */
function canSeeTask(ctx: Ctx, task: Task): boolean {
  const r = access(ctx, task.repo, 'agent_tasks:read');
  return !('status' in r);
}

/**
 * The Agent tasks API switched off for this account. GitHub documents 200/400/401/403/422 for the list and nothing
 * about accounts without the API: each variant is served by a scenario (docs/fidelity.md, "Agent tasks API off").
 */
function agentsAvailable(ctx: Ctx): Reply | null {
  const off = ctx.world.scenario.agentTasksApi;
  if (off === undefined || off === true) return null;
  if (off === false || off === 404) return notFound();
  if (off === 400) return ghError(400, 'Copilot cloud agent is not enabled for this account.', {}, AGENTS_DOCS);
  if (off === 403)
    return ghError(403, 'Copilot cloud agent is not available with your current Copilot plan.', {}, AGENTS_DOCS);
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      documentation_url: AGENTS_DOCS,
      errors: [{ code: 'custom', message: 'Copilot cloud agent is not enabled for this account.' }],
      status: '422',
    },
  };
}

function filterTasks(ctx: Ctx, tasks: Task[]): Task[] | Reply {
  const t = ctx.clock.now();
  const q = ctx.query;
  const sort = q.get('sort') ?? 'updated_at';
  const direction = q.get('direction') ?? 'desc';
  if (!['updated_at', 'created_at'].includes(sort) || !['asc', 'desc'].includes(direction)) {
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        documentation_url: AGENTS_DOCS,
        errors: [{ code: 'invalid', message: `Invalid sort or direction` }],
      },
    };
  }
  const states = (q.get('state') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of states) {
    if (!isSessionState(s)) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          documentation_url: AGENTS_DOCS,
          errors: [{ code: 'invalid', message: `Invalid state: ${s}` }],
        },
      };
    }
  }
  const archived = q.get('is_archived') === 'true';
  const since = q.get('since') ? Date.parse(q.get('since')!) : null;
  if (since != null && Number.isNaN(since)) {
    return {
      status: 400,
      body: { message: 'Invalid since: must be an ISO 8601 timestamp', documentation_url: AGENTS_DOCS },
    };
  }
  const creatorIds = q
    .getAll('creator_id')
    .flatMap((v) => v.split(','))
    .filter(Boolean)
    .map(Number);
  const out = tasks.filter((task) => {
    if (ctx.world.isArchived(task, t) !== archived) return false;
    if (states.length && !states.includes(ctx.world.taskState(task, t))) return false;
    if (since != null && ctx.world.taskUpdatedAt(task, t) < since) return false;
    if (creatorIds.length && !creatorIds.includes(task.creator.id)) return false;
    return true;
  });
  const key = (task: Task): number => (sort === 'created_at' ? task.createdAt : ctx.world.taskUpdatedAt(task, t));
  out.sort((a, b) => (direction === 'asc' ? key(a) - key(b) : key(b) - key(a)) || a.id.localeCompare(b.id));
  return out;
}

function listTasksReply(ctx: Ctx, all: Task[]): Reply {
  const filtered = filterTasks(ctx, all);
  if (!Array.isArray(filtered)) return filtered;
  const t = ctx.clock.now();
  const { page, link } = paginate(ctx, filtered);
  const perPage = Number(ctx.query.get('per_page') ?? 30) || 30;
  const headers: Record<string, string> = {};
  // GitHub's description: rel="first" always; next when more pages exist.
  const first = `<https://api.github.com${ctx.pathname}?page=1&per_page=${Math.min(100, Math.max(1, perPage))}>; rel="first"`;
  headers.link = link ? (link.includes('rel="first"') ? link : `${link}, ${first}`) : first;
  return json(
    200,
    {
      tasks: page.map((task) => taskSummary(task, ctx.world, t)),
      total_active_count: all.filter((task) => !ctx.world.isArchived(task, t)).length,
      total_archived_count: all.filter((task) => ctx.world.isArchived(task, t)).length,
    },
    headers,
  );
}

function listTasks(ctx: Ctx): Reply {
  const refused = agentsAvailable(ctx) ?? requireAuth(ctx);
  if (refused) return refused;
  const user = ctx.token!.user;
  const t = ctx.clock.now();
  const mine = ctx.world.visibleTasks(t).filter((task) => task.creator === user && canSeeTask(ctx, task));
  return listTasksReply(ctx, mine);
}

function getTask(ctx: Ctx): Reply {
  const refused = agentsAvailable(ctx) ?? requireAuth(ctx);
  if (refused) return refused;
  const t = ctx.clock.now();
  const task = ctx.world.visibleTasks(t).find((x) => x.id === ctx.params.id);
  if (!task) return ghError(404, 'Not Found', {}, AGENTS_DOCS);
  const r = access(ctx, task.repo, 'agent_tasks:read');
  if ('status' in r) return r;
  if (task.creator !== ctx.token!.user && task.repo.viewerPermission === 'read' && task.repo.private) return notFound();
  return json(200, taskDetail(task, ctx.world, t));
}

function repoAgents(ctx: Ctx, need: Need): Repo | Reply {
  const refused = agentsAvailable(ctx) ?? requireAuth(ctx);
  if (refused) return refused;
  const repo = access(ctx, repoOf(ctx), need);
  if ('status' in repo) return repo;
  if (!repo.planFeature) {
    return ghError(403, 'Copilot cloud agent is not available with your current Copilot plan.', {}, AGENTS_DOCS);
  }
  return repo;
}

function listRepoTasks(ctx: Ctx): Reply {
  const repo = repoAgents(ctx, 'agent_tasks:read');
  if ('status' in repo) return repo;
  const t = ctx.clock.now();
  return listTasksReply(
    ctx,
    ctx.world.visibleTasks(t).filter((task) => task.repo === repo),
  );
}

function getRepoTask(ctx: Ctx): Reply {
  const repo = repoAgents(ctx, 'agent_tasks:read');
  if ('status' in repo) return repo;
  const t = ctx.clock.now();
  const task = ctx.world.visibleTasks(t).find((x) => x.id === ctx.params.id && x.repo === repo);
  if (!task) return ghError(404, 'Not Found', {}, AGENTS_DOCS);
  return json(200, taskDetail(task, ctx.world, t));
}

function validation(message: string, code = 'custom'): Reply {
  return {
    status: 422,
    body: { message: 'Validation Failed', documentation_url: AGENTS_DOCS, errors: [{ code, message }] },
  };
}

function createTask(ctx: Ctx): Reply {
  const repo = repoAgents(ctx, 'agent_tasks:write');
  if ('status' in repo) return repo;
  if (!repo.agentEnabled) {
    return ghError(
      403,
      'Copilot cloud agent is not enabled for this repository. An administrator can enable it in the repository or organization settings.',
      {},
      AGENTS_DOCS,
    );
  }
  const body = parseJsonBody(ctx);
  if (!body) return { status: 400, body: { message: 'Problems parsing JSON', documentation_url: AGENTS_DOCS } };
  const prompt = body.prompt;
  if (typeof prompt !== 'string' || prompt.trim() === '') return validation('prompt is missing', 'missing_field');
  if (prompt.length > 30_000) return validation('Prompt is too long (maximum is 30000 characters)');
  const base = typeof body.base_ref === 'string' ? body.base_ref : undefined;
  if (base !== undefined && !repo.branches.has(base))
    return validation(`Base ref "${base}" does not exist in ${repo.fullName}`, 'invalid');
  // A model outside the description's list: refused (docs/fidelity.md: the exact words are unknown).
  if (typeof body.model === 'string' && body.model !== '' && !TASK_MODELS.includes(body.model))
    return validation(
      `Model "${body.model}" is not available for this task. Choose one of: ${TASK_MODELS.join(', ')}`,
      'invalid',
    );
  const t = ctx.clock.now();
  const task = ctx.world.createTask(
    repo,
    ctx.token!.user,
    {
      prompt,
      ...(typeof body.model === 'string' ? { model: body.model } : {}),
      ...(base ? { base_ref: base } : {}),
      create_pull_request: body.create_pull_request === true,
      ...(typeof body.custom_agent === 'string' ? { custom_agent: body.custom_agent } : {}),
    },
    t,
  );
  return json(201, taskSummary(task, ctx.world, t));
}

// ------------------------------------------------------------------ users, repositories, pulls, timeline

function getUser(ctx: Ctx): Reply {
  const refused = requireAuth(ctx);
  if (refused) return refused;
  const token = ctx.token!;
  const headers: Record<string, string> = {};
  if (token.kind !== 'fine-grained') {
    headers['x-oauth-scopes'] = token.scopes.join(', ');
    headers['x-accepted-oauth-scopes'] = '';
  }
  if (token.expiresAt != null) {
    headers['github-authentication-token-expiration'] = new Date(token.expiresAt)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC');
  }
  return json(200, authenticatedUser(token, ctx.world), headers);
}

function getRepoById(ctx: Ctx): Reply {
  const repo = access(ctx, ctx.world.reposById.get(Number(ctx.params.id)), 'read');
  if ('status' in repo) return repo;
  return json(200, repository(repo, ctx.world, ctx.clock.now()));
}

function getRepo(ctx: Ctx): Reply {
  const repo = access(ctx, repoOf(ctx), 'read');
  if ('status' in repo) return repo;
  return json(200, repository(repo, ctx.world, ctx.clock.now()));
}

/** `GET /repos/{o}/{r}/pulls`: state, head (`owner:branch`), base filters; newest first. */
function listPulls(ctx: Ctx): Reply {
  const repo = access(ctx, repoOf(ctx), 'read');
  if ('status' in repo) return repo;
  const t = ctx.clock.now();
  const q = ctx.query;
  const state = q.get('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(state)) {
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ resource: 'Issue', field: 'state', code: 'invalid' }],
        documentation_url: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests',
        status: '422',
      },
    };
  }
  const head = q.get('head');
  const base = q.get('base');
  let pulls = ctx.world.pulls.filter((p) => p.repo === repo && p.createdAt <= t);
  if (state !== 'all') pulls = pulls.filter((p) => (state === 'open') === (p.state === 'open'));
  if (head) {
    // GitHub's form is `user:ref-name`; a bare branch name matches nothing (the owner is required).
    const [owner, ...rest] = head.split(':');
    const ref = rest.join(':');
    pulls = pulls.filter(
      (p) => rest.length > 0 && owner!.toLowerCase() === repo.owner.login.toLowerCase() && p.head === ref,
    );
  }
  if (base) pulls = pulls.filter((p) => p.base === base);
  pulls.sort((a, b) => b.createdAt - a.createdAt || b.number - a.number);
  const { page, link } = paginate(ctx, pulls);
  return json(
    200,
    page.map((p) => pullRequest(p, ctx.world, t)),
    link ? { link } : {},
  );
}

/** `GET /user/repos`: the repositories this token reaches, most recently pushed first (`sort=pushed`). */
function listUserRepos(ctx: Ctx): Reply {
  const refused = requireAuth(ctx);
  if (refused) return refused;
  const t = ctx.clock.now();
  const repos = [...ctx.world.repos.values()].filter((r) => !('status' in access(ctx, r, 'read')));
  const { page, link } = paginate(ctx, repos);
  return json(
    200,
    page.map((r) => repository(r, ctx.world, t)),
    link ? { link } : {},
  );
}

/** `GET /user/{account_id}`: how tasks' `{id}`-only creators get a login. */
function getUserById(ctx: Ctx): Reply {
  const refused = requireAuth(ctx);
  if (refused) return refused;
  const id = Number(ctx.params.id);
  const user =
    [...ctx.world.users.values()].find((u) => u.id === id) ??
    (ctx.world.copilotUser().id === id ? ctx.world.copilotUser() : undefined);
  return user ? json(200, publicUser(user)) : notFound();
}

function getPull(ctx: Ctx): Reply {
  const repo = access(ctx, repoOf(ctx), 'read');
  if ('status' in repo) return repo;
  const t = ctx.clock.now();
  const pull = ctx.world.pull(repo, Number(ctx.params.number));
  if (!pull || pull.createdAt > t) return notFound();
  return json(200, pullRequest(pull, ctx.world, t));
}

/**
 * `POST /repos/{o}/{r}/issues/{n}/comments` on a pull request: 201 with the comment; 422 without a body; 404 for an
 * unknown issue; a token that may not write comments gets GitHub's 403. Anyone who can read may comment; only a
 * writer's `@copilot` starts a session (world.comment).
 */
function createComment(ctx: Ctx): Reply {
  const refused = requireAuth(ctx);
  if (refused) return refused;
  const repo = access(ctx, repoOf(ctx), 'comment');
  if ('status' in repo) return repo;
  const t = ctx.clock.now();
  const pull = ctx.world.pull(repo, Number(ctx.params.number));
  if (!pull || pull.createdAt > t) return notFound();
  const body = parseJsonBody(ctx);
  if (!body) return { status: 400, body: { message: 'Problems parsing JSON' } };
  if (typeof body.body !== 'string' || body.body.trim() === '')
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }],
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      },
    };
  if (body.body.length > 65_536)
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'IssueComment',
            code: 'custom',
            field: 'body',
            message: 'Body is too long (maximum is 65536 characters)',
          },
        ],
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      },
    };
  const user = ctx.token!.user;
  const canWrite = ['write', 'maintain', 'admin'].includes(repo.viewerPermission);
  const { id } = ctx.world.comment(pull, user, body.body, t, canWrite);
  const a = `https://api.github.com/repos/${repo.fullName}`;
  return json(201, {
    id,
    node_id: `IC_kwDO${id}`,
    url: `${a}/issues/comments/${id}`,
    html_url: `https://github.com/${repo.fullName}/pull/${pull.number}#issuecomment-${id}`,
    issue_url: `${a}/issues/${pull.number}`,
    body: body.body,
    user: simpleUser(user),
    created_at: iso(t),
    updated_at: iso(t),
    author_association: canWrite ? 'MEMBER' : 'CONTRIBUTOR',
  });
}

function getTimeline(ctx: Ctx): Reply {
  const repo = access(ctx, repoOf(ctx), 'read');
  if ('status' in repo) return repo;
  const t = ctx.clock.now();
  const pull = ctx.world.pull(repo, Number(ctx.params.number));
  if (!pull || pull.createdAt > t) return notFound();
  const events = timelineEntries(pull, ctx.world, t).map((e) => timelineEvent(e, pull));
  const { page, link } = paginate(ctx, events);
  return json(200, page, link ? { link } : {});
}

// ------------------------------------------------------------------ Actions

interface AnyRun {
  session: Session;
  extra: boolean;
  json: Record<string, unknown>;
}

function repoRuns(ctx: Ctx, repo: Repo): AnyRun[] {
  const t = ctx.clock.now();
  const out: AnyRun[] = [];
  for (const s of ctx.world.visibleSessions(t)) {
    if (s.task.repo !== repo) continue;
    // The agent's run is created 1 s after its session: before that a queued session has no run to cancel.
    if (s.createdAt + 1000 <= t) out.push({ session: s, extra: false, json: workflowRun(s, ctx.world, t) });
    for (const r of s.extraRuns)
      if (r.at <= t) out.push({ session: s, extra: true, json: extraWorkflowRun(s, r, ctx.world, t) });
  }
  return out.sort(
    (a, b) =>
      Date.parse(String(b.json.created_at)) - Date.parse(String(a.json.created_at)) ||
      Number(b.json.id) - Number(a.json.id),
  );
}

function listRuns(ctx: Ctx): Reply {
  const repo = access(ctx, repoOf(ctx), 'read');
  if ('status' in repo) return repo;
  const q = ctx.query;
  let runs = repoRuns(ctx, repo).map((r) => r.json);
  const event = q.get('event');
  const branch = q.get('branch');
  const status = q.get('status');
  const actor = q.get('actor');
  if (event) runs = runs.filter((r) => r.event === event);
  if (branch) runs = runs.filter((r) => r.head_branch === branch);
  if (actor) runs = runs.filter((r) => (r.actor as { login: string }).login.toLowerCase() === actor.toLowerCase());
  if (status) {
    runs = runs.filter((r) =>
      ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'].includes(status)
        ? r.status === status
        : r.conclusion === status,
    );
  }
  const { page, link } = paginate(ctx, runs);
  return json(200, { total_count: runs.length, workflow_runs: page }, link ? { link } : {});
}

function findRun(ctx: Ctx, repo: Repo): AnyRun | undefined {
  const id = Number(ctx.params.id);
  return repoRuns(ctx, repo).find((r) => r.json.id === id);
}

function getRun(ctx: Ctx): Reply {
  const repo = access(ctx, repoOf(ctx), 'read');
  if ('status' in repo) return repo;
  const run = findRun(ctx, repo);
  return run ? json(200, run.json) : notFound();
}

function listJobs(ctx: Ctx): Reply {
  const repo = access(ctx, repoOf(ctx), 'read');
  if ('status' in repo) return repo;
  const run = findRun(ctx, repo);
  if (!run) return notFound();
  if (run.extra) return json(200, { total_count: 0, jobs: [] });
  return json(200, { total_count: 1, jobs: [job(run.session, ctx.world, ctx.clock.now())] });
}

function cancelRun(force: boolean) {
  return (ctx: Ctx): Reply => {
    const refused = requireAuth(ctx);
    if (refused) return refused;
    const repo = access(ctx, repoOf(ctx), 'actions:write');
    if ('status' in repo) return repo;
    const run = findRun(ctx, repo);
    if (!run) return notFound();
    const t = ctx.clock.now();
    if (run.extra || ctx.world.cancel(run.session, t, force) === 'conflict') {
      return ghError(409, 'Cannot cancel a workflow run that is completed.');
    }
    return json(202, {});
  };
}

export function blobSignature(jobId: number, expiry: string): string {
  return createHmac('sha256', BLOB_SECRET).update(`${jobId}:${expiry}`).digest('base64url');
}

function jobLogs(ctx: Ctx): Reply {
  const refused = requireAuth(ctx);
  if (refused) return refused;
  const repo = access(ctx, repoOf(ctx), 'read');
  if ('status' in repo) return repo;
  const session = ctx.world.jobs.get(Number(ctx.params.id));
  const t = ctx.clock.now();
  if (!session || session.task.repo !== repo || session.createdAt > t) return notFound();
  const rs = runStatus(session, ctx.world, t);
  if (rs.status !== 'completed' || session.jobLog === false) {
    return { status: 404, body: { code: 'BlobNotFound', message: 'Blob not found' } };
  }
  const expiry = iso(t + BLOB_TTL_MS);
  const sig = blobSignature(session.jobId, expiry);
  const location = `https://${BLOB_HOST}/actions-results/${session.jobId}/logs/job-logs.txt?sv=2025-01-05&spr=https&se=${encodeURIComponent(expiry)}&sr=b&sp=r&sig=${encodeURIComponent(sig)}`;
  return { status: 302, headers: { location }, body: '' };
}

// ------------------------------------------------------------------ commits (what the agent pushes)

/** The commit every branch starts from (the repository's first), so a branch lists more than the agent's commits. */
function baseCommit(repo: Repo): AgentCommit {
  return {
    sha: shaFor(`${repo.fullName}/base`),
    session: null,
    index: -1,
    at: repo.createdAt,
    message: 'Initial commit',
    description: '',
    files: [],
  };
}

/** Newest first: the agent's commits on the branch (by time t), then the base commit. */
function commitsOn(ctx: Ctx, repo: Repo, ref: string): AgentCommit[] | null {
  const t = ctx.clock.now();
  const base = baseCommit(repo);
  if (ref === '' || ref === repo.defaultBranch || ref === base.sha) return [base];
  const onBranch = branchCommits(ctx.world, repo, ref, t);
  if (onBranch.length > 0 || repo.branches.has(ref)) return [...onBranch.reverse(), base];
  for (const task of ctx.world.tasks) {
    if (task.repo !== repo) continue;
    for (const s of task.sessions) {
      const all = branchCommits(ctx.world, repo, s.headRef, t);
      const at = all.findIndex((c) => c.sha === ref);
      if (at !== -1) return [...all.slice(0, at + 1).reverse(), base];
    }
  }
  return null;
}

function listCommits(ctx: Ctx): Reply {
  const repo = access(ctx, repoOf(ctx), 'read');
  if ('status' in repo) return repo;
  const commits = commitsOn(ctx, repo, ctx.query.get('sha') ?? '');
  if (!commits) return ghError(404, `No commit found for SHA: ${ctx.query.get('sha')}`);
  const since = Date.parse(ctx.query.get('since') ?? '');
  const until = Date.parse(ctx.query.get('until') ?? '');
  const picked = commits.filter(
    (c) => (Number.isNaN(since) || c.at >= since) && (Number.isNaN(until) || c.at <= until),
  );
  const { page, link } = paginate(ctx, picked);
  const parentOf = (c: AgentCommit): string => commits[commits.indexOf(c) + 1]?.sha ?? shaFor(`${repo.fullName}/root`);
  return json(
    200,
    page.map((c) => commitJson(ctx.world, repo, c, parentOf(c), false)),
    link ? { link } : {},
  );
}

function getCommit(ctx: Ctx): Reply {
  const repo = access(ctx, repoOf(ctx), 'read');
  if ('status' in repo) return repo;
  const ref = ctx.params.ref ?? '';
  const commits = commitsOn(ctx, repo, ref);
  const c = commits?.[0];
  if (!commits || !c) return ghError(422, `No commit found for SHA: ${ref}`);
  return json(200, commitJson(ctx.world, repo, c, commits[1]?.sha ?? shaFor(`${repo.fullName}/root`), true));
}

// ------------------------------------------------------------------ search

function searchIssues(ctx: Ctx): Reply {
  const q = ctx.query.get('q');
  if (!q) {
    return {
      status: 422,
      resource: 'search',
      body: {
        message: 'Validation Failed',
        errors: [{ resource: 'Search', field: 'q', code: 'missing' }],
        documentation_url: 'https://docs.github.com/rest/search/search#search-issues-and-pull-requests',
        status: '422',
      },
    };
  }
  if (ctx.tokenState === 'bad') return { ...ghError(401, 'Bad credentials'), resource: 'search' };
  const t = ctx.clock.now();
  const me = ctx.token?.user.login ?? null;
  const terms = q.split(/\s+/).filter(Boolean);
  const words: string[] = [];
  let pulls = ctx.world.pulls.filter((p) => p.createdAt <= t && !('status' in access(ctx, p.repo, 'read')));
  for (const term of terms) {
    const m = /^(-?)(\w+):(.+)$/.exec(term);
    if (!m) {
      words.push(term.toLowerCase());
      continue;
    }
    const [, neg, key, rawValue] = m;
    const value = rawValue!.replace(/^"|"$/g, '');
    const who = value === '@me' ? me : value;
    let keep: (p: (typeof pulls)[number]) => boolean = () => true;
    switch (key) {
      case 'is':
      case 'state':
        if (value === 'pr' || value === 'issue') keep = () => value === 'pr';
        else if (value === 'open') keep = (p) => p.state === 'open';
        else if (value === 'closed') keep = (p) => p.state !== 'open';
        else if (value === 'merged') keep = (p) => p.state === 'merged';
        else if (value === 'draft') keep = (p) => p.draft;
        break;
      case 'type':
        keep = () => value === 'pr';
        break;
      case 'draft':
        keep = (p) => p.draft === (value === 'true');
        break;
      case 'author':
        keep = (p) =>
          value === 'app/copilot-swe-agent' || value.toLowerCase() === 'copilot'
            ? p.author.type === 'Bot'
            : p.author.login.toLowerCase() === String(who).toLowerCase();
        break;
      case 'repo':
        keep = (p) => p.repo.fullName.toLowerCase() === value.toLowerCase();
        break;
      case 'user':
      case 'org':
        keep = (p) => p.repo.owner.login.toLowerCase() === value.toLowerCase();
        break;
      case 'assignee':
        keep = (p) => p.assignees.some((a) => a.login.toLowerCase() === String(who).toLowerCase());
        break;
      case 'involves':
      case 'mentions':
        keep = (p) =>
          p.author.login === who ||
          p.assignees.some((a) => a.login === who) ||
          ctx.world.tasks.some(
            (task) =>
              task.pull === p && (task.creator.login === who || task.sessions.some((s) => s.user.login === who)),
          );
        break;
      default:
        break;
    }
    pulls = pulls.filter((p) => (neg ? !keep(p) : keep(p)));
  }
  if (words.length) pulls = pulls.filter((p) => words.every((w) => p.title.toLowerCase().includes(w)));
  pulls.sort((a, b) => b.createdAt - a.createdAt);
  const items = pulls.map((p) => searchIssueItem(p, ctx.world, t));
  const { page, link } = paginate(ctx, items);
  return {
    status: 200,
    resource: 'search',
    headers: link ? { link } : {},
    body: { total_count: items.length, incomplete_results: false, items: page, search_type: 'lexical' },
  };
}

// ------------------------------------------------------------------ GraphQL

/** The text of the selection set `{ ... }` after the first `name` (arguments skipped), or null. */
function selection(query: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\b`).exec(query);
  if (!m) return null;
  let i = m.index + name.length;
  let depth = 0;
  for (; i < query.length; i++) {
    const c = query[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '{' && depth === 0) break;
  }
  const start = i;
  depth = 0;
  for (; i < query.length; i++) {
    if (query[i] === '{') depth++;
    else if (query[i] === '}' && --depth === 0) return query.slice(start + 1, i);
  }
  return query.slice(start + 1);
}

function graphql(ctx: Ctx): Reply {
  if (ctx.tokenState !== 'ok') {
    return {
      status: 401,
      resource: 'graphql',
      body: {
        message: ctx.tokenState === 'bad' ? 'Bad credentials' : 'This endpoint requires you to be authenticated.',
        documentation_url:
          'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
        status: '401',
      },
    };
  }
  const body = parseJsonBody(ctx);
  const query = typeof body?.query === 'string' ? body.query : '';
  if (!query) {
    return {
      status: 200,
      resource: 'graphql',
      body: { errors: [{ message: 'A query attribute must be specified and must be a string.' }] },
    };
  }
  const variables = (body?.variables && typeof body.variables === 'object' ? body.variables : {}) as Record<
    string,
    unknown
  >;
  const token = ctx.token!;
  const t = ctx.clock.now();
  const data: Record<string, unknown> = {};
  const errors: Array<Record<string, unknown>> = [];
  const viewerBlock = selection(query, 'viewer');
  const nodesBlock = selection(query, 'nodes');
  if (viewerBlock != null) {
    const has = (field: string): boolean => new RegExp(`\\b${field}\\b`).test(viewerBlock);
    const viewer: Record<string, unknown> = { login: token.user.login };
    if (has('id')) viewer.id = token.user.nodeId;
    if (has('databaseId')) viewer.databaseId = token.user.id;
    if (has('name')) viewer.name = token.user.name;
    if (has('avatarUrl')) viewer.avatarUrl = token.user.avatar;
    if (has('copilotEndpoints')) viewer.copilotEndpoints = { api: `https://${token.copilotHost}` };
    data.viewer = viewer;
  }
  if (nodesBlock != null) {
    const has = (field: string): boolean => new RegExp(`\\b${field}\\b`).test(nodesBlock);
    let ids: string[] = [];
    const inline = /nodes\s*\(\s*ids\s*:\s*\[([^\]]*)\]/.exec(query);
    if (inline) ids = [...inline[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    else {
      const varName = /nodes\s*\(\s*ids\s*:\s*\$(\w+)/.exec(query)?.[1];
      const v = varName ? variables[varName] : undefined;
      if (Array.isArray(v)) ids = v.map(String);
    }
    data.nodes = ids.map((id, i) => {
      const pull = ctx.world.pulls.find((p) => p.nodeId === id && p.createdAt <= t);
      if (!pull || 'status' in access(ctx, pull.repo, 'read')) {
        errors.push({
          type: 'NOT_FOUND',
          path: ['nodes', i],
          locations: [{ line: 1, column: 1 }],
          message: `Could not resolve to a node with the global id of '${id}'`,
        });
        return null;
      }
      const node: Record<string, unknown> = { __typename: 'PullRequest', id: pull.nodeId };
      if (has('fullDatabaseId')) node.fullDatabaseId = String(pull.id);
      if (has('databaseId')) {
        // Deprecated Int: ids above 2^31 − 1 (PR ids passed it in 2024) cannot be answered.
        if (pull.id <= 2 ** 31 - 1) node.databaseId = pull.id;
        else {
          node.databaseId = null;
          errors.push({
            message: `Int cannot represent non 32-bit signed integer value: ${pull.id}`,
            path: ['nodes', i, 'databaseId'],
            locations: [{ line: 1, column: 1 }],
          });
        }
      }
      if (has('number')) node.number = pull.number;
      if (has('title')) node.title = pull.title;
      if (has('state')) node.state = pull.state.toUpperCase();
      if (has('isDraft')) node.isDraft = pull.draft;
      if (has('url')) node.url = `https://github.com/${pull.repo.fullName}/pull/${pull.number}`;
      if (has('headRefName')) node.headRefName = pull.head;
      if (has('baseRefName')) node.baseRefName = pull.base;
      if (has('author')) node.author = { login: pull.author.login };
      Object.assign(node, pullEventFields(pull, t, query, has));
      if (has('repository'))
        node.repository = {
          nameWithOwner: pull.repo.fullName,
          name: pull.repo.name,
          owner: { login: pull.repo.owner.login },
        };
      return node;
    });
  }
  const out: Record<string, unknown> = { data };
  if (errors.length) out.errors = errors;
  return { status: 200, resource: 'graphql', body: out };
}

// ------------------------------------------------------------------ route table

const A = (path: string, method = 'get') => ({ path, method });

export const restRoutes: Route[] = [
  route('GET', '/user', getUser, A('/user')),
  route('GET', '/agents/tasks', listTasks, A('/agents/tasks')),
  route('GET', '/agents/tasks/:id', getTask, A('/agents/tasks/{task_id}')),
  route('GET', '/agents/repos/:owner/:repo/tasks', listRepoTasks, A('/agents/repos/{owner}/{repo}/tasks')),
  route('POST', '/agents/repos/:owner/:repo/tasks', createTask, A('/agents/repos/{owner}/{repo}/tasks', 'post')),
  route('GET', '/agents/repos/:owner/:repo/tasks/:id', getRepoTask, A('/agents/repos/{owner}/{repo}/tasks/{task_id}')),
  // Not in the description; answers the same shape as GET /repos/{owner}/{repo} (validated against it).
  route('GET', '/repositories/:id', getRepoById, A('/repos/{owner}/{repo}')),
  route('GET', '/repos/:owner/:repo', getRepo, A('/repos/{owner}/{repo}')),
  route('GET', '/user/repos', listUserRepos, A('/user/repos')),
  route('GET', '/user/:id', getUserById, A('/user/{account_id}')),
  route('GET', '/repos/:owner/:repo/pulls', listPulls, A('/repos/{owner}/{repo}/pulls')),
  route('GET', '/repos/:owner/:repo/pulls/:number', getPull, A('/repos/{owner}/{repo}/pulls/{pull_number}')),
  route(
    'GET',
    '/repos/:owner/:repo/issues/:number/timeline',
    getTimeline,
    A('/repos/{owner}/{repo}/issues/{issue_number}/timeline'),
  ),
  route(
    'POST',
    '/repos/:owner/:repo/issues/:number/comments',
    createComment,
    A('/repos/{owner}/{repo}/issues/{issue_number}/comments', 'post'),
  ),
  route('GET', '/repos/:owner/:repo/actions/runs', listRuns, A('/repos/{owner}/{repo}/actions/runs')),
  route('GET', '/repos/:owner/:repo/actions/runs/:id', getRun, A('/repos/{owner}/{repo}/actions/runs/{run_id}')),
  route(
    'GET',
    '/repos/:owner/:repo/actions/runs/:id/jobs',
    listJobs,
    A('/repos/{owner}/{repo}/actions/runs/{run_id}/jobs'),
  ),
  route(
    'POST',
    '/repos/:owner/:repo/actions/runs/:id/cancel',
    cancelRun(false),
    A('/repos/{owner}/{repo}/actions/runs/{run_id}/cancel', 'post'),
  ),
  route(
    'POST',
    '/repos/:owner/:repo/actions/runs/:id/force-cancel',
    cancelRun(true),
    A('/repos/{owner}/{repo}/actions/runs/{run_id}/force-cancel', 'post'),
  ),
  route(
    'GET',
    '/repos/:owner/:repo/actions/jobs/:id/logs',
    jobLogs,
    A('/repos/{owner}/{repo}/actions/jobs/{job_id}/logs'),
  ),
  route('GET', '/repos/:owner/:repo/commits', listCommits, A('/repos/{owner}/{repo}/commits')),
  route('GET', '/repos/:owner/:repo/commits/:ref', getCommit, A('/repos/{owner}/{repo}/commits/{ref}')),
  route('GET', '/search/issues', searchIssues, A('/search/issues')),
  route('POST', '/graphql', graphql, null),
];

export function forceSessionState(ctx: Ctx, id: string, state: string, error?: string): Reply {
  const session = ctx.world.sessions.get(id);
  if (!session) return json(404, { message: `No session ${id}` });
  if (!isSessionState(state)) return json(422, { message: `Unknown state ${state}` });
  // GitHub's timestamps have whole seconds: a forced change in the same second as the session's or task's last
  // change would leave `updated_at` (what pollers compare) where it was. Like a real change, it must move it, so the
  // scenario clock steps to the next whole second first.
  const w = ctx.world;
  const now = ctx.clock.now();
  const last = Math.max(w.taskUpdatedAt(session.task, now), session.createdAt <= now ? w.updatedAt(session, now) : 0);
  if (Math.floor(now / 1000) <= Math.floor(last / 1000)) ctx.clock.advance(1000 - (now % 1000));
  const t = ctx.clock.now();
  w.forceState(session, state as SessionState, t, error);
  return json(200, { id, state, now: t });
}
