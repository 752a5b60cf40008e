/**
 * The in-page data source. For the current PR: one `getPrSessions` request, then live updates from the background's
 * pushes (the state snapshot holds the user's own sessions; other users' sessions come from `getPrSessions`, asked
 * again, debounced, when a push is relevant). No API call from the page, no polling of GitHub. Shared by every
 * feature on the page (timeline badges, header badge, fallback) and kept for a short grace period across a
 * soft navigation between the PR's tabs.
 */

import type { ListPrState, PrView } from '../../components/page/types';
import { RequestError, request, subscribe } from '../../utils/messages/client';
import { readSnapshotMirror } from '../../utils/messages/mirror';
import type { PrSessions, Push, Request } from '../../utils/messages/protocol';
import type { StopStatus } from '../../utils/model/state';
import type { PrRef } from '../../utils/page/urls';
import { isSessionState, isTerminal, type Session, type SessionState } from '../../utils/sessions/model';
import { belongsToPr, byCreated, prKey, type RepoPrStates } from '../../utils/sessions/selectors';
import { contextLost, isContextError, isContextValid, lifetimeSignal } from './context';

export interface PrData {
  readonly pr: PrRef;
  get(): PrView;
  /** Calls `fn` on every change until `signal` aborts. */
  subscribe(fn: (view: PrView) => void, signal: AbortSignal): void;
  /** Asks the background again (debounced). */
  reload(): void;
}

const GRACE_MS = 3000;
const DEBOUNCE_MS = 400;

/** Sends a request allowed to content scripts; detects a lost extension context and goes quiet. */
export async function send<T>(req: Request): Promise<T> {
  if (!isContextValid()) {
    contextLost();
    throw new RequestError({ kind: 'offline', message: 'The extension was updated.', fix: null, link: null });
  }
  try {
    return await request<T>(req);
  } catch (error) {
    if (isContextError(error)) contextLost();
    throw error;
  }
}

// ---- one live port shared by all features, held only while someone listens ----

type PushListener = (push: Push) => void;
const pushListeners = new Set<PushListener>();
let hub: AbortController | null = null;
let hubTimer: ReturnType<typeof setTimeout> | null = null;
let hubPost: ((message: unknown) => void) | null = null;

/** The PRs this page shows: the background pushes only their sessions to this content script (issue 17 #9). */
function watchMessage(): { type: 'watch'; prs: string[] } {
  return { type: 'watch', prs: [...sources.keys()].slice(-20) };
}
function sendWatch(): void {
  hubPost?.(watchMessage());
}

export function onPush(fn: PushListener, signal: AbortSignal): void {
  if (signal.aborted || lifetimeSignal.aborted) return;
  pushListeners.add(fn);
  if (hubTimer) clearTimeout(hubTimer);
  hubTimer = null;
  if (!hub) {
    const controller = new AbortController();
    hub = controller;
    lifetimeSignal.addEventListener('abort', () => controller.abort(), { once: true });
    // (A mocked client in tests may return nothing.)
    hubPost =
      subscribe(
        (push) => {
          for (const l of Array.from(pushListeners)) {
            try {
              l(push);
            } catch (error) {
              console.warn('[agent-sessions] push handler failed', error);
            }
          }
        },
        controller.signal,
        { onContextLost: contextLost, hello: watchMessage },
      )?.post ?? null;
  }
  signal.addEventListener(
    'abort',
    () => {
      pushListeners.delete(fn);
      if (pushListeners.size === 0 && hub) {
        hubTimer = setTimeout(() => {
          if (pushListeners.size === 0) {
            hub?.abort();
            hub = null;
            hubPost = null;
          }
        }, GRACE_MS);
      }
    },
    { once: true },
  );
}

// ---- the PR data source ----

const sources = new Map<
  string,
  { data: PrData; users: number; dispose: () => void; timer: ReturnType<typeof setTimeout> | null }
>();

/** The shared data source for `pr`, alive while any caller's `signal` is (plus a grace period). */
export function prData(pr: PrRef, signal: AbortSignal): PrData {
  const key = prKey(pr);
  let entry = sources.get(key);
  if (!entry) {
    const controller = new AbortController();
    const data = createPrData(pr, controller.signal);
    entry = { data, users: 0, dispose: () => controller.abort(), timer: null };
    sources.set(key, entry);
    sendWatch();
  }
  const e = entry;
  if (e.timer) clearTimeout(e.timer);
  e.timer = null;
  e.users++;
  signal.addEventListener(
    'abort',
    () => {
      e.users--;
      if (e.users > 0) return;
      e.timer = setTimeout(() => {
        if (e.users > 0) return;
        e.dispose();
        sources.delete(key);
        sendWatch();
      }, GRACE_MS);
    },
    { once: true },
  );
  return e.data;
}

