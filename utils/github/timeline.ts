/** PR timelines: the coding agent's `copilot_work_*` events (the n-th started event ↔ the n-th session). */
import type { GitHubClient } from './client';

export const AGENT_APP_SLUG = 'copilot-swe-agent';

export interface ApiTimelineEvent {
  event: string;
  created_at?: string;
  performed_via_github_app?: { slug?: string; name?: string } | null;
  actor?: { login: string } | null;
}

export interface AgentWork {
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'finished' | 'failed';
  agentSlug: string;
  agentName: string | null;
}

export async function getTimeline(
  client: GitHubClient,
  owner: string,
  repo: string,
  number: number,
): Promise<ApiTimelineEvent[]> {
  const res = await client.get<ApiTimelineEvent[]>('GET /repos/{owner}/{repo}/issues/{issue_number}/timeline', {
    owner,
    repo,
    issue_number: number,
    per_page: 100,
  });
  return Array.isArray(res.data) ? res.data : [];
}

/**
 * Pairs started/finished events of agents (the coding agent, and third-party agents that GitHub runs the same way;
 * never the code-review bot) into sessions, in time order.
 */
export function agentWorkFromTimeline(events: ApiTimelineEvent[]): AgentWork[] {
  const work: AgentWork[] = [];
  const sorted = events
    .filter((e) => e.event.startsWith('copilot_work_'))
    .filter((e) => (e.performed_via_github_app?.slug ?? AGENT_APP_SLUG) !== 'copilot-pull-request-reviewer')
    .sort((a, b) => Date.parse(a.created_at ?? '') - Date.parse(b.created_at ?? ''));
  for (const e of sorted) {
    if (e.event === 'copilot_work_started') {
      work.push({
        startedAt: e.created_at ?? '',
        finishedAt: null,
        outcome: 'running',
        agentSlug: e.performed_via_github_app?.slug ?? AGENT_APP_SLUG,
        agentName: e.performed_via_github_app?.name ?? null,
      });
    } else if (e.event === 'copilot_work_finished' || e.event === 'copilot_work_finished_failure') {
      const open = [...work].reverse().find((w) => w.outcome === 'running');
      if (!open) continue;
      open.finishedAt = e.created_at ?? null;
      open.outcome = e.event === 'copilot_work_finished' ? 'finished' : 'failed';
    }
  }
  return work;
}
