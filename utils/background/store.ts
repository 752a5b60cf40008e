/**
 * The persisted engine state (WXT storage, `local:` area): versioned with a migration hook, bounded, non-secret
 * (the token lives in IndexedDB, see utils/auth/token-store.ts). Two items: the state, and the ETag cache (large,
 * saved only when it changed).
 */
import { storage } from 'wxt/utils/storage';
import type { EtagEntry } from '../github/etag-cache';
import type { PullInfo } from '../github/pulls';
import type { RepoInfo } from '../github/repos';
import { SNAPSHOT_MIRROR_KEY } from '../messages/mirror';
import type { AppError } from '../model/errors';
import { DEFAULT_SETTINGS, type Settings } from '../model/settings';
import type { AuthInfo, StateSnapshot } from '../model/state';
import type { Session } from '../sessions/model';
import type { PrNotice, PrWatch } from '../sessions/pr-events';
import { cleanSession } from '../text/sanitize';
import { compactSnapshot } from './snapshot-mirror';

const STORE_VERSION = 1;
const MAX_SESSIONS = 500;
const MAX_NOTIFIED = 3000;
const MAX_PRS = 1000;
const MAX_REPOS = 2000;
const MAX_ETAGS = 300;
const MAX_ETAG_ENTRY_CHARS = 64 * 1024;
const MAX_ETAG_TOTAL_CHARS = 2 * 1024 * 1024;
/** Sessions kept by the emergency write after a quota error. */
const LEAN_SESSIONS = 100;

interface PendingNotification {
  sessionId: string;
  to: string;
}

export interface EngineData {
  auth: AuthInfo | null;
  sessions: Session[];
  unread: string[];
  /** `${sessionId}:${state}` keys already notified (persisted with the transition). */
  notified: string[];
  /** Notifications decided and persisted but maybe not yet shown (shown again after a restart; same id = no duplicate). */
  pending: PendingNotification[];
  lastSyncAt: string | null;
  lastError: AppError | null;
  backoff: { failures: number; until: string | null };
  settings: Settings;
  source: 'agent-tasks' | 'fallback' | null;
  /** False until the first successful sync after sign-in (which is silent). */
  firstSyncDone: boolean;
  /** taskId → updated_at of the task when its detail was last fetched. */
  tasks: Record<string, string>;
  repos: Record<string, RepoInfo>;
  /** PR node id (or `o/r#n`) → PR. */
  prs: Record<string, PullInfo>;
  /** The Copilot API as last probed: `checkedAt` dates the probe (a refusal is re-probed after CAPI_REPROBE_MS). */
  capi: { api: string | null; available: boolean | null; login: string | null; checkedAt?: string | null };
  /** User id → login, for other users' sessions (creators come as `{id}` only). */
  logins: Record<string, string>;
  /** Why the list comes from the fallback (the Agent tasks API's answer, in words), or null. */
  sourceReason: AppError | null;
  /** Fallback source: `o/r#n` → PR updated_at when last processed. */
  fallbackPrs: Record<string, string>;
  /** PR events (issue 16, opt-in): PR node id → what was last seen of the agent's open PR. */
  prWatch: Record<string, PrWatch>;
  /** PR event notifications decided and persisted but maybe not yet shown (same id = no duplicate). */
  prPending: PrNotice[];
}

export function emptyData(settings: Settings = DEFAULT_SETTINGS): EngineData {
  return {
    auth: null,
    sessions: [],
    unread: [],
    notified: [],
    pending: [],
    lastSyncAt: null,
    lastError: null,
    backoff: { failures: 0, until: null },
    settings: structuredClone(settings),
    source: null,
    firstSyncDone: false,
    tasks: {},
    repos: {},
    prs: {},
    capi: { api: null, available: null, login: null },
    logins: {},
    sourceReason: null,
    fallbackPrs: {},
    prWatch: {},
    prPending: [],
  };
}

/** Keeps the state within its bounds: most recent sessions, unread/notified/pending for known sessions. */
export function boundData(d: EngineData): EngineData {
  let sessions = d.sessions;
  if (sessions.length > MAX_SESSIONS) {
    sessions = [...sessions]
      .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || b.createdAt.localeCompare(a.createdAt))
      .slice(0, MAX_SESSIONS);
  }
  const ids = new Set(sessions.map((s) => s.id));
  const taskIds = new Set(sessions.map((s) => s.taskId).filter((x): x is string => !!x));
  const tasks = Object.fromEntries(
    Object.entries(d.tasks).filter(([k]) => taskIds.has(k) || sessions.length < MAX_SESSIONS),
  );
  let prs = d.prs;
  const prKeys = Object.keys(prs);
  if (prKeys.length > MAX_PRS) {
    const keep = new Set(sessions.map((s) => s.pr?.nodeId).filter((x): x is string => !!x));
    prs = Object.fromEntries(
      Object.entries(prs)
        .filter(([k]) => keep.has(k))
        .slice(-MAX_PRS),
    );
  }
  let repos = d.repos;
  if (Object.keys(repos).length > MAX_REPOS) {
    const keep = new Set(sessions.map((s) => String(s.repo?.id)));
    repos = Object.fromEntries(Object.entries(repos).filter(([k]) => keep.has(k)));
  }
  return {
    ...d,
    sessions,
    tasks,
    prs,
    repos,
    unread: d.unread.filter((id) => ids.has(id)),
    notified: d.notified.slice(-MAX_NOTIFIED),
    pending: d.pending.filter((p) => ids.has(p.sessionId)).slice(-50),
    prPending: d.prPending.slice(-50),
  };
}