/** Forget every source now (tests). */
export function resetDataSources(): void {
  for (const e of sources.values()) {
    if (e.timer) clearTimeout(e.timer);
    e.dispose();
  }
  sources.clear();
  hub?.abort();
  hub = null;
  hubPost = null;
  pushListeners.clear();
}

export function createPrData(pr: PrRef, signal: AbortSignal): PrData {
  let view: PrView = {
    status: 'loading',
    sessions: [],
    viewerLogin: null,
    signedIn: true,
    canStop: true,
    stops: {},
    error: null,
    confirmStop: false,
    badges: true,
    listBadges: true,
    provisional: false,
  };
  const listeners = new Set<(v: PrView) => void>();
  const set = (patch: Partial<PrView>) => {
    view = { ...view, ...patch };
    for (const l of Array.from(listeners)) {
      try {
        l(view);
      } catch (error) {
        console.warn('[agent-sessions] view listener failed', error);
      }
    }
  };

  let inFlight = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSync: string | null = null;

  /** The background answered before other users' sessions were known: ask again on its next push. */
  let othersPending = false;
  const load = async () => {
    if (signal.aborted) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      const res = await send<PrSessions>({ type: 'getPrSessions', owner: pr.owner, repo: pr.repo, number: pr.number });
      if (signal.aborted) return;
      othersPending = res?.othersPending === true;
      const sessions = (Array.isArray(res?.sessions) ? res.sessions : [])
        .filter((s) => s && typeof s.id === 'string' && isSessionState(s.state))
        .sort(byCreated);
      set({
        status: 'ready',
        sessions,
        viewerLogin: res.viewerLogin ?? null,
        signedIn: res.signedIn !== false,
        canStop: res.canStop !== false,
        stops: res.stops ?? {},
        error: null,
        provisional: false,
      });
    } catch (error) {
      if (signal.aborted || lifetimeSignal.aborted) return;
      const err = error instanceof RequestError ? error.error : null;
      const signedOut = err?.kind === 'bad-token' || err?.kind === 'expired-token';
      set({
        status: 'error',
        error: err ?? { kind: 'github-error', message: 'Could not load sessions.', fix: null, link: null },
        signedIn: signedOut ? false : view.signedIn,
        provisional: false,
      });
    } finally {
      inFlight = false;
      if (again && !signal.aborted) {
        again = false;
        schedule();
      }
    }
  };

  const schedule = () => {
    if (timer || signal.aborted) return;
    timer = setTimeout(() => {
      timer = null;
      void load();
    }, DEBOUNCE_MS);
  };

  const onState = (state: Extract<Push, { type: 'state' }>['state']) => {
    const patch: Partial<PrView> = {};
    let relevant = false;
    if (state.settings) {
      patch.confirmStop = !!state.settings.confirmStop;
      patch.badges = state.settings.features?.badges !== false;
      patch.listBadges = state.settings.features?.listBadges !== false;
    }
    const signedIn = state.auth?.status === 'signed-in';
    if (signedIn !== view.signedIn) {
      patch.signedIn = signedIn;
      relevant = true;
    }
    if (state.auth?.status === 'signed-in') {
      patch.viewerLogin = state.auth.info.login;
      const stop = Array.isArray(state.auth.info.capabilities)
        ? state.auth.info.capabilities.find((c) => c?.id === 'stopSessions')
        : undefined;
      patch.canStop = stop?.ok !== false;
    }
    const mine = (Array.isArray(state.sessions) ? state.sessions : []).filter(
      (s) => s && isSessionState(s.state) && belongsToPr(s, pr),
    );
    if (mine.length) {
      const map = new Map(view.sessions.map((s) => [s.id, s]));
      let changed = false;
      for (const s of mine) {
        const old = map.get(s.id);
        if (!old) relevant = true;
        if (!old || differs(old, s)) {
          // Keep the per-viewer facts from getPrSessions when the snapshot does not say better.
          map.set(s.id, old ? { ...old, ...s } : s);
          changed = true;
        }
      }
      if (changed) patch.sessions = Array.from(map.values()).sort(byCreated);
    }
    const ids = new Set((patch.sessions ?? view.sessions).map((s) => s.id));
    const stops: Record<string, StopStatus> = {};
    for (const [id, st] of Object.entries(state.stops ?? {})) if (ids.has(id)) stops[id] = st;
    if (JSON.stringify(stops) !== JSON.stringify(view.stops)) patch.stops = { ...view.stops, ...stops };
    // Other users' running sessions only change through getPrSessions: ask again after each sync.
    if (state.lastSyncAt !== lastSync) {
      lastSync = state.lastSyncAt;
      const mineIds = new Set(mine.map((s) => s.id));
      if (view.sessions.some((s) => !mineIds.has(s.id) && !isTerminal(s.state))) relevant = true;
    }
    if (Object.keys(patch).length) set(patch);
    if (othersPending) {
      othersPending = false;
      relevant = true;
    }
    if (relevant && view.status !== 'loading') schedule();
  };

  // The question first, the live port second: on a full page load both compete for the same busy threads.
  void load();
  // Meanwhile the mirror: when the service worker sleeps, its answer waits for it to start (~100 ms); the user's own
  // sessions on this PR are in storage already. Used only if it comes first and knows some; the answer replaces it.
  void readSnapshotMirror().then((mirror) => {
    if (!mirror || signal.aborted || view.status !== 'loading' || mirror.auth?.status !== 'signed-in') return;
    const mine = mirror.sessions.filter(
      (s) => s && typeof s.id === 'string' && isSessionState(s.state) && belongsToPr(s, pr),
    );
    if (mine.length === 0) return;
    const ids = new Set(mine.map((s) => s.id));
    const stops: Record<string, StopStatus> = {};
    for (const [id, st] of Object.entries(mirror.stops ?? {})) if (ids.has(id)) stops[id] = st;
    set({
      status: 'ready',
      provisional: true,
      sessions: mine.sort(byCreated),
      viewerLogin: mirror.auth.info.login,
      signedIn: true,
      canStop: !(mirror.auth.info.capabilities ?? []).some((c) => c?.id === 'stopSessions' && c.ok === false),
      stops,
      confirmStop: !!mirror.settings?.confirmStop,
      badges: mirror.settings?.features?.badges !== false,
      listBadges: mirror.settings?.features?.listBadges !== false,
    });
  });
  onPush((push) => {
    if (push.type === 'state' && push.state) onState(push.state);
    else if (push.type === 'transition' && view.sessions.some((s) => s.id === push.sessionId)) {
      const to = push.to;
      if (isSessionState(to))
        set({ sessions: view.sessions.map((s) => (s.id === push.sessionId ? { ...s, state: to } : s)) });
      schedule();
    }
  }, signal);

  signal.addEventListener('abort', () => {
    if (timer) clearTimeout(timer);
    listeners.clear();
  });

  return {
    pr,
    get: () => view,
    subscribe(fn, sig) {
      if (sig.aborted) return;
      listeners.add(fn);
      sig.addEventListener('abort', () => listeners.delete(fn), { once: true });
    },
    reload: schedule,
  };
}

