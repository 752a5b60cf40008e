/** What the engine is built from: the browser APIs it uses, its timings and its injected dependencies (tests fake them). */
import type { browser } from 'wxt/browser';
import type { TokenStore } from '../auth/token-store';
import type { RequestStats } from '../github/client';
import type { StateSnapshot } from '../model/state';
import { DEFAULT_STOP_TIMING, type StopTiming } from './stop';
import type { EngineStore } from './store';
import type { HistoryStore } from './usage-history';

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
  /** Where the usage page's month of history is kept (storage.local by default). */
  historyStore?: HistoryStore;
  /** When this engine is one of several signed-in accounts (accounts.ts): what it shares with the others. */
  group?: EngineGroup;
}

/** How one account's engine shares the views with the others' (accounts.ts); absent with one account. */
export interface EngineGroup {
  /** The engine that holds the views' ports: its own snapshot → the one every view gets (all accounts'). */
  merge?(own: StateSnapshot): StateSnapshot;
  /** Another account's engine: its state changed (the views' engine pushes the merged state). */
  changed?(): void;
  /** How many views are open (they are attached to the views' engine); keeps the active cadence. */
  views?(): number;
}
