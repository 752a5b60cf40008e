/**
 * The twin's in-memory world: the scenario normalised (ids, times, defaults resolved) plus everything that
 * changes while it runs (forced states, cancels, created tasks, revoked tokens). Pure derivations of "what is
 * true at scenario time t" live here; HTTP shapes live in shapes.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTerminal, type SessionState } from '../../utils/sessions/model';
import { parseDuration, resolveTime } from './clock';
import type {
  DeviceAnswer,
  Fault,
  PermissionLevel,
  Scenario,
  ScenarioExtraRun,
  ScenarioRepo,
  ScenarioReviewState,
  ScenarioRollupState,
  ScenarioSession,
  ScenarioTask,
  TokenKind,
} from './types';

export const TESTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const COPILOT_BOT = {
  login: 'Copilot',
  id: 198982749,
  nodeId: 'BOT_kgDOC9w8XQ',
  avatar: 'https://avatars.githubusercontent.com/in/1143301?v=4',
  appId: 1143301,
};

export interface User {
  login: string;
  id: number;
  nodeId: string;
  name: string | null;
  type: 'User' | 'Bot' | 'Organization';
  email: string | null;
  avatar: string;
  htmlUrl: string;
}

export interface Token {
  token: string;
  user: User;
  kind: TokenKind;
  scopes: string[];
  permissions: Record<string, PermissionLevel>;
  repositories: string[] | 'all' | 'public';
  expiresAt: number | null;
  copilotApi: boolean;
  copilotHost: string;
  ssoAuthorized: string[];
  revoked: boolean;
}

export interface Repo {
  owner: User;
  name: string;
  fullName: string;
  id: number;
  nodeId: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  branches: Set<string>;
  viewerPermission: NonNullable<ScenarioRepo['viewerPermission']>;
  agentEnabled: boolean;
  planFeature: boolean;
  sso: string | null;
  policy: ScenarioRepo['policy'];
  language: string | null;
  createdAt: number;
  runNumber: number;
}

export interface TimelineExtra {
  id: number;
  type: 'commented' | 'labeled' | 'review_requested';
  at: number;
  actor: User;
  body: string;
  label: string;
  reviewer: User | null;
}

export interface Pull {
  repo: Repo;
  number: number;
  title: string;
  body: string;
  author: User;
  draft: boolean;
  state: 'open' | 'closed' | 'merged';
  id: number;
  nodeId: string;
  head: string;
  base: string;
  createdAt: number;
  timeline: 'hybrid' | 'legacy' | 'unknown';
  extra: TimelineExtra[];
  assignees: User[];
  /** Scheduled state changes (applied by `settlePulls` once the clock passes them). */
  stateChanges: Array<{ at: number; state: 'open' | 'closed' | 'merged' }>;
  reviews: PullReview[];
  /** Head commits with their checks' rollup over time (the last one at or before now is the head). */
  checks: Array<{ at: number; oid: string; state: ScenarioRollupState | null }>;
}

export interface PullReview {
  id: number;
  nodeId: string;
  at: number;
  state: ScenarioReviewState;
  author: string;
}

export interface StateChange {
  at: number;
  state: SessionState;
  error?: string;
}

export interface ExtraRun {
  id: number;
  name: string;
  path: string;
  event: string;
  at: number;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  runNumber: number;
}

export interface Session {
  id: string;
  index: number;
  task: Task;
  name: string;
  prompt: string;
  model: string;
  agent: { name: string; slug: string; id: number };
  user: User;
  createdAt: number;
  changes: StateChange[];
  error: string | null;
  logEvents: string[];
  logDuration: number;
  jobLog: string | false | null;
  cancelMode: 'normal' | 'slow' | 'stuck';
  cancelRequests: number;
  forceCancelRequests: number;
  premiumRequests: number;
  usage: { type: 'ai_credits' | 'premium_requests'; amount: number } | null;
  headRef: string;
  baseRef: string;
  followUp: boolean;
  runId: number;
  jobId: number;
  runNumber: number;
  extraRuns: ExtraRun[];
  eventType: string;
  eventIds: { started: number; finished: number };
}

export interface Task {
  id: string;
  repo: Repo;
  name: string;
  creator: User;
  pull: Pull | null;
  createdAt: number;
  archivedAt: number | null;
  customAgent: string | null;
  artifactGlobalId: boolean;
  sessions: Session[];
}

