/**
 * Other users' sessions on a PR: the repository's task list (every collaborator's tasks, conditional, reused for a
 * couple of minutes), the tasks on that PR in detail, mapped like the user's own. Read-only for the viewer.
 *
 * A page waits on this only when the viewer has no session of their own on the PR, so the requests run side by
 * side: the task list and the PR (its database id joins the two) together, then every matching task's details
 * together. Two round trips, where one after the other took five. The PR is asked for alongside the list only when
 * the repository may have other users' tasks on PRs (no list seen yet, or the last one had some): on repositories
 * without, the list alone settles it.
 *
 * It changes nothing it is given: what it learnt on the way (a PR it fetched, creators' logins) comes back as
 * `learnt`, for the engine to merge into its caches (joins.ts `withLearnt`); its own cache entries are replaced, never
 * edited.
 */
import { type ApiTask, getRepoTask, listRepoTasks } from '../github/agent-tasks';
import type { GitHubClient } from '../github/client';
import { mapPool } from '../github/pool';
import { getPull, type PullInfo } from '../github/pulls';
import type { RepoInfo } from '../github/repos';
import { type Learnt, prByDatabaseId, type SyncCaches, tasksToSessions } from '../sessions/joins';
import { pullArtifact } from '../sessions/map';
import type { Session } from '../sessions/model';
import { resolveLogins } from './logins';

interface OthersContext {
  client: GitHubClient;
  host: string;
  viewer: { id: number; login: string };
  /** The engine's persisted caches, read only (what is learnt comes back in `OthersFound.learnt`). */
  caches: Readonly<SyncCaches>;
  /** Task ids of the viewer's own sessions (left out: the viewer's list has them). */
  ownTaskIds: ReadonlySet<string>;
  /** The PR's database id when the viewer's own sessions already tell it. */
  prDatabaseId: number | null;
}

interface RepoEntry {
  readonly at: number;
  readonly tasks: readonly ApiTask[];
  /** Per PR number: the sessions found (valid while the list is). */
  readonly sessions: ReadonlyMap<number, Session[]>;
}

/** Other users' sessions on a PR, and what was learnt looking them up. */
export interface OthersFound {
  sessions: Session[];
  learnt: Pick<Learnt, 'prs' | 'logins'>;
}

const nothingLearnt = (): OthersFound['learnt'] => ({ prs: {}, logins: {} });

const MAX_REPOS = 30;
const MAX_DETAILS = 10;

export class OthersOnPr {
  private repos = new Map<string, RepoEntry>();
  private inflight = new Map<string, Promise<OthersFound>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** True when the repository's task list is recent enough to answer without a request. */
  isFresh(owner: string, repo: string): boolean {
    const entry = this.repos.get(keyOf(owner, repo));
    return !!entry && this.now() - entry.at <= this.ttlMs;
  }

  /** Other users' sessions on a PR as last looked up, without any request; null when never looked up. */
  cached(owner: string, repo: string, number: number): Session[] | null {
    return this.repos.get(keyOf(owner, repo))?.sessions.get(number) ?? null;
  }

  /** A session seen on some PR, by id. */
  find(id: string): Session | undefined {
    for (const entry of this.repos.values())
      for (const list of entry.sessions.values()) for (const s of list) if (s.id === id) return s;
    return undefined;
  }

  /** Every session seen on some PR (the published state carries those of watched PRs). */
  all(): Session[] {
    const out: Session[] = [];
    for (const entry of this.repos.values()) for (const list of entry.sessions.values()) out.push(...list);
    return out;
  }

  clear(): void {
    this.repos.clear();
    this.inflight.clear();
  }

