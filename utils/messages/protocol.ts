/**
 * The one message protocol between the background (the only side that talks to GitHub and holds the token) and
 * its views: popup, options, the drawer page and the github.com content script. Views send requests with
 * `browser.runtime.sendMessage(request)` and get a `Response`; live updates arrive on a `browser.runtime.Port`
 * named `LIVE_PORT` as `Push` messages. Every request is validated on receipt (`parseRequest`) — see
 * utils/messages/validate.ts — and content scripts may only send `CONTENT_SCRIPT_REQUESTS`.
 */
import type { Session, SessionState } from '../sessions/model';
import type { RepoPrStates } from '../sessions/selectors';

export const LIVE_PORT = 'agent-sessions-live';

/** Typed, person-worded errors; `fix` says what to do, `link` where (always an https URL we built). */
export type ErrorKind =
  | 'bad-token'
  | 'expired-token'
  | 'missing-permission'
  | 'org-policy'
  | 'sso-required'
  | 'rate-limited'
  | 'offline'
  | 'not-available'
  | 'not-found'
  | 'validation'
  | 'github-error';

export interface AppError {
  kind: ErrorKind;
  message: string;
  fix: string | null;
  link: string | null;
  /** For rate limits: when requests may resume (ISO). */
  retryAt?: string | null;
  /** For missing permissions: which one ("Actions: write", "repo"). */
  permission?: string | null;
  /** For SSO / policy: the organisation. */
  org?: string | null;
  status?: number | null;
}

export type TokenKind = 'classic' | 'fine-grained' | 'oauth' | 'unknown';

export type CapabilityId = 'listSessions' | 'readLogs' | 'stopSessions' | 'startTasks';
export interface Capability {
  id: CapabilityId;
  label: string;
  ok: boolean | null; // null = not known yet
  /** When not ok: the missing permission and how to add it. */
  missing: string | null;
  fix: string | null;
}

export interface AuthInfo {
  login: string;
  id: number;
  avatarUrl: string | null;
  tokenKind: TokenKind;
  expiresAt: string | null;
  scopes: string[] | null;
  /** `github.com` or `SUBDOMAIN.ghe.com` */
  host: string;
  copilotApi: string | null;
  capabilities: Capability[];
}

export type StopPhase = 'idle' | 'stopping' | 'force-cancelling' | 'stopped' | 'failed' | 'stuck';
export interface StopStatus {
  sessionId: string;
  phase: StopPhase;
  message: string;
  runUrl: string | null;
  updatedAt: string;
}

export interface Settings {
  host: string;
  notify: { completed: boolean; failed: boolean; timedOut: boolean; waiting: boolean };
  /** Seconds between polls while something runs / while all is idle. */
  pollActiveSec: number;
  pollIdleSec: number;
  features: { badges: boolean; drawer: boolean; listBadges: boolean };
  confirmStop: boolean;
  theme: 'auto' | 'light' | 'dark';
}

export const DEFAULT_SETTINGS: Settings = {
  host: 'github.com',
  notify: { completed: true, failed: true, timedOut: true, waiting: true },
  pollActiveSec: 30,
  pollIdleSec: 300,
  features: { badges: true, drawer: true, listBadges: true },
  confirmStop: false,
  theme: 'auto',
};

/** What every view renders from. Pushed whole on each change (it is small: sessions are capped). */
export interface StateSnapshot {
  auth: { status: 'signed-out' } | { status: 'signed-in'; info: AuthInfo };
  sessions: Session[];
  /** Session ids with an unseen change that asks for the user. */
  unread: string[];
  lastSyncAt: string | null;
  lastError: AppError | null;
  nextPollAt: string | null;
  syncing: boolean;
  /** Which source the list came from; the UI says so. */
  source: 'agent-tasks' | 'fallback' | null;
  /** Why the list comes from the fallback: the Agent tasks API's answer in words (permission and link when one is missing). */
  sourceReason?: AppError | null;
  stops: Record<string, StopStatus>;
  settings: Settings;
}

/** A piece of a session's log, for the drawer. */
export type LogSource = 'copilot-api' | 'actions-log' | 'actions-steps' | 'none';
export interface LogChunk {
  sessionId: string;
  source: LogSource;
  /** Raw text appended since `offset` (copilot-api, actions-log) — parsed in the drawer, never in the page. */
  text: string;
  /** Byte/char offset where `text` starts in the whole log; 0 with `reset` means start over. */
  offset: number;
  reset: boolean;
  /** For `actions-steps`: the live checklist of the run's job. */
  steps?: Array<{
    name: string;
    status: string;
    conclusion: string | null;
    startedAt: string | null;
    completedAt: string | null;
  }>;
  /** For `actions-steps`: what the running agent published (plan in the PR description, commits, the job). */
  live?: LiveProgress;
  /** True when the log will not grow any more. */
  complete: boolean;
  error: AppError | null;
  runUrl: string | null;
}

