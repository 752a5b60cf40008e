/**
 * The sessions engine: the only part of the extension that talks to GitHub. It owns the persisted state and wires
 * its parts: the account (account.ts), the sync cycle (sync.ts), publishing to views (publisher.ts), stops, logs,
 * other users' sessions and new tasks; it applies new session lists (transitions → unread, notifications, the
 * toolbar badge). Requests are answered in requests.ts. Every async path is caught and turned into `lastError`.
 * Browser APIs are injected (`EngineBrowser`), so tests drive it with WXT's fake browser and a mocked fetch.
 */
import { type GitHubClient, newStats, type RequestStats } from '../github/client';
import { toAppError } from '../github/errors';
import { EtagCache } from '../github/etag-cache';
import type { NewTaskInput, RecentRepo, Request, Response } from '../messages/protocol';
import type { Settings } from '../model/settings';
import type { AuthInfo, StateSnapshot, StopStatus } from '../model/state';
import type { Transition } from '../sessions/diff';
import { emptyLearnt, withLearnt } from '../sessions/joins';
import type { Session, SessionState } from '../sessions/model';
import { cleanSession } from '../text/sanitize';
import { Account } from './account';
import { DEFAULT_TIMING, type EngineBrowser, type EngineDeps, type EngineTiming } from './engine-deps';
import { LogService } from './logs';
import { showNotifications, showToolbarBadge, withSessions } from './notifications';
import { PrEvents } from './pr-events';
import { PrPages } from './pr-pages';
import { type PortLike, Publisher } from './publisher';
import { Reading, unknownSession } from './reading';
import { handleRequest } from './requests';
import { StopManager, sessionStateNow } from './stop';
import { boundData, createWxtStore, type EngineData, type EngineStore, emptyData, leanData } from './store';
import { POLL_ALARM, type RefreshReason, Syncer } from './sync';
import { recentRepos, startTask } from './tasks';
import { createHistoryStore, UsageHistoryService } from './usage-history';

export class Engine {
  data: EngineData = emptyData();
  readonly stats: RequestStats;
  readonly ready: Promise<void>;
  readonly timing: EngineTiming;
  readonly account: Account;
  readonly stops: StopManager;
  readonly logs: LogService;
  readonly b: EngineBrowser;
  private readonly store: EngineStore;
  readonly now: () => number;
  private readonly syncer: Syncer;
  private readonly publisher: Publisher;
  readonly prPages: PrPages;
  readonly prEvents: PrEvents = new PrEvents(this);
  readonly reading: Reading;
  readonly history: UsageHistoryService;
  etags = new EtagCache();
  private etagsDirty = false;
  private saving: Promise<void> = Promise.resolve();
  private readonly group: EngineDeps['group'];

  constructor(deps: EngineDeps) {
    this.b = deps.browser;
    this.group = deps.group;
    this.store = deps.store ?? createWxtStore();
    const fetchFn = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = deps.now ?? Date.now;
    const sleep = deps.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
    this.timing = { ...DEFAULT_TIMING, ...deps.timing, stop: { ...DEFAULT_TIMING.stop, ...deps.timing?.stop } };
    this.stats = deps.stats ?? newStats();
    this.prPages = new PrPages(
      {
        data: () => this.data,
        client: () => this.client(),
        refresh: (reason) => this.refresh(reason),
        learn: (learnt) => {
          this.data = withLearnt(this.data, { ...emptyLearnt(), ...learnt });
        },
      },
      this.timing.repoTasksTtlMs,
      this.now,
    );
    const { now, timing } = this;
    this.history = new UsageHistoryService(deps.historyStore ?? createHistoryStore(), now);
    const account = { now, fetch: fetchFn, tokens: deps.tokens, clientId: deps.clientId ?? null, stats: this.stats };
    this.account = new Account(
      { ...account, retryBaseMs: timing.retryBaseMs, hostPermission: deps.hostPermission },
      this,
    );
    this.syncer = new Syncer(
      {
        alarms: this.b.alarms,
        now,
        random: deps.random ?? Math.random,
        timing,
        hostPermission: deps.hostPermission,
      },
      this,
    );
    this.stops = new StopManager({
      client: () => this.client(),
      viewerLogin: () => this.data.auth?.login ?? null,
      host: () => this.host,
      getSession: (id) => this.session(id),
      sessionAfterSync: (id) => this.sessionAfterSync(id),
      capi: () => this.data.capi,
      refreshSession: (s) => sessionStateNow(this.client(), s),
      onStatus: () => this.pushState(),
      onEnded: (id, state, runId) => void this.recordEnded(id, state, runId),
      now,
      sleep,
      timing: timing.stop,
    });
    this.logs = new LogService({
      client: () => this.client(),
      host: () => this.host,
      capi: () => this.data.capi,
      markCapiUnavailable: () => {
        this.data.capi.available = false;
        this.data.capi.checkedAt = null;
      },
      rememberRun: (id, runId) => {
        this.data.sessions = this.data.sessions.map((s) => (s.id === id && s.runId == null ? { ...s, runId } : s));
      },
    });
    this.reading = new Reading(this.b, {
      data: () => this.data,
      webHost: () => this.host,
      sessionAfterSync: (id) => this.sessionAfterSync(id),
      save: () => this.save(),
      updateBadge: () => this.updateBadge(),
      pushState: () => this.pushState(),
      recordError: (e) => this.recordError(e),
    });
    this.ready = this.init().catch((e) => this.recordError(e));
    this.publisher = new Publisher({
      source: {
        data: () => this.data,
        nextPollAt: () => this.syncer.nextPollAt,
        syncing: () => this.syncer.inFlight != null,
        stops: () => this.stops.statuses,
      },
      pages: this.prPages,
      ready: this.ready,
      throttleMs: timing.pushThrottleMs,
      onPortsChanged: () => this.arm(),
      saveSnapshot: (state) => this.store.saveSnapshot?.(state) ?? Promise.resolve(),
      ...(deps.group?.merge ? { merge: deps.group.merge } : {}),
    });
  }

