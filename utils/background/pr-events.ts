/**
 * Events on the agent's PR (issue 16, opt-in): after a sync, when at least one kind is turned on, the open agent PRs
 * due a look (utils/sessions/pr-events.ts: every 5 minutes, every minute while checks run) are asked about in one
 * GraphQL `nodes` query per 50 (utils/github/pr-status.ts); what changed becomes notifications, decided, remembered
 * (`notified` keys) and persisted as pending before they are shown, as session notifications are. No kind on, or no
 * open agent PR: no request. A failure is the engine's `lastError` and a short backoff of this part only; polling
 * goes on. A click opens the PR.
 */
import type { GitHubClient } from '../github/client';
import { toAppError } from '../github/errors';
import { isSafeLink } from '../github/hosts';
import { prStatusByNodeIds } from '../github/pr-status';
import {
  observePrs,
  PR_NOTIFICATION_PREFIX,
  type PrNotice,
  prEventsEnabled,
  prNotice,
  prsDue,
  pruneWatch,
  withPrStates,
} from '../sessions/pr-events';
import type { EngineBrowser } from './engine-deps';
import type { EngineData } from './store';

/** The engine: its browser, its data (replaced, never kept here), client and error paths. */
interface PrEventsHost {
  readonly b: EngineBrowser;
  data: EngineData;
  client(): GitHubClient | null;
  readonly now: () => number;
  save(): Promise<void>;
  recordError(e: unknown): void;
  updateBadge(): Promise<void>;
  pushState(): void;
}

const BACKOFF_BASE_MS = 60_000;

function nodeIdOf(notificationId: string): string {
  return notificationId.slice(PR_NOTIFICATION_PREFIX.length).split(':')[0] ?? '';
}
const BACKOFF_CAP_MS = 30 * 60_000;

export class PrEvents {
  private running: Promise<void> | null = null;
  private failures = 0;
  private pausedUntil = 0;
  /** The account the backoff belongs to (a new sign-in starts afresh). */
  private auth: EngineData['auth'] = null;

  constructor(private readonly host: PrEventsHost) {}

  /** One look at the PRs due, single-flight. Never throws. */
  poll(): Promise<void> {
    this.running ??= this.run()
      .catch((e) => console.warn('[agent-sessions] PR events', e))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async run(): Promise<void> {
    const h = this.host;
    let data = h.data;
    if (!data.auth || !data.firstSyncDone) return;
    if (data.auth !== this.auth) [this.auth, this.failures, this.pausedUntil] = [data.auth, 0, 0];
    if (!prEventsEnabled(data.settings)) {
      // Turned off: forget what was seen, so turning a kind on later starts from a silent look, never from old news.
      if (Object.keys(data.prWatch).length > 0) {
        h.data = { ...data, prWatch: {} };
        await h.save().catch(() => {});
      }
      return;
    }
    const now = h.now();
    if (now < this.pausedUntil) return;
    const due = prsDue(data.sessions, data.prWatch, now);
    const client = h.client();
    if (due.length === 0 || !client) return;
    const auth = data.auth;
    let answer: Awaited<ReturnType<typeof prStatusByNodeIds>>;
    try {
      answer = await prStatusByNodeIds(client, due);
    } catch (e) {
      this.failures++;
      const err = toAppError(e, { host: auth.host, tokenKind: auth.tokenKind, now: h.now() });
      let delay = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (this.failures - 1));
      if (err.retryAt) delay = Math.max(delay, Date.parse(err.retryAt) - h.now());
      this.pausedUntil = h.now() + delay;
      if (h.data.auth === auth) {
        h.recordError(e);
        await h.updateBadge();
        h.pushState();
      }
      return;
    }
    this.failures = 0;
    this.pausedUntil = 0;
    data = h.data;
    if (data.auth !== auth) return; // signed out meanwhile
    const notified = new Set(data.notified);
    const seen = observePrs(data.prWatch, due, answer, { settings: data.settings, notified, now: h.now() });
    const notices: PrNotice[] = [];
    for (const e of seen.events) {
      const w = seen.watch[e.nodeId];
      if (!w) continue;
      notified.add(e.key);
      notices.push(prNotice(e, w));
    }
    // A merge or close seen here shows at once on the session's row and pages (and ends the PR's watch).
    const known = withPrStates(data.sessions, data.prs, answer);
    h.data = {
      ...data,
      sessions: known.sessions,
      prs: known.prs,
      prWatch: pruneWatch(seen.watch, known.sessions),
      notified: [...notified],
      prPending: [...data.prPending, ...notices],
    };
    // Remembered before shown: a restart between the two shows them (same id), never twice, never lost.
    await h.save().catch((e) => console.warn('[agent-sessions] could not save the state', e));
    if (known.changed) h.pushState();
    await this.showPending();
  }

  /** Shows the PR notifications decided and not yet shown (after a restart too). */
  async showPending(): Promise<void> {
    const data = this.host.data;
    if (data.prPending.length === 0) return;
    for (const n of data.prPending) {
      try {
        await this.host.b.notifications.create(n.id, {
          type: 'basic',
          iconUrl: this.host.b.runtime.getURL('/icon/128.png'),
          title: n.title,
          message: n.message,
          priority: 0,
        });
      } catch {
        // notifications blocked by the OS or browser
      }
    }
    this.host.data = { ...this.host.data, prPending: [] };
    await this.host.save().catch(() => {});
  }

  owns(notificationId: string): boolean {
    return notificationId.startsWith(PR_NOTIFICATION_PREFIX);
  }

  /** A PR event's notification about a PR this account watches (several accounts: the one to open it). */
  holds(notificationId: string): boolean {
    return this.owns(notificationId) && !!this.host.data.prWatch[nodeIdOf(notificationId)];
  }

  /** A click on a PR event's notification: the PR in a new tab. */
  async onClicked(notificationId: string): Promise<void> {
    const nodeId = nodeIdOf(notificationId);
    const data = this.host.data;
    const url =
      data.prWatch[nodeId]?.url ?? data.sessions.find((s) => s.pr?.nodeId === nodeId)?.pr?.url ?? data.prs[nodeId]?.url;
    try {
      if (url && isSafeLink(url)) await this.host.b.tabs.create({ url, active: true });
      await this.host.b.notifications.clear(notificationId);
    } catch (e) {
      this.host.recordError(e);
    }
  }
}
