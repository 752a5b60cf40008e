/**
 * What a view watches, and the slice of the state it receives for it. A view declares its watch on the live port
 * (`{type:'watch', kind, …}`); the background sends it exactly that slice, and the view-state client cuts the storage
 * mirror the same way before the first push. Pure.
 *
 * - `all`: everything (popup, options page);
 * - `prs`: the PRs a github.com page shows (`owner/repo#n`, lower case, at most WATCH_MAX): their sessions, other
 *   users' included, without prompts (page-scope.ts says what else a page may see);
 * - `session`: one session and the other sessions of its PR (the drawer and its session switcher).
 */
import type { StateSnapshot } from '../model/state';
import type { Session } from '../sessions/model';

export type Watch = { kind: 'all' } | { kind: 'prs'; prs: string[] } | { kind: 'session'; id: string };

export const WATCH_MAX = 20;
const PR_KEY = /^[a-z0-9._-]{1,100}\/[a-z0-9._-]{1,100}#[1-9][0-9]{0,9}$/;

/** The message a view posts on the live port to declare its watch. */
export function watchMessage(watch: Watch): { type: 'watch' } & Watch {
  return { type: 'watch', ...watch };
}

/** A `watch` message as the background reads it; anything malformed reads as null (and is ignored). */
export function parseWatchMessage(message: unknown): Watch | null {
  if (!message || typeof message !== 'object') return null;
  const m = message as { type?: unknown; kind?: unknown; prs?: unknown; id?: unknown };
  if (m.type !== 'watch') return null;
  const kind = m.kind ?? 'prs'; // a page that names only PRs (the first version of the message)
  if (kind === 'all') return { kind: 'all' };
  if (kind === 'session')
    return typeof m.id === 'string' && m.id.length > 0 && m.id.length <= 200 ? { kind, id: m.id } : null;
  if (kind !== 'prs' || !Array.isArray(m.prs) || m.prs.length > WATCH_MAX) return null;
  const prs: string[] = [];
  for (const k of m.prs) {
    if (typeof k !== 'string') return null;
    const key = k.toLowerCase();
    if (!PR_KEY.test(key)) return null;
    prs.push(key);
  }
  return { kind: 'prs', prs };
}

/** `owner/repo#n` of a session's PR (lower case), or null without a PR. */
export function sessionPrKeyOf(s: Pick<Session, 'repo' | 'pr'>): string | null {
  return s.repo && s.pr ? `${s.repo.fullName}#${s.pr.number}`.toLowerCase() : null;
}

/** The PR keys a watch covers, given the sessions known (a session watch covers its session's PR). */
export function watchedPrs(watch: Watch, sessions: readonly Session[]): string[] {
  if (watch.kind === 'prs') return watch.prs;
  if (watch.kind === 'session') {
    const s = sessions.find((x) => x.id === watch.id);
    const k = s ? sessionPrKeyOf(s) : null;
    return k ? [k] : [];
  }
  return [];
}

/**
 * The sessions a watch sees: every session for `all`; for `prs`, the sessions of those PRs; for `session`, that
 * session and the other sessions of its PR. `others` are other users' sessions of watched PRs (the background's
 * cache); the user's own copy of a session wins.
 */
export function watchedSessions(
  watch: Watch,
  sessions: readonly Session[],
  others: readonly Session[] = [],
): Session[] {
  if (watch.kind === 'all') return sessions as Session[];
  const all = [...sessions];
  const ids = new Set(sessions.map((s) => s.id));
  for (const s of others) if (!ids.has(s.id)) all.push(s);
  const prs = new Set(watchedPrs(watch, all));
  return all.filter((s) => {
    if (watch.kind === 'session' && s.id === watch.id) return true;
    const k = sessionPrKeyOf(s);
    return k !== null && prs.has(k);
  });
}

/**
 * The snapshot a `session` watch receives (an extension page: prompts included). Other watches read the state as it
 * is: `all` is everything, and a page's slice is cut by the background (page-scope.ts) and read per PR by the page.
 */
export function sliceState(state: StateSnapshot, watch: Watch, others: readonly Session[] = []): StateSnapshot {
  if (watch.kind !== 'session') return state;
  const sessions = watchedSessions(watch, state.sessions, others);
  const ids = new Set(sessions.map((s) => s.id));
  return {
    ...state,
    sessions,
    unread: state.unread.filter((id) => ids.has(id)),
    stops: Object.fromEntries(Object.entries(state.stops).filter(([id]) => ids.has(id))),
  };
}
