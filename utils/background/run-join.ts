/**
 * Session ↔ Actions run join by REST, for the world where the Copilot API (which knew `workflow_run_id`) refuses our
 * token: the coding agent's runs on the session's branch (one conditional list per repository and branch, shared by
 * that branch's sessions), matched by time (runs.ts). A run found once is kept; a session without one is looked up
 * again only when its task moves.
 */
import { listRuns } from '../github/actions';
import type { GitHubClient } from '../github/client';
import { mapPool } from '../github/pool';
import type { Session } from '../sessions/model';
import { findSessionRun, withAgentRun } from '../sessions/runs';

/** Finds the runs of these sessions that have none yet. Failures leave them without (tried again next move). */
export async function joinRuns(client: GitHubClient, host: string, sessions: Session[]): Promise<Session[]> {
  const groups = new Map<string, { owner: string; name: string; branch: string }>();
  for (const s of sessions) {
    if (s.runId != null || !s.repo || !s.headRef || s.source !== 'agent-tasks') continue;
    groups.set(`${s.repo.fullName}\n${s.headRef}`, { owner: s.repo.owner, name: s.repo.name, branch: s.headRef });
  }
  if (groups.size === 0) return sessions;
  const keys = [...groups.keys()];
  const results = await mapPool(keys, 4, (k) => {
    const g = groups.get(k)!;
    return listRuns(client, g.owner, g.name, { event: 'dynamic', branch: g.branch });
  });
  const runsByKey = new Map(keys.map((k, i) => [k, results[i]?.ok ? results[i].value : []]));
  return sessions.map((s) => {
    if (s.runId != null || !s.repo || !s.headRef) return s;
    const run = findSessionRun(s, runsByKey.get(`${s.repo.fullName}\n${s.headRef}`) ?? []);
    return run ? withAgentRun(s, run, host) : s;
  });
}
