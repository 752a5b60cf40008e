/**
 * Issue 19: the engine only publishes slices. Each port declares its watch and receives exactly that slice when it
 * changes (nothing when it did not); other users' sessions of a watched PR are part of the slice.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PortLike } from '../../../utils/background/publisher';
import type { Push } from '../../../utils/messages/protocol';
import type { StateSnapshot } from '../../../utils/model/state';
import { harness } from '../engine/helpers';

function port() {
  const listeners: Array<(m: unknown) => void> = [];
  const p = {
    name: 'agent-sessions-live',
    messages: [] as Push[],
    postMessage(m: unknown) {
      p.messages.push(JSON.parse(JSON.stringify(m)) as Push);
    },
    onDisconnect: { addListener: () => {} },
    onMessage: { addListener: (fn: (m: unknown) => void) => listeners.push(fn) },
    send(m: unknown) {
      for (const l of listeners) l(m);
    },
    states(): StateSnapshot[] {
      return p.messages
        .filter((m): m is { type: 'state'; state: StateSnapshot } => m.type === 'state')
        .map((m) => m.state);
    },
  };
  return p;
}

describe('publisher slices', () => {
  it('a page gets its PR’s sessions, other users’ included, and nothing when they did not change', async () => {
    const h = await harness({ timing: { pageRefreshMinGapMs: 60_000 } });
    const repo = h.gh.addRepo('octo', 'app');
    const mine = h.gh.addSession(repo, { state: 'in_progress' });
    const theirs = h.gh.addSession(repo, { state: 'in_progress', creatorId: 2, title: 'Their follow-up' });
    theirs.task.prDbId = mine.pull.dbId;
    const elsewhere = h.gh.addSession(repo, { state: 'in_progress', title: 'Elsewhere' });
    await h.engine.sync('manual');

    const page = port();
    h.engine.attachPort(page as unknown as PortLike, 'page', 7);
    await new Promise((r) => setTimeout(r, 20));
    expect(page.messages).toEqual([]); // nothing before the page says what it shows
    page.send({ type: 'watch', kind: 'prs', prs: [`octo/app#${mine.pull.number}`] });
    // The lookup of other users' sessions runs on the watch, and its result is pushed: no question from the page.
    await vi.waitFor(() => {
      const last = page.states().at(-1);
      expect(last?.sessions.map((s) => s.id).sort()).toEqual([mine.session.id, theirs.session.id].sort());
    });
    const text = JSON.stringify(page.messages);
    expect(text).not.toContain(elsewhere.session.id);
    const theirsShown = page
      .states()
      .at(-1)
      ?.sessions.find((s) => s.id === theirs.session.id);
    expect(theirsShown?.canAct).toBe(false);

    // The popup watches everything; the drawer one session and its PR.
    const popup = port();
    h.engine.attachPort(popup as unknown as PortLike);
    const drawer = port();
    h.engine.attachPort(drawer as unknown as PortLike);
    drawer.send({ type: 'watch', kind: 'session', id: theirs.session.id });
    await vi.waitFor(() =>
      expect(
        drawer
          .states()
          .at(-1)
          ?.sessions.some((s) => s.id === theirs.session.id),
      ).toBe(true),
    );
    expect(
      drawer
        .states()
        .at(-1)
        ?.sessions.find((s) => s.id === theirs.session.id)?.title,
    ).toBe('Their follow-up');
    expect(JSON.stringify(drawer.states().at(-1))).not.toContain(elsewhere.session.id);
    await vi.waitFor(() => expect(popup.states().at(-1)?.sessions.length).toBe(2));

    // Something else changes: the popup hears of it, the page and the drawer do not.
    const before = { page: page.messages.length, drawer: drawer.messages.length, popup: popup.messages.length };
    await h.engine.markRead([elsewhere.session.id], false);
    await vi.waitFor(() => expect(popup.messages.length).toBeGreaterThan(before.popup));
    await new Promise((r) => setTimeout(r, 50));
    expect(page.messages.length).toBe(before.page);
    expect(drawer.messages.length).toBe(before.drawer);

    // Its PR's session changes: the page gets its new slice and no transition (it reads the state); the popup both.
    h.clock.advance(60_000);
    h.gh.setState(mine.session.id, 'completed');
    await h.engine.sync('manual');
    await vi.waitFor(() =>
      expect(
        page
          .states()
          .at(-1)
          ?.sessions.find((s) => s.id === mine.session.id)?.state,
      ).toBe('completed'),
    );
    expect(popup.messages.some((m) => (m as { type?: string }).type === 'transition')).toBe(true);
    expect(page.messages.some((m) => (m as { type?: string }).type === 'transition')).toBe(false);
  });

  it('a page may not watch everything or a session', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const s = h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    const page = port();
    h.engine.attachPort(page as unknown as PortLike, 'page', 3);
    page.send({ type: 'watch', kind: 'all' });
    page.send({ type: 'watch', kind: 'session', id: s.session.id });
    await new Promise((r) => setTimeout(r, 50));
    expect(page.messages).toEqual([]);
  });
});
