/**
 * A notification for a session without a PR (its artifact is a branch, the API's default) opens the drawer as a
 * full extension tab, `drawer.html#session=…&view=tab` (issue 15), marks it read and clears the notification; one
 * for a session with a PR opens the PR with the drawer deep link.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { harness, notifications } from './helpers';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('notification click → the session tab', () => {
  it('opens drawer.html#session=…&view=tab for a session with no PR', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'dotfiles');
    const { task, session } = h.gh.addSession(repo, { state: 'in_progress' });
    task.prDbId = null; // a branch artifact: no pull request
    await h.engine.sync('manual');
    const before = h.engine.snapshot().sessions.find((s) => s.id === session.id);
    expect(before?.pr).toBeNull();
    h.clock.advance(60_000);
    h.gh.setState(session.id, 'completed');
    await h.engine.sync('manual');
    expect(Object.keys(notifications())).toEqual([session.id]);
    expect(h.engine.snapshot().unread).toEqual([session.id]);

    await h.engine.onNotificationClicked(session.id);

    const page = fakeBrowser.runtime.getURL('/drawer.html');
    expect(page).toMatch(/^[a-z-]+-extension:\/\/.+\/drawer\.html$/);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain(`${page}#session=${encodeURIComponent(session.id)}&view=tab`);
    expect(tabs.some((t) => t.url?.startsWith('https://github.com/'))).toBe(false);
    expect(h.engine.snapshot().unread).toEqual([]);
    expect(Object.keys(notifications())).toEqual([]);
  });

  it('still opens the PR with the drawer deep link when the session has one', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const { session, pull } = h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    h.clock.advance(60_000);
    h.gh.setState(session.id, 'completed');
    await h.engine.sync('manual');
    await h.engine.onNotificationClicked(session.id);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain(
      `https://github.com/octo/app/pull/${pull.number}#agent-session=${session.id}`,
    );
    expect(tabs.some((t) => t.url?.includes('drawer.html'))).toBe(false);
  });
});
