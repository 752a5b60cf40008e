/**
 * The sync cycle: the poll alarm and its cadence (active while a view is open or a session is live, idle otherwise,
 * longer while backing off), refresh requests (page/drawer ones debounced), one single-flight sync with at most one
 * follow-up, the choice of source (Agent tasks API, else the fallback, asked again hourly), the daily Copilot API
 * re-probe, and the backoff after failures. Never throws: a failure becomes `lastError` and a backoff.
 */
import { agentTasksPermissionRefusal } from '../github/agent-tasks';
import type { GitHubClient } from '../github/client';
import { CAPI_REPROBE_MS, probeCopilotApi } from '../github/copilot-api';
import { toAppError } from '../github/errors';
import { appError, GitHubError } from '../model/errors';
import { type SyncResult, withLearnt } from '../sessions/joins';
import type { Session } from '../sessions/model';
import { isLive } from '../sessions/selectors';
import { backoffDelay } from './backoff';
import { syncFallback } from './fallback-sync';
import { syncAgentTasks } from './join-sync';
import type { EngineData } from './store';

export const POLL_ALARM = 'agent-sessions-poll';

export type RefreshReason = 'startup' | 'alarm' | 'signin' | 'popup' | 'page' | 'manual' | 'drawer' | 'task';

interface SyncTiming {
  refreshDebounceMs: number;
  /** Page/drawer-triggered refreshes closer than this to the last sync are skipped. */
  pageRefreshMinGapMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}

/** What a sync reads and changes in the engine. */
interface SyncHost {
  data: EngineData;
  readonly ready: Promise<void>;
  client(): GitHubClient | null;
  /** How many views are open (any open view keeps the active cadence). */
  openViews(): number;
  applySessions(next: Session[]): Promise<unknown>;
  save(): Promise<void>;
  updateBadge(): Promise<void>;
  pushState(): void;
  recordError(e: unknown): void;
  /** After each successful sync (other users' running sessions on shown PRs are followed; PR events). Never throws. */
  afterSync?(): void | Promise<void>;
}

interface SyncDeps {
  alarms: {
    get(name: string): Promise<{ periodInMinutes?: number; scheduledTime: number } | undefined>;
    create(name: string, info: { delayInMinutes: number; periodInMinutes: number }): Promise<void> | void;
  };
  now: () => number;
  random: () => number;
  timing: SyncTiming;
  hostPermission?: (host: string) => Promise<boolean>;
}

export class Syncer {
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private syncPromise: Promise<void> | null = null;
  /** The one follow-up sync queued by manual/popup refreshes during a sync. */
  private followUpSync: Promise<void> | null = null;
  private lastSyncAttempt = 0;
  private fallbackProbeAt = 0;
  nextPollAt: string | null = null;

  constructor(
    private readonly deps: SyncDeps,
    private readonly host: SyncHost,
  ) {}

  get inFlight(): Promise<void> | null {
    return this.syncPromise;
  }

  /** Sync from the fallback until an hour from now, then ask the Agent tasks API again. */
  fallbackUntilProbe(): void {
    this.fallbackProbeAt = this.deps.now() + 60 * 60_000;
  }

  private activeCadence(): boolean {
    return this.host.openViews() > 0 || this.host.data.sessions.some((s) => isLive(s.state));
  }

  /** (Re)creates the periodic poll alarm when its period must change; never leaves polling disarmed. */
  async arm(): Promise<void> {
    const now = this.deps.now;
    try {
      const d = this.host.data;
      let sec = this.activeCadence() ? d.settings.pollActiveSec : d.settings.pollIdleSec;
      const until = d.backoff.until ? Date.parse(d.backoff.until) : 0;
      if (until > now()) sec = Math.max(30, Math.ceil((until - now()) / 1000));
      const minutes = Math.max(0.5, Math.round((sec / 60) * 100) / 100);
      const existing = await this.deps.alarms.get(POLL_ALARM);
      if (!existing || existing.periodInMinutes !== minutes) {
        await this.deps.alarms.create(POLL_ALARM, { delayInMinutes: minutes, periodInMinutes: minutes });
        this.nextPollAt = new Date(now() + minutes * 60_000).toISOString();
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
      if (this.deps.now() - this.lastSyncAttempt < this.deps.timing.pageRefreshMinGapMs) return;
      if (this.refreshTimer) return;
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = null;
        void this.sync(reason);
      }, this.deps.timing.refreshDebounceMs);
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
      .catch((e) => this.host.recordError(e))
      .finally(() => {
        this.syncPromise = null;
        this.host.pushState();
      });
    this.host.pushState();
    return this.syncPromise;
  }

