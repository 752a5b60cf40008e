/**
 * Pure URL predicates for the github.com pages the content script augments (see github-pages.md "URLs").
 * Each takes a parsed URL and looks at the path only (the content script runs on github.com and the configured
 * *.ghe.com host; the host is not checked here). Every predicate has example URLs in
 * tests/unit/page/urls.test.ts that must match, and every other predicate's examples must not.
 */

/** First path segments that are GitHub's own pages, never an owner. */
const RESERVED = new Set([
  'about',
  'account',
  'apps',
  'codespaces',
  'collections',
  'copilot',
  'customer-stories',
  'dashboard',
  'enterprise',
  'enterprises',
  'explore',
  'features',
  'github-copilot',
  'issues',
  'login',
  'logout',
  'marketplace',
  'models',
  'new',
  'notifications',
  'organizations',
  'orgs',
  'pricing',
  'pulls',
  'search',
  'security',
  'sessions',
  'settings',
  'signup',
  'site',
  'sponsors',
  'stars',
  'topics',
  'trending',
  'users',
  'watching',
]);

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PrRef {
  owner: string;
  repo: string;
  number: number;
}

/** Path segments without empty ones (trailing slash, double slashes). */
function segments(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean);
}

function isRepoPath(seg: string[]): boolean {
  const [owner, repo] = seg;
  return !!owner && !!repo && !RESERVED.has(owner.toLowerCase()) && OWNER.test(owner) && REPO.test(repo);
}

/** `{owner, repo, number, rest}` for `/o/r/pull/n/...`, else null. */
function prParts(url: URL): (PrRef & { rest: string[] }) | null {
  const seg = segments(url);
  if (!isRepoPath(seg) || seg[2] !== 'pull' || !/^[1-9]\d{0,9}$/.test(seg[3] ?? '')) return null;
  return { owner: seg[0]!, repo: seg[1]!, number: Number(seg[3]), rest: seg.slice(4) };
}

/** The PR a URL belongs to (any tab, agent session pages included), else null. */
export function parsePr(url: URL): PrRef | null {
  const p = prParts(url);
  return p ? { owner: p.owner, repo: p.repo, number: p.number } : null;
}

/** `/o/r/pull/n` (trailing slash and fragment allowed). */
export function isPrConversation(url: URL): boolean {
  const p = prParts(url);
  return !!p && p.rest.length === 0;
}

/** `/o/r/pull/n/files`, `/files/<range>`, and the newer `/changes` view. */
export function isPrFiles(url: URL): boolean {
  const p = prParts(url);
  return !!p && (p.rest[0] === 'files' || p.rest[0] === 'changes');
}

/** `/o/r/pull/n/commits` and `/commits/<sha>`. */
export function isPrCommits(url: URL): boolean {
  const p = prParts(url);
  return !!p && p.rest[0] === 'commits';
}

/** `/o/r/pull/n/checks`. */
export function isPrChecks(url: URL): boolean {
  const p = prParts(url);
  return !!p && p.rest[0] === 'checks';
}

/** Any of the PR's tabs: conversation, files, commits, checks (not its agent session pages). */
export function isPrAnyTab(url: URL): boolean {
  return isPrConversation(url) || isPrFiles(url) || isPrCommits(url) || isPrChecks(url);
}

/** A repository's PR list `/o/r/pulls[/...]` or the global `/pulls[/assigned|mentioned|review-requested]`. */
export function isPrList(url: URL): boolean {
  const seg = segments(url);
  if (seg[0] === 'pulls') return seg.length === 1 || (seg.length === 2 && /^[a-z-]+$/.test(seg[1]!));
  return isRepoPath(seg) && seg[2] === 'pulls' && seg.length <= 4;
}

