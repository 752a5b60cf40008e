/**
 * The Agent tasks sync with its joins: the task list (conditional), details only for tasks whose `updated_at` moved
 * (conditional), repository names by id (cached forever), PRs by node id (one GraphQL `nodes` query), Copilot API
 * extras (premium requests, workflow run id) where it answers, else the run by branch and time (run-join.ts). A 304 on the list with nothing moved makes no other request.
 */
import { type ApiTask, getTask, listTasks } from '../github/agent-tasks';
import type { GitHubClient } from '../github/client';
import { type CapiSession, CapiUnavailable, listCapiSessions } from '../github/copilot-api';
import { toAppError } from '../github/errors';
import { mapPool } from '../github/pool';
import { type PullInfo, pullByHead, pullsByNodeIds } from '../github/pulls';
import { getRepoById, type RepoInfo } from '../github/repos';
import { resolveLogins } from './logins';
import { branchArtifact, pullArtifact, sessionToModel, withCapi } from './map';
import { isRunning, type Session } from './model';
import { joinRuns, keepKnownRuns } from './run-join';

export interface SyncCaches {
  tasks: Record<string, string>;
  repos: Record<string, RepoInfo>;
  prs: Record<string, PullInfo>;
  /** The Copilot API as last probed: `checkedAt` dates the probe (a refusal is re-probed after CAPI_REPROBE_MS). */
  capi: { api: string | null; available: boolean | null; login: string | null; checkedAt?: string | null };
  /** User id → login (creators come as `{id}` only). */
  logins?: Record<string, string>;
}

export interface SyncContext {
  client: GitHubClient;
  host: string;
  viewer: { id: number; login: string };
  caches: SyncCaches;
  /** The sessions known before this sync (merged into, never dropped). */
  previous: readonly Session[];
}

export interface SyncResult {
  sessions: Session[];
  /** True when anything was fetched beyond 304s. */
  changed: boolean;
}

/** Resolves and caches the repositories these ids name. Failures leave them unknown (retried next time). */
export async function resolveRepos(
  client: GitHubClient,
  caches: Pick<SyncCaches, 'repos'>,
  ids: number[],
): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !caches.repos[String(id)]);
  const results = await mapPool(missing, 4, (id) => getRepoById(client, id));
  results.forEach((r, i) => {
    if (r.ok) caches.repos[String(missing[i])] = r.value;
  });
}

