/**
 * The same Session model built without the Agent tasks API (403/404 there): the coding agent's PRs from search,
 * their timelines (n-th `copilot_work_started` ↔ n-th session) and the agent's Actions runs on the PR's head branch.
 * Sessions get the source 'timeline' and a stable synthetic id `tl-{prDatabaseId}-{n}`. Pure: the requests are in
 * utils/background/fallback-sync.ts.
 */
import type { ApiRun } from '../github/actions';
import { runLink } from '../github/links';
import type { PullInfo } from '../github/pulls';
import type { RepoInfo } from '../github/repos';
import type { AgentWork } from '../github/timeline';
import { pullRef, repoRef } from './map';
import { agentFromSlug, isRunning, type Session, type SessionState } from './model';
import { agentRunsByTime } from './runs';
import { sessionPageUrl } from './selectors';

function fallbackSessionId(pr: Pick<PullInfo, 'databaseId' | 'number' | 'repoFullName'>, n: number): string {
  return pr.databaseId != null
    ? `tl-${pr.databaseId}-${n}`
    : `tl-${pr.repoFullName.replace(/[^\w.-]/g, '-')}-${pr.number}-${n}`;
}

function stateFromWork(work: AgentWork, run: ApiRun | null): SessionState {
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
      agent: agentFromSlug(w.agentSlug, w.agentName),
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
