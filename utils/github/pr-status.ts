/**
 * The state of agent PRs for the PR events (issue 16): open/merged/closed, the reviews of Copilot's code reviewer and
 * the head commit's combined checks, many PRs in one GraphQL `nodes(ids:)` query per batch of 50. GraphQL has no
 * conditional requests: each batch is one rate-limited request, so the caller keeps the cadence modest.
 */
import type { GitHubClient } from './client';
import { partialData } from './pulls';

/** `StatusState` of the head commit's `statusCheckRollup` (null: the commit has no checks or statuses). */
export type RollupState = 'SUCCESS' | 'FAILURE' | 'ERROR' | 'PENDING' | 'EXPECTED';

interface PrReview {
  id: string;
  state: string;
  submittedAt: string | null;
  url: string | null;
}

export interface PrStatus {
  nodeId: string;
  number: number;
  title: string;
  url: string;
  repoFullName: string;
  state: 'open' | 'closed' | 'merged';
  headOid: string | null;
  checks: RollupState | null;
  /** Submitted reviews by Copilot's code reviewer, oldest first. */
  copilotReviews: PrReview[];
}

/**
 * Copilot code review's reviewer: GraphQL names the bot `copilot-pull-request-reviewer`, REST names the review's user
 * `Copilot` (type Bot), and requests take `copilot-pull-request-reviewer[bot]` (docs/fidelity.md). Any of them counts.
 */
const COPILOT_REVIEWERS = new Set(['copilot-pull-request-reviewer', 'copilot-pull-request-reviewer[bot]', 'copilot']);

export function isCopilotReviewer(login: unknown): boolean {
  return typeof login === 'string' && COPILOT_REVIEWERS.has(login.toLowerCase());
}

const ROLLUP: ReadonlySet<string> = new Set(['SUCCESS', 'FAILURE', 'ERROR', 'PENDING', 'EXPECTED']);

const PR_STATUS_QUERY = `query($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on PullRequest {
      id number title url state
      repository { nameWithOwner }
      reviews(last: 20) { nodes { id state submittedAt url author { login } } }
      commits(last: 1) { nodes { commit { oid statusCheckRollup { state } } } }
    }
  }
}`;

interface GqlStatus {
  id: string;
  number: number;
  title?: string;
  url?: string;
  state?: string;
  repository?: { nameWithOwner?: string } | null;
  reviews?: {
    nodes?: Array<{
      id?: string;
      state?: string;
      submittedAt?: string | null;
      url?: string | null;
      author?: { login?: string } | null;
    } | null> | null;
  } | null;
  commits?: {
    nodes?: Array<{ commit?: { oid?: string; statusCheckRollup?: { state?: string } | null } | null } | null> | null;
  } | null;
}

export function parsePrStatus(n: GqlStatus | null): PrStatus | null {
  if (!n || typeof n.id !== 'string' || typeof n.number !== 'number') return null;
  const head = n.commits?.nodes?.at(-1)?.commit ?? null;
  const rollup = head?.statusCheckRollup?.state;
  const reviews: PrReview[] = [];
  for (const r of n.reviews?.nodes ?? []) {
    // PENDING is a draft review nobody else can see yet: not "done".
    if (!r || typeof r.id !== 'string' || !isCopilotReviewer(r.author?.login) || r.state === 'PENDING') continue;
    reviews.push({ id: r.id, state: String(r.state ?? ''), submittedAt: r.submittedAt ?? null, url: r.url ?? null });
  }
  return {
    nodeId: n.id,
    number: n.number,
    title: typeof n.title === 'string' ? n.title : '',
    url: typeof n.url === 'string' ? n.url : '',
    repoFullName: n.repository?.nameWithOwner ?? '',
    state: n.state === 'MERGED' ? 'merged' : n.state === 'CLOSED' ? 'closed' : 'open',
    headOid: typeof head?.oid === 'string' ? head.oid : null,
    checks: typeof rollup === 'string' && ROLLUP.has(rollup) ? (rollup as RollupState) : null,
    copilotReviews: reviews,
  };
}

const PR_STATUS_BATCH = 50;

/**
 * The PRs these node ids name, one query per batch of 50. An id that no longer resolves (a deleted PR) comes back
 * `null` with an `errors[]` entry: it is simply absent from the answer, the rest is kept. Other failures throw.
 */
export async function prStatusByNodeIds(client: GitHubClient, ids: string[]): Promise<Map<string, PrStatus>> {
  const out = new Map<string, PrStatus>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += PR_STATUS_BATCH) {
    const batch = unique.slice(i, i + PR_STATUS_BATCH);
    type Answer = { nodes: Array<GqlStatus | null> };
    const res = await client.graphql<Answer>(PR_STATUS_QUERY, { ids: batch }).catch((e: unknown) => {
      const data = partialData<Answer>(e);
      if (data && Array.isArray(data.nodes)) return data;
      throw e;
    });
    for (const n of res.nodes ?? []) {
      const s = parsePrStatus(n);
      if (s) out.set(s.nodeId, s);
    }
  }
  return out;
}