/** Resolves PRs of these tasks: node ids in one GraphQL query; tasks without a node id by head branch (REST). */
export async function resolvePulls(
  client: GitHubClient,
  caches: Pick<SyncCaches, 'prs' | 'repos'>,
  tasks: ApiTask[],
  refresh: boolean,
): Promise<void> {
  const nodeIds: string[] = [];
  const byHead: Array<{ task: ApiTask; repo: RepoInfo; head: string }> = [];
  for (const t of tasks) {
    const art = pullArtifact(t);
    if (!art) continue;
    if (art.nodeId) {
      if (refresh || !caches.prs[art.nodeId]) nodeIds.push(art.nodeId);
      continue;
    }
    const repo = repoOfTask(t, caches);
    const head = t.sessions?.[0]?.head_ref ?? branchArtifact(t)?.headRef ?? null;
    if (repo && head && (refresh || !prByDatabaseId(caches, art.databaseId))) byHead.push({ task: t, repo, head });
  }
  if (nodeIds.length > 0) {
    try {
      const found = await pullsByNodeIds(client, nodeIds);
      for (const [id, pr] of found) caches.prs[id] = pr;
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
  results.forEach((r, i) => {
    if (r.ok && r.value) caches.prs[r.value.nodeId ?? `${r.value.repoFullName}#${r.value.number}`] = r.value;
    void i;
  });
}

export function prByDatabaseId(caches: Pick<SyncCaches, 'prs'>, id: number | null): PullInfo | null {
  if (id == null) return null;
  for (const p of Object.values(caches.prs)) if (p.databaseId === id) return p;
  return null;
}

export function repoOfTask(t: ApiTask, caches: Pick<SyncCaches, 'repos'>): RepoInfo | null {
  const id = t.repository?.id ?? t.sessions?.[0]?.repository?.id;
  return id != null ? (caches.repos[String(id)] ?? null) : null;
}

export function prOfTask(t: ApiTask, caches: Pick<SyncCaches, 'prs'>): PullInfo | null {
  const art = pullArtifact(t);
  if (!art) return null;
  return (art.nodeId ? caches.prs[art.nodeId] : null) ?? prByDatabaseId(caches, art.databaseId);
}

/** Maps detailed tasks into sessions with everything joined from the caches. */
export function tasksToSessions(
  tasks: ApiTask[],
  ctx: Pick<SyncContext, 'host' | 'viewer' | 'caches' | 'client'>,
  capi: Map<string, CapiSession>,
  ownList: boolean,
): Session[] {
  const out: Session[] = [];
  for (const t of tasks) {
    const repo = repoOfTask(t, ctx.caches);
    const pr = prOfTask(t, ctx.caches);
    for (const s of t.sessions ?? []) {
      out.push(
        sessionToModel(t, s, {
          host: ctx.host,
          webOrigin: ctx.client.webOrigin,
          viewerId: ctx.viewer.id,
          viewerLogin: ctx.viewer.login,
          repo,
          pr,
          capi: capi.get(s.id) ?? null,
          ownList,
        }),
      );
    }
  }
  return out;
}

/** Copilot API extras; marks the API unavailable on 401/403/404 and moves on. */
export async function fetchCapiExtras(
  client: GitHubClient,
  caches: Pick<SyncCaches, 'capi'>,
): Promise<Map<string, CapiSession>> {
  const map = new Map<string, CapiSession>();
  if (!caches.capi.available || !caches.capi.api) return map;
  try {
    for (const s of await listCapiSessions(client, caches.capi.api)) if (s?.id) map.set(s.id, s);
  } catch (e) {
    if (e instanceof CapiUnavailable) {
      caches.capi.available = false;
      caches.capi.checkedAt = null;
    }
  }
  return map;
}

/**
 * One poll of the Agent tasks API. Throws (typed by toAppError) when the list itself fails; a 403/404 on it
 * surfaces as `not-available` so the caller can switch to the fallback.
 */
export async function syncAgentTasks(ctx: SyncContext): Promise<SyncResult> {
  const { client, caches } = ctx;
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

  const moved = tasks.filter((t) => caches.tasks[t.id] !== (t.updated_at ?? t.created_at) || !known.has(t.id));
  const runningWithoutRun = ctx.previous.some((s) => isRunning(s.state) && s.runId == null);
  if (list.fromCache && (archived?.fromCache ?? true) && moved.length === 0)
    return { sessions: [...ctx.previous], changed: false };

  const detailResults = await mapPool(moved, 4, (t) => getTask(client, t.id));
  const details: ApiTask[] = [];
  let firstError: unknown = null;
  detailResults.forEach((r, i) => {
    const t = moved[i] as ApiTask;
    if (r.ok && r.value.data) {
      const detail = { ...t, ...r.value.data } as ApiTask;
      details.push(detail);
      caches.tasks[t.id] = t.updated_at ?? t.created_at;
    } else if (!r.ok) firstError ??= r.error;
  });
  if (details.length === 0 && firstError && toAppError(firstError).kind !== 'not-available') throw firstError;

  await resolveRepos(
    client,
    caches,
    details
      .map((t) => t.repository?.id ?? t.sessions?.[0]?.repository?.id)
      .filter((x): x is number => typeof x === 'number'),
  );
  await resolvePulls(client, caches, details, true);
  const capi =
    details.length > 0 || runningWithoutRun ? await fetchCapiExtras(client, caches) : new Map<string, CapiSession>();

  const fresh = await joinRuns(
    client,
    ctx.host,
    keepKnownRuns(tasksToSessions(details, { ...ctx }, capi, true), ctx.previous, ctx.host),
  );
  const freshTaskIds = new Set(details.map((t) => t.id));
  const byId = new Map<string, Session>();
  for (const s of ctx.previous) {
    if (s.taskId && freshTaskIds.has(s.taskId) && s.source === 'agent-tasks') continue;
    byId.set(s.id, capi.size > 0 ? withCapi(s, capi.get(s.id), ctx.host) : s);
  }
  // Sessions of the viewer's tasks started by someone else name them by id only: their login, once per id.
  const named = caches.logins ? await resolveLogins(client, caches.logins, fresh) : fresh;
  for (const s of named) byId.set(s.id, s);
  return { sessions: [...byId.values()], changed: true };
}
