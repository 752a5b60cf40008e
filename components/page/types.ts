/**
 * What the page components show: the content script's data sources (entrypoints/github.content/data.ts) produce
 * these, the components in this folder render them and call back with what the user did.
 */
import type { AppError } from '../../utils/model/errors';
import type { StopStatus } from '../../utils/model/state';
import type { Session, SessionState } from '../../utils/sessions/model';

/** The current PR's sessions as its page shows them. */
export interface PrView {
  /** `loading` until the first answer; `error` when the background answered with an error (see `error`). */
  status: 'loading' | 'ready' | 'error';
  /** This PR's sessions, oldest first. */
  sessions: Session[];
  /** The extension's user (the token's), null when not signed in to the extension. */
  viewerLogin: string | null;
  signedIn: boolean;
  /** False when the extension's token cannot stop sessions (its capability check): Stop is not offered. */
  canStop: boolean;
  stops: Record<string, StopStatus>;
  error: AppError | null;
  confirmStop: boolean;
  /** Settings switches (the user may turn badges off). */
  badges: boolean;
  listBadges: boolean;
  /**
   * `ready` from the background's storage mirror (the user's own sessions only) while the background itself has not
   * answered yet: a badge without a session keeps its loading look instead of saying "unknown".
   */
  provisional: boolean;
  /**
   * The background's last error as a page gets it (its kind, and when a rate limit lifts; never its words), null
   * while connected: the page says "Not connected" or "Waiting for GitHub" with the age of its data (issue 20 #7).
   */
  connectionError: { kind: string; retryAt?: string | null } | null;
  /** The last successful sync (ISO), the age of what the page shows. */
  syncedAt: string | null;
}

/** A PR list row's badge: the PR's latest session. */
export interface ListPrState {
  state: SessionState;
  sessionId: string | null;
  count: number;
}

/** Opens a session: the log drawer when the page has one, else the session page. */
export type OpenSession = (session: Session) => void;
