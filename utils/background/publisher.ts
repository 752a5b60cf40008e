/**
 * Publishing: what open views receive on the live port. Each port declares what it watches
 * (utils/view-state/watch.ts): the popup and options page everything, the drawer its session (with the other sessions
 * of its PR), a PR page its PRs (page-scope.ts: no prompts, nothing else). On each change the publisher cuts every
 * port's slice and sends it only when it differs from what that port last received. Other users' sessions of watched
 * PRs (others.ts) are part of the published slices. It also sends transitions to the extension pages that show the session and
 * saves the snapshot mirror. The engine owns one Publisher and calls it when its state changes.
 */
import type { Push } from '../messages/protocol';
import type { StateSnapshot, StopStatus } from '../model/state';
import type { Transition } from '../sessions/diff';
import type { Session } from '../sessions/model';
import { cleanSession } from '../text/sanitize';
import { parseWatchMessage, sliceState, type Watch } from '../view-state/watch';
import { pageSnapshot, syncTimeWhenStale } from './page-scope';
import type { EngineData } from './store';

export interface PortLike {
  name: string;
  postMessage(message: unknown): void;
  onDisconnect: { addListener(fn: () => void): void };
  /** Views declare their watch (`{type:'watch', kind, …}`), see utils/view-state/watch.ts. */
  onMessage?: { addListener(fn: (message: unknown) => void): void };
}

/** What the snapshot is built from, read at each push. */
interface PublishSource {
  data(): EngineData;
  nextPollAt(): string | null;
  syncing(): boolean;
  stops(): Map<string, StopStatus>;
}

interface PublisherDeps {
  source: PublishSource;
  /** Resolves once the engine has loaded its state: no port gets a state before. */
  ready: Promise<void>;
  throttleMs: number;
  /** Called when a port opens or closes (the poll cadence depends on open views). */
  onPortsChanged(): Promise<void>;
  saveSnapshot?(state: StateSnapshot): Promise<void>;
  /** Several accounts (accounts.ts): this engine's snapshot → every account's, what the views get. */
  merge?(own: StateSnapshot): StateSnapshot;
  /**
   * Other users' sessions of PRs (pr-pages.ts, others.ts): `allOthers` as known, without any request; `lookUp` looks
   * a PR's up when a page starts showing it (rate-limited per tab); the publisher pushes when it settles.
   */
  pages?: {
    allOthers(): Session[];
    lookUp(owner: string, repo: string, number: number, tabId?: number): Promise<void>;
  };
}

interface Entry {
  scope: 'extension' | 'page';
  /** Null until a page declared what it shows: a page gets nothing before. */
  watch: Watch | null;
  tabId: number | undefined;
  /** The last message sent (JSON), to send nothing when the slice did not change. */
  last: string | null;
  /** Session ids in the last slice (transitions go only to the views that show the session). */
  shown: Set<string>;
  /** A page's watched PR pages whose other users' sessions were looked up (the page's `settled`). */
  settled: Set<string>;
}

const ALL: Watch = { kind: 'all' };

export class Publisher {
  private ports = new Map<PortLike, Entry>();
  private pushTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bytes (JSON) posted, for the bench. */
  bytesSent = 0;

  constructor(private readonly deps: PublisherDeps) {}

  get size(): number {
    return this.ports.size;
  }

  /**
   * Live port from a popup, drawer or PR page. An extension page watches everything until it says otherwise; a
   * page's port (`scope: 'page'`, a content script) gets nothing until it names its PRs, then only their sessions.
   */
  attach(port: PortLike, scope: 'extension' | 'page' = 'extension', tabId?: number): void {
    const entry: Entry = {
      scope,
      watch: scope === 'page' ? null : ALL,
      tabId,
      last: null,
      shown: new Set(),
      settled: new Set(),
    };
    this.ports.set(port, entry);
    port.onMessage?.addListener((message) => {
      const watch = parseWatchMessage(message);
      if (!watch || (scope === 'page' && watch.kind !== 'prs')) return;
      const before = new Set(entry.watch?.kind === 'prs' ? entry.watch.prs : []);
      entry.watch = watch;
      entry.last = null; // a new watch always gets its slice, changed or not
      if (watch.kind === 'prs' && scope === 'page') {
        for (const k of entry.settled) if (!watch.prs.includes(k)) entry.settled.delete(k);
        this.lookUp(
          entry,
          watch.prs.filter((k) => !before.has(k)),
        );
      }
      void this.deps.ready.then(() => this.sendSlice(port, entry, this.snapshot(), this.others()));
    });
    port.onDisconnect.addListener(() => {
      this.ports.delete(port);
      void this.deps.onPortsChanged().catch(() => {});
    });
    void this.deps.ready.then(() => {
      if (entry.watch) this.sendSlice(port, entry, this.snapshot(), this.others());
      return this.deps.onPortsChanged();
    });
  }

