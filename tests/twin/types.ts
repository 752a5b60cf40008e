/**
 * The GitHub twin's public types: the scenario file format (documented in docs/scenarios.md), faults, request
 * records and the handle `startTwin` returns. Offsets are strings like "+5m", "-2h", "+1h30m", "+250ms" or numbers
 * of milliseconds; ISO date strings are absolute times.
 */
import type { SessionState } from '../../utils/sessions/model';

export type Offset = string | number;

export type TokenKind = 'classic' | 'fine-grained' | 'oauth';
export type PermissionLevel = 'none' | 'read' | 'write';

export interface ScenarioUser {
  login: string;
  id?: number;
  name?: string;
  type?: 'User' | 'Bot' | 'Organization';
  email?: string | null;
}

export interface ScenarioToken {
  token: string;
  /** Login of the user the token belongs to. */
  user: string;
  kind?: TokenKind;
  /** Classic and OAuth tokens: scopes sent in `X-OAuth-Scopes`. Default `["repo"]`. */
  scopes?: string[];
  /** Fine-grained tokens: repository permissions, e.g. `{ "actions": "read", "agent_tasks": "write" }`. */
  permissions?: Record<string, PermissionLevel>;
  /**
   * Fine-grained tokens: the repositories (`owner/name`) it can reach, "all" (default), or "public" (GitHub's
   * "Public repositories" access: read-only, public repositories only).
   */
  repositories?: string[] | 'all' | 'public';
  /** Expiry as an offset from scenario start or an ISO date; `null` = never. Past = the token is rejected (401). */
  expiresAt?: Offset | null;
  /** Whether the Copilot API would accept this token in a `capiAcceptsTokens` scenario. Default: true for oauth tokens. */
  copilotApi?: boolean;
  /** Copilot API host given by GraphQL `viewer.copilotEndpoints.api`. Default `api.githubcopilot.com`. */
  copilotHost?: string;
  /** Organisations for which this token is SSO-authorised. */
  ssoAuthorized?: string[];
  revoked?: boolean;
}

export interface ScenarioRepo {
  owner: string;
  name: string;
  id?: number;
  private?: boolean;
  description?: string | null;
  defaultBranch?: string;
  /** Branches that exist (for `base_ref` checks). Default: the default branch plus every session branch. */
  branches?: string[];
  /** The viewer's permission; default `admin` for the owner, `write` otherwise. */
  viewerPermission?: 'read' | 'triage' | 'write' | 'maintain' | 'admin';
  /** Copilot cloud agent enabled on the repository (POST tasks refused when false). Default true. */
  agentEnabled?: boolean;
  /** The plan includes the Agent tasks API for this repository. Default true. */
  planFeature?: boolean;
  /** Organisation with SAML SSO: tokens not in `ssoAuthorized` get 403 + `X-GitHub-SSO`. */
  sso?: string | null;
  /** Organisation policy that refuses a kind of token: 403 with GitHub's message. */
  policy?: 'no-classic-pat' | 'oauth-restricted' | null;
  /** Extra non-agent workflow names to show in the repository page. */
  language?: string | null;
}

export interface ScenarioTimelineItem {
  type: 'commented' | 'labeled' | 'review_requested';
  at?: Offset;
  actor?: string;
  body?: string;
  label?: string;
  reviewer?: string;
}

