/**
 * The joins of a sync, pure: the caches a sync reads (tasks seen, repositories, PRs, the Copilot API probe, logins),
 * what it learnt (new entries only, merged by the engine into its saved data), and tasks → sessions with their
 * repository and PR joined from the caches. The I/O that fills them lives in utils/background/join-sync.ts.
 */
import type { ApiTask } from '../github/agent-tasks';
import type { CapiSession } from '../github/copilot-api';
import type { PullInfo } from '../github/pulls';
import type { RepoInfo } from '../github/repos';
import { pullArtifact, sessionToModel } from './map';
import type { Session } from './model';

export interface SyncCaches {
  tasks: Record<string, string>;
  repos: Record<string, RepoInfo>;
  prs: Record<string, PullInfo>;
  /** The Copilot API as last probed: `checkedAt` dates the probe (a refusal is re-probed after CAPI_REPROBE_MS). */
  capi: { api: string | null; available: boolean | null; login: string | null; checkedAt?: string | null };
  /** User id → login (creators come as `{id}` only). */
  logins?: Record<string, string>;
  /** Fallback source: `o/r#n` → PR updated_at when last processed. */
  fallbackPrs?: Record<string, string>;
}

/** What one sync learnt: only new or changed entries (never a copy of the caches it read). */
export interface Learnt {
  tasks: Record<string, string>;
  repos: Record<string, RepoInfo>;
  prs: Record<string, PullInfo>;
  logins: Record<string, string>;
  fallbackPrs: Record<string, string>;
  /** The Copilot API refused during the sync: it is unavailable until re-probed. */
  capiRefused: boolean;
}

export function emptyLearnt(): Learnt {
  return { tasks: {}, repos: {}, prs: {}, logins: {}, fallbackPrs: {}, capiRefused: false };
}

type RecordKey = 'tasks' | 'repos' | 'prs' | 'logins' | 'fallbackPrs';
const RECORDS: readonly RecordKey[] = ['tasks', 'repos', 'prs', 'logins', 'fallbackPrs'];

/** The caches with what a sync learnt merged in (new objects where something was learnt; the input is not changed). */
export function withLearnt<C extends Required<SyncCaches>>(caches: C, learnt: Learnt): C {
  const out = { ...caches };
  for (const k of RECORDS) {
    const add = learnt[k];
    for (const _ in add) {
      (out as Record<RecordKey, unknown>)[k] = { ...caches[k], ...add };
      break;
    }
  }
  if (learnt.capiRefused) out.capi = { ...caches.capi, available: false, checkedAt: null };
  return out;
}

export interface SyncResult {
  sessions: Session[];
  /** True when anything was fetched beyond 304s. */
  changed: boolean;
  learnt: Learnt;
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

function prOfTask(t: ApiTask, caches: Pick<SyncCaches, 'prs'>): PullInfo | null {
  const art = pullArtifact(t);
  if (!art) return null;
  return (art.nodeId ? caches.prs[art.nodeId] : null) ?? prByDatabaseId(caches, art.databaseId);
}

/** Maps detailed tasks into sessions with everything joined from the caches. */
export function tasksToSessions(
  tasks: ApiTask[],
  ctx: {
    host: string;
    viewer: { id: number; login: string };
    caches: Pick<SyncCaches, 'repos' | 'prs'>;
    /** Only the web origin of the API client (its links). */
    client: { webOrigin: string };
  },
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
