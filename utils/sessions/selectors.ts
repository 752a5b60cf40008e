/**
 * The small questions every side asks of the state, answered once: is a session live, does it need the user, which
 * sessions belong to a PR, what a PR list badge shows, where a session's deep link and session page are. Used by the
 * engine, the popup, the options page, the drawer and the content script. Pure: no I/O, no browser API.
 */

import type { AuthInfo, Capability, CapabilityId } from '../model/state';
import { asksForUser, formatAge, type RepoRef, type Session, type SessionState } from './model';

/** Live = the agent works on it or waits for the user: its clock runs, it can be stopped. */
export { isLive } from './model';

/** "Needs your attention": waiting for the user, or ended (ready, failed, timed out) and not yet seen. */
export function needsAttention(session: Pick<Session, 'state' | 'id'>, unread: ReadonlySet<string>): boolean {
  if (session.state === 'waiting_for_user') return true;
  return asksForUser(session.state) && unread.has(session.id);
}

/**
 * What the token's check said of one capability (null: no account, not checked, or a state saved by an older version
 * that had no check). Views offer an action unless its capability is known to be missing.
 */
export function capability(
  auth: Pick<AuthInfo, 'capabilities'> | null | undefined,
  id: CapabilityId,
): Capability | null {
  const caps = auth?.capabilities;
  return Array.isArray(caps) ? (caps.find((c) => c?.id === id) ?? null) : null;
}

/** Whether the account may do `id`: not known to be refused. */
export function mayDo(auth: Pick<AuthInfo, 'capabilities'> | null | undefined, id: CapabilityId): boolean {
  return capability(auth, id)?.ok !== false;
}

/** A pull request as pages name it. */
interface PrKey {
  owner: string;
  repo: string;
  number: number;
}

/** `owner/repo#n`, lower-cased: one key per PR whatever the case GitHub or the page used. */
export function prKey(pr: PrKey): string {
  return `${pr.owner}/${pr.repo}#${pr.number}`.toLowerCase();
}

export function belongsToPr(session: Pick<Session, 'repo' | 'pr'>, pr: PrKey): boolean {
  return (
    !!session.repo &&
    !!session.pr &&
    session.pr.number === pr.number &&
    session.repo.fullName.toLowerCase() === `${pr.owner}/${pr.repo}`.toLowerCase()
  );
}

/** Oldest first (then by id): the order a PR's timeline shows its sessions in. */
export function byCreated(a: Session, b: Session): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id);
}

/** A PR's sessions, oldest first. */
export function sessionsOfPr(sessions: readonly Session[], pr: PrKey): Session[] {
  return sessions.filter((s) => belongsToPr(s, pr)).sort(byCreated);
}

/** What a PR list badge shows per PR that has sessions. */
interface PrStateSummary {
  sessionId: string;
  state: SessionState;
  title: string;
  unread: boolean;
  /** How many sessions this PR has (follow-ups included). */
  count: number;
}
/** By PR number; numbers without sessions are absent. */
type RepoPrStates = Record<number, PrStateSummary>;

/** Per PR of one repository: its latest session (state, title), how many it has, unread or not. */
export function prStates(
  sessions: readonly Session[],
  owner: string,
  repo: string,
  numbers: readonly number[],
  unread: readonly string[],
): RepoPrStates {
  const full = `${owner}/${repo}`.toLowerCase();
  const wanted = new Set(numbers);
  const unreadSet = new Set(unread);
  const latest = new Map<number, Session>();
  const counts = new Map<number, number>();
  for (const s of sessions) {
    const n = s.pr?.number;
    if (n == null || s.repo?.fullName.toLowerCase() !== full || !wanted.has(n)) continue;
    counts.set(n, (counts.get(n) ?? 0) + 1);
    const cur = latest.get(n);
    if (!cur || Date.parse(s.createdAt) > Date.parse(cur.createdAt)) latest.set(n, s);
  }
  const out: RepoPrStates = {};
  for (const [n, s] of latest)
    out[n] = {
      sessionId: s.id,
      state: s.state,
      title: s.title,
      unread: unreadSet.has(s.id),
      count: counts.get(n) ?? 1,
    };
  return out;
}

function httpsUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** The PR with the drawer open on the session: `…/pull/n#agent-session=<id>`; null without an https PR URL. */
export function deepLink(session: Pick<Session, 'id' | 'pr'>): string | null {
  const pr = httpsUrl(session.pr?.url);
  if (!pr) return null;
  return prDeepLink(pr, session.id);
}

/** The deep link on a PR URL we already hold (a list row's PR, a PR page). */
export function prDeepLink(prUrl: string, sessionId: string): string {
  return `${prUrl.replace(/#.*$/, '')}#agent-session=${encodeURIComponent(sessionId)}`;
}

/** A PR's web URL from its parts (origin `https://github.com` or a ghe.com host). */
export function prUrl(origin: string, pr: PrKey): string {
  return `${origin}/${encodeURIComponent(pr.owner)}/${encodeURIComponent(pr.repo)}/pull/${pr.number}`;
}

/** GitHub's own page for a session: `…/pull/n/agent-sessions/<id>`, null without a repository and PR. */
export function sessionPageUrl(
  webOrigin: string,
  repo: Pick<RepoRef, 'owner' | 'name'> | null,
  prNumber: number | null,
  sessionId: string,
): string | null {
  if (!repo || prNumber == null) return null;
  return `${prUrl(webOrigin, { owner: repo.owner, repo: repo.name, number: prNumber })}/agent-sessions/${encodeURIComponent(sessionId)}`;
}

/** The session page a view links to: the URL the background built, else one built from the session's PR. */
export function sessionHref(session: Pick<Session, 'id' | 'links' | 'repo' | 'pr'>, origin: string): string | null {
  const built = httpsUrl(session.links?.session);
  if (built) return built;
  if (!/^https:\/\//.test(origin)) return null;
  return sessionPageUrl(origin, session.repo, session.pr?.number ?? null, session.id);
}

/**
 * The plain state of the connection to GitHub, from the background's last error (issue 20 #7): `refused` (the token
 * or a policy says no: nothing new arrives until the person acts), `busy` (rate limit, GitHub's 5xx, offline: it
 * resumes by itself), `error` (anything else), `ok`.
 */
type Connection = 'ok' | 'refused' | 'busy' | 'error';

export function connectionOf(error: { kind: string } | null | undefined): Connection {
  if (!error) return 'ok';
  switch (error.kind) {
    case 'bad-token':
    case 'expired-token':
    case 'org-policy':
    case 'sso-required':
      return 'refused';
    case 'rate-limited':
    case 'offline':
    case 'github-error':
      return 'busy';
    default:
      return 'error';
  }
}

/** When a rate limit lifts (ms), if the error is one and says so and it is still ahead of `now`; else null. */
export function resumesAt(
  error: { kind: string; retryAt?: string | null } | null | undefined,
  now: number,
): number | null {
  if (error?.kind !== 'rate-limited' || !error.retryAt) return null;
  const at = Date.parse(error.retryAt);
  return Number.isNaN(at) || at <= now ? null : at;
}

/**
 * The connection in a few calm words with the age of what is shown, the same on every surface: "Not connected ·
 * data from 5 min ago", "Waiting for GitHub · resumes at 10:42 · data from just now"; null when connected (or for
 * an error that is not about the connection).
 */
export function connectionText(
  error: { kind: string; retryAt?: string | null } | null | undefined,
  lastSyncAt: string | null,
  now: number,
): string | null {
  const connection = connectionOf(error);
  const age = lastSyncAt ? ` · data from ${formatAge(lastSyncAt, now)}` : '';
  if (connection === 'refused') return `Not connected${age}`;
  if (connection !== 'busy') return null;
  const at = resumesAt(error, now);
  const resume =
    at == null ? '' : ` · resumes at ${new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
  return `Waiting for GitHub${resume}${age}`;
}

/**
 * An account's key (`host/login`, sessions' `account`) as the views show it: the login on github.com,
 * `login@host` on another host.
 */
export function accountLabel(key: string): string {
  const { host, login } = accountParts(key);
  return host === 'github.com' ? login : `${login}@${host}`;
}

/** An account's key (`host/login`) split; a key without a host is a github.com login. */
export function accountParts(key: string): { host: string; login: string } {
  const at = key.indexOf('/');
  return at < 0 ? { host: 'github.com', login: key } : { host: key.slice(0, at), login: key.slice(at + 1) };
}