  get host(): string {
    return this.data.auth?.host ?? this.data.settings.host ?? 'github.com';
  }

  client(): GitHubClient | null {
    return this.account.client;
  }

  private session(id: string): Session | undefined {
    return this.data.sessions.find((s) => s.id === id) ?? this.prPages.findOther(id);
  }

  /**
   * A view can ask about a session before the first sync after sign-in or a restart has finished (a deep link opened
   * at browser start): wait for the sync in flight, or run one, before saying the session is unknown.
   */
  async sessionAfterSync(id: string): Promise<Session | undefined> {
    const known = this.session(id);
    if (known || !this.data.auth) return known;
    await (this.syncer.inFlight ?? this.sync('drawer'));
    return this.session(id);
  }

  // ---------------------------------------------------------------- lifecycle

  private async init(): Promise<void> {
    this.data = await this.store.load();
    this.etags = new EtagCache(300, await this.store.loadEtags());
    this.etags.onChange = () => {
      this.etagsDirty = true;
    };
    await this.account.restore();
    // Notifications decided before a restart but perhaps not shown: show them (same id → never a duplicate).
    await this.showPending().then(() => this.prEvents.showPending());
    await this.updateBadge();
    await this.arm();
  }

  /** Browser start / install / service-worker wake-up: re-arm the alarm and refresh at once. */
  async onStartup(): Promise<void> {
    await this.ready;
    await this.arm();
    await this.refresh('startup');
  }

  /** Any service-worker wake-up: re-arm, and refresh only when the last sync is older than the active cadence. */
  async onWake(): Promise<void> {
    await this.ready;
    await this.arm();
    const last = this.data.lastSyncAt ? Date.parse(this.data.lastSyncAt) : 0;
    if (this.now() - last >= this.data.settings.pollActiveSec * 1000) await this.refresh('alarm');
  }

  async onAlarm(alarm: { name: string }): Promise<void> {
    if (alarm.name !== POLL_ALARM) return;
    await this.ready;
    await this.refresh('alarm');
  }

  /** After each sync: other users' sessions on open PR pages followed (pr-pages.ts); PR events (pr-events.ts). */
  afterSync(): Promise<void> {
    void this.prPages.follow(this.publisher.watchedPages()).then((any) => any && this.pushState());
    return this.prEvents.poll();
  }

  // ---------------------------------------------------------------- what the parts share
  /** Live port from a popup, drawer or PR page (publisher.ts); a page's tab rate-limits its lookups. */
  attachPort(port: PortLike, scope: 'extension' | 'page' = 'extension', tabId?: number): void {
    this.publisher.attach(port, scope, tabId);
  }

  snapshot(): StateSnapshot {
    return this.publisher.snapshot();
  }

  /** Pushes the whole state to every open view, throttled. */
  pushState(): void {
    this.publisher.pushState();
    this.group?.changed?.();
  }

  openViews(): number {
    return this.group?.views?.() ?? this.publisher.size;
  }

  arm(): Promise<void> {
    return this.syncer.arm();
  }

  refresh(reason: RefreshReason): Promise<void> {
    return this.syncer.refresh(reason);
  }

  sync(reason: RefreshReason = 'manual'): Promise<void> {
    return this.syncer.sync(reason);
  }

  fallbackUntilProbe(): void {
    this.syncer.fallbackUntilProbe();
  }

  forgetAccount(): void {
    this.etags.clear();
    this.stops.forget();
    this.logs.clear();
    this.prPages.clear();
  }

