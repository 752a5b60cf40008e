/**
 * JSON bodies in GitHub's shapes (as GitHub's OpenAPI description defines them; tests/unit/twin/openapi.test.ts
 * validates every one). Pure functions of the world at scenario time t.
 */
import { isTerminal } from '../../utils/sessions/model';
import { iso } from './clock';
import { generatedJobLog } from './job-log';
import { liveBody } from './progress';
import {
  COPILOT_BOT,
  type ExtraRun,
  type Pull,
  type Repo,
  type Session,
  shaFor,
  type Task,
  type Token,
  type User,
  type World,
} from './world';

export const API = 'https://api.github.com';
export const WEB = 'https://github.com';

type Json = Record<string, unknown>;

export function simpleUser(u: User): Json {
  const base = `${API}/users/${u.login}`;
  return {
    login: u.login,
    id: u.id,
    node_id: u.nodeId,
    avatar_url: u.avatar,
    gravatar_id: '',
    url: base,
    html_url: u.htmlUrl,
    followers_url: `${base}/followers`,
    following_url: `${base}/following{/other_user}`,
    gists_url: `${base}/gists{/gist_id}`,
    starred_url: `${base}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/subscriptions`,
    organizations_url: `${base}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${base}/events{/privacy}`,
    received_events_url: `${base}/received_events`,
    type: u.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `GET /user/{account_id}`: the public profile (`public-user`). */
export function publicUser(u: User): Json {
  return {
    ...simpleUser(u),
    name: u.name,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 3,
    public_gists: 0,
    followers: 1,
    following: 0,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  };
}

export function authenticatedUser(token: Token, world: World): Json {
  const u = token.user;
  const ownRepos = [...world.repos.values()].filter((r) => r.owner === u);
  return {
    ...simpleUser(u),
    user_view_type: 'private',
    name: u.name,
    company: null,
    blog: '',
    location: null,
    email: u.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: u.email,
    public_repos: ownRepos.filter((r) => !r.private).length,
    public_gists: 0,
    followers: 3,
    following: 1,
    created_at: '2015-03-14T09:26:53Z',
    updated_at: '2026-01-02T10:00:00Z',
    private_gists: 0,
    total_private_repos: ownRepos.filter((r) => r.private).length,
    owned_private_repos: ownRepos.filter((r) => r.private).length,
    disk_usage: 1024,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { collaborators: 0, name: 'pro', space: 976562499, private_repos: 9999 },
  };
}

function repoUrls(r: Repo): Json {
  const a = `${API}/repos/${r.fullName}`;
  return {
    url: a,
    html_url: `${WEB}/${r.fullName}`,
    archive_url: `${a}/{archive_format}{/ref}`,
    assignees_url: `${a}/assignees{/user}`,
    blobs_url: `${a}/git/blobs{/sha}`,
    branches_url: `${a}/branches{/branch}`,
    collaborators_url: `${a}/collaborators{/collaborator}`,
    comments_url: `${a}/comments{/number}`,
    commits_url: `${a}/commits{/sha}`,
    compare_url: `${a}/compare/{base}...{head}`,
    contents_url: `${a}/contents/{+path}`,
    contributors_url: `${a}/contributors`,
    deployments_url: `${a}/deployments`,
    downloads_url: `${a}/downloads`,
    events_url: `${a}/events`,
    forks_url: `${a}/forks`,
    git_commits_url: `${a}/git/commits{/sha}`,
    git_refs_url: `${a}/git/refs{/sha}`,
    git_tags_url: `${a}/git/tags{/sha}`,
    hooks_url: `${a}/hooks`,
    issue_comment_url: `${a}/issues/comments{/number}`,
    issue_events_url: `${a}/issues/events{/number}`,
    issues_url: `${a}/issues{/number}`,
    keys_url: `${a}/keys{/key_id}`,
    labels_url: `${a}/labels{/name}`,
    languages_url: `${a}/languages`,
    merges_url: `${a}/merges`,
    milestones_url: `${a}/milestones{/number}`,
    notifications_url: `${a}/notifications{?since,all,participating}`,
    pulls_url: `${a}/pulls{/number}`,
    releases_url: `${a}/releases{/id}`,
    stargazers_url: `${a}/stargazers`,
    statuses_url: `${a}/statuses/{sha}`,
    subscribers_url: `${a}/subscribers`,
    subscription_url: `${a}/subscription`,
    tags_url: `${a}/tags`,
    teams_url: `${a}/teams`,
    trees_url: `${a}/git/trees{/sha}`,
  };
}

export function minimalRepo(r: Repo): Json {
  return {
    id: r.id,
    node_id: r.nodeId,
    name: r.name,
    full_name: r.fullName,
    private: r.private,
    owner: simpleUser(r.owner),
    description: r.description,
    fork: false,
    ...repoUrls(r),
  };
}

const PERMISSION_ORDER = ['read', 'triage', 'write', 'maintain', 'admin'] as const;

export function repository(r: Repo, world: World, t: number): Json {
  const level = PERMISSION_ORDER.indexOf(r.viewerPermission);
  const openPulls = world.pulls.filter((p) => p.repo === r && p.state === 'open').length;
  return {
    ...minimalRepo(r),
    clone_url: `https://github.com/${r.fullName}.git`,
    git_url: `git://github.com/${r.fullName}.git`,
    ssh_url: `git@github.com:${r.fullName}.git`,
    svn_url: `https://github.com/${r.fullName}`,
    mirror_url: null,
    homepage: null,
    language: r.language,
    forks_count: 0,
    forks: 0,
    stargazers_count: 12,
    watchers_count: 12,
    watchers: 12,
    size: 2048,
    default_branch: r.defaultBranch,
    open_issues_count: openPulls,
    open_issues: openPulls,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: r.private ? 'private' : 'public',
    pushed_at: iso(t - 600_000),
    created_at: iso(r.createdAt),
    updated_at: iso(t - 600_000),
    permissions: {
      admin: level >= 4,
      maintain: level >= 3,
      push: level >= 2,
      triage: level >= 1,
      pull: true,
    },
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    network_count: 0,
    subscribers_count: 2,
  };
}

function pullBranch(pull: Pull, ref: string, world: World, t: number): Json {
  return {
    label: `${pull.repo.owner.login}:${ref}`,
    ref,
    sha: shaFor(`${pull.repo.fullName}/${ref}`),
    user: simpleUser(pull.repo.owner),
    repo: repository(pull.repo, world, t),
  };
}

export function pullRequest(pull: Pull, world: World, t: number): Json {
  const r = pull.repo;
  const a = `${API}/repos/${r.fullName}`;
  const html = `${WEB}/${r.fullName}/pull/${pull.number}`;
  const updated = Math.max(pull.createdAt, ...timelineTimes(pull, world, t));
  const closed = pull.state !== 'open';
  return {
    url: `${a}/pulls/${pull.number}`,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${a}/issues/${pull.number}`,
    commits_url: `${a}/pulls/${pull.number}/commits`,
    review_comments_url: `${a}/pulls/${pull.number}/comments`,
    review_comment_url: `${a}/pulls/comments{/number}`,
    comments_url: `${a}/issues/${pull.number}/comments`,
    statuses_url: `${a}/statuses/${shaFor(`${r.fullName}/${pull.head}`)}`,
    number: pull.number,
    state: closed ? 'closed' : 'open',
    locked: false,
    title: pull.title,
    user: simpleUser(pull.author),
    body: liveBody(world, pullSessions(pull, world, t), pull.body, t) || null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: iso(pull.createdAt),
    updated_at: iso(updated),
    closed_at: closed ? iso(updated) : null,
    merged_at: pull.state === 'merged' ? iso(updated) : null,
    merge_commit_sha: pull.state === 'merged' ? shaFor(`${r.fullName}/merge/${pull.number}`) : null,
    assignee: pull.assignees[0] ? simpleUser(pull.assignees[0]) : null,
    assignees: pull.assignees.map(simpleUser),
    requested_reviewers: [],
    requested_teams: [],
    head: pullBranch(pull, pull.head, world, t),
    base: pullBranch(pull, pull.base, world, t),
    _links: {
      self: { href: `${a}/pulls/${pull.number}` },
      html: { href: html },
      issue: { href: `${a}/issues/${pull.number}` },
      comments: { href: `${a}/issues/${pull.number}/comments` },
      review_comments: { href: `${a}/pulls/${pull.number}/comments` },
      review_comment: { href: `${a}/pulls/comments{/number}` },
      commits: { href: `${a}/pulls/${pull.number}/commits` },
      statuses: { href: `${a}/statuses/${shaFor(`${r.fullName}/${pull.head}`)}` },
    },
    author_association: pull.author.type === 'Bot' ? 'NONE' : 'OWNER',
    auto_merge: null,
    draft: pull.draft,
    merged: pull.state === 'merged',
    mergeable: pull.state === 'open' ? true : null,
    rebaseable: pull.state === 'open' ? true : null,
    mergeable_state: pull.draft ? 'draft' : 'clean',
    merged_by: null,
    comments: pull.extra.filter((e) => e.type === 'commented' && e.at <= t).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 3,
    additions: 120,
    deletions: 8,
    changed_files: 4,
  };
}

export function searchIssueItem(pull: Pull, world: World, t: number): Json {
  const r = pull.repo;
  const a = `${API}/repos/${r.fullName}`;
  const closed = pull.state !== 'open';
  const updated = Math.max(pull.createdAt, ...timelineTimes(pull, world, t));
  return {
    url: `${a}/issues/${pull.number}`,
    repository_url: a,
    labels_url: `${a}/issues/${pull.number}/labels{/name}`,
    comments_url: `${a}/issues/${pull.number}/comments`,
    events_url: `${a}/issues/${pull.number}/events`,
    html_url: `${WEB}/${r.fullName}/pull/${pull.number}`,
    id: pull.id + 1_000_000_000,
    node_id: pull.nodeId,
    number: pull.number,
    title: pull.title,
    user: simpleUser(pull.author),
    labels: [],
    state: closed ? 'closed' : 'open',
    locked: false,
    assignee: pull.assignees[0] ? simpleUser(pull.assignees[0]) : null,
    assignees: pull.assignees.map(simpleUser),
    milestone: null,
    comments: pull.extra.filter((e) => e.type === 'commented' && e.at <= t).length,
    created_at: iso(pull.createdAt),
    updated_at: iso(updated),
    closed_at: closed ? iso(updated) : null,
    author_association: pull.author.type === 'Bot' ? 'NONE' : 'OWNER',
    draft: pull.draft,
    pull_request: {
      url: `${a}/pulls/${pull.number}`,
      html_url: `${WEB}/${r.fullName}/pull/${pull.number}`,
      diff_url: `${WEB}/${r.fullName}/pull/${pull.number}.diff`,
      patch_url: `${WEB}/${r.fullName}/pull/${pull.number}.patch`,
      merged_at: pull.state === 'merged' ? iso(updated) : null,
    },
    body: pull.body,
    score: 1,
  };
}

// ------------------------------------------------------------------ agent tasks

function taskBase(task: Task, world: World, t: number): Json {
  const visible = task.sessions.filter((s) => s.createdAt <= t);
  const artifacts: Json[] = [];
  if (task.pull && task.pull.createdAt <= t) {
    artifacts.push({
      provider: 'github',
      type: 'pull',
      data: task.artifactGlobalId ? { id: task.pull.id, global_id: task.pull.nodeId } : { id: task.pull.id },
    });
  } else if (visible[0]) {
    artifacts.push({
      provider: 'github',
      type: 'branch',
      data: { head_ref: visible[0].headRef, base_ref: visible[0].baseRef },
    });
  }
  const body: Json = {
    id: task.id,
    url: `${API}/agents/repos/${task.repo.fullName}/tasks/${task.id}`,
    html_url: `${WEB}/${task.repo.fullName}/copilot/tasks/${task.id}`,
    name: task.name,
    creator: { id: task.creator.id },
    creator_type: 'user',
    owner: { id: task.repo.owner.id },
    repository: { id: task.repo.id },
    state: world.taskState(task, t),
    session_count: visible.length,
    artifacts,
    archived_at: world.isArchived(task, t) ? iso(task.archivedAt!) : null,
    created_at: iso(task.createdAt),
    updated_at: iso(world.taskUpdatedAt(task, t)),
  };
  if (task.customAgent) body.custom_agent = { id: task.customAgent };
  return body;
}

export function taskSummary(task: Task, world: World, t: number): Json {
  return taskBase(task, world, t);
}

export function taskSession(s: Session, world: World, t: number): Json {
  const body: Json = {
    id: s.id,
    name: s.name,
    user: { id: s.user.id },
    owner: { id: s.task.repo.owner.id },
    repository: { id: s.task.repo.id },
    task_id: s.task.id,
    state: world.state(s, t),
    created_at: iso(s.createdAt),
    updated_at: iso(world.updatedAt(s, t)),
    prompt: s.prompt,
    head_ref: s.headRef,
    base_ref: s.baseRef,
    model: s.model,
  };
  if (s.usage) body.usage = { ...s.usage };
  const ended = world.endedAt(s, t);
  if (ended != null) body.completed_at = iso(ended);
  const error = world.errorOf(s, t);
  if (error) body.error = { message: error };
  return body;
}

export function taskDetail(task: Task, world: World, t: number): Json {
  return {
    ...taskBase(task, world, t),
    sessions: task.sessions.filter((s) => s.createdAt <= t).map((s) => taskSession(s, world, t)),
  };
}

// ------------------------------------------------------------------ Copilot API

export function capiSession(s: Session, world: World, t: number): Json {
  const pull = s.task.pull && s.task.pull.createdAt <= t ? s.task.pull : null;
  const ended = world.endedAt(s, t);
  const error = world.errorOf(s, t);
  return {
    id: s.id,
    name: s.name,
    user_id: s.user.id,
    agent_id: s.agent.id,
    agent_slug: s.agent.slug,
    state: world.state(s, t),
    owner_id: s.task.repo.owner.id,
    repo_id: s.task.repo.id,
    resource_type: pull ? 'pull' : '',
    resource_id: pull ? pull.id : 0,
    resource_global_id: pull ? pull.nodeId : '',
    created_at: iso(s.createdAt),
    last_updated_at: iso(world.updatedAt(s, t)),
    completed_at: ended != null ? iso(ended) : null,
    event_type: s.eventType,
    premium_requests: s.premiumRequests,
    workflow_run_id: s.runId,
    error: error ? { code: world.state(s, t) === 'timed_out' ? 'timeout' : 'agent_error', message: error } : null,
    task_id: s.task.id,
    head_ref: s.headRef,
  };
}

// ------------------------------------------------------------------ Actions

export const RUN_PATH = 'dynamic/copilot-swe-agent/copilot';

/**
 * An agent's dynamic workflow path: Copilot's `dynamic/copilot-swe-agent/copilot`, Claude's
 * `dynamic/anthropic-code-agent/claude`, other partner agents' `dynamic/agents/<slug>` (both shapes seen in public
 * workflow listings; docs/fidelity.md "Other agents").
 */
function agentRunPath(slug: string): string {
  if (slug === 'copilot-swe-agent') return RUN_PATH;
  if (slug === 'anthropic-code-agent') return 'dynamic/anthropic-code-agent/claude';
  return `dynamic/agents/${slug}`;
}

export interface RunStatus {
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  startedAt: number | null;
  endedAt: number | null;
}

export function runStatus(s: Session, world: World, t: number): RunStatus {
  const started = world.startedAt(s, t);
  const ended = world.endedAt(s, t);
  if (ended != null) {
    const state = world.state(s, t);
    const conclusion =
      state === 'failed'
        ? 'failure'
        : state === 'timed_out'
          ? 'timed_out'
          : state === 'cancelled'
            ? 'cancelled'
            : 'success';
    return { status: 'completed', conclusion, startedAt: started ?? s.createdAt, endedAt: ended };
  }
  if (started == null) return { status: 'queued', conclusion: null, startedAt: null, endedAt: null };
  return { status: 'in_progress', conclusion: null, startedAt: started, endedAt: null };
}

function runName(s: Session): string {
  if (s.agent.slug !== 'copilot-swe-agent') return `Running ${s.agent.name} agent`;
  return s.followUp && s.task.pull ? `Addressing comment on PR #${s.task.pull.number}` : 'Running Copilot cloud agent';
}

function pullMinimal(pull: Pull): Json {
  const repo = { id: pull.repo.id, url: `${API}/repos/${pull.repo.fullName}`, name: pull.repo.name };
  return {
    id: pull.id,
    number: pull.number,
    url: `${API}/repos/${pull.repo.fullName}/pulls/${pull.number}`,
    head: { ref: pull.head, sha: shaFor(`${pull.repo.fullName}/${pull.head}`), repo },
    base: { ref: pull.base, sha: shaFor(`${pull.repo.fullName}/${pull.base}`), repo },
  };
}

function runCommon(
  r: Repo,
  id: number,
  fields: {
    name: string;
    path: string;
    event: string;
    branch: string;
    sha: string;
    runNumber: number;
    workflowId: number;
    createdAt: number;
    updatedAt: number;
    startedAt: number;
    status: string;
    conclusion: string | null;
    actor: User;
    pull: Pull | null;
    t: number;
    title: string;
  },
): Json {
  const a = `${API}/repos/${r.fullName}`;
  return {
    id,
    name: fields.name,
    node_id: `WFR_kwLO${Buffer.from(String(id)).toString('base64').replace(/=+$/, '')}`,
    head_branch: fields.branch,
    head_sha: fields.sha,
    path: fields.path,
    display_title: fields.title,
    run_number: fields.runNumber,
    event: fields.event,
    status: fields.status,
    conclusion: fields.conclusion,
    workflow_id: fields.workflowId,
    check_suite_id: id + 7,
    check_suite_node_id: `CS_kwDO${id}`,
    url: `${a}/actions/runs/${id}`,
    html_url: `${WEB}/${r.fullName}/actions/runs/${id}`,
    pull_requests: fields.pull && fields.pull.createdAt <= fields.t ? [pullMinimal(fields.pull)] : [],
    created_at: iso(fields.createdAt),
    updated_at: iso(fields.updatedAt),
    actor: simpleUser(fields.actor),
    triggering_actor: simpleUser(fields.actor),
    run_attempt: 1,
    referenced_workflows: [],
    run_started_at: iso(fields.startedAt),
    jobs_url: `${a}/actions/runs/${id}/jobs`,
    logs_url: `${a}/actions/runs/${id}/logs`,
    check_suite_url: `${a}/check-suites/${id + 7}`,
    artifacts_url: `${a}/actions/runs/${id}/artifacts`,
    cancel_url: `${a}/actions/runs/${id}/cancel`,
    rerun_url: `${a}/actions/runs/${id}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${a}/actions/workflows/${fields.workflowId}`,
    head_commit: {
      id: fields.sha,
      tree_id: shaFor(`tree/${fields.sha}`),
      message: fields.title,
      timestamp: iso(fields.createdAt),
      author: { name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com' },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
    },
    repository: minimalRepo(r),
    head_repository: minimalRepo(r),
  };
}

export function workflowRun(s: Session, world: World, t: number): Json {
  const rs = runStatus(s, world, t);
  const created = s.createdAt + 1000;
  return runCommon(s.task.repo, s.runId, {
    name: runName(s),
    path: agentRunPath(s.agent.slug),
    event: 'dynamic',
    branch: s.headRef,
    sha: shaFor(`${s.id}/head`),
    runNumber: s.runNumber,
    workflowId: 160_000_000 + (s.task.repo.id % 1000),
    createdAt: created,
    updatedAt: Math.max(created, rs.endedAt ?? rs.startedAt ?? created),
    startedAt: rs.startedAt ?? created,
    status: rs.status,
    conclusion: rs.conclusion,
    actor: world.copilotUser(),
    pull: s.task.pull,
    t,
    title: runName(s),
  });
}

export function extraWorkflowRun(s: Session, run: ExtraRun, world: World, t: number): Json {
  return runCommon(s.task.repo, run.id, {
    name: run.name,
    path: run.path,
    event: run.event,
    branch: s.headRef,
    sha: shaFor(`${s.id}/head`),
    runNumber: run.runNumber,
    workflowId: 150_000_000 + (s.task.repo.id % 1000),
    createdAt: run.at,
    updatedAt: run.at + 2000,
    startedAt: run.at,
    status: run.status,
    conclusion: run.status === 'completed' ? run.conclusion : null,
    actor: world.copilotUser(),
    pull: s.task.pull,
    t,
    title: s.task.pull?.title ?? s.name,
  });
}

export interface Step {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  number: number;
  started_at: string | null;
  completed_at: string | null;
}

/** Step name, seconds, whether skipped. Processing Request's duration is whatever the run leaves. */
const PRE_STEPS: Array<[string, number, boolean]> = [
  ['Set up job', 2, false],
  ['Initialize', 3, false],
  ['Validate runner OS (Linux)', 1, false],
  ['Validate runner OS (Windows)', 0, true],
  ['Validate firewall settings', 2, false],
  ['Prepare Copilot', 5, false],
  ['Start MCP Servers', 4, false],
];
const POST_STEPS: Array<[string, number, boolean]> = [
  ['Processing Request (Windows)', 0, true],
  ['Clean Up', 2, false],
  ['[Optional] Archive Details', 1, false],
  ['Complete job', 1, false],
];
export const STEP_NAMES = [...PRE_STEPS.map((s) => s[0]), 'Processing Request (Linux)', ...POST_STEPS.map((s) => s[0])];

export function jobSteps(s: Session, world: World, t: number): Step[] {
  const rs = runStatus(s, world, t);
  if (rs.startedAt == null) return [];
  const start = rs.startedAt;
  const preTotal = PRE_STEPS.reduce((n, x) => n + x[1], 0) * 1000;
  const postTotal = POST_STEPS.reduce((n, x) => n + x[1], 0) * 1000;
  let scale = 1;
  if (rs.endedAt != null && rs.endedAt - start < preTotal + postTotal + 1000) {
    scale = Math.max(0, (rs.endedAt - start) / (preTotal + postTotal + 1000));
  }
  const spans: Array<{ name: string; from: number; to: number; skipped: boolean; main?: boolean }> = [];
  let cursor = start;
  for (const [name, sec, skipped] of PRE_STEPS) {
    spans.push({ name, from: cursor, to: cursor + sec * 1000 * scale, skipped });
    cursor += sec * 1000 * scale;
  }
  const mainEnd = rs.endedAt != null ? rs.endedAt - postTotal * scale : Number.POSITIVE_INFINITY;
  spans.push({ name: 'Processing Request (Linux)', from: cursor, to: mainEnd, skipped: false, main: true });
  cursor = mainEnd;
  for (const [name, sec, skipped] of POST_STEPS) {
    spans.push({ name, from: cursor, to: cursor + sec * 1000 * scale, skipped });
    cursor += sec * 1000 * scale;
  }
  return spans.map((span, i) => {
    const number = i + 1;
    if (span.skipped && span.from <= t) {
      return {
        name: span.name,
        status: 'completed',
        conclusion: 'skipped',
        number,
        started_at: iso(span.from),
        completed_at: iso(span.from),
      };
    }
    if (span.to <= t || (rs.endedAt != null && span.to <= rs.endedAt + 1 && rs.status === 'completed')) {
      const conclusion = span.main ? (rs.conclusion ?? 'success') : 'success';
      return {
        name: span.name,
        status: 'completed',
        conclusion: span.skipped ? 'skipped' : conclusion,
        number,
        started_at: iso(span.from),
        completed_at: iso(span.to),
      };
    }
    if (span.from <= t) {
      return {
        name: span.name,
        status: 'in_progress',
        conclusion: null,
        number,
        started_at: iso(span.from),
        completed_at: null,
      };
    }
    return { name: span.name, status: 'queued', conclusion: null, number, started_at: null, completed_at: null };
  });
}

export function job(s: Session, world: World, t: number): Json {
  const r = s.task.repo;
  const rs = runStatus(s, world, t);
  const a = `${API}/repos/${r.fullName}`;
  const created = s.createdAt + 1000;
  return {
    id: s.jobId,
    run_id: s.runId,
    workflow_name: runName(s),
    head_branch: s.headRef,
    run_url: `${a}/actions/runs/${s.runId}`,
    run_attempt: 1,
    node_id: `CR_kwDO${s.jobId}`,
    head_sha: shaFor(`${s.id}/head`),
    url: `${a}/actions/jobs/${s.jobId}`,
    html_url: `${WEB}/${r.fullName}/actions/runs/${s.runId}/job/${s.jobId}`,
    status: rs.status,
    conclusion: rs.conclusion,
    created_at: iso(created),
    started_at: iso(rs.startedAt ?? created),
    completed_at: rs.endedAt != null ? iso(rs.endedAt) : null,
    name: 'copilot',
    steps: jobSteps(s, world, t),
    check_run_url: `${a}/check-runs/${s.jobId}`,
    labels: ['ubuntu-latest'],
    runner_id: rs.startedAt != null ? 1000 + (s.jobId % 1000) : null,
    runner_name: rs.startedAt != null ? 'GitHub Actions 1000' : null,
    runner_group_id: rs.startedAt != null ? 0 : null,
    runner_group_name: rs.startedAt != null ? 'GitHub Actions' : null,
  };
}

/**
 * The job log text once the job completed (fixture or generated from the session's log events in the real 2026
 * format, tests/twin/job-log.ts), or null (404 BlobNotFound).
 */
export function jobLogText(s: Session, world: World, t: number, read: (p: string) => string): string | null {
  const rs = runStatus(s, world, t);
  if (rs.status !== 'completed' || s.jobLog === false) return null;
  if (typeof s.jobLog === 'string') return read(s.jobLog);
  const startedAt = rs.startedAt ?? s.createdAt;
  return generatedJobLog({
    sessionId: s.id,
    prompt: s.prompt,
    model: s.model,
    events: s.logEvents.slice(0, world.logEventCount(s, t)),
    prTitle: s.task.pull?.title ?? null,
    startedAt,
    endedAt: rs.endedAt ?? startedAt,
    failed: rs.conclusion === 'failure',
  });
}

// ------------------------------------------------------------------ timeline

export interface TimelineEntry {
  kind: 'started' | 'finished' | 'failed' | 'commented' | 'labeled' | 'review_requested';
  id: number;
  at: number;
  session?: Session;
  actor: User;
  body?: string;
  label?: string;
  reviewer?: User | null;
}

export function pullSessions(pull: Pull, world: World, t: number): Session[] {
  const out: Session[] = [];
  for (const task of world.tasks) {
    if (task.pull !== pull) continue;
    for (const s of task.sessions) if (s.createdAt <= t) out.push(s);
  }
  return out.sort((a, b) => a.createdAt - b.createdAt);
}

export function timelineEntries(pull: Pull, world: World, t: number): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const s of pullSessions(pull, world, t)) {
    out.push({ kind: 'started', id: s.eventIds.started, at: s.createdAt, session: s, actor: world.copilotUser() });
    const ended = world.endedAt(s, t);
    if (ended != null) {
      const state = world.state(s, t);
      const failed = state === 'failed' || state === 'timed_out';
      out.push({
        kind: failed ? 'failed' : 'finished',
        id: s.eventIds.finished,
        at: ended,
        session: s,
        actor: world.copilotUser(),
      });
    }
  }
  for (const e of pull.extra) {
    if (e.at > t) continue;
    out.push({ kind: e.type, id: e.id, at: e.at, actor: e.actor, body: e.body, label: e.label, reviewer: e.reviewer });
  }
  return out.sort((a, b) => a.at - b.at || a.id - b.id);
}

function timelineTimes(pull: Pull, world: World, t: number): number[] {
  return timelineEntries(pull, world, t).map((e) => e.at);
}

export function integration(slug: string, name: string, appId: number): Json {
  return {
    id: appId,
    slug,
    node_id: `A_kwHO${appId}`,
    client_id: `Iv1.${shaFor(slug).slice(0, 16)}`,
    owner: {
      ...simpleUser({
        login: 'github',
        id: 9919,
        nodeId: 'MDEyOk9yZ2FuaXphdGlvbjk5MTk=',
        name: 'GitHub',
        type: 'Organization',
        email: null,
        avatar: 'https://avatars.githubusercontent.com/u/9919?v=4',
        htmlUrl: 'https://github.com/github',
      }),
    },
    name,
    description: `${name} agent`,
    external_url: 'https://docs.github.com/copilot',
    html_url: `${WEB}/apps/${slug}`,
    created_at: '2025-05-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    permissions: { contents: 'write', pull_requests: 'write', actions: 'write' },
    events: [],
  };
}

export function timelineEvent(e: TimelineEntry, pull: Pull): Json {
  const a = `${API}/repos/${pull.repo.fullName}`;
  const common = {
    id: e.id,
    node_id: `TE_lADO${e.id}`,
    url: `${a}/issues/events/${e.id}`,
    actor: simpleUser(e.actor),
    created_at: iso(e.at),
    commit_id: null,
    commit_url: null,
  };
  switch (e.kind) {
    case 'started':
    case 'finished':
    case 'failed': {
      const s = e.session!;
      const event =
        e.kind === 'started'
          ? 'copilot_work_started'
          : e.kind === 'failed'
            ? 'copilot_work_finished_failure'
            : 'copilot_work_finished';
      return { ...common, event, performed_via_github_app: integration(s.agent.slug, s.agent.name, s.agent.id) };
    }
    case 'labeled':
      return {
        ...common,
        event: 'labeled',
        performed_via_github_app: null,
        label: { name: e.label ?? 'enhancement', color: 'a2eeef' },
      };
    case 'review_requested':
      return {
        ...common,
        event: 'review_requested',
        performed_via_github_app: null,
        review_requester: simpleUser(e.actor),
        requested_reviewer: e.reviewer ? simpleUser(e.reviewer) : simpleUser(e.actor),
      };
    default: {
      const html = `${WEB}/${pull.repo.fullName}/pull/${pull.number}#issuecomment-${e.id}`;
      return {
        event: 'commented',
        id: e.id,
        node_id: `IC_kwDO${e.id}`,
        url: `${a}/issues/comments/${e.id}`,
        html_url: html,
        issue_url: `${a}/issues/${pull.number}`,
        body: e.body ?? '',
        user: simpleUser(e.actor),
        actor: simpleUser(e.actor),
        created_at: iso(e.at),
        updated_at: iso(e.at),
        author_association: 'CONTRIBUTOR',
        performed_via_github_app: null,
      };
    }
  }
}

export function isEnded(s: Session, world: World, t: number): boolean {
  return isTerminal(world.state(s, t));
}

export { COPILOT_BOT };