export interface ScenarioPull {
  /** `owner/name` */
  repo: string;
  number: number;
  title: string;
  body?: string;
  /** Login of the author; "Copilot" means the Copilot bot. Default "Copilot". */
  author?: string;
  draft?: boolean;
  state?: 'open' | 'closed' | 'merged';
  /** Database id. Default repoId * 1000 + number. */
  id?: number;
  nodeId?: string;
  head?: string;
  base?: string;
  createdAt?: Offset;
  /**
   * The PR page: "hybrid" (default) is github.com's 2026 page (React-hydrated Primer header over the legacy timeline,
   * 2026 agent events); "legacy" the 2025 page (GHE, older pages); "unknown" a layout no selector knows.
   */
  timeline?: 'hybrid' | 'legacy' | 'unknown';
  extraTimeline?: ScenarioTimelineItem[];
  /** Adds N filler comments (exercises "Load more"). */
  fillerComments?: number;
  assignees?: string[];
  /** The PR's state over time (issue 16's PR events): e.g. `[{ at: "+40m", state: "merged" }]`. */
  stateChanges?: Array<{ at: Offset; state: 'open' | 'closed' | 'merged' }>;
  /**
   * Submitted reviews over time. `author` defaults to Copilot code review's GraphQL login
   * `copilot-pull-request-reviewer` (REST names it `Copilot`; both spellings can be served).
   */
  reviews?: Array<{ at: Offset; state?: ScenarioReviewState; author?: string }>;
  /**
   * The head commit's checks over time: each entry is the head at `at` (a new `oid` is a push) with its
   * `statusCheckRollup` state (null: no checks). Without entries the head has no checks (`statusCheckRollup: null`).
   */
  checks?: Array<{ at: Offset; state: ScenarioRollupState | null; oid?: string }>;
}

export type ScenarioReviewState = 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'DISMISSED' | 'PENDING';
/** GraphQL `StatusState`. */
export type ScenarioRollupState = 'SUCCESS' | 'FAILURE' | 'ERROR' | 'PENDING' | 'EXPECTED';

export interface ScenarioStateChange {
  /** Offset from the session's `createdAt` ("+30s"), or an ISO date. */
  at: Offset;
  state: SessionState;
  error?: string;
}

export interface ScenarioExtraRun {
  name?: string;
  path?: string;
  event?: string;
  /** Offset from the session's creation. */
  at?: Offset;
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?: string | null;
}

export interface ScenarioSession {
  id?: string;
  name?: string;
  prompt?: string;
  model?: string;
  /** Default Copilot (`copilot-swe-agent`). */
  agent?: { name: string; slug: string; id?: number };
  /** Login of the user who started it; default the task's creator. */
  user?: string;
  /** Offset from scenario start. Before this time the session does not exist. Default: the task's createdAt. */
  createdAt?: Offset;
  timeline?: ScenarioStateChange[];
  error?: string | null;
  /** Copilot API log fixture, relative to tests/ (e.g. "fixtures/logs/session-log-2025-09.txt"). */
  log?: string | null;
  /** Run time over which a running session's log is revealed when no end is scheduled. Default "10m". */
  logDuration?: Offset;
  /** Actions job log fixture relative to tests/; default a generated log; `false` = no log (404). */
  jobLog?: string | false | null;
  cancel?: 'normal' | 'slow' | 'stuck';
  premiumRequests?: number;
  /**
   * REST `usage`. Default: `premium_requests` (= premiumRequests) when premiumRequests is set (sessions billed before
   * 2026-06-01), else `ai_credits` in nano units (0.25–1.75 credits). `null`: no usage field.
   */
  usage?: { type: 'ai_credits' | 'premium_requests'; amount: number } | null;
  headRef?: string;
  baseRef?: string;
  /** Whether this session is a follow-up (run named "Addressing comment on PR #N"). Default: not the task's first. */
  followUp?: boolean;
  runId?: number;
  jobId?: number;
  extraRuns?: ScenarioExtraRun[];
  /** Event type in the Copilot API (`event_type`). */
  eventType?: string;
}

export interface ScenarioTask {
  id?: string;
  /** `owner/name` */
  repo: string;
  name?: string;
  creator?: string;
  /** PR number in the same repository this task produced. */
  pull?: number | null;
  createdAt?: Offset;
  /** Archived: true (at creation), or an offset/ISO date. */
  archived?: boolean | Offset | null;
  customAgent?: string | null;
  /** The pull artifact carries `global_id` (default true; GitHub's own example carries only `id`). */
  artifactGlobalId?: boolean;
  sessions: ScenarioSession[];
}

export type DeviceAnswer = 'authorization_pending' | 'slow_down' | 'expired_token' | 'access_denied' | 'success';

