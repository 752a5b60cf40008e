/**
 * What a page's content script may receive on the live port (issue 17 #9): GitHub's page runs in the same renderer
 * process as the content script, so the content script gets only what the page shows. A page port names the PRs it
 * shows (`{type:'watch', kind:'prs', prs:['owner/repo#n']}`, at most WATCH_MAX; utils/view-state/watch.ts); its state
 * pushes carry only those PRs' sessions (the user's own and other users', without prompts), their stops and unread
 * flags, the signed-in login, the settings the page reads and the connection's state (the last error's kind, no words).
 * Pure.
 */
import type { StateSnapshot } from '../model/state';
import type { Session } from '../sessions/model';
import { connectionOf } from '../sessions/selectors';
import { parseWatchMessage, type Watch, watchedSessions } from '../view-state/watch';

export type PageWatch = Extract<Watch, { kind: 'prs' }>;

/** A page's `watch` message, else null (anything malformed, or a watch a page may not make). */
export function parseWatch(message: unknown): PageWatch | null {
  const w = parseWatchMessage(message);
  return w?.kind === 'prs' ? w : null;
}

/** A session as a page shows it: the prompt stays in the extension. */
function pageSession(s: Session): Session {
  return { ...s, prompt: null };
}

/**
 * The last sync's time for a view that does not follow sync times (a PR page, the drawer): only while the
 * connection is refused or busy, when the view says how old its data is (issue 20 #7); else null, so that a sync that
 * changed nothing sends such a view nothing.
 */
export function syncTimeWhenStale(state: Pick<StateSnapshot, 'lastError' | 'lastSyncAt'>): string | null {
  const connection = connectionOf(state.lastError);
  return connection === 'refused' || connection === 'busy' ? state.lastSyncAt : null;
}

/**
 * The snapshot a page port receives: only what the page shows, and which of its PR pages are `settled` (their other
 * users' sessions looked up).
 */
export function pageSnapshot(
  state: StateSnapshot,
  watch: PageWatch,
  others: readonly Session[] = [],
  settled: ReadonlySet<string> = new Set(watch.prs),
): StateSnapshot {
  const sessions = watchedSessions(watch, state.sessions, others);
  const ids = new Set(sessions.map((s) => s.id));
  // Several accounts: the page acts as the account whose sessions it shows (its Stop goes to that account, which
  // checks the page's login against its own), so the page compares its login with that account's.
  const owner = state.accounts?.find((a) => sessions.some((s) => s.account === a.key));
  const info = owner?.info ?? (state.auth.status === 'signed-in' ? state.auth.info : null);
  const e = state.lastError;
  const connection = connectionOf(e);
  const pageError =
    e && (connection === 'refused' || connection === 'busy')
      ? { kind: e.kind, message: '', fix: null, link: null, retryAt: e.retryAt ?? null }
      : null;
  return {
    auth: info
      ? {
          status: 'signed-in',
          info: {
            login: info.login,
            id: info.id,
            avatarUrl: null,
            tokenKind: 'unknown',
            expiresAt: null,
            scopes: null,
            host: info.host,
            copilotApi: null,
            // Whether each capability is there (Stop is offered only then), without the fix texts.
            capabilities: info.capabilities.map(({ id, label, ok }) => ({ id, label, ok, missing: null, fix: null })),
          },
        }
      : { status: 'signed-out' },
    sessions: sessions.map(pageSession),
    unread: state.unread.filter((id) => ids.has(id)),
    // Nothing on a page follows sync times while connected: a sync that changed nothing sends it nothing. Not
    // connected (GitHub refuses the token, a rate limit, an outage), the page says how old its data is and the plain
    // state of the connection (issue 20 #7): the error's kind and when a rate limit lifts, never its words.
    lastSyncAt: syncTimeWhenStale(state),
    lastError: pageError,
    nextPollAt: null,
    syncing: false,
    source: null,
    stops: Object.fromEntries(Object.entries(state.stops).filter(([id]) => ids.has(id))),
    settings: state.settings,
    settled: watch.prs.filter((k) => settled.has(k)),
  };
}