  /** Other users' sessions on `owner/repo#number`; concurrent callers for the same PR share one lookup. */
  lookup(owner: string, repo: string, number: number, ctx: OthersContext): Promise<OthersFound> {
    const key = `${keyOf(owner, repo)}#${number}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.run(owner, repo, number, ctx).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async run(owner: string, repo: string, number: number, ctx: OthersContext): Promise<OthersFound> {
    const key = keyOf(owner, repo);
    let entry = this.repos.get(key);
    const fresh = !!entry && this.now() - entry.at <= this.ttlMs;
    const hit = fresh ? entry?.sessions.get(number) : undefined;
    if (hit) return { sessions: hit, learnt: nothingLearnt() };
    const learnt = nothingLearnt();

    let pr: PullInfo | null =
      prByDatabaseId(ctx.caches, ctx.prDatabaseId) ??
      Object.values(ctx.caches.prs).find((p) => p.repoFullName.toLowerCase() === key && p.number === number) ??
      null;
    const mayHaveOthers = !entry || entry.tasks.some((t) => isCandidate(t, ctx));
    // Settled into a value so that a failure nobody waits for (the list said "no one else") is not unhandled.
    const pullNow: Promise<PullInfo | Error> | null =
      !pr && mayHaveOthers
        ? fetchPull(ctx, owner, repo, number, learnt).catch((e: unknown) =>
            e instanceof Error ? e : new Error(String(e)),
          )
        : null;

    if (!fresh) {
      const res = await listRepoTasks(ctx.client, owner, repo);
      entry = {
        at: this.now(),
        tasks: Array.isArray(res.data.tasks) ? res.data.tasks : [],
        sessions: res.fromCache && entry ? entry.sessions : new Map(),
      };
      this.repos.delete(key);
      this.repos.set(key, entry);
      while (this.repos.size > MAX_REPOS) {
        const first = this.repos.keys().next().value;
        if (first === undefined) break;
        this.repos.delete(first);
      }
      const again = entry.sessions.get(number);
      if (again) return { sessions: again, learnt };
    }
    const current = entry as RepoEntry;

    const candidates = current.tasks.filter((t) => isCandidate(t, ctx));
    if (candidates.length === 0) {
      this.remember(key, current, number, []);
      return { sessions: [], learnt };
    }
    if (!pr) {
      const got = await (pullNow ?? fetchPull(ctx, owner, repo, number, learnt));
      if (got instanceof Error) throw got;
      pr = got;
    }
    const dbId = ctx.prDatabaseId ?? pr.databaseId;
    const onPr = candidates.filter((t) => pullArtifact(t)?.databaseId === dbId).slice(0, MAX_DETAILS);
    const details = await mapPool(onPr, 4, (t) => getRepoTask(ctx.client, owner, repo, t.id));
    const tasks: ApiTask[] = [];
    details.forEach((r, i) => {
      if (r.ok) tasks.push({ ...onPr[i]!, ...r.value.data });
    });

    // Every task here is in this repository: name it from the request (no lookup by id).
    const [o = owner, n = repo] = pr.repoFullName.split('/');
    const repos: Record<string, RepoInfo> = { ...ctx.caches.repos };
    for (const t of tasks) {
      const id = t.repository?.id;
      // Other users' sessions are read-only here whatever the viewer may push: canPush stays unknown.
      if (typeof id === 'number' && !repos[String(id)])
        repos[String(id)] = { id, owner: o, name: n, fullName: `${o}/${n}`, canPush: null, defaultBranch: null };
    }
    const sessions = tasksToSessions(
      tasks,
      {
        client: ctx.client,
        host: ctx.host,
        viewer: ctx.viewer,
        caches: { repos, prs: { ...ctx.caches.prs, ...learnt.prs } },
      },
      new Map(),
      false,
    ).map((s) => ({ ...s, canAct: s.creator.id === ctx.viewer.id && s.canAct }));
    let named = sessions;
    if (ctx.caches.logins) {
      const logins = { ...ctx.caches.logins };
      named = await resolveLogins(ctx.client, logins, sessions);
      for (const id in logins) if (!(id in ctx.caches.logins)) learnt.logins[id] = logins[id] as string;
    }
    this.remember(key, current, number, named);
    return { sessions: named, learnt };
  }

  /** A new entry with the PR's sessions (when the list it came from is still the repository's current one). */
  private remember(key: string, entry: RepoEntry, number: number, sessions: Session[]): void {
    if (this.repos.get(key) !== entry) return;
    this.repos.set(key, { ...entry, sessions: new Map(entry.sessions).set(number, sessions) });
  }
}

function keyOf(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}

/** A task of another user, on a PR. */
function isCandidate(t: ApiTask, ctx: Pick<OthersContext, 'ownTaskIds' | 'viewer'>): boolean {
  return !!pullArtifact(t) && !ctx.ownTaskIds.has(t.id) && t.creator?.id !== ctx.viewer.id;
}

/** The PR by number (conditional); learnt, for the PR cache the sessions are mapped with. */
async function fetchPull(
  ctx: OthersContext,
  owner: string,
  repo: string,
  number: number,
  learnt: OthersFound['learnt'],
): Promise<PullInfo> {
  const pr = await getPull(ctx.client, owner, repo, number);
  learnt.prs[pr.nodeId ?? `${pr.repoFullName}#${pr.number}`] = pr;
  return pr;
}
