/**
 * The usage page's month of history (issue 16). The engine follows the viewer's 50 most recently updated tasks;
 * a month of work can hold many more. When the usage page asks, this pages through `GET /agents/tasks` (created
 * since 31 days ago, 100 a page, active and archived) and reads the details (sessions with state, times and
 * `usage`) of the tasks it has not seen end. Ended tasks never change, so their sessions are kept in storage and
 * never fetched again; repository names come from `GET /repositories/{id}`, kept too.
 *
 * Budget: nothing unless the usage page is open; at most one fetch per `minGapMs` (10 min); at most `maxPages`
 * list pages and `maxDetails` task details per fetch (150: 3% of the hourly 5,000, once) (the rest is read on the next one, and the page says how many
 * are still to come).
 */
import { browser } from 'wxt/browser';
import { type ApiTask, getTask, listTasksSince } from '../github/agent-tasks';
import type { GitHubClient } from '../github/client';
import { mapPool } from '../github/pool';
import { getRepoById } from '../github/repos';
import type { UsageHistory, UsageSession } from '../model/usage';
import { toState } from '../sessions/map';
import { isTerminal, type SessionState, type SessionUsage, usageFromApi } from '../sessions/model';

export interface HistoryStore {
  load(): Promise<unknown>;
  save(value: StoredHistory): Promise<void>;
}

interface StoredTask {
  /** `updated_at` of the task when its details were read. */
  updatedAt: string;
  ended: boolean;
  sessions: UsageSession[];
}

export interface StoredHistory {
  v: 1;
  /** Which account the history belongs to (`host/id`): another account starts afresh. */
  account: string;
  fetchedAt: string | null;
  tasks: Record<string, StoredTask>;
  repos: Record<string, string>;
}

const STORAGE_KEY = 'usageHistory';

/**
 * storage.local, key `usageHistory` (ended tasks' sessions, about 200 bytes each, at most `maxTasks` tasks);
 * another signed-in account's under `usageHistory:SLOT` (accounts.ts).
 */
export function createHistoryStore(key = STORAGE_KEY): HistoryStore {
  return {
    async load() {
      return (await browser.storage.local.get(key))[key];
    },
    async save(value) {
      await browser.storage.local.set({ [key]: value });
    },
  };
}

interface HistoryLimits {
  days: number;
  minGapMs: number;
  maxPages: number;
  maxDetails: number;
  maxTasks: number;
}

const HISTORY_LIMITS: HistoryLimits = {
  days: 31,
  minGapMs: 10 * 60_000,
  maxPages: 5,
  maxDetails: 150,
  maxTasks: 2000,
};

const empty = (account: string): StoredHistory => ({ v: 1, account, fetchedAt: null, tasks: {}, repos: {} });

function normalize(raw: unknown, account: string): StoredHistory {
  const r = raw as Partial<StoredHistory> | null;
  if (!r || r.v !== 1 || r.account !== account || typeof r.tasks !== 'object' || !r.tasks) return empty(account);
  return {
    v: 1,
    account,
    fetchedAt: typeof r.fetchedAt === 'string' ? r.fetchedAt : null,
    tasks: r.tasks,
    repos: r.repos && typeof r.repos === 'object' ? r.repos : {},
  };
}

function sessionsOf(task: ApiTask, repoName: string | null): UsageSession[] {
  return (task.sessions ?? []).map((s) => {
    const state: SessionState = toState(s.state, 'queued');
    const usage: SessionUsage | null = usageFromApi(s.usage);
    return {
      id: s.id,
      title: (s.name || task.name || 'Agent session').slice(0, 200),
      repo: repoName ? { fullName: repoName } : null,
      state,
      createdAt: s.created_at,
      updatedAt: s.updated_at ?? s.created_at,
      completedAt: s.completed_at ?? null,
      usage,
    };
  });
}

export class UsageHistoryService {
  private data: StoredHistory | null = null;
  private running: Promise<UsageHistory> | null = null;

  constructor(
    private readonly store: HistoryStore,
    private readonly now: () => number,
    private readonly limits: HistoryLimits = HISTORY_LIMITS,
  ) {}

