/** Pull requests: many at once through GraphQL `nodes(ids:)`, REST fallbacks by number or by head branch. */
import type { PullRef } from '../sessions/model';
import type { GitHubClient } from './client';

export interface PullInfo extends PullRef {
  repoFullName: string;
  headRef: string | null;
}

const NODES_QUERY = `query($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on PullRequest {
      id fullDatabaseId number title state isDraft url headRefName
      repository { nameWithOwner }
    }
  }
}`;

interface GqlPull {
  id: string;
  /** BigInt, sent as a string (`databaseId` is deprecated: it cannot hold ids above 2^31). */
  fullDatabaseId: string | number | null;
  number: number;
  title: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  isDraft: boolean;
  url: string;
  headRefName?: string;
  repository: { nameWithOwner: string };
}

/** A GraphQL answer with `errors[]` beside `data` (@octokit/graphql's GraphqlResponseError) → its data. */
export function partialData<T>(e: unknown): T | null {
  const err = e as { name?: string; data?: unknown; errors?: unknown } | null;
  if (err && Array.isArray(err.errors) && err.data && typeof err.data === 'object') return err.data as T;
  return null;
}

function bigId(v: unknown): number | null {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * Resolves PR node ids in batches of 50 (GraphQL's node limit is 100). An id that no longer resolves (a deleted
 * PR) comes back as `null` plus an `errors[]` entry: the rest of the answer is kept, the id is simply absent.
 */
export async function pullsByNodeIds(client: GitHubClient, ids: string[]): Promise<Map<string, PullInfo>> {
  const out = new Map<string, PullInfo>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 50) {
    const batch = unique.slice(i, i + 50);
    type Answer = { nodes: Array<GqlPull | null> };
    const res = await client.graphql<Answer>(NODES_QUERY, { ids: batch }).catch((e: unknown) => {
      const data = partialData<Answer>(e);
      if (data && Array.isArray(data.nodes)) return data;
      throw e;
    });
    for (const n of res.nodes ?? []) {
      if (!n || typeof n.number !== 'number') continue;
      out.set(n.id, {
        number: n.number,
        title: n.title,
        state: n.state === 'MERGED' ? 'merged' : n.state === 'CLOSED' ? 'closed' : 'open',
        draft: !!n.isDraft,
        url: n.url,
        databaseId: bigId(n.fullDatabaseId),
        nodeId: n.id,
        repoFullName: n.repository.nameWithOwner,
        headRef: n.headRefName ?? null,
      });
    }
  }
  return out;
}

interface ApiPull {
  id: number;
  node_id: string;
  number: number;
  title: string;
  state: 'open' | 'closed';
  draft?: boolean;
  merged_at?: string | null;
  html_url: string;
  head: { ref: string };
  base: { ref: string; repo?: { full_name: string } };
  user?: { login: string; type?: string } | null;
  created_at?: string;
}

function fromRestPull(p: ApiPull, repoFullName: string): PullInfo {
  return {
    number: p.number,
    title: p.title,
    state: p.merged_at ? 'merged' : p.state,
    draft: !!p.draft,
    url: p.html_url,
    databaseId: p.id,
    nodeId: p.node_id,
    repoFullName,
    headRef: p.head?.ref ?? null,
  };
}

export async function getPull(client: GitHubClient, owner: string, repo: string, number: number): Promise<PullInfo> {
  const res = await client.get<ApiPull>('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
    owner,
    repo,
    pull_number: number,
  });
  // The repository's own spelling of its name when GitHub gives it (the page's URL may differ in case).
  return fromRestPull(res.data, res.data.base?.repo?.full_name ?? `${owner}/${repo}`);
}

/** REST fallback when an artifact has no node id: the PR whose head is the session's branch. */
export async function pullByHead(
  client: GitHubClient,
  owner: string,
  repo: string,
  headRef: string,
): Promise<PullInfo | null> {
  const res = await client.get<ApiPull[]>('GET /repos/{owner}/{repo}/pulls', {
    owner,
    repo,
    head: `${owner}:${headRef}`,
    state: 'all',
    per_page: 5,
  });
  const p = res.data[0];
  return p ? fromRestPull(p, `${owner}/${repo}`) : null;
}
