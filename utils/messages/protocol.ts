/**
 * The one message protocol between the background (the only side that talks to GitHub and holds the token) and
 * its views: popup, options, the drawer page and the github.com content script. Views send requests with
 * `browser.runtime.sendMessage(request)` and get a `Response`; live updates arrive on a `browser.runtime.Port`
 * named `LIVE_PORT` as `Push` messages. Every request is validated on receipt (`parseRequest`) — see
 * utils/messages/validate.ts — and content scripts may only send `CONTENT_SCRIPT_REQUESTS`.
 */
import type { AppError } from '../model/errors';
import type { LogChunk } from '../model/log';
import type { Settings } from '../model/settings';
import type { AuthInfo, DeviceFlowState, StateSnapshot, StopStatus } from '../model/state';
import type { UsageHistory } from '../model/usage';
import type { Session, SessionState } from '../sessions/model';

export const LIVE_PORT = 'agent-sessions-live';

export interface NewTaskInput {
  owner: string;
  repo: string;
  prompt: string;
  baseRef?: string;
  model?: string;
  customAgent?: string;
  createPullRequest: boolean;
}

/** One of a repository's tasks, anyone's (read-only). */
export interface RepoTaskRow {
  id: string;
  name: string;
  state: SessionState;
  creator: string | null;
  /** GitHub's page for the task (https only). */
  url: string | null;
  updatedAt: string;
  sessions: number;
  archived: boolean;
}

export interface RepoSessions {
  repo: string;
  rows: RepoTaskRow[];
}

export type Request =
  | { type: 'getState' }
  | { type: 'refresh'; reason: 'popup' | 'page' | 'manual' | 'drawer' }
  | { type: 'markRead'; ids: string[]; read: boolean }
  | { type: 'stopSession'; sessionId: string; pageLogin: string | null }
  | { type: 'getLog'; sessionId: string; offset: number }
  /** `account` (several signed in, utils/background/accounts.ts): the `host/login` that starts it; else the first. */
  | { type: 'startTask'; input: NewTaskInput; account?: string }
  /** Everyone's tasks in one repository, read-only (the popup's repository filter). */
  | { type: 'getRepoSessions'; owner: string; repo: string; account?: string }
  /** Posts `@copilot <text>` as a comment on the session's PR (a follow-up session), after the account check. */
  | { type: 'askForChanges'; sessionId: string; text: string; pageLogin: string | null }
  /** `add`: another account beside those signed in (else the first account's is replaced). */
  | { type: 'signIn'; token: string; host: string; add?: boolean }
  /** `account`: sign out that account only; without, every account. */
  | { type: 'signOut'; account?: string }
  | { type: 'deviceFlowStart'; host: string; add?: boolean }
  | { type: 'deviceFlowPoll' }
  | { type: 'setSettings'; settings: Partial<Settings> }
  | { type: 'listRecentRepos'; account?: string }
  | { type: 'getUsageHistory' }
  | { type: 'openSession'; sessionId: string; newTab: boolean }
  /** Opens the extension's options page (where a person signs in): from a signed-out notice on a PR page. */
  | { type: 'openOptions' };

export type RequestType = Request['type'];

/**
 * Content scripts run in an untrusted page's neighbourhood (and its renderer process): they ask no question (what
 * their page shows is pushed on the live port, page-scope.ts); they may only stop a session the person clicked Stop
 * on, and open the options page. No `getState` (every session and prompt), `refresh` or `markRead` (issue 17 #9).
 */
export const CONTENT_SCRIPT_REQUESTS: readonly RequestType[] = ['stopSession', 'openOptions'];

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
  markRead: null;
  stopSession: StopStatus;
  getLog: LogChunk;
  startTask: Session;
  askForChanges: { body: string; commentUrl: string | null };
  getRepoSessions: RepoSessions;
  signIn: AuthInfo;
  signOut: null;
  deviceFlowStart: DeviceFlowState;
  deviceFlowPoll: DeviceFlowState;
  setSettings: Settings;
  listRecentRepos: RecentRepo[];
  getUsageHistory: UsageHistory;
  openSession: null;
  openOptions: null;
}