  /** Forgets everything (sign-out, another account). */
  async clear(): Promise<void> {
    this.data = null;
    await this.store.save(empty('')).catch(() => {});
  }

  /**
   * The history for `account`, fetched from GitHub when the last fetch is older than `minGapMs` (one fetch at a
   * time; callers during a fetch share it). With no client (signed out) the stored history is answered as it is.
   */
  get(client: GitHubClient | null, account: string): Promise<UsageHistory> {
    if (this.running) return this.running;
    this.running = this.load(client, account).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async load(client: GitHubClient | null, account: string): Promise<UsageHistory> {
    if (!this.data || this.data.account !== account)
      this.data = normalize(await this.store.load().catch(() => null), account);
    const data = this.data;
    const last = data.fetchedAt ? Date.parse(data.fetchedAt) : 0;
    let error: string | null = null;
    let pending = 0;
    if (client && this.now() - last >= this.limits.minGapMs) {
      try {
        pending = await this.fetch(client, data);
        data.fetchedAt = new Date(this.now()).toISOString();
        this.prune(data);
        await this.store.save(data).catch(() => {});
      } catch (e) {
        error =
          e && typeof e === 'object' && 'message' in e && typeof e.message === 'string'
            ? e.message
            : 'GitHub did not answer.';
      }
    }
    return this.answer(data, pending, error);
  }

  private async fetch(client: GitHubClient, data: StoredHistory): Promise<number> {
    const since = new Date(this.now() - this.limits.days * 86_400_000).toISOString();
    const listed: ApiTask[] = [];
    for (const archived of [false, true]) {
      for (let page = 1; page <= this.limits.maxPages; page++) {
        const res = await listTasksSince(client, { since, page, archived });
        const tasks = Array.isArray(res.data?.tasks) ? res.data.tasks : [];
        listed.push(...tasks);
        if (tasks.length < 100) break;
      }
    }
    const todo = listed.filter((t) => {
      const known = data.tasks[t.id];
      return !known || (!known.ended && known.updatedAt !== (t.updated_at ?? t.created_at));
    });
    const batch = todo.slice(0, this.limits.maxDetails);
    const details = await mapPool(batch, 4, (t) => getTask(client, t.id));
    const repoIds = new Set<number>();
    const read: ApiTask[] = [];
    details.forEach((r, i) => {
      if (!r.ok || !r.value.data) return;
      const t = { ...(batch[i] as ApiTask), ...r.value.data } as ApiTask;
      read.push(t);
      const id = t.repository?.id ?? t.sessions?.[0]?.repository?.id;
      if (typeof id === 'number' && !data.repos[String(id)]) repoIds.add(id);
    });
    const named = await mapPool([...repoIds], 4, (id) => getRepoById(client, id));
    [...repoIds].forEach((id, i) => {
      const r = named[i];
      if (r?.ok) data.repos[String(id)] = r.value.fullName;
    });
    for (const t of read) {
      const id = t.repository?.id ?? t.sessions?.[0]?.repository?.id;
      const sessions = sessionsOf(t, typeof id === 'number' ? (data.repos[String(id)] ?? null) : null);
      data.tasks[t.id] = {
        updatedAt: t.updated_at ?? t.created_at,
        ended: sessions.length > 0 && sessions.every((s) => isTerminal(s.state)),
        sessions,
      };
    }
    return todo.length - batch.length;
  }

  /** Drops what is older than the window and keeps at most `maxTasks` (the newest). */
  private prune(data: StoredHistory): void {
    const cutoff = this.now() - (this.limits.days + 1) * 86_400_000;
    const entries = Object.entries(data.tasks)
      .map(([id, t]) => [id, t, Math.max(0, ...t.sessions.map((s) => Date.parse(s.createdAt) || 0))] as const)
      .filter(([, , created]) => created >= cutoff)
      .sort((a, b) => b[2] - a[2])
      .slice(0, this.limits.maxTasks);
    data.tasks = Object.fromEntries(entries.map(([id, t]) => [id, t]));
  }

  private answer(data: StoredHistory, pending: number, error: string | null): UsageHistory {
    return {
      sessions: Object.values(data.tasks).flatMap((t) => t.sessions),
      fetchedAt: data.fetchedAt,
      pending,
      error,
    };
  }
}