export interface DeviceGrant {
  deviceCode: string;
  userCode: string;
  createdAt: number;
  polls: number;
  interval: number;
}

function hashHex(seed: string, length = 40): string {
  return createHash('sha1').update(seed).digest('hex').slice(0, length);
}

export function hashUuid(seed: string): string {
  const h = hashHex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function shaFor(seed: string): string {
  return hashHex(seed, 40);
}

/** Split a Copilot API log into whole events (`data: ...` blocks ending with a blank line). */
export function splitLogEvents(text: string): string[] {
  const events: string[] = [];
  const parts = text.split(/\n\n/);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.trim() === '') continue;
    events.push(`${part}\n\n`);
  }
  return events;
}

export function readFixture(relative: string): string {
  const full = path.resolve(TESTS_DIR, relative);
  if (!full.startsWith(TESTS_DIR)) throw new Error(`Fixture path escapes tests/: ${relative}`);
  return readFileSync(full, 'utf8');
}

function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'task'
  );
}

/** Copilot code review's login in GraphQL (docs/fidelity.md). */
export const COPILOT_REVIEWER = 'copilot-pull-request-reviewer';

/** A PR's n-th head commit (40 hex digits, stable). */
export function pullCommitOid(repo: string, number: number, n: number): string {
  return createHash('sha1').update(`${repo}#${number}@${n}`).digest('hex');
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64').replace(/=+$/, '');
}

const DEFAULT_CAPI_HOST = 'api.githubcopilot.com';

export class World {
  scenario: Scenario;
  start: number;
  users = new Map<string, User>();
  tokens = new Map<string, Token>();
  repos = new Map<string, Repo>();
  reposById = new Map<number, Repo>();
  pulls: Pull[] = [];
  tasks: Task[] = [];
  sessions = new Map<string, Session>();
  runs = new Map<number, Session>();
  extraRunsById = new Map<number, { session: Session; run: ExtraRun }>();
  jobs = new Map<number, Session>();
  /** The accepted-token world (`capiAcceptsTokens`); false = the Copilot API refuses every token, as GitHub does. */
  capiAccepts: boolean;
  faults: Array<Fault & { fromMs: number; untilMs: number; used: number }> = [];
  deviceGrants = new Map<string, DeviceGrant>();
  /** Counter for ids handed out at run time. */
  private nextId = 1;
  private nextRunId = 18_000_000_001;
  private nextJobId = 50_000_000_001;
  private nextEventId = 21_000_000_001;
  private nextCommentId = 3_100_000_001;

  constructor(scenario: Scenario, start: number) {
    this.scenario = scenario;
    this.start = start;
    this.capiAccepts = scenario.capiAcceptsTokens === true;
    this.build();
  }

  // ---------------------------------------------------------------- building

  user(login: string): User {
    if (login === 'Copilot' || login === 'copilot' || login === 'copilot-swe-agent[bot]') return this.copilotUser();
    const existing = this.users.get(login.toLowerCase());
    if (existing) return existing;
    return this.addUser({ login });
  }

  copilotUser(): User {
    return {
      login: COPILOT_BOT.login,
      id: COPILOT_BOT.id,
      nodeId: COPILOT_BOT.nodeId,
      name: 'Copilot',
      type: 'Bot',
      email: null,
      avatar: COPILOT_BOT.avatar,
      htmlUrl: 'https://github.com/apps/copilot-swe-agent',
    };
  }

  private addUser(u: { login: string; id?: number; name?: string; type?: User['type']; email?: string | null }): User {
    const id = u.id ?? 100_000 + this.users.size + 1;
    const user: User = {
      login: u.login,
      id,
      nodeId: `U_kgDO${b64(String(id))}`,
      name: u.name ?? null,
      type: u.type ?? 'User',
      email: u.email ?? null,
      avatar: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      htmlUrl: `https://github.com/${u.login}`,
    };
    this.users.set(u.login.toLowerCase(), user);
    return user;
  }

