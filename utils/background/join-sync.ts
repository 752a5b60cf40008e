/**
 * The Agent tasks sync with its joins: the task list (conditional), details only for tasks whose `updated_at` moved
 * (conditional), repository names by id (cached forever), PRs by node id (one GraphQL `nodes` query), Copilot API
 * extras (premium requests, workflow run id) where it answers, else the run by branch and time (run-join.ts), what a
 * waiting session asks (waiting-join.ts). A 304
 * on the list with nothing moved makes no other request. Inputs in, new data out: the caches are read, never
 * changed; what was learnt comes back in `learnt` (utils/sessions/joins.ts) for the engine to merge.
 */
import { type ApiTask, getTask, listTasks } from '../github/agent-tasks';
import type { GitHubClient } from '../github/client';
import { type CapiSession, CapiUnavailable, listCapiSessions } from '../github/copilot-api';
import { toAppError } from '../github/errors';
import { mapPool } from '../github/pool';
import { type PullInfo, pullByHead, pullsByNodeIds } from '../github/pulls';
import { getRepoById, type RepoInfo } from '../github/repos';
import { emptyLearnt, repoOfTask, type SyncCaches, type SyncResult, tasksToSessions } from '../sessions/joins';
import { branchArtifact, pullArtifact, withCapi } from '../sessions/map';
import { isRunning, type Session } from '../sessions/model';
import { keepKnownRuns } from '../sessions/runs';
import { resolveLogins } from './logins';
import { joinRuns } from './run-join';
import { joinWaiting } from './waiting-join';

interface SyncContext {
  client: GitHubClient;
  host: string;
  viewer: { id: number; login: string };
  /** Read only. */
  caches: Readonly<SyncCaches>;
  /** The sessions known before this sync (merged into, never dropped). */
  previous: readonly Session[];
}

/** The repositories these ids name that `known` lacks. Failures leave them unknown (retried next time). */
export async function resolveRepos(
  client: GitHubClient,
  known: Readonly<Record<string, RepoInfo>>,
  ids: number[],
): Promise<Record<string, RepoInfo>> {
  const missing = [...new Set(ids)].filter((id) => !known[String(id)]);
  const results = await mapPool(missing, 4, (id) => getRepoById(client, id));
  const found: Record<string, RepoInfo> = {};
  results.forEach((r, i) => {
    if (r.ok) found[String(missing[i])] = r.value;
  });
  return found;
}

/** The PRs of these tasks: node ids in one GraphQL query; tasks without a node id by head branch (REST). */
async function resolvePulls(
  client: GitHubClient,
  caches: Pick<SyncCaches, 'prs' | 'repos'>,
  tasks: ApiTask[],
): Promise<Record<string, PullInfo>> {
  const found: Record<string, PullInfo> = {};
  const nodeIds: string[] = [];
  const byHead: Array<{ task: ApiTask; repo: RepoInfo; head: string }> = [];
  for (const t of tasks) {
    const art = pullArtifact(t);
    if (!art) continue;
    if (art.nodeId) {
      nodeIds.push(art.nodeId);
      continue;
    }
    const repo = repoOfTask(t, caches);
    const head = t.sessions?.[0]?.head_ref ?? branchArtifact(t)?.headRef ?? null;
    if (repo && head) byHead.push({ task: t, repo, head });
  }
  if (nodeIds.length > 0) {
    try {
      for (const [id, pr] of await pullsByNodeIds(client, nodeIds)) found[id] = pr;
    } catch {
      // GraphQL unavailable: fall back to REST by branch below.
      for (const t of tasks) {
        const art = pullArtifact(t);
        const repo = repoOfTask(t, caches);
        const head = t.sessions?.[0]?.head_ref ?? branchArtifact(t)?.headRef ?? null;
        if (art?.nodeId && repo && head && !caches.prs[art.nodeId]) byHead.push({ task: t, repo, head });
      }
    }
  }
  const results = await mapPool(byHead, 4, ({ repo, head }) => pullByHead(client, repo.owner, repo.name, head));
  for (const r of results)
    if (r.ok && r.value) found[r.value.nodeId ?? `${r.value.repoFullName}#${r.value.number}`] = r.value;
  return found;
}

