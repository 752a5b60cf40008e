/**
 * What a page's content script may receive on the live port (issue 17 #9): GitHub's page runs in the same renderer
 * process as the content script, so the content script gets only what the page shows. A page port names the PRs it
 * shows (`{type:'watch', prs:['owner/repo#n']}`, at most WATCH_MAX); its state pushes carry only those PRs'
 * sessions (without prompts), their stops and unread flags, the signed-in login and the settings the page reads.
 * Pure.
 */
import type { Push } from '../messages/protocol';
import type { StateSnapshot } from '../model/state';
import type { Session } from '../sessions/model';

export const WATCH_MAX = 20;
const KEY = /^[a-z0-9._-]{1,100}\/[a-z0-9._-]{1,100}#[1-9][0-9]{0,9}$/;

/** The PR keys of a `watch` message, else null (anything malformed is ignored). */
export function parseWatch(message: unknown): string[] | null {
  if (!message || typeof message !== 'object') return null;
  const m = message as { type?: unknown; prs?: unknown };
  if (m.type !== 'watch' || !Array.isArray(m.prs) || m.prs.length > WATCH_MAX) return null;
  const out: string[] = [];
  for (const k of m.prs) {
    if (typeof k !== 'string') return null;
    const key = k.toLowerCase();
    if (!KEY.test(key)) return null;
    out.push(key);
  }
  return out;
}

function sessionKey(s: Session): string | null {
  return s.repo && s.pr ? `${s.repo.fullName}#${s.pr.number}`.toLowerCase() : null;
}

/** A session as a page shows it: the prompt stays in the extension. */
export function pageSession(s: Session): Session {
  return { ...s, prompt: null };
}

/** The snapshot a page port receives. */
export function pageSnapshot(state: StateSnapshot, watch: ReadonlySet<string>): StateSnapshot {
  const sessions = state.sessions.filter((s) => {
    const k = sessionKey(s);
    return k !== null && watch.has(k);
  });
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
    lastSyncAt: state.lastSyncAt,
    lastError: null,
    nextPollAt: null,
    syncing: false,
    source: null,
    stops: Object.fromEntries(Object.entries(state.stops).filter(([id]) => ids.has(id))),
    settings: state.settings,
  };
}

/** A push scoped for a page port; null when the page must not get it. */
export function scopePush(push: Push, watch: ReadonlySet<string>): Push | null {
  if (!push || typeof push !== 'object') return null;
  if (push.type === 'state') return { type: 'state', state: pageSnapshot(push.state, watch) };
  // A transition carries an id and two states; list pages use it to ask again for their rows.
  if (push.type === 'transition') return push;
  return null;
}
