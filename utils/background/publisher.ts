/**
 * Publishing: what open views receive on the live port. Holds the ports (popup, options, drawer, PR pages), each
 * page port's watch set (page-scope.ts), builds the state snapshot, throttles state pushes, sends transitions and
 * saves the snapshot mirror on every push. The engine owns one Publisher and calls it when its state changes.
 */
import type { Push } from '../messages/protocol';
import type { StateSnapshot, StopStatus } from '../model/state';
import type { Transition } from '../sessions/diff';
import { parseWatch, scopePush } from './page-scope';
import type { EngineData } from './store';

export interface PortLike {
  name: string;
  postMessage(message: unknown): void;
  onDisconnect: { addListener(fn: () => void): void };
  /** Page ports name the PRs they show (`{type:'watch', prs}`), see page-scope.ts. */
  onMessage?: { addListener(fn: (message: unknown) => void): void };
}

/** What the snapshot is built from, read at each push. */
export interface PublishSource {
  data(): EngineData;
  nextPollAt(): string | null;
  syncing(): boolean;
  stops(): Map<string, StopStatus>;
}

export interface PublisherDeps {
  source: PublishSource;
  /** Resolves once the engine has loaded its state: no port gets a state before. */
  ready: Promise<void>;
  throttleMs: number;
  /** Called when a port opens or closes (the poll cadence depends on open views). */
  onPortsChanged(): Promise<void>;
  saveSnapshot?(state: StateSnapshot): Promise<void>;
}

export class Publisher {
  private ports = new Set<PortLike>();
  /** Content-script ports and the PRs (`owner/repo#n`, lower case) each one shows. */
  private pagePorts = new Map<PortLike, Set<string>>();
  private pushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: PublisherDeps) {}

  get size(): number {
    return this.ports.size;
  }

  /**
   * Live port from a popup, drawer or PR page. A page's port (`scope: 'page'`, a content script) gets only what the
   * page shows: the sessions of the PRs it watches, no prompts, no other session (page-scope.ts).
   */
  attach(port: PortLike, scope: 'extension' | 'page' = 'extension'): void {
    this.ports.add(port);
    if (scope === 'page') {
      const watch = new Set<string>();
      this.pagePorts.set(port, watch);
      port.onMessage?.addListener((message) => {
        const prs = parseWatch(message);
        if (!prs) return;
        watch.clear();
        for (const k of prs) watch.add(k);
        this.send(port, { type: 'state', state: this.snapshot() });
      });
    }
    port.onDisconnect.addListener(() => {
      this.ports.delete(port);
      this.pagePorts.delete(port);
      void this.deps.onPortsChanged().catch(() => {});
    });
    void this.deps.ready.then(() => {
      this.send(port, { type: 'state', state: this.snapshot() });
      return this.deps.onPortsChanged();
    });
  }

  snapshot(): StateSnapshot {
    const src = this.deps.source;
    const d = src.data();
    return {
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
  }

  private send(port: PortLike, msg: unknown): void {
    const watch = this.pagePorts.get(port);
    if (watch) {
      const scoped = scopePush(msg as Push, watch);
      if (!scoped) return;
      msg = scoped;
    }
    try {
      port.postMessage(msg);
    } catch {
      this.ports.delete(port);
    }
  }

  /** Pushes the whole state to every open view, throttled. */
  pushState(): void {
    if (this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      const state = this.snapshot();
      const msg = { type: 'state', state };
      for (const p of [...this.ports]) this.send(p, msg);
      this.deps.saveSnapshot?.(state).catch(() => {});
    }, this.deps.throttleMs);
  }

  pushTransitions(ts: Transition[]): void {
    for (const t of ts)
      for (const p of [...this.ports])
        this.send(p, { type: 'transition', sessionId: t.sessionId, from: t.from, to: t.to });
  }
}