/** Copilot API extras; says the API refused (401/403/404) and moves on. */
async function fetchCapiExtras(
  client: GitHubClient,
  capi: SyncCaches['capi'],
): Promise<{ extras: Map<string, CapiSession>; refused: boolean }> {
  const extras = new Map<string, CapiSession>();
  if (!capi.available || !capi.api) return { extras, refused: false };
  try {
    for (const s of await listCapiSessions(client, capi.api)) if (s?.id) extras.set(s.id, s);
  } catch (e) {
    if (e instanceof CapiUnavailable) return { extras, refused: true };
  }
  return { extras, refused: false };
}

/**
 * One poll of the Agent tasks API. Throws (typed by toAppError) when the list itself fails; a 403/404 on it
 * surfaces as `not-available` so the caller can switch to the fallback.
 */
export async function syncAgentTasks(ctx: SyncContext): Promise<SyncResult> {
  const { client } = ctx;
  const learnt = emptyLearnt();
  // Archived tasks, for the popup's "Show archived": a second conditional request (a free 304 while nothing moves),
  // side by side with the first.
  const [list, archived] = await Promise.all([listTasks(client, 50), listTasks(client, 30, true).catch(() => null)]);
  const activeTasks = Array.isArray(list.data?.tasks) ? list.data.tasks : [];
  const activeIds = new Set(activeTasks.map((t) => t.id));
  const archivedTasks = (Array.isArray(archived?.data?.tasks) ? archived.data.tasks : []).filter(
    (t) => !activeIds.has(t.id),
  );
  const tasks = [...activeTasks, ...archivedTasks];
  const known = new Map<string, Session[]>();
  for (const s of ctx.previous)
    if (s.taskId && s.source === 'agent-tasks') known.set(s.taskId, [...(known.get(s.taskId) ?? []), s]);

  const moved = tasks.filter((t) => ctx.caches.tasks[t.id] !== (t.updated_at ?? t.created_at) || !known.has(t.id));
  const runningWithoutRun = ctx.previous.some((s) => isRunning(s.state) && s.runId == null);
  if (list.fromCache && (archived?.fromCache ?? true) && moved.length === 0)
    return { sessions: [...ctx.previous], changed: false, learnt };

  const detailResults = await mapPool(moved, 4, (t) => getTask(client, t.id));
  const details: ApiTask[] = [];
  let firstError: unknown = null;
  detailResults.forEach((r, i) => {
    const t = moved[i] as ApiTask;
    if (r.ok && r.value.data) {
      details.push({ ...t, ...r.value.data } as ApiTask);
      learnt.tasks[t.id] = t.updated_at ?? t.created_at;
    } else if (!r.ok) firstError ??= r.error;
  });
  if (details.length === 0 && firstError && toAppError(firstError).kind !== 'not-available') throw firstError;

  const repoIds = details
    .map((t) => t.repository?.id ?? t.sessions?.[0]?.repository?.id)
    .filter((x): x is number => typeof x === 'number');
  learnt.repos = await resolveRepos(client, ctx.caches.repos, repoIds);
  const repos = { ...ctx.caches.repos, ...learnt.repos };
  learnt.prs = await resolvePulls(client, { prs: ctx.caches.prs, repos }, details);
  const prs = { ...ctx.caches.prs, ...learnt.prs };
  let capi = new Map<string, CapiSession>();
  if (details.length > 0 || runningWithoutRun) {
    const extras = await fetchCapiExtras(client, ctx.caches.capi);
    capi = extras.extras;
    learnt.capiRefused = extras.refused;
  }

  const joined = { host: ctx.host, viewer: ctx.viewer, client, caches: { repos, prs } };
  const fresh = await joinWaiting(
    client,
    await joinRuns(
      client,
      ctx.host,
      keepKnownRuns(tasksToSessions(details, joined, capi, true), ctx.previous, ctx.host),
    ),
  );
  const freshTaskIds = new Set(details.map((t) => t.id));
  const byId = new Map<string, Session>();
  for (const s of ctx.previous) {
    if (s.taskId && freshTaskIds.has(s.taskId) && s.source === 'agent-tasks') continue;
    byId.set(s.id, capi.size > 0 ? withCapi(s, capi.get(s.id), ctx.host) : s);
  }
  // Sessions of the viewer's tasks started by someone else name them by id only: their login, once per id.
  let named = fresh;
  if (ctx.caches.logins) {
    const logins = { ...ctx.caches.logins };
    named = await resolveLogins(client, logins, fresh);
    for (const id in logins) if (!(id in ctx.caches.logins)) learnt.logins[id] = logins[id] as string;
  }
  for (const s of named) byId.set(s.id, s);
  return { sessions: [...byId.values()], changed: true, learnt };
}
