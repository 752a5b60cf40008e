/**
 * The fallback sync (no Agent tasks API): the coding agent's PRs from search, their timelines and the agent's runs
 * on each PR's branch, turned into sessions by utils/sessions/fallback.ts. Only PRs whose `updated_at` moved (or
 * with running sessions) are read again. Inputs in, new data out: the caches are read, what was learnt is returned.
 */
import { listRuns } from '../github/actions';
import type { GitHubClient } from '../github/client';
import { mapPool } from '../github/pool';
import { getPull } from '../github/pulls';
import { getRepoByName, type RepoInfo } from '../github/repos';
import { AGENT_PR_QUERY, type ApiSearchIssue, repoFromUrl } from '../github/search';
import { agentWorkFromTimeline, getTimeline } from '../github/timeline';
import { sessionsFromPull } from '../sessions/fallback';
import { emptyLearnt, type Learnt, type SyncCaches, type SyncResult } from '../sessions/joins';
import type { Session } from '../sessions/model';
import { isLive } from '../sessions/selectors';

interface FallbackContext {
  client: GitHubClient;
  host: string;
  viewer: { id: number; login: string };
  /** Read only. */
  caches: Readonly<SyncCaches> & { fallbackPrs: Readonly<Record<string, string>> };
  previous: readonly Session[];
  maxPulls?: number;
}

async function repoByFullName(
  client: GitHubClient,
  caches: Readonly<SyncCaches>,
  learnt: Learnt,
  fullName: string,
): Promise<RepoInfo | null> {
  const named = (r: RepoInfo) => r.fullName.toLowerCase() === fullName.toLowerCase();
  const hit = Object.values(caches.repos).find(named) ?? Object.values(learnt.repos).find(named);
  if (hit) return hit;
  const [owner, name] = fullName.split('/');
  if (!owner || !name) return null;
  try {
    const info = await getRepoByName(client, owner, name);
    learnt.repos[String(info.id)] = info;
    return info;
  } catch {
    return null;
  }
}

/** One fallback poll. Only PRs whose `updated_at` moved (or with running sessions) are looked at again. */
export async function syncFallback(ctx: FallbackContext): Promise<SyncResult> {
  const { client, caches } = ctx;
  const learnt = emptyLearnt();
  const res = await client.get<{ items: ApiSearchIssue[] }>('GET /search/issues', {
    q: AGENT_PR_QUERY,
    sort: 'updated',
    order: 'desc',
    per_page: ctx.maxPulls ?? 30,
  });
  const items = (res.data.items ?? []).filter((i) => i.pull_request);
  const prev = new Map<string, Session[]>();
  for (const s of ctx.previous) {
    if (s.source !== 'timeline' || !s.repo || !s.pr) continue;
    const key = `${s.repo.fullName}#${s.pr.number}`;
    prev.set(key, [...(prev.get(key) ?? []), s]);
  }
  const todo = items.filter((i) => {
    const key = `${repoFromUrl(i.repository_url)}#${i.number}`;
    const running = (prev.get(key) ?? []).some((s) => isLive(s.state));
    return running || caches.fallbackPrs[key] !== i.updated_at || !prev.has(key);
  });
  if (res.fromCache && todo.length === 0) return { sessions: [...ctx.previous], changed: false, learnt };

  const results = await mapPool(todo, 3, async (item) => {
    const fullName = repoFromUrl(item.repository_url);
    if (!fullName) return null;
    const [owner = '', name = ''] = fullName.split('/');
    const repo = await repoByFullName(client, caches, learnt, fullName);
    const pr = await getPull(client, owner, name, item.number);
    const work = agentWorkFromTimeline(await getTimeline(client, owner, name, item.number));
    const runs = pr.headRef ? await listRuns(client, owner, name, { event: 'dynamic', branch: pr.headRef }) : [];
    learnt.fallbackPrs[`${fullName}#${item.number}`] = item.updated_at;
    return sessionsFromPull(pr, repo, work, runs, {
      host: ctx.host,
      webOrigin: client.webOrigin,
      viewer: ctx.viewer,
      creatorLogin: null,
    });
  });
  const byId = new Map<string, Session>();
  for (const s of ctx.previous) byId.set(s.id, s);
  for (const r of results) if (r.ok && r.value) for (const s of r.value) byId.set(s.id, s);
  return { sessions: [...byId.values()], changed: true, learnt };
}
