/**
 * The state snapshot the background mirrors into `storage.local` (utils/background/store.ts; never the token): the
 * popup paints from it before the service worker answers, and a PR page shows the user's own sessions from it while
 * a sleeping service worker starts. Reading storage does not wake the worker.
 */
import { browser } from 'wxt/browser';
import type { StateSnapshot } from '../model/state';

export const SNAPSHOT_MIRROR_KEY = 'snapshot';

function looksLikeSnapshot(value: unknown): value is StateSnapshot {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<StateSnapshot>;
  return Array.isArray(v.sessions) && !!v.auth && typeof v.auth === 'object' && !!v.settings;
}

/** The mirrored snapshot, or null (none yet, unreadable, or not the expected shape). Never throws. */
export async function readSnapshotMirror(): Promise<StateSnapshot | null> {
  try {
    const got = await browser.storage.local.get(SNAPSHOT_MIRROR_KEY);
    const value = got?.[SNAPSHOT_MIRROR_KEY];
    return looksLikeSnapshot(value) ? value : null;
  } catch {
    return null;
  }
}