  private build(): void {
    const s = this.scenario;
    for (const u of s.users ?? []) this.addUser(u);
    for (const t of s.tokens ?? []) this.addToken(t);
    let repoIndex = 0;
    for (const r of s.repos ?? []) this.addRepo(r, repoIndex++);
    for (const p of s.pulls ?? []) this.addPull(p);
    let taskIndex = 0;
    for (const t of s.tasks ?? []) this.addTask(t, taskIndex++);
    const df = s.deviceFlow;
    if (df?.token && !this.tokens.has(df.token)) {
      this.addToken({ token: df.token, user: df.user ?? s.webUser ?? 'octo-demo', kind: 'oauth', scopes: ['repo'] });
    }
    for (const f of s.faults ?? []) this.addFault(f, this.start);
  }

  addToken(t: NonNullable<Scenario['tokens']>[number]): Token {
    const kind = t.kind ?? 'classic';
    const token: Token = {
      token: t.token,
      user: this.user(t.user),
      kind,
      scopes: kind === 'fine-grained' ? [] : (t.scopes ?? ['repo']),
      permissions: t.permissions ?? {},
      repositories: t.repositories ?? 'all',
      expiresAt: t.expiresAt == null ? null : resolveTime(t.expiresAt, this.start),
      copilotApi: t.copilotApi ?? kind === 'oauth',
      copilotHost: t.copilotHost ?? DEFAULT_CAPI_HOST,
      ssoAuthorized: t.ssoAuthorized ?? [],
      revoked: t.revoked ?? false,
    };
    this.tokens.set(t.token, token);
    return token;
  }

  private addRepo(r: ScenarioRepo, index: number): Repo {
    const owner = this.user(r.owner);
    const id = r.id ?? 700_000_000 + index + 1;
    const repo: Repo = {
      owner,
      name: r.name,
      fullName: `${r.owner}/${r.name}`,
      id,
      nodeId: `R_kgDO${b64(String(id))}`,
      private: r.private ?? false,
      description: r.description ?? null,
      defaultBranch: r.defaultBranch ?? 'main',
      branches: new Set([r.defaultBranch ?? 'main', ...(r.branches ?? [])]),
      viewerPermission: r.viewerPermission ?? 'write',
      agentEnabled: r.agentEnabled ?? true,
      planFeature: r.planFeature ?? true,
      sso: r.sso ?? null,
      policy: r.policy ?? null,
      language: r.language ?? 'TypeScript',
      createdAt: this.start - 400 * 86_400_000,
      runNumber: 100,
    };
    this.repos.set(repo.fullName.toLowerCase(), repo);
    this.reposById.set(id, repo);
    return repo;
  }

