/**
 * Where a session can be taken next, as links we build (docs/fidelity.md "Hand-offs"): the branch's compare page and
 * GitHub's "open a pull request" form for a session whose artifact is a branch; the pull request in VS Code (the
 * GitHub Pull Requests extension's documented `checkout-pull-request` URI); the `copilot --resume=<id>` command
 * GitHub's Agents page copies ("Continue in Copilot CLI", Copilot's own sessions only); GitHub's Agents page.
 * Pure: no I/O. Every URL is built from parts checked here, never taken from a response as is.
 */
import { COPILOT_AGENT, type Session } from './model';

/** `https://github.com` or `https://<tenant>.ghe.com` (the only web origins sessions come from). */
function checkedOrigin(origin: string): string | null {
  try {
    const u = new URL(origin);
    return u.protocol === 'https:' && !u.username && !u.password && u.pathname === '/' && !u.search && !u.hash
      ? u.origin
      : null;
  } catch {
    return null;
  }
}

/** A git ref in a URL path: each part encoded, the slashes kept (GitHub's compare URLs keep them). */
function refPath(ref: string): string | null {
  const r = ref.trim();
  // Git forbids these in ref names (git check-ref-format); refusing them keeps the URL ours.
  if (
    !r ||
    r.length > 250 ||
    /[\s~^:?*[\\]|\.\.|@\{|^\/|\/$/.test(r) ||
    [...r].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)
  )
    return null;
  return r.split('/').map(encodeURIComponent).join('/');
}

function repoPath(s: Pick<Session, 'repo'>): string | null {
  if (!s.repo?.owner || !s.repo.name) return null;
  return `${encodeURIComponent(s.repo.owner)}/${encodeURIComponent(s.repo.name)}`;
}

/** The branch a session left without a pull request, or null (it has a PR, or no branch). */
function branchOnly(s: Pick<Session, 'pr' | 'headRef'>): string | null {
  return !s.pr && s.headRef ? s.headRef : null;
}

/** `…/compare/<base>...<branch>` (or `…/compare/<branch>` against the default branch when the base is unknown). */
export function compareUrl(origin: string, s: Pick<Session, 'repo' | 'pr' | 'headRef' | 'baseRef'>): string | null {
  const o = checkedOrigin(origin);
  const repo = repoPath(s);
  const branch = branchOnly(s);
  const head = branch ? refPath(branch) : null;
  if (!o || !repo || !head) return null;
  const base = s.baseRef ? refPath(s.baseRef) : null;
  if (s.baseRef && !base) return null;
  return `${o}/${repo}/compare/${base ? `${base}...` : ''}${head}`;
}

/** GitHub's form that opens a pull request from the branch: the compare page with `?expand=1`. */
export function createPrUrl(origin: string, s: Pick<Session, 'repo' | 'pr' | 'headRef' | 'baseRef'>): string | null {
  const c = compareUrl(origin, s);
  return c ? `${c}?expand=1` : null;
}

/**
 * The session's pull request in VS Code: `vscode://github.vscode-pull-request-github/checkout-pull-request?uri=<PR>`
 * (documented in the GitHub Pull Requests extension's 0.122.0 changelog and VS Code's release notes). Only for an
 * https PR URL of the shape `<origin>/<owner>/<repo>/pull/<n>`; null for a branch-only session.
 */
export function vscodeUrl(s: Pick<Session, 'pr'>): string | null {
  const url = s.pr?.url;
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' || u.search || u.hash || u.username || u.password) return null;
    if (!/^\/[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+\/pull\/\d+$/.test(u.pathname)) return null;
    return `vscode://github.vscode-pull-request-github/checkout-pull-request?uri=${u.origin}${u.pathname}`;
  } catch {
    return null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `copilot --resume=<session id>` for a Copilot session ("Continue in Copilot CLI"); null for other agents. */
export function resumeCommand(s: Pick<Session, 'id' | 'agent'>): string | null {
  if ((s.agent?.slug ?? COPILOT_AGENT.slug) !== COPILOT_AGENT.slug) return null;
  return UUID.test(s.id) ? `copilot --resume=${s.id.toLowerCase()}` : null;
}

/** GitHub's Agents page on the session's web origin. */
export function agentsPageUrl(origin: string): string | null {
  const o = checkedOrigin(origin);
  return o ? `${o}/copilot/agents` : null;
}

interface Handoffs {
  compare: string | null;
  createPr: string | null;
  vscode: string | null;
  resume: string | null;
  agents: string | null;
}

/** Every hand-off a session offers, from its web origin. */
export function handoffsOf(
  origin: string,
  s: Pick<Session, 'id' | 'agent' | 'repo' | 'pr' | 'headRef' | 'baseRef'>,
): Handoffs {
  return {
    compare: compareUrl(origin, s),
    createPr: createPrUrl(origin, s),
    vscode: vscodeUrl(s),
    resume: resumeCommand(s),
    agents: agentsPageUrl(origin),
  };
}

/**
 * Exactly what "Ask Copilot for changes" posts on the PR: the text, trimmed, after `@copilot ` unless it already
 * starts with the mention (the documented way to iterate on an agent's PR).
 */
export function followUpBody(text: string): string {
  const t = text.replace(/\r\n?/g, '\n').trim();
  return /^@copilot\b/i.test(t) ? t : `@copilot ${t}`;
}
