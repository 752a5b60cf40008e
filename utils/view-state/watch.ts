/**
 * What a view watches, and the slice of the state it receives for it. A view declares its watch on the live port
 * (`{type:'watch', kind, …}`); the background sends it exactly that slice, and the view-state client cuts the storage
 * mirror the same way before the first push. Pure.
 *
 * - `all`: everything (popup, options page);
 * - `prs`: the PRs a github.com page shows (`owner/repo#n`, lower case): `prs` the PR pages open (at most WATCH_MAX;
 *   the background looks their other users' sessions up), `list` the rows of a PR list (at most LIST_MAX; no lookup,
 *   what is known): their sessions, other users' included, without prompts (page-scope.ts says what else a page may
 *   see);
 * - `session`: one session and the other sessions of its PR (the drawer and its session switcher).
 */
import type { StateSnapshot } from '../model/state';
import type { Session } from '../sessions/model';

export type Watch = { kind: 'all' } | { kind: 'prs'; prs: string[]; list?: string[] } | { kind: 'session'; id: string };

export const WATCH_MAX = 20;
/** A PR list shows 25 rows; the global list up to 100 when asked. */
export const LIST_MAX = 100;
const PR_KEY = /^[a-z0-9._-]{1,100}\/[a-z0-9._-]{1,100}#[1-9][0-9]{0,9}$/;

/** The message a view posts on the live port to declare its watch. */
export function watchMessage(watch: Watch): { type: 'watch' } & Watch {
  return { type: 'watch', ...watch };
}

/** A `watch` message as the background reads it; anything malformed reads as null (and is ignored). */
export function parseWatchMessage(message: unknown): Watch | null {
  if (!message || typeof message !== 'object') return null;
  const m = message as { type?: unknown; kind?: unknown; prs?: unknown; list?: unknown; id?: unknown };
  if (m.type !== 'watch') return null;
  const kind = m.kind ?? 'prs'; // a page that names only PRs (the first version of the message)
  if (kind === 'all') return { kind: 'all' };
  if (kind === 'session')
    return typeof m.id === 'string' && m.id.length > 0 && m.id.length <= 200 ? { kind, id: m.id } : null;
  if (kind !== 'prs') return null;
  const prs = prKeys(m.prs, WATCH_MAX);
  const list = m.list === undefined ? [] : prKeys(m.list, LIST_MAX);
  if (!prs || !list) return null;
  return list.length ? { kind: 'prs', prs, list } : { kind: 'prs', prs };
}

function prKeys(value: unknown, max: number): string[] | null {
  if (!Array.isArray(value) || value.length > max) return null;
  const keys: string[] = [];
  for (const k of value) {
    if (typeof k !== 'string') return null;
    const key = k.toLowerCase();
    if (!PR_KEY.test(key)) return null;
    keys.push(key);
  }
  return keys;
}

/** `owner/repo#n` of a session's PR (lower case), or null without a PR. */
function sessionPrKeyOf(s: Pick<Session, 'repo' | 'pr'>): string | null {
  return s.repo && s.pr ? `${s.repo.fullName}#${s.pr.number}`.toLowerCase() : null;
}

/** The PR keys a watch covers, given the sessions known (a session watch covers its session's PR). */
function watchedPrs(watch: Watch, sessions: readonly Session[]): string[] {
  if (watch.kind === 'prs') return watch.list?.length ? [...watch.prs, ...watch.list] : watch.prs;
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
 * The snapshot a watch receives: `all` is everything; a `session` watch (an extension page) its PR's sessions,
 * prompts included; a page's `prs` watch those PRs' sessions without prompts (the background cuts a page's pushes the
 * same way in page-scope.ts; a content script cuts the storage mirror with this before the first push).
 */
export function sliceState(state: StateSnapshot, watch: Watch, others: readonly Session[] = []): StateSnapshot {
  if (watch.kind === 'all') return state;
  const cut = watchedSessions(watch, state.sessions, others);
  const sessions = watch.kind === 'prs' ? cut.map((s) => (s.prompt === null ? s : { ...s, prompt: null })) : cut;
  const ids = new Set(sessions.map((s) => s.id));
  return {
    ...state,
    sessions,
    unread: state.unread.filter((id) => ids.has(id)),
    stops: Object.fromEntries(Object.entries(state.stops).filter(([id]) => ids.has(id))),
  };
}