/** `/o/r/pull/n/agent-sessions[/uuid]`, `/o/r/agents/pull/n`, `/copilot/tasks/...`, `/o/r/tasks/<id>`. */
export function isAgentSessionPage(url: URL): boolean {
  const seg = segments(url);
  if (seg[0] === 'copilot' && seg[1] === 'tasks' && seg.length >= 3) return true;
  if (isRepoPath(seg) && seg[2] === 'tasks' && seg.length === 4) return true;
  // 2026: `/o/r/agents/pull/n?session_id=<uuid>`.
  if (isRepoPath(seg) && seg[2] === 'agents' && seg[3] === 'pull' && /^[1-9]\d{0,9}$/.test(seg[4] ?? '')) return true;
  const p = prParts(url);
  return (
    !!p && p.rest[0] === 'agent-sessions' && (p.rest.length === 1 || (p.rest.length === 2 && UUID.test(p.rest[1]!)))
  );
}

/** The Agents home `/copilot/agents`. */
export function isAgentsHome(url: URL): boolean {
  const seg = segments(url);
  return seg.length === 2 && seg[0] === 'copilot' && seg[1] === 'agents';
}

/** The session id in a deep link `#agent-session=<uuid>` (lower-cased), else null. */
export function parseDeepLink(url: URL): string | null {
  const m = /(?:^#|&)agent-session=([0-9a-fA-F-]{36})(?:&|$)/.exec(url.hash);
  return m && UUID.test(m[1]!) ? m[1]!.toLowerCase() : null;
}

/** The session id in a View session href (`/agent-sessions/<uuid>` or `session_id=<uuid>`), else null. */
export function sessionIdFromHref(href: string | null | undefined): string | null {
  if (!href) return null;
  const m =
    /\/agent-sessions\/([0-9a-fA-F-]{36})(?=$|[/?#])/.exec(href) ??
    /[?&]session_id=([0-9a-fA-F-]{36})(?=$|[&#])/.exec(href);
  return m && UUID.test(m[1]!) ? m[1]!.toLowerCase() : null;
}

/** Where a session link points: its session, and the PR it names (by number, or by node id on task pages). */
interface SessionLinkTarget {
  sessionId: string;
  pr: PrRef | null;
  prNodeId: string | null;
}

/**
 * Reads every shape of session link: `/o/r/pull/n/agent-sessions/<uuid>` (2025), `/o/r/agents/pull/n?session_id=`
 * and `/copilot/tasks/pull/<PR node id>?session_id=` (2026), `/o/r/pull/n?session_id=`. Null when no session.
 */
export function sessionLinkTarget(href: string | null | undefined, base: string): SessionLinkTarget | null {
  const sessionId = sessionIdFromHref(href);
  if (!sessionId || !href) return null;
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  const seg = segments(url);
  if (seg[0] === 'copilot' && seg[1] === 'tasks' && seg[2] === 'pull' && /^[A-Za-z0-9_-]{4,100}$/.test(seg[3] ?? ''))
    return { sessionId, pr: null, prNodeId: seg[3]! };
  if (isRepoPath(seg) && seg[2] === 'agents' && seg[3] === 'pull' && /^[1-9]\d{0,9}$/.test(seg[4] ?? ''))
    return { sessionId, pr: { owner: seg[0]!, repo: seg[1]!, number: Number(seg[4]) }, prNodeId: null };
  return { sessionId, pr: parsePr(url), prNodeId: null };
}

function samePr(a: PrRef, b: PrRef): boolean {
  return (
    a.number === b.number &&
    a.repo.toLowerCase() === b.repo.toLowerCase() &&
    a.owner.toLowerCase() === b.owner.toLowerCase()
  );
}

/**
 * Whether a session link belongs to the PR page `pr`: 'this' when it names this PR, 'other' when it names another
 * PR (or another host), 'unknown' when it names a PR by node id only (task pages) or none.
 */
export function sessionLinkScope(
  target: SessionLinkTarget,
  pr: PrRef,
  linkOrigin: string,
  pageOrigin: string,
): 'this' | 'other' | 'unknown' {
  if (linkOrigin !== pageOrigin) return 'other';
  if (target.pr) return samePr(target.pr, pr) ? 'this' : 'other';
  return 'unknown';
}
