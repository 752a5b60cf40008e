/**
 * The sessions engine: the only part of the extension that talks to GitHub. It owns the persisted store, the
 * poller (alarms, adaptive cadence, backoff), transitions → unread, notifications and the toolbar badge, live pushes
 * to open views, and every request of the protocol. Every async path is caught and turned into `lastError`.
 * Browser APIs are injected (`EngineBrowser`), so tests drive it with WXT's fake browser and a mocked fetch.
 */
import type { browser } from 'wxt/browser';
import { DeviceFlow, idleDeviceState } from '../auth/device-flow';
import type { TokenStore } from '../auth/token-store';
import { looksLikeToken, tokenKind, validateToken } from '../auth/validate';
import { agentTasksPermissionRefusal, getTask } from '../github/agent-tasks';
import { createGitHubClient, type GitHubClient, newStats, type RequestStats } from '../github/client';
import { CAPI_REPROBE_MS, probeCopilotApi } from '../github/copilot-api';
import { toAppError } from '../github/errors';
import { EtagCache } from '../github/etag-cache';
import { isSafeLink, normalizeHost } from '../github/hosts';
import { AGENTS_HOME } from '../github/links';
import type { NewTaskInput, PrSessions, RecentRepo, Request, Response, ResponseMap } from '../messages/protocol';
import { appError, GitHubError } from '../model/errors';
import type { LogChunk } from '../model/log';
import { DEFAULT_SETTINGS, type Settings } from '../model/settings';
import type { AuthInfo, DeviceFlowState, StateSnapshot, StopStatus } from '../model/state';
import type { Transition } from '../sessions/diff';
import { syncFallback } from '../sessions/fallback';
import { syncAgentTasks } from '../sessions/joins';
import { sortSessions, toState } from '../sessions/map';
import type { Session, SessionState } from '../sessions/model';
import { deepLink, isLive, prStates, type RepoPrStates, sessionsOfPr } from '../sessions/selectors';
import { cleanLine, cleanSession } from '../text/sanitize';
import { backoffDelay } from './backoff';
import { LogService } from './logs';
import { showNotifications, showToolbarBadge, withSessions } from './notifications';
import { OthersOnPr } from './others';
import { PageBudget } from './page-budget';
import { pageSession } from './page-scope';
import { type PortLike, Publisher } from './publisher';
import { DEFAULT_STOP_TIMING, StopManager, type StopTiming } from './stop';
import { boundData, createWxtStore, type EngineData, type EngineStore, emptyData, leanData } from './store';
import { recentRepos, startTask } from './tasks';

export const POLL_ALARM = 'agent-sessions-poll';

type WxtBrowser = typeof browser;
export type EngineBrowser = Pick<WxtBrowser, 'alarms' | 'notifications' | 'action' | 'tabs' | 'runtime'>;

export interface EngineTiming {
  pushThrottleMs: number;
  refreshDebounceMs: number;
  /** Page/drawer-triggered refreshes closer than this to the last sync are skipped. */
  pageRefreshMinGapMs: number;
  /** How long other users' tasks of a repository are reused for PR pages. */
  repoTasksTtlMs: number;
  retryBaseMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  stop: StopTiming;
}

export const DEFAULT_TIMING: EngineTiming = {
  pushThrottleMs: 100,
  refreshDebounceMs: 2000,
  pageRefreshMinGapMs: 10_000,
  repoTasksTtlMs: 120_000,
  retryBaseMs: 1000,
  backoffBaseMs: 30_000,
  backoffCapMs: 15 * 60_000,
  stop: DEFAULT_STOP_TIMING,
};

export interface EngineDeps {
  browser: EngineBrowser;
  tokens: TokenStore;
  store?: EngineStore;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  clientId?: string | null;
  timing?: Partial<EngineTiming>;
  stats?: RequestStats;
  /** Checks the optional host permission of a data-residency host. */
  hostPermission?: (host: string) => Promise<boolean>;
}

type RefreshReason = 'startup' | 'alarm' | 'signin' | 'popup' | 'page' | 'manual' | 'drawer' | 'task';

