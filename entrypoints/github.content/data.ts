/**
 * The in-page data source, over the one view-state client (utils/view-state/client.ts). The page watches what it
 * shows: the PR pages open (`prs`; the background looks their other users' sessions up) and the rows of a PR list
 * (`list`); the background pushes exactly that slice as it changes (page-scope.ts: no prompts, nothing else), and
 * the storage mirror, cut the same way, paints first while a sleeping service worker starts. The page asks nothing
 * whose answer the state holds, makes no API call and polls nothing. One client per page, shared by every feature
 * (timeline badges, header badge, fallback, list badges) and kept for a short grace period across a soft
 * navigation; each PR's view is selected from the slice with utils/sessions/selectors.ts.
 */

import type { PrView } from '../../components/page/types';
import { RequestError, request } from '../../utils/messages/client';
import type { Request } from '../../utils/messages/protocol';
import type { StopStatus } from '../../utils/model/state';
import type { PrRef } from '../../utils/page/urls';
import { isSessionState } from '../../utils/sessions/model';
import { prKey, sessionsOfPr } from '../../utils/sessions/selectors';
import { browserTransport, ViewStateClient, type ViewStateValue } from '../../utils/view-state/client';
import { LIST_MAX, WATCH_MAX, type Watch } from '../../utils/view-state/watch';
import { contextLost, isContextError, isContextValid, lifetimeSignal } from './context';

interface PrData {
  readonly pr: PrRef;
  get(): PrView;
  /** Calls `fn` on every change until `signal` aborts. */
  subscribe(fn: (view: PrView) => void, signal: AbortSignal): void;
}

/** The rows of a PR list: the page watches their PRs, and reads their sessions from the pushed slice. */
interface ListData {
  /** The PR keys (`prKey`) of the rows now on the page. */
  setRows(keys: readonly string[]): void;
  get(): ViewStateValue;
  subscribe(fn: (value: ViewStateValue) => void, signal: AbortSignal): void;
}

const GRACE_MS = 3000;

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

// ---- the page's one view-state client, held while someone uses it (plus a grace period) ----

/** PR pages shown, by key, with their users. */
const sources = new Map<
  string,
  { data: PrData | null; users: number; dispose: () => void; timer: ReturnType<typeof setTimeout> | null }
>();
/** PR list rows shown, per list. */
const lists = new Set<{ keys: readonly string[] }>();
let client: ViewStateClient | null = null;
let users = 0;
let idleTimer: ReturnType<typeof setTimeout> | null = null;

function currentWatch(): Watch {
  const prs = [...sources.keys()].slice(-WATCH_MAX);
  const list = [...new Set([...lists].flatMap((l) => l.keys))].filter((k) => !prs.includes(k)).slice(-LIST_MAX);
  return list.length ? { kind: 'prs', prs, list } : { kind: 'prs', prs };
}

function sendWatch(): void {
  client?.setWatch(currentWatch());
}

/** The page's client, held until `signal` aborts. */
function hold(signal: AbortSignal): ViewStateClient {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (!client) {
    const c = new ViewStateClient(browserTransport, currentWatch(), { onContextLost: contextLost });
    client = c;
    if (lifetimeSignal.aborted) return c;
    lifetimeSignal.addEventListener('abort', () => c.stop(), { once: true });
    c.start();
  }
  users++;
  signal.addEventListener(
    'abort',
    () => {
      users--;
      if (users > 0) return;
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        if (users > 0) return;
        client?.stop();
        client = null;
      }, GRACE_MS);
    },
    { once: true },
  );
  return client;
}

