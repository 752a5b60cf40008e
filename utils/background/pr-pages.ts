/**
 * Other users' sessions on the PR pages views show (looked up in others.ts when a page starts showing a PR; the
 * publisher pushes them in the watched slices). A page's lookups are rate-limited per tab (page-budget.ts).
 */
import type { GitHubClient } from '../github/client';
import { isTerminal, type Session } from '../sessions/model';
import { sessionsOfPr } from '../sessions/selectors';
import { type OthersFound, OthersOnPr } from './others';
import { PageBudget } from './page-budget';
import type { EngineData } from './store';

interface PrPagesHost {
  data(): EngineData;
  client(): GitHubClient | null;
  refresh(reason: 'page'): Promise<void>;
  /** What a lookup learnt (PRs, creators' logins), for the engine's caches. */
  learn(learnt: OthersFound['learnt']): void;
}

export class PrPages {
  private readonly others: OthersOnPr;
  private readonly pageBudget: PageBudget;

  constructor(
    private readonly host: PrPagesHost,
    repoTasksTtlMs: number,
    now: () => number,
  ) {
    this.others = new OthersOnPr(repoTasksTtlMs, now);
    this.pageBudget = new PageBudget(now);
  }

  /** Another user's session seen on a PR page. */
  findOther(id: string): Session | undefined {
    return this.others.find(id);
  }

  /** Every other user's session seen on PR pages (published to the views watching their PRs). */
  allOthers(): Session[] {
    return this.others.all();
  }

  clear(): void {
    this.others.clear();
  }

  /**
   * A page started showing `owner/repo#number`: other users' sessions on it, looked up (the publisher pushes them),
   * and a sync. A page over its budget (pushState spam) costs no API request: what is known is what it gets.
   */
  async lookUp(owner: string, repo: string, number: number, tabId?: number): Promise<void> {
    if (tabId !== undefined && !this.pageBudget.take(tabId)) return;
    const data = this.host.data();
    if (!this.host.client() || !data.auth) return;
    void this.host.refresh('page');
    const own = sessionsOfPr(data.sessions, { owner, repo, number });
    await this.othersOnPr(owner, repo, number, own).catch(() => []);
  }

  /**
   * After a sync: the PR pages shown (`owner/repo#n`) where another user's session is still running are looked up
   * again (the repository's task list is asked again only once its TTL passed, conditionally). True when any was.
   */
  async follow(keys: readonly string[]): Promise<boolean> {
    const runs: Promise<unknown>[] = [];
    for (const key of keys) {
      const m = /^([^/]+)\/([^#]+)#(\d+)$/.exec(key);
      if (!m) continue;
      const [owner, repo, number] = [m[1]!, m[2]!, Number(m[3])];
      if (!this.others.cached(owner, repo, number)?.some((s) => !isTerminal(s.state))) continue;
      const own = sessionsOfPr(this.host.data().sessions, { owner, repo, number });
      runs.push(this.othersOnPr(owner, repo, number, own).catch(() => []));
    }
    await Promise.all(runs);
    return runs.length > 0;
  }

  /** Other users' sessions on a PR (others.ts); none in fallback mode, where only the viewer's runs are known. */
  private othersOnPr(owner: string, repo: string, number: number, own: Session[]): Promise<Session[]> {
    const client = this.host.client();
    const data = this.host.data();
    const auth = data.auth;
    if (!client || !auth || data.source === 'fallback') return Promise.resolve([]);
    const found = this.others.lookup(owner, repo, number, {
      client,
      host: auth.host,
      viewer: { id: auth.id, login: auth.login },
      caches: data,
      ownTaskIds: new Set(data.sessions.map((s) => s.taskId).filter((id): id is string => !!id)),
      prDatabaseId: own.find((s) => s.pr?.databaseId != null)?.pr?.databaseId ?? null,
    });
    return found.then(({ sessions, learnt }) => {
      this.host.learn(learnt);
      return sessions;
    });
  }
}
