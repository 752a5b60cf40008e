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

/** `/o/r/pull/n/agent-sessions[/uuid]`, `/copilot/tasks/...`, `/o/r/tasks/<id>`. */
export function isAgentSessionPage(url: URL): boolean {
  const seg = segments(url);
  if (seg[0] === 'copilot' && seg[1] === 'tasks' && seg.length >= 3) return true;
  if (isRepoPath(seg) && seg[2] === 'tasks' && seg.length === 4) return true;
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

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
