/** PR timelines: the coding agent's `copilot_work_*` events (the n-th started event ↔ the n-th session). */
import type { GitHubClient } from './client';
import { mapPool } from './pool';

const AGENT_APP_SLUG = 'copilot-swe-agent';

interface ApiTimelineEvent {
  event: string;
  created_at?: string;
  performed_via_github_app?: { slug?: string; name?: string } | null;
  actor?: { login: string } | null;
  /** `commented` events: the comment, its author and page. */
  body?: string | null;
  user?: { login?: string; type?: string } | null;
  html_url?: string;
}

export interface AgentWork {
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'finished' | 'failed';
  agentSlug: string;
  agentName: string | null;
}

/** Pages read at most per timeline (100 events each): the first page and the latest ones beyond that. */
const MAX_TIMELINE_PAGES = 10;

/** `rel="last"` page number of a `Link` header, 1 when there is none. */
function lastPageOf(link: string | undefined): number {
  const m = /<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link ?? '');
  return m ? Math.max(1, Number(m[1])) : 1;
}

/**
 * The whole timeline, oldest first: GitHub pages it by 100, so an agent PR with many commits or comments has its
 * latest `copilot_work_*` events on the last pages. Each page is a conditional request (a 304 costs nothing).
 */
export async function getTimeline(
  client: GitHubClient,
  owner: string,
  repo: string,
  number: number,
): Promise<ApiTimelineEvent[]> {
  const route = 'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline';
  const first = await client.get<ApiTimelineEvent[]>(route, { owner, repo, issue_number: number, per_page: 100 });
  const events = Array.isArray(first.data) ? [...first.data] : [];
  const last = lastPageOf(first.headers.link);
  if (last <= 1) return events;
  const from = Math.max(2, last - (MAX_TIMELINE_PAGES - 2));
  const pages = Array.from({ length: last - from + 1 }, (_, i) => from + i);
  const results = await mapPool(pages, 3, (page) =>
    client.get<ApiTimelineEvent[]>(route, { owner, repo, issue_number: number, per_page: 100, page }),
  );
  for (const r of results) {
    if (!r.ok) throw r.error;
    if (Array.isArray(r.value.data)) events.push(...r.value.data);
  }
  return events;
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
