/**
 * The one way a view gets the background's state (popup, options page, drawer, content script): the storage mirror
 * first, marked `provisional` (it paints before the service worker answers), then the background's live pushes on
 * the port, which replace it. The view declares what it watches (watch.ts) on every (re)connect, so the background
 * sends it exactly that slice as it changes; when MV3 suspends and restarts the worker, the port reconnects and says
 * its watch again. Holds no rules of its own: views read the state through utils/sessions/selectors.ts.
 */
import { RequestError, request, subscribe } from '../messages/client';
import { readSnapshotMirror } from '../messages/mirror';
import type { Push, Request } from '../messages/protocol';
import type { AppError } from '../model/errors';
import type { StateSnapshot } from '../model/state';
import { sliceState, type Watch, watchMessage } from './watch';

/** How a view reaches the background: injected, so tests pass a mock. */
export interface ViewTransport {
  request<T>(req: Request): Promise<T>;
  subscribe(
    onPush: (push: Push) => void,
    signal: AbortSignal,
    opts?: { hello?: () => unknown; onContextLost?: () => void },
  ): { post(message: unknown): void } | undefined;
  /** The snapshot the background mirrored into storage.local, or null. */
  loadCached(): Promise<StateSnapshot | null>;
}

export interface ViewStateValue {
  state: StateSnapshot | null;
  /** True while `state` is the storage mirror (the background has not answered yet). */
  provisional: boolean;
  /** The background did not answer (extension pages only: they ask once besides listening). */
  error: AppError | null;
}

export interface ViewStateOptions {
  /**
   * Extension pages ask `getState` once as well as listening: its failure is the "background not answering" message,
   * and the answer may come before the port's first push. Content scripts may not ask it (page-scope.ts).
   */
  ask?: boolean;
  /** A `getState` already on its way (started before the first render); used instead of asking. */
  first?: Promise<StateSnapshot> | null;
  /** Asks the background to sync now (the popup opening). */
  refresh?: 'popup' | 'drawer' | null;
  /** The extension context is gone (content scripts after an update): go quiet. */
  onContextLost?: () => void;
  /** Called with each accepted state, before listeners (announcements of changes). */
  onState?: (prev: StateSnapshot | null, next: StateSnapshot) => void;
}

export function errorOf(e: unknown): AppError {
  if (e instanceof RequestError) return e.error;
  const err = (e as { error?: AppError } | null)?.error;
  if (err && typeof err.message === 'string') return err;
  return {
    kind: 'github-error',
    message: e instanceof Error ? e.message : String(e),
    fix: null,
    link: null,
  };
}

const EMPTY: ViewStateValue = { state: null, provisional: false, error: null };

export class ViewStateClient {
  private value: ViewStateValue = EMPTY;
  private readonly listeners = new Set<(v: ViewStateValue) => void>();
  private ctrl: AbortController | null = null;
  private post: ((message: unknown) => void) | null = null;
  private live = false;
  /** The storage mirror as read, until the live state replaces it (cut again when the watch changes). */
  private mirror: StateSnapshot | null = null;
  private first: Promise<StateSnapshot> | null;

  constructor(
    private readonly transport: ViewTransport,
    private watchDecl: Watch,
    private readonly opts: ViewStateOptions = {},
  ) {
    this.first = opts.first ?? null;
  }

  get(): ViewStateValue {
    return this.value;
  }

  get watch(): Watch {
    return this.watchDecl;
  }

  /** Calls `fn` on every change until `signal` aborts. */
  subscribe(fn: (v: ViewStateValue) => void, signal: AbortSignal): void {
    if (signal.aborted) return;
    this.listeners.add(fn);
    signal.addEventListener('abort', () => this.listeners.delete(fn), { once: true });
  }

  /** Connects: mirror, (question), port. Idempotent while started. */
  start(): void {
    if (this.ctrl) return;
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.live = false;
    const { signal } = ctrl;
    void this.transport
      .loadCached()
      .then((cached) => {
        if (!cached || signal.aborted || this.live) return;
        this.mirror = cached;
        this.accept(sliceState(cached, this.watchDecl), true);
      })
      .catch(() => undefined);
    if (this.opts.ask || this.first) {
      const first = this.first ?? this.transport.request<StateSnapshot>({ type: 'getState' });
      this.first = null;
      first.then(
        (s) => {
          if (!signal.aborted) this.accept(sliceState(s, this.watchDecl), false);
        },
        (e) => {
          if (signal.aborted || this.live) return;
          this.set({ ...this.value, error: errorOf(e) });
        },
      );
    }
    const sub = this.transport.subscribe(
      (push) => {
        if (push?.type === 'state' && push.state && !signal.aborted)
          this.accept(sliceState(push.state, this.watchDecl), false);
      },
      signal,
      { hello: () => watchMessage(this.watchDecl), onContextLost: this.opts.onContextLost },
    );
    this.post = sub ? (m) => sub.post(m) : null;
    if (this.opts.refresh)
      void this.transport.request({ type: 'refresh', reason: this.opts.refresh }).catch(() => undefined);
  }

  /** Declares a new watch: the background sends the new slice. */
  setWatch(watch: Watch): void {
    if (JSON.stringify(watch) === JSON.stringify(this.watchDecl)) return;
    this.watchDecl = watch;
    this.post?.(watchMessage(watch));
    if (this.mirror && !this.live) this.accept(sliceState(this.mirror, watch), true);
  }

  /** Drops the connection and connects again (the "Retry" of a background that did not answer). */
  retry(): void {
    this.stop();
    this.value = { ...this.value, error: null };
    this.start();
  }

  stop(): void {
    this.ctrl?.abort();
    this.ctrl = null;
    this.post = null;
  }

  private accept(next: StateSnapshot, fromMirror: boolean): void {
    if (fromMirror && this.live) return;
    if (!fromMirror) {
      this.live = true;
      this.mirror = null;
    }
    this.opts.onState?.(this.value.state, next);
    this.set({ state: next, provisional: fromMirror, error: null });
  }

  private set(v: ViewStateValue): void {
    this.value = v;
    for (const l of Array.from(this.listeners)) {
      try {
        l(v);
      } catch (error) {
        console.warn('[agent-sessions] view-state listener failed', error);
      }
    }
  }
}

let early: Promise<StateSnapshot | null> | null = null;
/** Starts reading the mirror as a page's script starts, before the first render (popup first paint). */
export function prefetchMirror(): void {
  early ??= readMirror();
}

async function readMirror(): Promise<StateSnapshot | null> {
  const value = await readSnapshotMirror();
  performance.mark?.('as-cache-read');
  return value;
}

/** The real transport of an extension page or content script. */
export const browserTransport: ViewTransport = {
  request: <T>(req: Request) => request<T>(req),
  subscribe: (onPush, signal, opts) => subscribe(onPush, signal, opts),
  loadCached() {
    if (early) {
      const pending = early;
      early = null;
      return pending;
    }
    return readMirror();
  },
};
