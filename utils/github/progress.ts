/**
 * The public surfaces a running agent writes to, for the drawer's live view: the PR description (the agent's plan,
 * rewritten by each `report_progress`) and the commits it pushes to its branch. Every GET is conditional (the
 * client's ETag cache): an unchanged description or branch costs a 304.
 */
import type { GitHubClient } from './client';

interface PullBody {
  body: string;
  updatedAt: string | null;
}

export async function getPullBody(
  client: GitHubClient,
  owner: string,
  repo: string,
  number: number,
): Promise<PullBody> {
  const res = await client.get<{ body?: string | null; updated_at?: string | null }>(
    'GET /repos/{owner}/{repo}/pulls/{pull_number}',
    { owner, repo, pull_number: number },
  );
  return { body: typeof res.data.body === 'string' ? res.data.body : '', updatedAt: res.data.updated_at ?? null };
}

export interface ApiCommit {
  sha: string;
  html_url?: string;
  commit: { message: string; author?: { name?: string; date?: string } | null };
  author?: { login?: string } | null;
  stats?: { additions?: number; deletions?: number };
  files?: Array<{ filename: string; status: string; additions: number; deletions: number; patch?: string }>;
}

/** Commits on `branch` since `since` (ISO), newest first (one page: a session pushes a few). */
export async function listBranchCommits(
  client: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
  since: string,
): Promise<ApiCommit[]> {
  const res = await client.get<ApiCommit[]>('GET /repos/{owner}/{repo}/commits', {
    owner,
    repo,
    sha: branch,
    since,
    per_page: 30,
  });
  return Array.isArray(res.data) ? res.data : [];
}

/** One commit with its files and their patches (commits never change: fetched once). */
export async function getCommit(client: GitHubClient, owner: string, repo: string, sha: string): Promise<ApiCommit> {
  const res = await client.get<ApiCommit>(
    'GET /repos/{owner}/{repo}/commits/{ref}',
    { owner, repo, ref: sha },
    { conditional: false },
  );
  return res.data;
}