  repo(fullName: string): Repo {
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) {
      const [owner, name] = fullName.split('/');
      if (!owner || !name) throw new Error(`Bad repository name "${fullName}" (want owner/name)`);
      return this.addRepo({ owner, name }, this.repos.size);
    }
    return repo;
  }

  private addPull(p: NonNullable<Scenario['pulls']>[number]): Pull {
    const repo = this.repo(p.repo);
    const id = p.id ?? repo.id * 1000 + p.number;
    const createdAt = p.createdAt == null ? this.start - 3_600_000 : resolveTime(p.createdAt, this.start);
    const pull: Pull = {
      repo,
      number: p.number,
      title: p.title,
      body: p.body ?? '',
      author: this.user(p.author ?? 'Copilot'),
      draft: p.draft ?? false,
      state: p.state ?? 'open',
      id,
      nodeId: p.nodeId ?? `PR_kwDO${b64(`${repo.id}:${p.number}`)}`,
      head: p.head ?? `copilot/${slugify(p.title)}`,
      base: p.base ?? repo.defaultBranch,
      createdAt,
      timeline: p.timeline ?? 'hybrid',
      extra: [],
      assignees: (p.assignees ?? []).map((login) => this.user(login)),
      stateChanges: (p.stateChanges ?? []).map((c) => ({ at: resolveTime(c.at, this.start), state: c.state })),
      reviews: [],
      checks: (p.checks ?? []).map((c, i) => ({
        at: resolveTime(c.at, this.start),
        oid: c.oid ?? pullCommitOid(repo.fullName, p.number, i),
        state: c.state,
      })),
    };
    for (const r of p.reviews ?? [])
      this.addReview(pull, resolveTime(r.at, this.start), r.state ?? 'COMMENTED', r.author);
    repo.branches.add(pull.head);
    for (const item of p.extraTimeline ?? []) {
      pull.extra.push({
        id: item.type === 'commented' ? this.nextCommentId++ : this.nextEventId++,
        type: item.type,
        at: item.at == null ? createdAt + 60_000 : resolveTime(item.at, this.start),
        actor: this.user(item.actor ?? pull.author.login),
        body: item.body ?? '',
        label: item.label ?? 'enhancement',
        reviewer: item.reviewer ? this.user(item.reviewer) : null,
      });
    }
    for (let i = 0; i < (p.fillerComments ?? 0); i++) {
      pull.extra.push({
        id: this.nextCommentId++,
        type: 'commented',
        at: createdAt + (i + 1) * 30_000,
        actor: this.user(i % 2 === 0 ? 'hubot' : 'monalisa'),
        body: `Filler comment ${i + 1}: looks good so far.`,
        label: '',
        reviewer: null,
      });
    }
    this.pulls.push(pull);
    return pull;
  }

  /** A submitted review (Copilot code review's by default). */
  addReview(pull: Pull, at: number, state: ScenarioReviewState, author = COPILOT_REVIEWER): PullReview {
    const id = this.nextEventId++;
    const review = { id, nodeId: `PRR_kwDO${b64(`review:${id}`)}`, at, state, author };
    pull.reviews.push(review);
    return review;
  }

  /** Applies the PRs' scheduled state changes the clock has passed (every reader then sees the same state). */
  settlePulls(t: number): void {
    for (const p of this.pulls) {
      if (p.stateChanges.length === 0) continue;
      const due = p.stateChanges.filter((c) => c.at <= t);
      const last = due.at(-1);
      if (last) p.state = last.state;
      p.stateChanges = p.stateChanges.filter((c) => c.at > t);
    }
  }

  pull(repo: Repo, number: number): Pull | undefined {
    return this.pulls.find((p) => p.repo === repo && p.number === number);
  }

  private addTask(t: ScenarioTask, index: number): Task {
    const repo = this.repo(t.repo);
    const createdAt =
      t.createdAt == null
        ? t.sessions[0]?.createdAt != null
          ? resolveTime(t.sessions[0].createdAt, this.start)
          : this.start
        : resolveTime(t.createdAt, this.start);
    const creator = this.user(t.creator ?? this.scenario.webUser ?? 'octo-demo');
    let pull: Pull | null = null;
    if (t.pull != null) {
      pull = this.pull(repo, t.pull) ?? null;
      if (!pull)
        throw new Error(`Task ${t.id ?? index} refers to PR #${t.pull} missing from "pulls" of ${repo.fullName}`);
    }
    const archivedAt =
      t.archived == null || t.archived === false
        ? null
        : t.archived === true
          ? createdAt
          : resolveTime(t.archived, this.start);
    const task: Task = {
      id: t.id ?? hashUuid(`${this.scenario.name ?? ''}/task/${index}`),
      repo,
      name: t.name ?? t.sessions[0]?.name ?? pull?.title ?? 'Agent task',
      creator,
      pull,
      createdAt,
      archivedAt,
      customAgent: t.customAgent ?? null,
      artifactGlobalId: t.artifactGlobalId ?? true,
      sessions: [],
    };
    this.tasks.push(task);
    t.sessions.forEach((s, i) => {
      this.addSession(task, s, i);
    });
    return task;
  }

  addSession(task: Task, s: ScenarioSession, i: number): Session {
    const createdAt = s.createdAt == null ? task.createdAt + i * 1_800_000 : resolveTime(s.createdAt, this.start);
    const changes: StateChange[] = (s.timeline ?? [{ at: '+0s', state: 'queued' }]).map((c) => ({
      at: resolveTime(c.at, createdAt),
      state: c.state,
      ...(c.error ? { error: c.error } : {}),
    }));
    changes.sort((a, b) => a.at - b.at);
    if (!changes[0] || changes[0].at > createdAt) changes.unshift({ at: createdAt, state: 'queued' });
    const followUp = s.followUp ?? i > 0;
    const prompt = s.prompt ?? task.name;
    const headRef = s.headRef ?? task.pull?.head ?? `copilot/${slugify(task.name)}`;
    task.repo.branches.add(headRef);
    const logText = s.log ? readFixture(s.log) : syntheticLog(prompt, s.model ?? 'claude-sonnet-4.5', createdAt);
    const session: Session = {
      id: s.id ?? hashUuid(`${this.scenario.name ?? ''}/${task.id}/session/${i}`),
      index: i,
      task,
      name: s.name ?? (followUp && task.pull ? `Addressing comment on PR #${task.pull.number}` : task.name),
      prompt,
      model: s.model ?? 'claude-sonnet-4.5',
      agent: {
        name: s.agent?.name ?? 'Copilot',
        slug: s.agent?.slug ?? 'copilot-swe-agent',
        id: s.agent?.id ?? (s.agent ? 1_200_000 + (s.agent.slug.length % 97) : COPILOT_BOT.appId),
      },
      user: s.user ? this.user(s.user) : task.creator,
      createdAt,
      changes,
      error: s.error ?? null,
      logEvents: splitLogEvents(logText),
      logDuration: parseDuration(s.logDuration ?? '10m'),
      jobLog: s.jobLog ?? null,
      cancelMode: s.cancel ?? 'normal',
      cancelRequests: 0,
      forceCancelRequests: 0,
      premiumRequests: s.premiumRequests ?? 1,
      usage:
        s.usage !== undefined
          ? s.usage
          : s.premiumRequests != null
            ? { type: 'premium_requests', amount: s.premiumRequests }
            : { type: 'ai_credits', amount: 250_000_000 * (1 + (this.sessions.size % 7)) },
      headRef,
      baseRef: s.baseRef ?? task.pull?.base ?? task.repo.defaultBranch,
      followUp,
      runId: s.runId ?? this.nextRunId++,
      jobId: s.jobId ?? this.nextJobId++,
      runNumber: ++task.repo.runNumber,
      extraRuns: [],
      eventType: s.eventType ?? (followUp ? 'pull_request_comment' : 'agent_task'),
      eventIds: { started: this.nextEventId++, finished: this.nextEventId++ },
    };
    for (const r of s.extraRuns ?? []) session.extraRuns.push(this.makeExtraRun(session, r));
    if (this.sessions.has(session.id)) throw new Error(`Duplicate session id ${session.id}`);
    task.sessions.push(session);
    this.sessions.set(session.id, session);
    this.runs.set(session.runId, session);
    this.jobs.set(session.jobId, session);
    return session;
  }

  private makeExtraRun(session: Session, r: ScenarioExtraRun): ExtraRun {
    const run: ExtraRun = {
      id: this.nextRunId++,
      name: r.name ?? 'CI',
      path: r.path ?? '.github/workflows/ci.yml',
      event: r.event ?? 'pull_request',
      at: resolveTime(r.at ?? '+3m', session.createdAt),
      status: r.status ?? 'completed',
      conclusion: r.conclusion === undefined ? 'action_required' : r.conclusion,
      runNumber: ++session.task.repo.runNumber,
    };
    this.extraRunsById.set(run.id, { session, run });
    return run;
  }

  addFault(f: Fault, base: number): void {
    this.faults.push({
      ...f,
      fromMs: f.from == null ? Number.NEGATIVE_INFINITY : resolveTime(f.from, base),
      untilMs: f.until == null ? Number.POSITIVE_INFINITY : resolveTime(f.until, base),
      used: 0,
    });
  }

  // ---------------------------------------------------------------- derivations at time t

  visibleSessions(t: number): Session[] {
    const out: Session[] = [];
    for (const s of this.sessions.values()) if (s.createdAt <= t) out.push(s);
    return out;
  }

  visibleTasks(t: number): Task[] {
    return this.tasks.filter((task) => task.sessions.some((s) => s.createdAt <= t));
  }

  change(session: Session, t: number): StateChange {
    let current = session.changes[0]!;
    for (const c of session.changes) if (c.at <= t) current = c;
    return current;
  }

  state(session: Session, t: number): SessionState {
    return this.change(session, t).state;
  }

  /** The error message of a failed/timed-out session (from the state change or the session). */
  errorOf(session: Session, t: number): string | null {
    const c = this.change(session, t);
    if (c.state !== 'failed' && c.state !== 'timed_out') return null;
    return (
      c.error ??
      session.error ??
      (c.state === 'timed_out' ? 'The agent session timed out after 59 minutes.' : 'The agent encountered an error.')
    );
  }

  updatedAt(session: Session, t: number): number {
    return this.change(session, t).at;
  }

  /**
   * When the session's run ended (it reached a terminal or idle state and stayed in such states), if at or before t.
   * A forced change back to a running state reopens it; a later forced end ends it at that time.
   */
  endedAt(session: Session, t: number): number | null {
    let ended: number | null = null;
    for (const c of session.changes) {
      if (c.at > t) break;
      if (isTerminal(c.state) || c.state === 'idle') ended ??= c.at;
      else ended = null;
    }
    return ended;
  }

  /** Scheduled end (may be in the future). */
  scheduledEnd(session: Session): number | null {
    for (const c of session.changes) if (isTerminal(c.state) || c.state === 'idle') return c.at;
    return null;
  }

  startedAt(session: Session, t: number): number | null {
    for (const c of session.changes) {
      if (c.at > t) break;
      if (c.state !== 'queued') return c.at;
    }
    return null;
  }

  taskState(task: Task, t: number): SessionState {
    const visible = task.sessions.filter((s) => s.createdAt <= t);
    const last = visible[visible.length - 1] ?? task.sessions[0]!;
    return this.state(last, t);
  }

  taskUpdatedAt(task: Task, t: number): number {
    let max = task.createdAt;
    for (const s of task.sessions) if (s.createdAt <= t) max = Math.max(max, this.updatedAt(s, t));
    if (task.archivedAt != null && task.archivedAt <= t) max = Math.max(max, task.archivedAt);
    return max;
  }

  isArchived(task: Task, t: number): boolean {
    return task.archivedAt != null && task.archivedAt <= t;
  }

  /** Number of whole log events visible at t. */
  logEventCount(session: Session, t: number): number {
    const n = session.logEvents.length;
    const state = this.state(session, t);
    if (state === 'queued') return 0;
    if (this.endedAt(session, t) != null) return n;
    const start = this.startedAt(session, t) ?? session.createdAt;
    const end = this.scheduledEnd(session);
    const span = end != null && end > start ? end - start : session.logDuration;
    const fraction = Math.max(0, Math.min(1, (t - start) / span));
    const cap = end != null ? n : Math.max(0, n - 1);
    return Math.min(cap, Math.max(1, Math.floor(fraction * n)));
  }

  logText(session: Session, t: number): string {
    return session.logEvents.slice(0, this.logEventCount(session, t)).join('');
  }

  // ---------------------------------------------------------------- changes

  /** Force a state now (drops later scheduled changes). */
  forceState(session: Session, state: SessionState, t: number, error?: string): void {
    session.changes = session.changes.filter((c) => c.at < t);
    session.changes.push({ at: t, state, ...(error ? { error } : {}) });
    if (error) session.error = error;
  }

  /** Schedule a change after `delay`, dropping changes scheduled after now. */
  scheduleState(session: Session, state: SessionState, t: number, delay: number): void {
    session.changes = session.changes.filter((c) => c.at <= t);
    session.changes.push({ at: t + delay, state });
  }

  /**
   * Cancel the session's run. Returns 'conflict' when the run has completed, else 'accepted'. Behaviour per
   * session: normal → cancelled 5 s later; slow → only a force-cancel ends it; stuck → never ends.
   */
  cancel(session: Session, t: number, force: boolean): 'accepted' | 'conflict' {
    if (this.endedAt(session, t) != null) return 'conflict';
    if (force) session.forceCancelRequests++;
    else session.cancelRequests++;
    if (session.cancelMode === 'stuck') return 'accepted';
    if (session.cancelMode === 'slow' && !force) return 'accepted';
    this.scheduleState(session, 'cancelled', t, force ? 2_000 : 5_000);
    return 'accepted';
  }

  createTask(
    repo: Repo,
    creator: User,
    input: { prompt: string; model?: string; base_ref?: string; create_pull_request?: boolean; custom_agent?: string },
    t: number,
  ): Task {
    const name = input.prompt.split('\n')[0]!.slice(0, 80);
    const head = `copilot/${slugify(name)}-${this.nextId++}`;
    let pull: Pull | null = null;
    if (input.create_pull_request) {
      const number = Math.max(0, ...this.pulls.filter((p) => p.repo === repo).map((p) => p.number)) + 1;
      pull = this.addPull({
        repo: repo.fullName,
        number,
        title: `[WIP] ${name}`,
        body: input.prompt,
        author: 'Copilot',
        draft: true,
        head,
        base: input.base_ref ?? repo.defaultBranch,
        createdAt: new Date(t).toISOString(),
        timeline: 'hybrid',
      });
    }
    const task: Task = {
      id: randomUUID(),
      repo,
      name,
      creator,
      pull,
      createdAt: t,
      archivedAt: null,
      customAgent: input.custom_agent ?? null,
      artifactGlobalId: true,
      sessions: [],
    };
    this.tasks.push(task);
    const duration = parseDuration(this.scenario.newTaskDuration ?? '+8m');
    this.addSession(
      task,
      {
        id: randomUUID(),
        prompt: input.prompt,
        model: input.model ?? 'claude-sonnet-4.5',
        createdAt: new Date(t).toISOString(),
        headRef: head,
        baseRef: input.base_ref ?? repo.defaultBranch,
        timeline: [
          { at: '+0s', state: 'queued' },
          { at: '+5s', state: 'in_progress' },
          { at: duration, state: 'completed' },
        ],
      },
      0,
    );
    return task;
  }

  /**
   * A comment on a pull request (`POST /repos/{o}/{r}/issues/{n}/comments`). One that mentions `@copilot` by someone
   * who can write to the repository starts a new Copilot session on the PR's task, as GitHub does ("Asking Copilot to
   * make changes to an existing pull request", docs/fidelity.md): queued at once, working after 10 s.
   */
  comment(pull: Pull, user: User, body: string, t: number, canWrite: boolean): { id: number; session: Session | null } {
    const id = this.nextCommentId++;
    pull.extra.push({ id, type: 'commented', at: t, actor: user, body, label: '', reviewer: null });
    const task = this.tasks.find((x) => x.pull === pull);
    if (!canWrite || !task || !/(^|[^\w@/.-])@copilot\b/i.test(body)) return { id, session: null };
    const duration = parseDuration(this.scenario.newTaskDuration ?? '+8m');
    const session = this.addSession(
      task,
      {
        id: randomUUID(),
        prompt: body,
        user: user.login,
        createdAt: new Date(t).toISOString(),
        followUp: true,
        timeline: [
          { at: '+0s', state: 'queued' },
          { at: '+10s', state: 'in_progress' },
          { at: duration, state: 'completed' },
        ],
      },
      task.sessions.length,
    );
    return { id, session };
  }

  deviceAnswer(grant: DeviceGrant): DeviceAnswer {
    const answers = this.scenario.deviceFlow?.answers ?? ['authorization_pending', 'success'];
    return answers[Math.min(grant.polls, answers.length - 1)] ?? 'success';
  }
}