  snapshot(): StateSnapshot {
    const src = this.deps.source;
    const d = src.data();
    const own: StateSnapshot = {
      auth: d.auth ? { status: 'signed-in', info: d.auth } : { status: 'signed-out' },
      sessions: d.sessions,
      unread: d.unread,
      lastSyncAt: d.lastSyncAt,
      lastError: d.lastError,
      nextPollAt: src.nextPollAt(),
      syncing: src.syncing(),
      source: d.source,
      sourceReason: d.source === 'fallback' ? d.sourceReason : null,
      stops: Object.fromEntries(src.stops()),
      settings: d.settings,
    };
    return this.deps.merge ? this.deps.merge(own) : own;
  }

  private others(): Session[] {
    return (this.deps.pages?.allOthers() ?? []).map(cleanSession);
  }

  /** The slice a port receives for its watch. */
  private slice(entry: Entry, state: StateSnapshot, others: Session[]): StateSnapshot | null {
    const watch = entry.watch;
    if (!watch) return null;
    if (entry.scope === 'page') return watch.kind === 'prs' ? pageSnapshot(state, watch, others, entry.settled) : null;
    if (watch.kind === 'all') return state;
    // The drawer: its session's PR; nothing that changes without it (sync times, unless not connected).
    return {
      ...sliceState(state, watch, others),
      lastSyncAt: syncTimeWhenStale(state),
      nextPollAt: null,
      syncing: false,
    };
  }

  private sendSlice(port: PortLike, entry: Entry, state: StateSnapshot, others: Session[]): void {
    const sliced = this.slice(entry, state, others);
    if (!sliced) return;
    const msg: Push = { type: 'state', state: sliced };
    const json = JSON.stringify(msg);
    if (json === entry.last) return;
    entry.last = json;
    entry.shown = new Set(sliced.sessions.map((s) => s.id));
    this.post(port, msg, json.length);
  }

  private post(port: PortLike, msg: unknown, bytes: number): void {
    try {
      port.postMessage(msg);
      this.bytesSent += bytes;
    } catch {
      this.ports.delete(port);
    }
  }

  /** The PR pages open in tabs (their `prs` watches). */
  watchedPages(): string[] {
    const keys = new Set<string>();
    for (const e of this.ports.values())
      if (e.scope === 'page' && e.watch?.kind === 'prs') for (const k of e.watch.prs) keys.add(k);
    return [...keys];
  }

  /** Sends every port its slice when it changed, throttled; saves the mirror. */
  pushState(): void {
    if (this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      this.publishNow();
    }, this.deps.throttleMs);
  }

  /** The push itself, unthrottled (pushState; the bench). */
  publishNow(): void {
    const state = this.snapshot();
    const others = this.ports.size ? this.others() : [];
    for (const [p, entry] of [...this.ports]) this.sendSlice(p, entry, state, others);
    this.deps.saveSnapshot?.(state).catch(() => {});
  }

  pushTransitions(ts: Transition[]): void {
    for (const t of ts)
      for (const [p, entry] of [...this.ports]) {
        // Pages read the state they are pushed; extension pages also animate the change.
        if (entry.scope === 'page' || (entry.watch?.kind !== 'all' && !entry.shown.has(t.sessionId))) continue;
        const msg = { type: 'transition', sessionId: t.sessionId, from: t.from, to: t.to };
        this.post(p, msg, JSON.stringify(msg).length);
      }
  }

  /**
   * Other users' sessions of the PR pages a page just started to show; each PR is `settled` for the page once they
   * are known, and one push tells it.
   */
  private lookUp(entry: Entry, keys: string[]): void {
    const pages = this.deps.pages;
    const settle = (key: string) => {
      if (entry.watch?.kind === 'prs' && entry.watch.prs.includes(key)) entry.settled.add(key);
    };
    if (!pages) {
      for (const k of keys) settle(k);
      return;
    }
    if (keys.length === 0) return;
    const run = (key: string) => {
      const m = /^([^/]+)\/([^#]+)#(\d+)$/.exec(key);
      const done = m ? pages.lookUp(m[1]!, m[2]!, Number(m[3]), entry.tabId).catch(() => undefined) : null;
      return Promise.resolve(done).then(() => settle(key));
    };
    // After the engine loaded its state: the lookup needs the account and the user's own sessions.
    void this.deps.ready.then(() => Promise.all(keys.map(run))).then(() => this.pushState());
  }
}
