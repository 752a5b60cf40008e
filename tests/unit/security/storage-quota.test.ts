/**
 * Issue 17 #3, as the attacker: eleven 1 MB prompts (anyone who can start a task in a repository the user watches
 * can write one) must not push the state past `storage.local`'s quota, and a failed write must never cost the user
 * a notification. The fake storage enforces Chrome's quota (QUOTA_BYTES = 10 485 760, JSON-measured).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { harness, notifications } from '../engine/helpers';

const QUOTA_BYTES = 10_485_760;

function enforceQuota(limit = QUOTA_BYTES) {
  const local = fakeBrowser.storage.local;
  const realSet = local.set.bind(local);
  let refused = 0;
  vi.spyOn(local, 'set').mockImplementation(async (items: Record<string, unknown>) => {
    const current = (await local.get(null)) as Record<string, unknown>;
    const next = { ...current, ...items };
    const size = Object.entries(next).reduce((n, [k, v]) => n + k.length + JSON.stringify(v ?? null).length, 0);
    if (size > limit) {
      refused++;
      throw new Error('Resource::kQuotaBytes quota exceeded');
    }
    return realSet(items);
  });
  return { refused: () => refused };
}

async function storedBytes(): Promise<number> {
  return JSON.stringify(await fakeBrowser.storage.local.get(null)).length;
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

describe('storage bounds (issue 17 #3)', () => {
  it('eleven 1 MB prompts: the state is saved within the quota and the completion is notified', async () => {
    const quota = enforceQuota();
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const added = Array.from({ length: 11 }, () => h.gh.addSession(repo, { state: 'in_progress' }));
    for (const a of added) a.session.prompt = 'P'.repeat(1_000_000);
    await h.engine.sync('manual');
    expect(h.engine.snapshot().sessions).toHaveLength(11);
    h.clock.advance(60_000);
    const first = added[0];
    if (!first) throw new Error('no session');
    h.gh.setState(first.session.id, 'completed');
    await h.engine.sync('manual');
    expect(Object.keys(notifications())).toEqual([first.session.id]);
    // Stored text is capped: the whole storage stays far below the quota and no write was refused.
    expect(await storedBytes()).toBeLessThan(QUOTA_BYTES / 4);
    expect(quota.refused()).toBe(0);
    const stored = h.engine.snapshot().sessions.find((s) => s.id === first.session.id);
    expect(stored?.prompt?.length).toBeLessThanOrEqual(4000);
    // And after a restart the state is still there (it was saved).
    const again = await h.restart();
    expect(again.snapshot().sessions).toHaveLength(11);
  });

  it('a write refused for any reason (storage full) still shows the notification', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const { session } = h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    // Storage is now full: every write fails.
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    h.clock.advance(60_000);
    h.gh.setState(session.id, 'failed');
    await h.engine.sync('manual');
    expect(Object.keys(notifications())).toEqual([session.id]);
    expect(h.engine.snapshot().sessions.find((s) => s.id === session.id)?.state).toBe('failed');
  });
});