/** A commit the agent pushed to its branch; `patch` per file is shown on demand (capped, null when GitHub gave none). */
export interface LiveCommit {
  sha: string;
  message: string;
  author: string | null;
  date: string | null;
  /** https URL of the commit on the web host. */
  url: string | null;
  files: Array<{ path: string; status: string; additions: number; deletions: number; patch: string | null }> | null;
}

/** A running session as GitHub's public REST surfaces show it (the Copilot API is not readable with our tokens). */
export interface LiveProgress {
  job: {
    status: string;
    conclusion: string | null;
    startedAt: string | null;
    completedAt: string | null;
    url: string | null;
  } | null;
  /** The PR description (the agent's plan: `report_progress` rewrites it); null without a PR. */
  plan: { body: string; updatedAt: string | null } | null;
  /** Oldest first. */
  commits: LiveCommit[];
  /** Problems reading one surface (the others still show): words for the UI, never fatal. */
  notes: string[];
}

export interface NewTaskInput {
  owner: string;
  repo: string;
  prompt: string;
  baseRef?: string;
  model?: string;
  customAgent?: string;
  createPullRequest: boolean;
}

export type Request =
  | { type: 'getState' }
  | { type: 'refresh'; reason: 'popup' | 'page' | 'manual' | 'drawer' }
  | { type: 'getPrSessions'; owner: string; repo: string; number: number }
  | { type: 'getRepoPrStates'; owner: string; repo: string; numbers: number[] }
  | { type: 'markRead'; ids: string[]; read: boolean }
  | { type: 'stopSession'; sessionId: string; pageLogin: string | null }
  | { type: 'getLog'; sessionId: string; offset: number }
  | { type: 'startTask'; input: NewTaskInput }
  | { type: 'signIn'; token: string; host: string }
  | { type: 'signOut' }
  | { type: 'deviceFlowStart'; host: string }
  | { type: 'deviceFlowPoll' }
  | { type: 'setSettings'; settings: Partial<Settings> }
  | { type: 'listRecentRepos' }
  | { type: 'openSession'; sessionId: string; newTab: boolean }
  /** Opens the extension's options page (where a person signs in): from a signed-out notice on a PR page. */
  | { type: 'openOptions' };

export type RequestType = Request['type'];

/**
 * Content scripts run in an untrusted page's neighbourhood (and its renderer process): they may ask only for what
 * their page shows (this PR's sessions, a list's PR states), to stop a session the person clicked Stop on, and to open
 * the options page. No `getState` (every session and prompt), `refresh` or `markRead` (issue 17 #9).
 */
export const CONTENT_SCRIPT_REQUESTS: readonly RequestType[] = [
  'getPrSessions',
  'getRepoPrStates',
  'stopSession',
  'openOptions',
];

export interface PrSessions {
  sessions: Session[];
  /**
   * True when other users' sessions on this PR are still being fetched: the answer carries the user's own sessions
   * at once (a badge must not wait for an API round trip), and the next state push says the rest is ready.
   */
  othersPending?: boolean;
  viewerLogin: string | null;
  signedIn: boolean;
  stops: Record<string, StopStatus>;
}

export interface DeviceFlowState {
  phase: 'idle' | 'pending' | 'slow-down' | 'expired' | 'denied' | 'done' | 'error';
  userCode: string | null;
  verificationUri: string | null;
  expiresAt: string | null;
  error: AppError | null;
}

export type Response<T = unknown> = { ok: true; data: T } | { ok: false; error: AppError };

/** Pushed on the live port. */
export type Push =
  | { type: 'state'; state: StateSnapshot }
  | { type: 'transition'; sessionId: string; from: SessionState | null; to: SessionState };

export interface RecentRepo {
  owner: string;
  name: string;
  fullName: string;
}

/** The `data` of a successful Response, per request type. */
export interface ResponseMap {
  getState: StateSnapshot;
  refresh: StateSnapshot;
  getPrSessions: PrSessions;
  getRepoPrStates: RepoPrStates;
  markRead: null;
  stopSession: StopStatus;
  getLog: LogChunk;
  startTask: Session;
  signIn: AuthInfo;
  signOut: null;
  deviceFlowStart: DeviceFlowState;
  deviceFlowPoll: DeviceFlowState;
  setSettings: Settings;
  listRecentRepos: RecentRepo[];
  openSession: null;
  openOptions: null;
}
