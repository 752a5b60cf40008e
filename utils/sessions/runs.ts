/**
 * Which Actions run executes a session (issue 7). Pure.
 * - `runId` when the Copilot API gave it;
 * - else the coding agent's runs (event `dynamic`, path `dynamic/copilot-swe-agent/copilot`) on the session's branch,
 *   the one created closest at/after the session's creation (tolerance −60 s … +15 min);
 * - never the repository's own workflows (other paths, `action_required`).
 * Follow-up sessions on the same branch ("Addressing comment on PR #N") are told apart by time.
 */
import { AGENT_WORKFLOW_PATH, type ApiRun } from '../github/actions';
import type { Session } from './model';

export const RUN_MATCH_BEFORE_MS = 60_000;
export const RUN_MATCH_AFTER_MS = 15 * 60_000;

export function isAgentRun(run: ApiRun): boolean {
  return (
    run.event === 'dynamic' && (run.path ?? '').startsWith(AGENT_WORKFLOW_PATH) && run.conclusion !== 'action_required'
  );
}

export function findSessionRun(
  session: Pick<Session, 'runId' | 'headRef' | 'createdAt'>,
  runs: readonly ApiRun[],
): ApiRun | null {
  if (session.runId != null) {
    const byId = runs.find((r) => r.id === session.runId);
    if (byId) return byId;
  }
  const created = Date.parse(session.createdAt);
  if (Number.isNaN(created)) return null;
  let best: ApiRun | null = null;
  let bestDelta = Number.POSITIVE_INFINITY;
  for (const r of runs) {
    if (!isAgentRun(r)) continue;
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

/** Session-like ordering used by the fallback: n-th agent run on a branch ↔ n-th session. */
export function agentRunsByTime(runs: readonly ApiRun[], branch: string | null): ApiRun[] {
  return runs
    .filter((r) => isAgentRun(r) && (branch == null || r.head_branch === branch))
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
}
