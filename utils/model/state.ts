/** The published state every view renders from, and the account and stop facts it carries. Pure types. */

import type { Session } from '../sessions/model';
import type { AppError } from './errors';
import type { Settings } from './settings';

export type TokenKind = 'classic' | 'fine-grained' | 'oauth' | 'unknown';

export type CapabilityId = 'listSessions' | 'readLogs' | 'stopSessions' | 'startTasks';

export interface Capability {
  id: CapabilityId;
  label: string;
  ok: boolean | null; // null = not known yet
  /** When not ok: the missing permission and how to add it. */
  missing: string | null;
  /** Plain words (no URLs, no markup); the way to fix it is `link`, shown as `linkText`. */
  fix: string | null;
  link?: string | null;
  linkText?: string | null;
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
  /** Whether the token reaches private repositories (false: sessions there do not show); null when not known. */
  privateRepos?: boolean | null;
}

export type StopPhase = 'idle' | 'stopping' | 'force-cancelling' | 'stopped' | 'failed' | 'stuck';

export interface StopStatus {
  sessionId: string;
  phase: StopPhase;
  message: string;
  runUrl: string | null;
  updatedAt: string;
}

export interface DeviceFlowState {
  phase: 'idle' | 'pending' | 'slow-down' | 'expired' | 'denied' | 'done' | 'error';
  userCode: string | null;
  verificationUri: string | null;
  expiresAt: string | null;
  error: AppError | null;
}

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
  /**
   * A page's slice only: the watched PR pages whose other users' sessions the background has looked up (their
   * sessions here are complete); a PR page not in it shows its own sessions, provisionally, until it is.
   */
  settled?: string[];
  /**
   * Present only while several accounts are signed in (utils/background/accounts.ts): each with its key
   * (`host/login`, what sessions' `account` names), its sync and its error. `auth` is then the first of them.
   */
  accounts?: AccountSummary[];
}

/** One signed-in account, as the views list it. */
export interface AccountSummary {
  key: string;
  info: AuthInfo;
  lastSyncAt: string | null;
  lastError: AppError | null;
  source: 'agent-tasks' | 'fallback' | null;
}