/**
 * The state cut to what polling needs when a full write failed (storage.local's quota): no API caches (they refill
 * on the next sync), the most recent sessions only. Sessions' strings are capped already (`cleanSession`).
 */
export function leanData(d: EngineData): EngineData {
  const sessions = [...d.sessions]
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
    .slice(0, LEAN_SESSIONS);
  const ids = new Set(sessions.map((s) => s.id));
  return {
    ...d,
    sessions,
    tasks: {},
    repos: {},
    prs: {},
    fallbackPrs: {},
    unread: d.unread.filter((id) => ids.has(id)),
    pending: d.pending.filter((p) => ids.has(p.sessionId)),
  };
}

/** ETag entries worth persisting: a body over 64 KB is dropped (refetched when needed), 2 MB in all, newest kept. */
function persistableEtags(entries: Array<[string, EtagEntry]>): Array<[string, EtagEntry]> {
  const out: Array<[string, EtagEntry]> = [];
  let total = 0;
  for (let i = entries.length - 1; i >= 0 && out.length < MAX_ETAGS; i--) {
    const e = entries[i];
    if (!e) continue;
    let size: number;
    try {
      size = JSON.stringify(e).length;
    } catch {
      continue;
    }
    if (size > MAX_ETAG_ENTRY_CHARS || total + size > MAX_ETAG_TOTAL_CHARS) continue;
    total += size;
    out.push(e);
  }
  return out.reverse();
}

export interface EngineStore {
  load(): Promise<EngineData>;
  save(data: EngineData): Promise<void>;
  loadEtags(): Promise<Array<[string, EtagEntry]>>;
  saveEtags(entries: Array<[string, EtagEntry]>): Promise<void>;
  clear(): Promise<void>;
  /** Mirrors the views' snapshot (never the token) so the popup paints before the service worker answers. */
  saveSnapshot?(snapshot: StateSnapshot): Promise<void>;
}

/** Fills fields added after a state was saved, so an older record never crashes the engine. */
function normalizeData(raw: unknown): EngineData {
  const base = emptyData();
  if (!raw || typeof raw !== 'object') return base;
  const r = raw as Partial<EngineData>;
  return {
    ...base,
    ...r,
    settings: {
      ...base.settings,
      ...(r.settings ?? {}),
      notify: { ...base.settings.notify, ...(r.settings?.notify ?? {}) },
      features: { ...base.settings.features, ...(r.settings?.features ?? {}) },
    },
    backoff: { ...base.backoff, ...(r.backoff ?? {}) },
    capi: { ...base.capi, ...(r.capi ?? {}) },
    logins: r.logins && typeof r.logins === 'object' ? r.logins : {},
    // Older records may hold uncleaned or uncapped text: the one sanitiser on the way in.
    sessions: Array.isArray(r.sessions) ? r.sessions.filter((s) => s && typeof s === 'object').map(cleanSession) : [],
    unread: Array.isArray(r.unread) ? r.unread : [],
    notified: Array.isArray(r.notified) ? r.notified : [],
    pending: Array.isArray(r.pending) ? r.pending : [],
    prWatch: r.prWatch && typeof r.prWatch === 'object' && !Array.isArray(r.prWatch) ? r.prWatch : {},
    prPending: Array.isArray(r.prPending) ? r.prPending : [],
  };
}

/**
 * The engine's storage. `slot` names another signed-in account's (accounts.ts): its own state and ETag keys
 * (`engine-state:SLOT`), and no mirror (the first account's engine mirrors every account's snapshot).
 */
export function createWxtStore(slot = ''): EngineStore {
  const suffix = slot ? `:${slot}` : '';
  // Defined lazily: defining an item starts its migration, which needs the extension's storage.
  const stateItem = storage.defineItem<EngineData | null>(`local:engine-state${suffix}`, {
    fallback: null,
    version: STORE_VERSION,
    // Migration hook: add `2: (v1) => v2` here when the schema changes.
    migrations: {},
  });
  const etagItem = storage.defineItem<Array<[string, EtagEntry]>>(`local:engine-etags${suffix}`, { fallback: [] });
  const snapshotItem = storage.defineItem<StateSnapshot | null>(`local:${SNAPSHOT_MIRROR_KEY}`, { fallback: null });
  /** The mirror as last written by this worker (a restart writes once more). */
  let lastSnapshot: string | null = null;
  const store: EngineStore = {
    async load() {
      return normalizeData(await stateItem.getValue());
    },
    async save(data) {
      await stateItem.setValue(boundData(data));
    },
    async loadEtags() {
      const v = await etagItem.getValue();
      return Array.isArray(v) ? v : [];
    },
    async saveEtags(entries) {
      await etagItem.setValue(persistableEtags(entries));
    },
    async clear() {
      await stateItem.removeValue();
      await etagItem.removeValue();
      if (slot) return;
      await snapshotItem.removeValue();
      lastSnapshot = null;
    },
    async saveSnapshot(snapshot) {
      // Pushes are frequent (every view's request may cause one) and mostly change nothing the mirror holds.
      const compact = compactSnapshot(snapshot);
      const text = JSON.stringify(compact);
      if (text === lastSnapshot) return;
      lastSnapshot = text;
      try {
        await snapshotItem.setValue(compact);
      } catch (error) {
        lastSnapshot = null;
        throw error;
      }
    },
  };
  if (slot) delete store.saveSnapshot;
  return store;
}
