/**
 * The same Session model built without the Agent tasks API (403/404 there): the coding agent's PRs from search,
 * their timelines (n-th `copilot_work_started` ↔ n-th session) and the agent's Actions runs on the PR's head branch.
 * Sessions get the source 'timeline' and a stable synthetic id `tl-{prDatabaseId}-{n}`.
 */
import { type ApiRun, listRuns } from '../github/actions';
import type { GitHubClient } from '../github/client';
import { runLink } from '../github/links';
import { mapPool } from '../github/pool';
import { getPull, type PullInfo } from '../github/pulls';
import { getRepoByName, type RepoInfo } from '../github/repos';
import { AGENT_PR_QUERY, type ApiSearchIssue, repoFromUrl } from '../github/search';
import { type AgentWork, agentWorkFromTimeline, getTimeline } from '../github/timeline';
import type { SyncCaches, SyncResult } from './joins';
import { pullRef, repoRef } from './map';
import { COPILOT_AGENT, isRunning, type Session, type SessionState } from './model';
import { agentRunsByTime } from './runs';
import { isLive, sessionPageUrl } from './selectors';

export interface FallbackContext {
  client: GitHubClient;
  host: string;
  viewer: { id: number; login: string };
  caches: SyncCaches & { fallbackPrs: Record<string, string> };
  previous: readonly Session[];
  maxPulls?: number;
}

export function fallbackSessionId(pr: Pick<PullInfo, 'databaseId' | 'number' | 'repoFullName'>, n: number): string {
  return pr.databaseId != null
    ? `tl-${pr.databaseId}-${n}`
    : `tl-${pr.repoFullName.replace(/[^\w.-]/g, '-')}-${pr.number}-${n}`;
}

export function stateFromWork(work: AgentWork, run: ApiRun | null): SessionState {
  if (work.outcome === 'running') {
    if (run?.status === 'completed') {
      if (run.conclusion === 'cancelled') return 'cancelled';
      if (run.conclusion === 'timed_out') return 'timed_out';
      if (run.conclusion === 'failure') return 'failed';
      return 'in_progress';
    }
    return run?.status === 'queued' || run?.status === 'pending' || run?.status === 'waiting'
      ? 'queued'
      : 'in_progress';
  }
  if (run?.conclusion === 'cancelled') return 'cancelled';
  if (run?.conclusion === 'timed_out') return 'timed_out';
  return work.outcome === 'failed' ? 'failed' : 'completed';
}

/** Pure: a PR's agent work (timeline) + the agent runs on its branch → sessions. */
export function sessionsFromPull(
  pr: PullInfo,
  repo: RepoInfo | null,
  work: AgentWork[],
  runs: ApiRun[],
  ctx: { host: string; webOrigin: string; viewer: { id: number; login: string }; creatorLogin: string | null },
): Session[] {
  const ordered = agentRunsByTime(runs, pr.headRef);
  const ref = repo ? repoRef(repo) : null;
  const [owner = '', name = ''] = pr.repoFullName.split('/');
  const r = ref ?? { id: null, owner, name, fullName: pr.repoFullName };
  return work.map((w, i) => {
    const run = ordered[i] ?? null;
    const id = fallbackSessionId(pr, i + 1);
    const state = stateFromWork(w, run);
    return {
      id,
      taskId: null,
      agent:
        w.agentSlug === COPILOT_AGENT.slug ? COPILOT_AGENT : { slug: w.agentSlug, name: w.agentName ?? w.agentSlug },
      repo: r,
      pr: pullRef(pr),
      title: i === 0 ? pr.title : (run?.name ?? `${pr.title} (follow-up ${i})`),
      prompt: null,
      state,
      createdAt: w.startedAt || run?.created_at || new Date(0).toISOString(),
      updatedAt: w.finishedAt ?? run?.updated_at ?? w.startedAt,
      completedAt: isRunning(state) ? null : (w.finishedAt ?? run?.updated_at ?? null),
      model: null,
      usage: null,
      error: state === 'failed' ? 'The agent reported a failure (see the log).' : null,
      headRef: pr.headRef,
      baseRef: null,
      runId: run?.id ?? null,
      creator: { id: ctx.viewer.id, login: ctx.creatorLogin ?? ctx.viewer.login },
      archived: false,
      source: 'timeline',
      canAct: repo?.canPush !== false,
      links: {
        pr: pr.url,
        session: sessionPageUrl(ctx.webOrigin, r, pr.number, id)
          ? `${ctx.webOrigin}/${pr.repoFullName}/pull/${pr.number}/agent-sessions`
          : null,
        run: run ? runLink(ctx.host, pr.repoFullName, run.id) : null,
      },
    } satisfies Session;
  });
}

async function repoByFullName(client: GitHubClient, caches: SyncCaches, fullName: string): Promise<RepoInfo | null> {
  const hit = Object.values(caches.repos).find((r) => r.fullName.toLowerCase() === fullName.toLowerCase());
  if (hit) return hit;
  const [owner, name] = fullName.split('/');
  if (!owner || !name) return null;
  try {
    const info = await getRepoByName(client, owner, name);
    caches.repos[String(info.id)] = info;
    return info;
  } catch {
    return null;
  }
}

/** One fallback poll. Only PRs whose `updated_at` moved (or with running sessions) are looked at again. */
export async function syncFallback(ctx: FallbackContext): Promise<SyncResult> {
  const { client, caches } = ctx;
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
  if (res.fromCache && todo.length === 0) return { sessions: [...ctx.previous], changed: false };

  const results = await mapPool(todo, 3, async (item) => {
    const fullName = repoFromUrl(item.repository_url);
    if (!fullName) return null;
    const [owner = '', name = ''] = fullName.split('/');
    const repo = await repoByFullName(client, caches, fullName);
    const pr = await getPull(client, owner, name, item.number);
    const work = agentWorkFromTimeline(await getTimeline(client, owner, name, item.number));
    const runs = pr.headRef ? await listRuns(client, owner, name, { event: 'dynamic', branch: pr.headRef }) : [];
    caches.fallbackPrs[`${fullName}#${item.number}`] = item.updated_at;
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
  return { sessions: [...byId.values()], changed: true };
}
