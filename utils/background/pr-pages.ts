/**
 * What a PR page or PR list asks: a PR's sessions (the viewer's own, plus other users' sessions on it, looked up in
 * others.ts) and a list's PR states. A page's lookups are rate-limited per tab (page-budget.ts) and it gets no prompts.
 */
import type { GitHubClient } from '../github/client';
import type { PrSessions } from '../messages/protocol';
import type { StopStatus } from '../model/state';
import { sortSessions } from '../sessions/map';
import type { Session } from '../sessions/model';
import { mayDo, prStates, type RepoPrStates, sessionsOfPr } from '../sessions/selectors';
import { cleanSession } from '../text/sanitize';
import { OthersOnPr } from './others';
import { PageBudget } from './page-budget';
import { pageSession } from './page-scope';
import type { EngineData } from './store';

export interface PrPagesHost {
  data(): EngineData;
  client(): GitHubClient | null;
  refresh(reason: 'page'): Promise<void>;
  pushState(): void;
  stopStatus(id: string): StopStatus | undefined;
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

  repoPrStates(owner: string, repo: string, numbers: number[]): RepoPrStates {
    return prStates(this.host.data().sessions, owner, repo, numbers, this.host.data().unread);
  }

  async answer(owner: string, repo: string, number: number, tabId?: number): Promise<PrSessions> {
    const data = this.host.data();
    const own = sessionsOfPr(data.sessions, { owner, repo, number });
    let others: Session[] = [];
    let othersPending = false;
    // A page over its budget (pushState spam) is answered from what is known, without any API request.
    const mayLookUp = tabId === undefined || this.pageBudget.take(tabId);
    if (!mayLookUp) others = this.others.cached(owner, repo, number) ?? [];
    else if (this.host.client() && data.auth) {
      void this.host.refresh('page');
      const fresh = this.others.isFresh(owner, repo);
      const othersNow = this.othersOnPr(owner, repo, number, own).catch(() => [] as Session[]);
      if (own.length > 0 && !fresh) {
        // Answer with what is known now; the push after the repository's tasks arrive tells the page to ask again.
        othersPending = true;
        void othersNow.then(() => this.host.pushState());
      } else {
        others = await othersNow;
      }
    }
    const ids = new Set(own.map((s) => s.id));
    const sessions = sortSessions([...own, ...others.filter((s) => !ids.has(s.id)).map(cleanSession)]);
    const stops: Record<string, StopStatus> = {};
    for (const s of sessions) {
      const st = this.host.stopStatus(s.id);
      if (st) stops[s.id] = st;
    }
    return {
      // A page (tabId) gets what it shows: no prompts.
      sessions: tabId === undefined ? sessions : sessions.map(pageSession),
      viewerLogin: this.host.data().auth?.login ?? null,
      signedIn: !!this.host.data().auth,
      stops,
      canStop: mayDo(this.host.data().auth, 'stopSessions'),
      ...(othersPending ? { othersPending } : {}),
    };
  }

  /** Other users' sessions on a PR (others.ts); none in fallback mode, where only the viewer's runs are known. */
  private othersOnPr(owner: string, repo: string, number: number, own: Session[]): Promise<Session[]> {
    const client = this.host.client();
    const data = this.host.data();
    const auth = data.auth;
    if (!client || !auth || data.source === 'fallback') return Promise.resolve([]);
    return this.others.lookup(owner, repo, number, {
      client,
      host: auth.host,
      viewer: { id: auth.id, login: auth.login },
      caches: data,
      ownTaskIds: new Set(data.sessions.map((s) => s.taskId).filter((id): id is string => !!id)),
      prDatabaseId: own.find((s) => s.pr?.databaseId != null)?.pr?.databaseId ?? null,
    });
  }
}
