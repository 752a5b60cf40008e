/**
 * What the popup and the options page need from the extension: the message client, the cached snapshot the
 * background mirrors into storage.local, and the remembered filters. Injected so tests can pass a mock.
 */
import { browser } from 'wxt/browser';
import { request, subscribe } from '../../utils/messages/client';
import { readSnapshotMirror } from '../../utils/messages/mirror';
import type { Push, Request } from '../../utils/messages/protocol';
import type { StateSnapshot } from '../../utils/model/state';

export interface ViewApi {
  request<T>(req: Request): Promise<T>;
  subscribe(onPush: (push: Push) => void, signal: AbortSignal): void;
  /** The snapshot the background mirrored into storage.local (`snapshot`), or null. */
  loadCached(): Promise<StateSnapshot | null>;
  loadFilters(): Promise<unknown>;
  saveFilters(filters: unknown): Promise<void>;
  openOptions(): void;
}

export const FILTERS_KEY = 'popupFilters';

async function readCached(): Promise<StateSnapshot | null> {
  const value = await readSnapshotMirror();
  performance.mark?.('as-cache-read');
  return value;
}

let early: Promise<StateSnapshot | null> | null = null;
/** Starts reading the cached snapshot as the page's script starts, before the first render (popup first paint). */
export function prefetchCached(): void {
  early ??= readCached();
}

export const browserApi: ViewApi = {
  request: <T>(req: Request) => request<T>(req),
  subscribe: (onPush, signal) => subscribe(onPush, signal, { name: undefined }),
  async loadCached() {
    if (early) {
      const pending = early;
      early = null;
      return pending;
    }
    return readCached();
  },
  async loadFilters() {
    try {
      return (await browser.storage.local.get(FILTERS_KEY))[FILTERS_KEY];
    } catch {
      return undefined;
    }
  },
  async saveFilters(filters) {
    try {
      await browser.storage.local.set({ [FILTERS_KEY]: filters });
    } catch {
      // not important enough to bother the user
    }
  },
  openOptions() {
    void browser.runtime.openOptionsPage().catch(() => undefined);
  },
};
