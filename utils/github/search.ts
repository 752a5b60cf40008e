/** Search: the query for the coding agent's PRs involving the viewer and its answer (the fallback reads them). */
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

/** `https://api.github.com/repos/o/r` → `o/r`. */
export function repoFromUrl(url: string): string | null {
  const m = /\/repos\/([^/]+)\/([^/]+)$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : null;
}