/** A short log in the real `data:` format for sessions without a fixture. */
export function syntheticLog(prompt: string, model: string, createdAt: number): string {
  const created = Math.floor(createdAt / 1000);
  const chunk = (i: number, delta: Record<string, unknown>, finish: string): string =>
    `data: ${JSON.stringify({
      id: `chatcmpl-twin-${i}`,
      object: 'chat.completion.chunk',
      created: created + i * 20,
      model,
      choices: [{ index: 0, finish_reason: finish, delta }],
    })}\n\n`;
  const call = (i: number, name: string, args: Record<string, unknown>, content: string): string =>
    chunk(
      i,
      {
        role: 'assistant',
        content,
        tool_calls: [
          { id: `call_twin_${i}`, type: 'function', index: 0, function: { name, arguments: JSON.stringify(args) } },
        ],
      },
      'tool_calls',
    );
  return [
    call(0, 'run_setup', { name: "Start 'github-mcp-server' MCP server" }, 'MCP server started successfully'),
    chunk(
      1,
      { role: 'assistant', content: `I'll start by exploring the repository to understand the task: ${prompt}` },
      'tool_calls',
    ),
    call(2, 'view', { path: '/home/runner/work/repo/repo' }, 'README.md\npackage.json\nsrc'),
    call(
      3,
      'bash',
      { command: 'npm test', description: 'Run the tests' },
      'All tests passed\n<exited with exit code 0>',
    ),
    call(
      4,
      'report_progress',
      { commitMessage: 'Initial plan', prDescription: '- [x] Explore the repository\n- [ ] Make the change' },
      'Progress reported',
    ),
    chunk(5, { role: 'assistant', content: `<pr_title>\n${prompt.slice(0, 60)}\n</pr_title>\n\nDone.` }, 'stop'),
  ].join('');
}