/** The fields a badge shows: a snapshot that changes any of them re-renders. */
const SHOWN: ReadonlyArray<keyof Session> = ['state', 'updatedAt', 'completedAt', 'error', 'model', 'title', 'canAct'];
function differs(a: Session, b: Session): boolean {
  return SHOWN.some((k) => a[k] !== b[k]) || a.usage?.unit !== b.usage?.unit || a.usage?.amount !== b.usage?.amount;
}

// ---- PR lists ----

/**
 * `getRepoPrStates` for PR numbers on a list. Reads the protocol's `RepoPrStates` (a record by PR number) and
 * tolerates `{ prs: record }` or an array of `{number, state}`; anything else reads as "none".
 */
export async function repoPrStates(owner: string, repo: string, numbers: number[]): Promise<Map<number, ListPrState>> {
  const res = await send<RepoPrStates | unknown>({ type: 'getRepoPrStates', owner, repo, numbers });
  return parseRepoPrStates(res);
}

export function parseRepoPrStates(res: unknown): Map<number, ListPrState> {
  const out = new Map<number, ListPrState>();
  const add = (n: unknown, v: unknown) => {
    const number = Number(n);
    if (!Number.isInteger(number)) return;
    if (isSessionState(v)) out.set(number, { state: v, sessionId: null, count: 1 });
    else if (v && typeof v === 'object' && isSessionState((v as { state?: unknown }).state)) {
      const o = v as { state: SessionState; sessionId?: unknown; count?: unknown };
      out.set(number, {
        state: o.state,
        sessionId: typeof o.sessionId === 'string' ? o.sessionId : null,
        count: typeof o.count === 'number' ? o.count : 1,
      });
    }
  };
  if (Array.isArray(res)) for (const item of res) add((item as { number?: unknown })?.number, item);
  else if (res && typeof res === 'object') {
    const record = ('prs' in res ? (res as { prs: unknown }).prs : res) as Record<string, unknown> | null;
    if (record && typeof record === 'object') for (const [n, v] of Object.entries(record)) add(n, v);
  }
  return out;
}
