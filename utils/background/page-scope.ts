/**
 * What a page's content script may receive on the live port (issue 17 #9): GitHub's page runs in the same renderer
 * process as the content script, so the content script gets only what the page shows. A page port names the PRs it
 * shows (`{type:'watch', kind:'prs', prs:['owner/repo#n']}`, at most WATCH_MAX; utils/view-state/watch.ts); its state
 * pushes carry only those PRs' sessions (the user's own and other users', without prompts), their stops and unread
 * flags, the signed-in login and the settings the page reads. Pure.
 */
import type { StateSnapshot } from '../model/state';
import type { Session } from '../sessions/model';
import { parseWatchMessage, watchedSessions } from '../view-state/watch';

/** The PR keys of a page's `watch` message, else null (anything malformed, or a watch a page may not make). */
export function parseWatch(message: unknown): string[] | null {
  const w = parseWatchMessage(message);
  return w?.kind === 'prs' ? w.prs : null;
}

/** A session as a page shows it: the prompt stays in the extension. */
export function pageSession(s: Session): Session {
  return { ...s, prompt: null };
}

/**
 * The snapshot a page port receives: only what the page shows (and the time of the last sync, which PR lists
 * follow).
 */
export function pageSnapshot(
  state: StateSnapshot,
  watch: ReadonlySet<string>,
  others: readonly Session[] = [],
): StateSnapshot {
  const sessions = watchedSessions({ kind: 'prs', prs: [...watch] }, state.sessions, others);
  const ids = new Set(sessions.map((s) => s.id));
  const info = state.auth.status === 'signed-in' ? state.auth.info : null;
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
    // PR lists ask for their rows' states again after each sync (features/list-badges.ts).
    lastSyncAt: state.lastSyncAt,
    lastError: null,
    nextPollAt: null,
    syncing: false,
    source: null,
    stops: Object.fromEntries(Object.entries(state.stops).filter(([id]) => ids.has(id))),
    settings: state.settings,
  };
}