export interface ScenarioDeviceFlow {
  clientId?: string | null;
  userCode?: string;
  deviceCode?: string;
  verificationUri?: string;
  interval?: number;
  expiresIn?: number;
  /** Answers to successive polls; the last one repeats. Default ["authorization_pending", "success"]. */
  answers?: DeviceAnswer[];
  /** Token granted on success (added as an oauth token of `user` when not in `tokens`). */
  token?: string;
  user?: string;
  scope?: string;
}

export type FaultType = 'status' | 'rate-limit' | 'secondary-rate-limit' | 'drop' | 'delay' | 'truncate' | 'malformed';

export interface Fault {
  type: FaultType;
  /** Exact host (e.g. "api.github.com"); default any. */
  host?: string;
  /** Path pattern: `*` globs ("/agents/*"), "/regex/", else a prefix. Matched against the path with query. */
  path?: string;
  method?: string;
  /** For "status": the status (default 500). For "secondary-rate-limit": 403 (default) or 429. */
  status?: number;
  /** Seconds, sent as `retry-after` (secondary rate limits, 429, 503). */
  retryAfter?: number;
  /** For "delay": milliseconds to wait (real time) before answering normally. */
  delayMs?: number;
  /** Number of matching requests to affect; default unlimited within the window. */
  count?: number;
  /** Window start/end: offsets from scenario start in a scenario file, from "now" when injected at run time. */
  from?: Offset;
  until?: Offset;
}

export interface Scenario {
  name?: string;
  description?: string;
  /** The user signed in on github.com pages (`meta[name="user-login"]`); null = signed out. */
  webUser?: string | null;
  theme?: 'light' | 'dark';
  /**
   * Models the day GitHub opens the Copilot API to third-party tokens: tokens marked `copilotApi` are then accepted.
   * Default false: the Copilot API refuses every token with GitHub's 400s, as it does today. Never set it in the demo.
   */
  capiAcceptsTokens?: boolean;
  /**
   * The Agent tasks API for this account. Default true. false (= 404), 400, 403 or 422: every /agents/* route on
   * api.github.com answers that status: how GitHub answers an account without the API is undocumented, so every
   * variant is served (docs/fidelity.md, "Agent tasks API switched off").
   */
  agentTasksApi?: boolean | 400 | 403 | 404 | 422;
  /** REST core rate limit per token and scenario hour. Default 5000. */
  rateLimit?: number;
  /** Items shown before "Load more" on PR pages (the rest is split around the button). Default 30. */
  timelinePageSize?: number;
  /** PR pages sent in chunks with pauses (also `?stream=<bytes>:<ms>` on one page). */
  pageStream?: { chunkBytes: number; pauseMs: number };
  /** Default run duration of tasks created with POST (queued 5s, then running). Default "+8m". */
  newTaskDuration?: Offset;
  users?: ScenarioUser[];
  tokens?: ScenarioToken[];
  repos?: ScenarioRepo[];
  pulls?: ScenarioPull[];
  tasks?: ScenarioTask[];
  deviceFlow?: ScenarioDeviceFlow;
  faults?: Fault[];
}

export interface RequestRecord {
  /** Wall-clock ms. */
  time: number;
  /** Scenario clock ms. */
  scenarioTime: number;
  host: string;
  method: string;
  /** Path with query. */
  path: string;
  status: number;
  /** True when the request counted against the REST rate limit (every api.github.com answer except 304). */
  rateLimited: boolean;
  auth: 'none' | 'token';
  /** The login of the user whose valid token made the request (several accounts: which account acted). */
  user?: string;
  /** Blob host only: whether an Authorization header arrived. */
  authorizationHeader?: boolean;
  /** The fault applied, if any. */
  fault?: FaultType;
}

export interface TwinClock {
  now(): number;
  advance(ms: number): void;
}

export interface Twin {
  url: string;
  clock: TwinClock;
  load(s: Scenario): void;
  requests(): RequestRecord[];
  clearRequests(): void;
  fault(f: Fault): void;
  state(): unknown;
  /** With `startTwin({ validate: true })`: every way the api.github.com exchanges so far broke GitHub's description. */
  violations(): string[];
  close(): Promise<void>;
}
