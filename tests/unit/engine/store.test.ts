/** The engine's WXT storage: the popup's snapshot mirror is written only when what it holds changed. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createWxtStore } from '../../../utils/background/store';
import type { StateSnapshot } from '../../../utils/model/state';
import { makeSnapshot } from '../popup/fixtures';

beforeEach(() => {
  fakeBrowser.reset();
});

const snapshot = (patch: Partial<StateSnapshot> = {}) =>
  makeSnapshot({ lastSyncAt: '2026-06-10T10:00:00.000Z', ...patch });

describe('snapshot mirror', () => {
  it('writes storage.local only when the mirrored state changed', async () => {
    const store = createWxtStore();
    let writes = 0;
    fakeBrowser.storage.local.onChanged.addListener((changes) => {
      if ('snapshot' in changes) writes++;
    });
    await store.saveSnapshot?.(snapshot());
    await store.saveSnapshot?.(snapshot());
    await store.saveSnapshot?.(snapshot());
    expect(writes).toBe(1);
    await store.saveSnapshot?.(snapshot({ lastSyncAt: '2026-06-10T10:01:00.000Z' }));
    expect(writes).toBe(2);
    expect((await fakeBrowser.storage.local.get('snapshot')).snapshot).toMatchObject({
      lastSyncAt: '2026-06-10T10:01:00.000Z',
    });
    // After a sign-out clears it, the same state is written again.
    await store.clear();
    await store.saveSnapshot?.(snapshot({ lastSyncAt: '2026-06-10T10:01:00.000Z' }));
    expect((await fakeBrowser.storage.local.get('snapshot')).snapshot).toBeTruthy();
  });
});