/** The shared data source for `pr`, alive while any caller's `signal` is (plus a grace period). */
export function prData(pr: PrRef, signal: AbortSignal): PrData {
  const key = prKey(pr);
  let entry = sources.get(key);
  if (!entry) {
    const controller = new AbortController();
    // Listed before the client starts, so that its first watch names this PR.
    entry = { data: null, users: 0, dispose: () => controller.abort(), timer: null };
    sources.set(key, entry);
    entry.data = createPrData(pr, controller.signal);
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
  return e.data as PrData;
}

/** The rows of a PR list, watched while `signal` is alive. */
export function listData(signal: AbortSignal): ListData {
  const rows = { keys: [] as readonly string[] };
  lists.add(rows);
  const c = hold(signal);
  signal.addEventListener(
    'abort',
    () => {
      lists.delete(rows);
      sendWatch();
    },
    { once: true },
  );
  return {
    setRows(keys) {
      rows.keys = [...keys];
      sendWatch();
    },
    get: () => c.get(),
    subscribe: (fn, sig) => c.subscribe(fn, sig),
  };
}

/** Forget every source and the client now (tests). */
export function resetDataSources(): void {
  for (const e of sources.values()) {
    if (e.timer) clearTimeout(e.timer);
    e.dispose();
  }
  sources.clear();
  lists.clear();
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  client?.stop();
  client = null;
  users = 0;
}

const LOADING: PrView = {
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
  connectionError: null,
  syncedAt: null,
};

/**
 * A PR page's view of the watched slice. The background's slice is complete for the PR once it is `settled` (other
 * users' sessions looked up); before, and from the storage mirror, the user's own sessions show provisionally (a
 * badge without a session keeps its loading look). A mirror that says signed out or knows nothing here: loading.
 */
function prViewOf(value: ViewStateValue, pr: PrRef): PrView {
  const state = value.state;
  if (!state) return LOADING;
  const settings = {
    confirmStop: !!state.settings?.confirmStop,
    badges: state.settings?.features?.badges !== false,
    listBadges: state.settings?.features?.listBadges !== false,
    // The connection and the age of the data (issue 20 #7).
    connectionError: state.lastError ? { kind: state.lastError.kind, retryAt: state.lastError.retryAt ?? null } : null,
    syncedAt: state.lastSyncAt ?? null,
  };
  const info = state.auth?.status === 'signed-in' ? state.auth.info : null;
  const sessions = sessionsOfPr(
    (Array.isArray(state.sessions) ? state.sessions : []).filter(
      (s) => s && typeof s.id === 'string' && isSessionState(s.state),
    ),
    pr,
  );
  const settled = !value.provisional && (!Array.isArray(state.settled) || state.settled.includes(prKey(pr)));
  if (!settled && (!info || sessions.length === 0)) return { ...LOADING, ...settings };
  const ids = new Set(sessions.map((s) => s.id));
  const stops: Record<string, StopStatus> = {};
  for (const [id, st] of Object.entries(state.stops ?? {})) if (ids.has(id)) stops[id] = st;
  const capabilities = Array.isArray(info?.capabilities) ? info.capabilities : [];
  return {
    status: 'ready',
    sessions,
    viewerLogin: info?.login ?? null,
    signedIn: !!info,
    canStop: capabilities.find((c) => c?.id === 'stopSessions')?.ok !== false,
    stops,
    error: null,
    ...settings,
    provisional: !settled,
  };
}

function createPrData(pr: PrRef, signal: AbortSignal): PrData {
  const c = hold(signal);
  let view = prViewOf(c.get(), pr);
  let json = JSON.stringify(view);
  const listeners = new Set<(v: PrView) => void>();
  c.subscribe((value) => {
    const next = prViewOf(value, pr);
    const nextJson = JSON.stringify(next);
    if (nextJson === json) return;
    view = next;
    json = nextJson;
    for (const l of Array.from(listeners)) {
      try {
        l(view);
      } catch (error) {
        console.warn('[agent-sessions] view listener failed', error);
      }
    }
  }, signal);
  signal.addEventListener('abort', () => listeners.clear(), { once: true });
  return {
    pr,
    get: () => view,
    subscribe(fn, sig) {
      if (sig.aborted) return;
      listeners.add(fn);
      sig.addEventListener('abort', () => listeners.delete(fn), { once: true });
    },
  };
}