export class Engine {
  data: EngineData = emptyData();
  readonly stats: RequestStats;
  readonly ready: Promise<void>;
  private readonly store: EngineStore;
  private readonly b: EngineBrowser;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  readonly timing: EngineTiming;
  private token: string | null = null;
  private client: GitHubClient | null = null;
  private etags = new EtagCache();
  private etagsDirty = false;
  private pageBudget: PageBudget;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private syncPromise: Promise<void> | null = null;
  /** The one follow-up sync queued by manual/popup refreshes during a sync. */
  private followUpSync: Promise<void> | null = null;
  private lastSyncAttempt = 0;
  private nextPollAt: string | null = null;
  private readonly others: OthersOnPr;
  private device: DeviceFlow;
  private deviceHost = 'github.com';
  readonly stops: StopManager;
  readonly logs: LogService;
  private fallbackProbeAt = 0;
  private saving: Promise<void> = Promise.resolve();
  private readonly publisher: Publisher;

  constructor(private readonly deps: EngineDeps) {
    this.b = deps.browser;
    this.store = deps.store ?? createWxtStore();
    this.fetchFn = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.timing = { ...DEFAULT_TIMING, ...deps.timing, stop: { ...DEFAULT_TIMING.stop, ...deps.timing?.stop } };
    this.stats = deps.stats ?? newStats();
    this.others = new OthersOnPr(this.timing.repoTasksTtlMs, this.now);
    this.pageBudget = new PageBudget(this.now);
    this.device = new DeviceFlow(deps.clientId ?? null, this.fetchFn, this.now);
    this.stops = new StopManager({
      client: () => this.client,
      viewerLogin: () => this.data.auth?.login ?? null,
      host: () => this.host,
      getSession: (id) => this.session(id),
      sessionAfterSync: (id) => this.sessionAfterSync(id),
      capi: () => this.data.capi,
      refreshSession: (s) => this.fetchSessionState(s),
      onStatus: () => this.pushState(),
      onEnded: (id, state, runId) => void this.recordEnded(id, state, runId),
      now: this.now,
      sleep: this.sleep,
      timing: this.timing.stop,
    });
    this.logs = new LogService({
      client: () => this.client,
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
    this.ready = this.init().catch((e) => this.recordError(e));
    this.publisher = new Publisher({
      source: {
        data: () => this.data,
        nextPollAt: () => this.nextPollAt,
        syncing: () => this.syncPromise != null,
        stops: () => this.stops.statuses,
      },
      ready: this.ready,
      throttleMs: this.timing.pushThrottleMs,
      onPortsChanged: () => this.arm(),
      saveSnapshot: (state) => this.store.saveSnapshot?.(state) ?? Promise.resolve(),
    });
  }

  get host(): string {
    return this.data.auth?.host ?? this.data.settings.host ?? 'github.com';
  }

  private session(id: string): Session | undefined {
    return this.data.sessions.find((s) => s.id === id) ?? this.findOtherSession(id);
  }

  /**
   * A view can ask about a session before the first sync after sign-in or a restart has finished (a deep link opened
   * at browser start): wait for the sync in flight, or run one, before saying the session is unknown.
   */
  private async sessionAfterSync(id: string): Promise<Session | undefined> {
    const known = this.session(id);
    if (known || !this.data.auth) return known;
    await (this.syncPromise ?? this.sync('drawer'));
    return this.session(id);
  }

  private findOtherSession(id: string): Session | undefined {
    return this.others.find(id);
  }

  // ---------------------------------------------------------------- lifecycle

  private async init(): Promise<void> {
    this.data = await this.store.load();
    this.etags = new EtagCache(300, await this.store.loadEtags());
    this.etags.onChange = () => {
      this.etagsDirty = true;
    };
    const stored = await this.deps.tokens.get().catch(() => null);
    if (stored && this.data.auth) {
      this.token = stored.token;
      this.client = this.makeClient(stored.token, stored.host);
    } else if (!stored && this.data.auth) {
      // The token is gone (storage cleared): forget the account, keep settings.
      this.data = emptyData(this.data.settings);
    }
    // Notifications decided before a restart but perhaps not shown: show them (same id → never a duplicate).
    await this.showPending();
    await this.updateBadge();
    await this.arm();
  }

  private makeClient(token: string, host: string): GitHubClient {
    return createGitHubClient({
      token,
      host,
      fetch: this.fetchFn,
      etags: this.etags,
      stats: this.stats,
      now: this.now,
      retryBaseMs: this.timing.retryBaseMs,
    });
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

  /** Live port from a popup, drawer or PR page (publisher.ts). */
  attachPort(port: PortLike, scope: 'extension' | 'page' = 'extension'): void {
    this.publisher.attach(port, scope);
  }

  snapshot(): StateSnapshot {
    return this.publisher.snapshot();
  }

  /** Pushes the whole state to every open view, throttled. */
  pushState(): void {
    this.publisher.pushState();
  }

  // ---------------------------------------------------------------- persistence

  private async save(): Promise<void> {
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

  private recordError(e: unknown): void {
    this.data.lastError = toAppError(e, { host: this.host, tokenKind: this.data.auth?.tokenKind, now: this.now() });
  }

  // ---------------------------------------------------------------- polling

  private activeCadence(): boolean {
    return this.publisher.size > 0 || this.data.sessions.some((s) => isLive(s.state));
  }

  /** (Re)creates the periodic poll alarm when its period must change; never leaves polling disarmed. */
  async arm(): Promise<void> {
    try {
      const s = this.data.settings;
      let sec = this.activeCadence() ? s.pollActiveSec : s.pollIdleSec;
      const until = this.data.backoff.until ? Date.parse(this.data.backoff.until) : 0;
      if (until > this.now()) sec = Math.max(30, Math.ceil((until - this.now()) / 1000));
      const minutes = Math.max(0.5, Math.round((sec / 60) * 100) / 100);
      const existing = await this.b.alarms.get(POLL_ALARM);
      if (!existing || existing.periodInMinutes !== minutes) {
        await this.b.alarms.create(POLL_ALARM, { delayInMinutes: minutes, periodInMinutes: minutes });
        this.nextPollAt = new Date(this.now() + minutes * 60_000).toISOString();
      } else {
        this.nextPollAt = new Date(existing.scheduledTime).toISOString();
      }
    } catch {
      // alarms unavailable: nothing else to do here; startup re-arms
    }
  }

  /** A refresh request from a view or the alarm. Page/drawer ones are debounced and skipped when recent. */
  async refresh(reason: RefreshReason): Promise<void> {
    if (reason === 'page' || reason === 'drawer') {
      if (this.now() - this.lastSyncAttempt < this.timing.pageRefreshMinGapMs) return;
      if (this.refreshTimer) return;
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = null;
        void this.sync(reason);
      }, this.timing.refreshDebounceMs);
      return;
    }
    await this.sync(reason);
  }

  /**
   * One poll (single-flight). Never throws. A manual/popup refresh that arrives while a sync is running cannot trust
   * that sync (it may have read GitHub before the change the user is looking at): it queues one follow-up sync, shared
   * by every such request until it starts.
   */
  sync(reason: RefreshReason = 'manual'): Promise<void> {
    if (this.syncPromise) {
      if (reason !== 'manual' && reason !== 'popup') return this.syncPromise;
      this.followUpSync ??= this.syncPromise.then(() => {
        this.followUpSync = null;
        return this.sync(reason);
      });
      return this.followUpSync;
    }
    this.syncPromise = this.doSync(reason)
      .catch((e) => this.recordError(e))
      .finally(() => {
        this.syncPromise = null;
        this.pushState();
      });
    this.pushState();
    return this.syncPromise;
  }

  private async doSync(reason: RefreshReason): Promise<void> {
    await this.ready;
    const client = this.client;
    const auth = this.data.auth;
    if (!client || !auth) {
      await this.arm();
      return;
    }
    const now = this.now();
    const until = this.data.backoff.until ? Date.parse(this.data.backoff.until) : 0;
    const rateLimited =
      this.data.lastError?.kind === 'rate-limited' &&
      this.data.lastError.retryAt &&
      Date.parse(this.data.lastError.retryAt) > now;
    if ((reason === 'alarm' && until > now) || rateLimited) {
      await this.arm();
      return;
    }
    this.lastSyncAttempt = now;
    try {
      if (this.deps.hostPermission && !(await this.deps.hostPermission(auth.host))) {
        throw new GitHubError(
          appError(
            'missing-permission',
            `The extension is not allowed to reach ${auth.host}: its access was withdrawn.`,
            {
              fix: `Click “Allow access to ${auth.host}” in the extension’s popup or options to grant it again.`,
              permission: `access to ${auth.host}`,
            },
          ),
        );
      }
      await this.reprobeCapi(client, now);
      const viewer = { id: auth.id, login: auth.login };
      const previous = this.data.sessions;
      let result: { sessions: Session[]; changed: boolean };
      const tryAgentTasks = this.data.source !== 'fallback' || now >= this.fallbackProbeAt;
      let source: 'agent-tasks' | 'fallback' = 'agent-tasks';
      if (tryAgentTasks) {
        try {
          result = await syncAgentTasks({ client, host: auth.host, viewer, caches: this.data, previous });
          // A fine-grained token without "Agent tasks" sees an empty list, never an error: ask a repository route.
          const refusal =
            auth.tokenKind === 'fine-grained' && result.sessions.every((s) => s.source !== 'agent-tasks')
              ? await agentTasksPermissionRefusal(client).catch(() => null)
              : null;
          if (refusal) throw refusal;
          this.data.sourceReason = null;
        } catch (e) {
          const reason = toAppError(e, { host: auth.host, tokenKind: auth.tokenKind });
          if (reason.kind !== 'not-available' && reason.kind !== 'missing-permission') throw e;
          source = 'fallback';
          this.data.sourceReason = reason;
          this.fallbackProbeAt = now + 60 * 60_000;
          result = await syncFallback({ client, host: auth.host, viewer, caches: this.data, previous });
        }
      } else {
        source = 'fallback';
        result = await syncFallback({ client, host: auth.host, viewer, caches: this.data, previous });
      }
      if (this.data.auth !== auth) return; // signed out meanwhile
      this.data.source = source;
      if (result.changed || !this.data.firstSyncDone) await this.applySessions(result.sessions);
      this.data.lastSyncAt = new Date(this.now()).toISOString();
      this.data.lastError = null;
      this.data.backoff = { failures: 0, until: null };
      await this.save();
    } catch (e) {
      const err = toAppError(e, { host: auth.host, tokenKind: auth.tokenKind, now: this.now() });
      const failures = this.data.backoff.failures + 1;
      let delay = backoffDelay(failures, this.random, this.timing.backoffBaseMs, this.timing.backoffCapMs);
      if (err.retryAt) delay = Math.max(delay, Date.parse(err.retryAt) - this.now());
      this.data.lastError = err;
      this.data.backoff = { failures, until: new Date(this.now() + delay).toISOString() };
      await this.save().catch(() => {});
    }
    await this.updateBadge();
    await this.arm();
  }

  /**
   * A Copilot API that refused this token (today: always, GitHub's 400s) is asked again once a day, quietly: its
   * answer only switches the extras (logs, run ids, abort) on or off, never shows an error.
   */
  private async reprobeCapi(client: GitHubClient, now: number): Promise<void> {
    const capi = this.data.capi;
    if (capi.available !== false) return;
    const checked = capi.checkedAt ? Date.parse(capi.checkedAt) : Number.NaN;
    if (!Number.isFinite(checked)) {
      // Refused just now (a log read, a sync): the day starts here.
      this.data.capi = { ...capi, checkedAt: new Date(now).toISOString() };
      return;
    }
    if (now - checked < CAPI_REPROBE_MS) return;
    const probe = await probeCopilotApi(client).catch(() => null);
    this.data.capi = {
      api: probe?.api ?? capi.api,
      available: probe?.available ?? false,
      login: probe?.login ?? capi.login,
      checkedAt: new Date(now).toISOString(),
    };
  }

  /**
   * Replaces the session list, computing transitions against the persisted previous list. The new list, the
   * unread set, the notified keys and the pending notifications are saved in one write before anything is shown.
   */
  async applySessions(next: Session[]): Promise<Transition[]> {
    const firstSync = !this.data.firstSyncDone;
    // The one sanitiser, once, where sessions enter the state: every view and notification shows cleaned, capped text.
    const { data, transitions } = withSessions(this.data, next.map(cleanSession));
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
    const next = this.data.sessions.map((s) =>
      s.id === id
        ? {
            ...s,
            state,
            runId: s.runId ?? runId,
            completedAt: s.completedAt ?? new Date(this.now()).toISOString(),
            updatedAt: new Date(this.now()).toISOString(),
          }
        : s,
    );
    // The task's updated_at moved on GitHub: make the next poll fetch its detail.
    const s = this.data.sessions.find((x) => x.id === id);
    if (s?.taskId) delete this.data.tasks[s.taskId];
    await this.applySessions(next);
    await this.updateBadge();
    await this.arm();
  }

  /** Current state of one session from GitHub (task detail, conditional). */
  private async fetchSessionState(s: Session): Promise<SessionState | null> {
    if (!this.client || !s.taskId) return null;
    const res = await getTask(this.client, s.taskId);
    const found = res.data.sessions?.find((x) => x.id === s.id);
    return found ? toState(found.state, s.state) : null;
  }

  // ---------------------------------------------------------------- requests

  /** `from.tabId`: the tab of a content script's request (its page-triggered lookups are rate-limited per tab). */
  async handle(req: Request, from: { tabId?: number } = {}): Promise<Response> {
    try {
      await this.ready;
      const data = await this.dispatch(req, from.tabId);
      return { ok: true, data };
    } catch (e) {
      return {
        ok: false,
        error: toAppError(e, { host: this.host, tokenKind: this.data.auth?.tokenKind, now: this.now() }),
      };
    }
  }

  private async dispatch(req: Request, tabId?: number): Promise<ResponseMap[Request['type']]> {
    switch (req.type) {
      case 'getState':
        return this.snapshot();
      case 'refresh':
        if (req.reason === 'page' || req.reason === 'drawer') void this.refresh(req.reason);
        else await this.refresh(req.reason);
        return this.snapshot();
      case 'getPrSessions':
        return await this.getPrSessions(req.owner, req.repo, req.number, tabId);
      case 'getRepoPrStates':
        return this.getRepoPrStates(req.owner, req.repo, req.numbers);
      case 'markRead':
        await this.markRead(req.ids, req.read);
        return null;
      case 'stopSession':
        return await this.stopSession(req.sessionId, req.pageLogin);
      case 'getLog':
        return await this.getLog(req.sessionId, req.offset);
      case 'startTask':
        return await this.startTask(req.input);
      case 'signIn':
        return await this.signIn(req.token, req.host);
      case 'signOut':
        await this.signOut();
        return null;
      case 'deviceFlowStart':
        return await this.deviceFlowStart(req.host);
      case 'deviceFlowPoll':
        return await this.deviceFlowPoll();
      case 'setSettings':
        return await this.setSettings(req.settings);
      case 'listRecentRepos':
        return this.listRecentRepos();
      case 'openSession':
        await this.openSession(req.sessionId, req.newTab);
        return null;
      case 'openOptions':
        await this.b.runtime.openOptionsPage?.();
        return null;
    }
  }

  async signIn(tokenInput: string, hostInput: string): Promise<AuthInfo> {
    const token = tokenInput.trim();
    const host = normalizeHost(hostInput);
    if (!host)
      throw new GitHubError(
        appError('validation', 'That host is not GitHub: use github.com or your SUBDOMAIN.ghe.com host.'),
      );
    if (!looksLikeToken(token))
      throw new GitHubError(
        appError('bad-token', 'That does not look like a GitHub token (ghp_…, github_pat_… or gho_…).', {
          fix: 'Copy the whole token from GitHub’s token page.',
          link: 'https://github.com/settings/tokens/new?scopes=repo&description=Agent%20Sessions',
        }),
      );
    if (this.deps.hostPermission && !(await this.deps.hostPermission(host))) {
      throw new GitHubError(
        appError('missing-permission', `The extension is not yet allowed to reach ${host}.`, {
          fix: `Click “Allow access to ${host}” in the extension’s popup or options, then sign in again.`,
          permission: `access to ${host}`,
        }),
      );
    }
    const etags = new EtagCache();
    const client = createGitHubClient({
      token,
      host,
      fetch: this.fetchFn,
      etags,
      stats: this.stats,
      now: this.now,
      retryBaseMs: this.timing.retryBaseMs,
    });
    const result = await validateToken(client, token, host);
    const sameAccount = this.data.auth?.id === result.info.id && this.data.auth.host === host;
    await this.deps.tokens.set({ token, host, savedAt: new Date(this.now()).toISOString() });
    if (!sameAccount) {
      this.data = emptyData({ ...this.data.settings, host });
      this.etags.clear();
      this.stops.forget();
      this.logs.clear();
      this.others.clear();
    }
    this.token = token;
    this.client = this.makeClient(token, host);
    this.data.auth = result.info;
    this.data.settings = { ...this.data.settings, host };
    this.data.capi = {
      api: result.copilot.api,
      available: result.copilot.available,
      login: result.info.login,
      checkedAt: new Date(this.now()).toISOString(),
    };
    this.data.lastError = null;
    this.data.backoff = { failures: 0, until: null };
    if (result.agentTasksAvailable === false) {
      this.data.source = 'fallback';
      this.data.sourceReason = result.agentTasksReason;
      this.fallbackProbeAt = this.now() + 60 * 60_000;
    }
    await this.save();
    await this.updateBadge();
    this.pushState();
    void this.sync('signin');
    return result.info;
  }

  async signOut(): Promise<void> {
    await this.deps.tokens.clear().catch(() => {});
    const settings = this.data.settings;
    const sessions = this.data.sessions;
    this.token = null;
    this.client = null;
    this.data = emptyData(settings);
    this.etags.clear();
    this.stops.forget();
    this.logs.clear();
    this.others.clear();
    this.device = new DeviceFlow(this.deps.clientId ?? null, this.fetchFn, this.now);
    await this.store.clear().catch(() => {});
    await this.save();
    for (const s of sessions.slice(0, 50)) await this.b.notifications.clear(s.id).catch(() => false);
    await this.updateBadge();
    this.pushState();
  }

  async setSettings(patch: Partial<Settings>): Promise<Settings> {
    const next: Settings = { ...DEFAULT_SETTINGS, ...this.data.settings, ...patch };
    if (patch.host !== undefined) {
      const host = normalizeHost(patch.host);
      if (!host)
        throw new GitHubError(
          appError('validation', 'That host is not GitHub: use github.com or your SUBDOMAIN.ghe.com host.'),
        );
      next.host = host;
    }
    if (next.pollIdleSec < next.pollActiveSec) next.pollIdleSec = next.pollActiveSec;
    this.data.settings = next;
    await this.save();
    await this.arm();
    this.pushState();
    return next;
  }

  async markRead(ids: string[], read: boolean): Promise<void> {
    const unread = new Set(this.data.unread);
    const known = new Set(this.data.sessions.map((s) => s.id));
    for (const id of ids) {
      if (read) {
        unread.delete(id);
        await this.b.notifications.clear(id).catch(() => false);
      } else if (known.has(id)) unread.add(id);
    }
    this.data.unread = [...unread];
    await this.save();
    await this.updateBadge();
    this.pushState();
  }

  /**
   * Deep link for a session: the PR with the drawer open; a session without a PR (its artifact is a branch) opens
   * the same drawer as an extension tab; without an extension URL, the session page, else the agents page.
   */
  sessionUrl(s: Session): string {
    const link = deepLink(s);
    if (link) return link;
    const page = this.b.runtime.getURL?.('/drawer.html');
    if (page) {
      const host = this.host === 'github.com' ? '' : `&host=${encodeURIComponent(this.host)}`;
      return `${page}#session=${encodeURIComponent(s.id)}&view=tab${host}`;
    }
    if (isSafeLink(s.links.session)) return s.links.session;
    return AGENTS_HOME(this.host);
  }

  async openSession(id: string, newTab: boolean): Promise<void> {
    const s = await this.sessionAfterSync(id);
    if (!s)
      throw new GitHubError(
        appError('not-found', 'This session is not known to the extension.', { fix: 'Refresh and try again.' }),
      );
    const url = this.sessionUrl(s);
    const [active] = newTab ? [] : await this.b.tabs.query({ active: true, currentWindow: true });
    if (active?.id != null) await this.b.tabs.update(active.id, { url });
    else await this.b.tabs.create({ url, active: true });
    if (this.data.unread.includes(id)) await this.markRead([id], true);
  }

  /** Notification click → open the PR (drawer deep link) and mark read. */
  async onNotificationClicked(id: string): Promise<void> {
    await this.ready;
    try {
      await this.openSession(id, true);
      await this.markRead([id], true);
      await this.b.notifications.clear(id);
    } catch (e) {
      this.recordError(e);
    }
  }

  getRepoPrStates(owner: string, repo: string, numbers: number[]): RepoPrStates {
    return prStates(this.data.sessions, owner, repo, numbers, this.data.unread);
  }

  async getPrSessions(owner: string, repo: string, number: number, tabId?: number): Promise<PrSessions> {
    const own = sessionsOfPr(this.data.sessions, { owner, repo, number });
    let others: Session[] = [];
    let othersPending = false;
    // A page over its budget (pushState spam) is answered from what is known, without any API request.
    const mayLookUp = tabId === undefined || this.pageBudget.take(tabId);
    if (!mayLookUp) others = this.others.cached(owner, repo, number) ?? [];
    else if (this.client && this.data.auth) {
      void this.refresh('page');
      const fresh = this.others.isFresh(owner, repo);
      const othersNow = this.othersOnPr(owner, repo, number, own).catch(() => [] as Session[]);
      if (own.length > 0 && !fresh) {
        // Answer with what is known now; the push after the repository's tasks arrive tells the page to ask again.
        othersPending = true;
        void othersNow.then(() => this.pushState());
      } else {
        others = await othersNow;
      }
    }
    const ids = new Set(own.map((s) => s.id));
    const sessions = sortSessions([...own, ...others.filter((s) => !ids.has(s.id)).map(cleanSession)]);
    const stops: Record<string, StopStatus> = {};
    for (const s of sessions) {
      const st = this.stops.statuses.get(s.id);
      if (st) stops[s.id] = st;
    }
    return {
      // A page (tabId) gets what it shows: no prompts.
      sessions: tabId === undefined ? sessions : sessions.map(pageSession),
      viewerLogin: this.data.auth?.login ?? null,
      signedIn: !!this.data.auth,
      stops,
      ...(othersPending ? { othersPending } : {}),
    };
  }

  /** Other users' sessions on a PR (others.ts); none in fallback mode, where only the viewer's runs are known. */
  private othersOnPr(owner: string, repo: string, number: number, own: Session[]): Promise<Session[]> {
    const client = this.client;
    const auth = this.data.auth;
    if (!client || !auth || this.data.source === 'fallback') return Promise.resolve([]);
    return this.others.lookup(owner, repo, number, {
      client,
      host: auth.host,
      viewer: { id: auth.id, login: auth.login },
      caches: this.data,
      ownTaskIds: new Set(this.data.sessions.map((s) => s.taskId).filter((id): id is string => !!id)),
      prDatabaseId: own.find((s) => s.pr?.databaseId != null)?.pr?.databaseId ?? null,
    });
  }

  async stopSession(sessionId: string, pageLogin: string | null): Promise<StopStatus> {
    const st = await this.stops.stop(sessionId, pageLogin);
    this.pushState();
    return st;
  }

  async getLog(sessionId: string, offset: number): Promise<LogChunk> {
    const s = await this.sessionAfterSync(sessionId);
    if (!s)
      throw new GitHubError(
        appError('not-found', 'This session is not known to the extension.', { fix: 'Refresh and try again.' }),
      );
    return await this.logs.getLog(s, offset);
  }

  async startTask(input: NewTaskInput): Promise<Session> {
    const created = await startTask(input, {
      client: this.client,
      auth: this.data.auth,
      data: this.data,
      now: this.now,
    });
    delete this.data.tasks[created.taskId];
    await this.applySessions([...this.data.sessions.filter((s) => s.id !== created.first.id), ...created.sessions]);
    await this.updateBadge();
    await this.arm();
    return cleanSession(created.first);
  }

  listRecentRepos(): RecentRepo[] {
    return recentRepos(this.data.sessions, this.data.repos);
  }

  async deviceFlowStart(hostInput: string): Promise<DeviceFlowState> {
    const host = normalizeHost(hostInput);
    if (!host)
      throw new GitHubError(
        appError('validation', 'That host is not GitHub: use github.com or your SUBDOMAIN.ghe.com host.'),
      );
    this.device = new DeviceFlow(this.deps.clientId ?? null, this.fetchFn, this.now);
    this.deviceHost = host;
    return await this.device.start(host);
  }

  async deviceFlowPoll(): Promise<DeviceFlowState> {
    if (!this.device.available)
      return {
        ...idleDeviceState(),
        error: appError('not-available', 'Signing in with GitHub is not available in this build.', {
          fix: 'Paste a personal access token instead.',
        }),
      };
    const { state, token } = await this.device.poll();
    if (token) {
      try {
        await this.signIn(token, this.deviceHost);
      } catch (e) {
        return { ...state, phase: 'error', error: toAppError(e, { host: this.deviceHost }) };
      }
    }
    return state;
  }

  /** For tests and the bench: the token kind without exposing the token. */
  get tokenKind(): string | null {
    return this.token ? tokenKind(this.token) : null;
  }

  get portCount(): number {
    return this.publisher.size;
  }
}
