/** Repositories: names by id (`GET /repositories/{id}`, cached forever by the caller) and by name. */
import type { GitHubClient } from './client';

interface ApiRepo {
  id: number;
  name: string;
  full_name: string;
  owner: { login: string };
  private?: boolean;
  default_branch?: string;
  permissions?: { admin?: boolean; maintain?: boolean; push?: boolean; triage?: boolean; pull?: boolean };
}

export interface RepoInfo {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  /** The viewer can push (needed to stop a session); null when GitHub did not say. */
  canPush: boolean | null;
  defaultBranch: string | null;
}

function toRepoInfo(r: ApiRepo): RepoInfo {
  return {
    id: r.id,
    owner: r.owner.login,
    name: r.name,
    fullName: r.full_name,
    canPush: r.permissions ? !!(r.permissions.push || r.permissions.admin || r.permissions.maintain) : null,
    defaultBranch: r.default_branch ?? null,
  };
}

export async function getRepoById(client: GitHubClient, id: number): Promise<RepoInfo> {
  const res = await client.get<ApiRepo>('GET /repositories/{id}', { id }, { conditional: false });
  return toRepoInfo(res.data);
}

export async function getRepoByName(client: GitHubClient, owner: string, repo: string): Promise<RepoInfo> {
  const res = await client.get<ApiRepo>('GET /repos/{owner}/{repo}', { owner, repo });
  return toRepoInfo(res.data);
}
