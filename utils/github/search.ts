/** Search: the coding agent's PRs involving the viewer (fallback when the Agent tasks API is unavailable). */
import type { GitHubClient } from './client';

export interface ApiSearchIssue {
  id: number;
  node_id: string;
  number: number;
  title: string;
  state: 'open' | 'closed';
  draft?: boolean;
  html_url: string;
  repository_url: string;
  updated_at: string;
  created_at: string;
  user?: { login: string } | null;
  pull_request?: { merged_at?: string | null; html_url?: string } | null;
}

export const AGENT_PR_QUERY = 'is:pr author:app/copilot-swe-agent involves:@me';

export async function searchAgentPulls(client: GitHubClient, perPage = 50): Promise<ApiSearchIssue[]> {
  const res = await client.get<{ items: ApiSearchIssue[] }>('GET /search/issues', {
    q: AGENT_PR_QUERY,
    sort: 'updated',
    order: 'desc',
    per_page: perPage,
  });
  return (res.data.items ?? []).filter((i) => i.pull_request);
}

/** `https://api.github.com/repos/o/r` → `o/r`. */
export function repoFromUrl(url: string): string | null {
  const m = /\/repos\/([^/]+)\/([^/]+)$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : null;
}
