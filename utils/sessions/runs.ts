/**
 * Which Actions run executes a session (issue 7). Pure.
 * - `runId` when the Copilot API gave it;
 * - else the session's agent's runs (event `dynamic`, path `dynamic/<agent slug>/…`: `dynamic/copilot-swe-agent/copilot`
 *   for Copilot; a third-party agent's own slug, docs/fidelity.md "Third-party agents' runs") on the session's branch,
 *   the one created closest at/after the session's creation (tolerance −60 s … +15 min);
 * - never the repository's own workflows (other paths, `action_required`).
 * Follow-up sessions on the same branch ("Addressing comment on PR #N") are told apart by time.
 */
import type { ApiRun } from '../github/actions';
import { runLink } from '../github/links';
import { agentFromSlug, COPILOT_AGENT, isCopilot, type Session } from './model';

const RUN_MATCH_BEFORE_MS = 60_000;
const RUN_MATCH_AFTER_MS = 15 * 60_000;

/**
 * The app whose dynamic workflow a run is: `dynamic/<slug>/<name>` (Copilot's `dynamic/copilot-swe-agent/copilot`,
 * Claude's `dynamic/anthropic-code-agent/claude`) or `dynamic/agents/<slug>` (also seen for the partner agents;
 * docs/fidelity.md "Other agents"). Null for anything else.
 */
export function runAgentSlug(run: Pick<ApiRun, 'path' | 'event'>): string | null {
  if (run.event !== 'dynamic') return null;
  const path = run.path ?? '';
  return /^dynamic\/agents\/([^/@]+)/.exec(path)?.[1] ?? /^dynamic\/([^/]+)\//.exec(path)?.[1] ?? null;
}

/** A run of the agent `slug` (Copilot when not said): never the repository's own workflows. */
function isAgentRun(run: ApiRun, slug: string = COPILOT_AGENT.slug): boolean {
  return runAgentSlug(run) === slug && run.conclusion !== 'action_required';
}

/** GitHub's own dynamic workflows that are no coding agent's session (code review, code scanning, Dependabot, Pages). */
const NOT_AGENT_APPS = new Set(['copilot-pull-request-reviewer', 'github-code-scanning', 'dependabot', 'pages']);

/**
 * Another agent app's run (`dynamic/<slug>/…`, slug not Copilot's and not one of GitHub's own non-agent workflows):
 * the Agent tasks API does not name a session's agent, so a Codex or Claude session may be known as Copilot's.
 */
function isOtherAgentRun(run: ApiRun, slug: string): boolean {
  const app = runAgentSlug(run);
  return app != null && app !== slug && !NOT_AGENT_APPS.has(app) && run.conclusion !== 'action_required';
}

function closestRun(
  session: Pick<Session, 'headRef' | 'createdAt'>,
  runs: readonly ApiRun[],
  fits: (r: ApiRun) => boolean,
): ApiRun | null {
  const created = Date.parse(session.createdAt);
  if (Number.isNaN(created)) return null;
  let best: ApiRun | null = null;
  let bestDelta = Number.POSITIVE_INFINITY;
  for (const r of runs) {
    if (!fits(r)) continue;
    if (session.headRef && r.head_branch !== session.headRef) continue;
    const delta = Date.parse(r.created_at) - created;
    if (Number.isNaN(delta) || delta < -RUN_MATCH_BEFORE_MS || delta > RUN_MATCH_AFTER_MS) continue;
    // Prefer runs at/after the session; a run slightly before only when nothing after fits.
    const score = delta >= 0 ? delta : RUN_MATCH_AFTER_MS + -delta;
    if (score < bestDelta) {
      bestDelta = score;
      best = r;
    }
  }
  return best;
}

/**
 * The session's run: by id; else its own agent's run closest in time on its branch; else, when no run of its own
 * agent is there at all, another agent app's run on that branch for a session known as Copilot's
 * (docs/fidelity.md "Third-party agents' runs").
 */
export function findSessionRun(
  session: Pick<Session, 'runId' | 'headRef' | 'createdAt'> & { agent?: Pick<Session['agent'], 'slug'> },
  runs: readonly ApiRun[],
): ApiRun | null {
  if (session.runId != null) {
    const byId = runs.find((r) => r.id === session.runId);
    if (byId) return byId;
  }
  const slug = session.agent?.slug ?? COPILOT_AGENT.slug;
  const own = closestRun(session, runs, (r) => isAgentRun(r, slug));
  // Only a session known as Copilot's may be another agent's (REST names no agent); a named agent's never is.
  if (own || slug !== COPILOT_AGENT.slug) return own;
  if (runs.some((r) => isAgentRun(r, slug) && (!session.headRef || r.head_branch === session.headRef))) return own;
  return closestRun(session, runs, (r) => isOtherAgentRun(r, slug));
}

/** Session-like ordering used by the fallback: n-th agent run on a branch ↔ n-th session. */
export function agentRunsByTime(runs: readonly ApiRun[], branch: string | null): ApiRun[] {
  return runs
    .filter((r) => isAgentRun(r) && (branch == null || r.head_branch === branch))
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
}

function withRun(session: Session, runId: number, host: string): Session {
  return {
    ...session,
    runId,
    links: { ...session.links, run: session.repo ? runLink(host, session.repo.fullName, runId) : session.links.run },
  };
}

/**
 * The session's run and what it tells: a session the Agent tasks API names as Copilot's (it names no agent) whose
 * run is another agent app's is that agent's (Codex, Claude).
 */
export function withAgentRun(session: Session, run: ApiRun, host: string): Session {
  const s = withRun(session, run.id, host);
  const app = runAgentSlug(run);
  return app && isCopilot(s.agent) && app !== COPILOT_AGENT.slug && !NOT_AGENT_APPS.has(app)
    ? { ...s, agent: agentFromSlug(app) }
    : s;
}

/** Keeps the run ids (and the agents they told) the previous sync found for sessions that come back without. */
export function keepKnownRuns(fresh: Session[], previous: readonly Session[], host: string): Session[] {
  const known = new Map(previous.filter((s) => s.runId != null).map((s) => [s.id, s]));
  return fresh.map((s) => {
    const before = known.get(s.id);
    let out = s.runId == null && before ? withRun(s, before.runId as number, host) : s;
    if (before && isCopilot(out.agent) && !isCopilot(before.agent)) out = { ...out, agent: before.agent };
    return out;
  });
}