  private async doSync(reason: RefreshReason): Promise<void> {
    const h = this.host;
    await h.ready;
    const client = h.client();
    const auth = h.data.auth;
    if (!client || !auth) {
      await this.arm();
      return;
    }
    const now = this.deps.now();
    const until = h.data.backoff.until ? Date.parse(h.data.backoff.until) : 0;
    const lastError = h.data.lastError;
    const rateLimited = lastError?.kind === 'rate-limited' && lastError.retryAt && Date.parse(lastError.retryAt) > now;
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
      const previous = h.data.sessions;
      // Inputs in, new data out: a source reads the saved caches and returns what it learnt, merged here.
      const ctx = { client, host: auth.host, viewer, previous, caches: h.data };
      const keep = (r: SyncResult) => {
        if (h.data.auth === auth) h.data = withLearnt(h.data, r.learnt);
        return r;
      };
      let result: SyncResult;
      const tryAgentTasks = h.data.source !== 'fallback' || now >= this.fallbackProbeAt;
      let source: 'agent-tasks' | 'fallback' = 'agent-tasks';
      if (tryAgentTasks) {
        try {
          result = keep(await syncAgentTasks(ctx));
          // A fine-grained token without "Agent tasks" sees an empty list, never an error: ask a repository route.
          const refusal =
            auth.tokenKind === 'fine-grained' && result.sessions.every((s) => s.source !== 'agent-tasks')
              ? await agentTasksPermissionRefusal(client).catch(() => null)
              : null;
          if (refusal) throw refusal;
          h.data.sourceReason = null;
        } catch (e) {
          const reason = toAppError(e, { host: auth.host, tokenKind: auth.tokenKind });
          if (reason.kind !== 'not-available' && reason.kind !== 'missing-permission') throw e;
          source = 'fallback';
          h.data.sourceReason = reason;
          this.fallbackUntilProbe();
          result = keep(await syncFallback({ ...ctx, caches: h.data }));
        }
      } else {
        source = 'fallback';
        result = keep(await syncFallback({ ...ctx, caches: h.data }));
      }
      if (h.data.auth !== auth) return; // signed out meanwhile
      h.data.source = source;
      if (result.changed || !h.data.firstSyncDone) await h.applySessions(result.sessions);
      h.data.lastSyncAt = new Date(this.deps.now()).toISOString();
      h.data.lastError = null;
      h.data.backoff = { failures: 0, until: null };
      await h.save();
      await h.afterSync?.();
    } catch (e) {
      const err = toAppError(e, { host: auth.host, tokenKind: auth.tokenKind, now: this.deps.now() });
      const failures = h.data.backoff.failures + 1;
      const t = this.deps.timing;
      let delay = backoffDelay(failures, this.deps.random, t.backoffBaseMs, t.backoffCapMs);
      if (err.retryAt) delay = Math.max(delay, Date.parse(err.retryAt) - this.deps.now());
      h.data.lastError = err;
      h.data.backoff = { failures, until: new Date(this.deps.now() + delay).toISOString() };
      await h.save().catch(() => {});
    }
    await h.updateBadge();
    await this.arm();
  }

  /**
   * A Copilot API that refused this token (today: always, GitHub's 400s) is asked again once a day, quietly: its
   * answer only switches the extras (logs, run ids, abort) on or off, never shows an error.
   */
  private async reprobeCapi(client: GitHubClient, now: number): Promise<void> {
    const capi = this.host.data.capi;
    if (capi.available !== false) return;
    const checked = capi.checkedAt ? Date.parse(capi.checkedAt) : Number.NaN;
    if (!Number.isFinite(checked)) {
      // Refused just now (a log read, a sync): the day starts here.
      this.host.data.capi = { ...capi, checkedAt: new Date(now).toISOString() };
      return;
    }
    if (now - checked < CAPI_REPROBE_MS) return;
    const probe = await probeCopilotApi(client).catch(() => null);
    this.host.data.capi = {
      api: probe?.api ?? capi.api,
      available: probe?.available ?? false,
      login: probe?.login ?? capi.login,
      checkedAt: new Date(now).toISOString(),
    };
  }
}