  clearStore(): Promise<void> {
    return this.store.clear();
  }

  clearNotification(id: string): Promise<unknown> {
    return this.b.notifications.clear(id);
  }

  async save(): Promise<void> {
    this.data = boundData(this.data);
    const data = this.data;
    const etags = this.etagsDirty ? this.etags.entries() : null;
    this.etagsDirty = false;
    this.saving = this.saving
      .catch(() => {})
      .then(async () => {
        // A full storage.local (quota) must not lose the state: try once more without the caches (they refill).
        try {
          await this.store.save(data);
        } catch {
          await this.store.save(leanData(data));
        }
        if (etags) await this.store.saveEtags(etags).catch(() => this.store.saveEtags([]).catch(() => {}));
      });
    await this.saving;
  }

  recordError(e: unknown): void {
    this.data.lastError = toAppError(e, { host: this.host, tokenKind: this.data.auth?.tokenKind, now: this.now() });
  }

  // ---------------------------------------------------------------- session lists

  /**
   * Replaces the session list, computing transitions against the persisted previous list. The new list, the
   * unread set, the notified keys and the pending notifications are saved in one write before anything is shown.
   */
  async applySessions(next: Session[]): Promise<Transition[]> {
    const firstSync = !this.data.firstSyncDone;
    // The one sanitiser, once, where sessions enter the state: every view and notification shows cleaned, capped text.
    const { data, transitions } = withSessions(this.data, next.map(cleanSession), this.now());
    this.data = data;
    // Notifications never depend on the save: a failed write (storage full) still shows them.
    await this.save().catch((e) => console.warn('[agent-sessions] could not save the state', e));
    await this.showPending();
    if (!firstSync) this.publisher.pushTransitions(transitions);
    this.pushState();
    return transitions;
  }

  private async showPending(): Promise<void> {
    if (this.data.pending.length === 0) return;
    await showNotifications(this.b, this.data);
    this.data.pending = [];
    await this.save().catch((e) => console.warn('[agent-sessions] could not save the state', e));
  }

  async updateBadge(): Promise<void> {
    await showToolbarBadge(this.b, this.data);
  }

  private async recordEnded(id: string, state: SessionState, runId: number | null): Promise<void> {
    const at = new Date(this.now()).toISOString();
    const next = this.data.sessions.map((s) =>
      s.id === id ? { ...s, state, runId: s.runId ?? runId, completedAt: s.completedAt ?? at, updatedAt: at } : s,
    );
    // The task's updated_at moved on GitHub: make the next poll fetch its detail.
    const s = this.data.sessions.find((x) => x.id === id);
    if (s?.taskId) delete this.data.tasks[s.taskId];
    await this.applySessions(next);
    await this.updateBadge();
    await this.arm();
  }

  // ---------------------------------------------------------------- requests (requests.ts routes them here)
  async handle(req: Request): Promise<Response> {
    await this.ready;
    return handleRequest(this, req);
  }

  signIn(token: string, host: string): Promise<AuthInfo> {
    return this.account.signIn(token, host);
  }

  signOut(): Promise<void> {
    return this.account.signOut().finally(() => void this.history.clear());
  }

  setSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.account.setSettings(patch);
  }

  markRead(ids: string[], read: boolean): Promise<void> {
    return this.reading.markRead(ids, read);
  }

  /** Notification click → open the PR (drawer deep link) and mark read. */
  async onNotificationClicked(id: string): Promise<void> {
    await this.ready;
    await (this.prEvents.owns(id) ? this.prEvents.onClicked(id) : this.reading.onNotificationClicked(id));
  }

  async stopSession(sessionId: string, pageLogin: string | null): Promise<StopStatus> {
    const st = await this.stops.stop(sessionId, pageLogin);
    this.pushState();
    return st;
  }

  async getLog(sessionId: string, offset: number) {
    const s = await this.sessionAfterSync(sessionId);
    if (!s) throw unknownSession();
    return await this.logs.getLog(s, offset);
  }

  async startTask(input: NewTaskInput): Promise<Session> {
    const created = await startTask(input, {
      client: this.client(),
      auth: this.data.auth,
      data: this.data,
      now: this.now,
    });
    this.data.repos = { ...this.data.repos, ...created.repos };
    delete this.data.tasks[created.taskId];
    await this.applySessions([...this.data.sessions.filter((s) => s.id !== created.first.id), ...created.sessions]);
    await this.updateBadge();
    await this.arm();
    return cleanSession(created.first);
  }

  listRecentRepos(): RecentRepo[] {
    return recentRepos(this.data.sessions, this.data.repos);
  }

  /** For tests and the bench: the token kind without exposing the token. */
  get tokenKind(): string | null {
    return this.account.tokenKind;
  }
}
