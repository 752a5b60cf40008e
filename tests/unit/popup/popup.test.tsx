import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Popup, SECTION_CAP } from '../../../components/popup/Popup';
import { DEFAULT_SETTINGS } from '../../../utils/model/settings';
import { iso, makeSession, makeSnapshot, manySessions } from './fixtures';
import { change, click, count, flush, key, mockApi, mount, RequestErr, rows, typeInto } from './helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
  document.documentElement.removeAttribute('data-theme');
});

async function open(api: ReturnType<typeof mockApi>) {
  const m = await mount(<Popup api={api} />);
  cleanup = m.unmount;
  return m.root;
}

function mixed() {
  const waiting = makeSession({ state: 'waiting_for_user', title: 'Needs an answer', repoName: 'octo-org/api' });
  const doneUnread = makeSession({ state: 'completed', title: 'Fresh result', repoName: 'octo-org/website' });
  const doneRead = makeSession({ state: 'completed', title: 'Old result', repoName: 'octo-org/website' });
  const failedUnread = makeSession({ state: 'failed', title: 'Broken build', repoName: 'octo-org/api' });
  const running = makeSession({ state: 'in_progress', title: 'Working hard', repoName: 'octo-org/website' });
  const queued = makeSession({ state: 'queued', title: 'Waiting in line', repoName: 'octo-demo/dotfiles' });
  const cancelled = makeSession({ state: 'cancelled', title: 'Stopped early', repoName: 'octo-org/api' });
  const archived = makeSession({ state: 'completed', title: 'Archived one', archived: true });
  return {
    all: [waiting, doneUnread, doneRead, failedUnread, running, queued, cancelled, archived],
    unread: [doneUnread.id, failedUnread.id],
    waiting,
    doneUnread,
    doneRead,
    failedUnread,
    running,
    queued,
    cancelled,
    archived,
  };
}

describe('popup: opening', () => {
  it('shows skeleton rows (never blank) until state arrives', async () => {
    const api = mockApi({ cached: null, state: null });
    const root = await open(api);
    expect(root.querySelector('[data-testid="loading"]')).not.toBeNull();
    expect(root.querySelectorAll('.as-skel-row').length).toBeGreaterThan(2);
  });

  it('renders the cached snapshot at once, asks getState, subscribes and sends refresh(popup)', async () => {
    const m = mixed();
    const api = mockApi({ cached: makeSnapshot({ sessions: m.all, unread: m.unread }), state: null });
    const root = await open(api);
    expect(rows(root).length).toBe(7);
    expect(api.requests.map((r) => r.type)).toEqual(expect.arrayContaining(['getState', 'refresh']));
    expect(api.requests.find((r) => r.type === 'refresh')).toEqual({ type: 'refresh', reason: 'popup' });
  });

  it('prefers getState over the cache and follows live pushes', async () => {
    const m = mixed();
    const api = mockApi({
      cached: makeSnapshot({ sessions: [m.running] }),
      state: makeSnapshot({ sessions: [m.running, m.queued] }),
    });
    const root = await open(api);
    expect(count(root, 'running')).toBe('2');
    api.setState(makeSnapshot({ sessions: [m.running, { ...m.queued, state: 'in_progress' }, m.waiting] }));
    await flush();
    expect(count(root, 'running')).toBe('2');
    expect(count(root, 'attention')).toBe('1');
  });

  it('shows the background error with a retry when nothing is cached and the background does not answer', async () => {
    const api = mockApi({
      handlers: {
        getState: () => {
          throw new RequestErr({
            kind: 'offline',
            message: 'The background is not answering.',
            fix: 'Reload.',
            link: null,
          });
        },
      },
    });
    const root = await open(api);
    expect(root.textContent).toContain('The background is not answering.');
    const before = api.requests.filter((r) => r.type === 'getState').length;
    await click(root.querySelector('[data-action="retry"]')!);
    expect(api.requests.filter((r) => r.type === 'getState').length).toBe(before + 1);
  });
});

describe('popup: sections', () => {
  it('puts sessions in Needs your attention / Running / Recent with counts', async () => {
    const m = mixed();
    const api = mockApi({ state: makeSnapshot({ sessions: m.all, unread: [m.doneUnread.id, m.failedUnread.id] }) });
    const root = await open(api);
    expect(count(root, 'attention')).toBe('3');
    expect(count(root, 'running')).toBe('2');
    expect(count(root, 'recent')).toBe('2');
    expect(
      rows(root, 'attention')
        .map((r) => r.dataset.state)
        .sort(),
    ).toEqual(['completed', 'failed', 'waiting_for_user'].sort());
    expect(rows(root, 'running').map((r) => r.dataset.sessionId)).toEqual(
      expect.arrayContaining([m.running.id, m.queued.id]),
    );
    expect(
      rows(root, 'recent')
        .map((r) => r.dataset.sessionId)
        .sort(),
    ).toEqual([m.doneRead.id, m.cancelled.id].sort());
    // archived hidden by default
    expect(root.querySelector(`[data-session-id="${m.archived.id}"]`)).toBeNull();
    const headings = [...root.querySelectorAll('h2')].map((h) => h.textContent);
    expect(headings[0]).toContain('Needs your attention');
    expect(headings[1]).toContain('Running');
    expect(headings[2]).toContain('Recent');
  });

  it('orders Recent newest first', async () => {
    const a = makeSession({ state: 'cancelled', title: 'older', updatedAt: iso(3_600_000) });
    const b = makeSession({ state: 'cancelled', title: 'newer', updatedAt: iso(60_000) });
    const root = await open(mockApi({ state: makeSnapshot({ sessions: [a, b] }) }));
    expect(rows(root, 'recent').map((r) => r.dataset.sessionId)).toEqual([b.id, a.id]);
  });

  it('rows carry data attributes and a descriptive list-item label', async () => {
    const s = makeSession({
      state: 'completed',
      title: 'Add tests',
      repoName: 'octo-org/api',
      usage: { unit: 'ai-credits', amount: 1.5 },
    });
    const root = await open(mockApi({ state: makeSnapshot({ sessions: [s], unread: [s.id] }) }));
    const row = rows(root)[0]!;
    expect(row.tagName).toBe('LI');
    expect(row.closest('ul')).not.toBeNull();
    expect(row.dataset.state).toBe('completed');
    expect(row.dataset.unread).toBe('true');
    const label = row.getAttribute('aria-label')!;
    expect(label).toContain('Add tests');
    expect(label).toContain('Ready for review');
    expect(label).toContain('octo-org/api pull request');
    expect(label).toContain('unread');
    expect(row.textContent).toContain(`octo-org/api #${s.pr!.number}`);
    // The signed-in user's own login is not repeated on the row (issue 20 #8); the label still says who started it.
    expect(label).toContain('started by octo-demo');
    expect(row.querySelector('.as-row-by')).toBeNull();
    expect(row.querySelector('.as-badge-premium')?.textContent).toContain('1.5 AI credits');
    expect(row.querySelector('.as-row-dot svg')).not.toBeNull();
  });

  it('moves a session between sections as its state changes, and announces it politely', async () => {
    const s = makeSession({ state: 'in_progress', title: 'Moving target' });
    const api = mockApi({ state: makeSnapshot({ sessions: [s] }) });
    const root = await open(api);
    expect(rows(root, 'running').length).toBe(1);
    api.setState(makeSnapshot({ sessions: [{ ...s, state: 'completed', completedAt: iso(0) }], unread: [s.id] }));
    await flush();
    expect(rows(root, 'running').length).toBe(0);
    expect(rows(root, 'attention')[0]?.dataset.state).toBe('completed');
    const live = root.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).toContain('Moving target');
    expect(live.textContent).toContain('Ready for review');
  });

  it('draws a screenful of rows in its first frame, the rest of each section in the next', async () => {
    const { sessions, unread } = manySessions(500);
    const api = mockApi({ state: makeSnapshot({ sessions, unread }) });
    const host = document.createElement('div');
    document.body.append(host);
    cleanup = () => {
      render(null, host);
      host.remove();
    };
    render(<Popup api={api} />, host);
    const counts: number[] = [];
    for (let i = 0; i < 200 && rows(host).length < SECTION_CAP * 3; i++) {
      const n = rows(host).length;
      if (n > 0 && counts.at(-1) !== n) counts.push(n);
      await new Promise((r) => setTimeout(r, 2));
    }
    counts.push(rows(host).length);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[0]).toBeLessThanOrEqual(14); // the first rows painted: a screenful
    expect(counts.at(-1)).toBe(SECTION_CAP * 3); // then every section up to its cap
    expect(host.querySelector('[data-section="recent"] [data-action="show-more"]')).not.toBeNull();
  });

  it('caps long sections and renders more on demand (500 sessions)', async () => {
    const { sessions, unread } = manySessions(500);
    const root = await open(mockApi({ state: makeSnapshot({ sessions, unread }) }));
    // The first frame holds a screenful; the sections fill up to their cap in the next one.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    await flush();
    const rendered = rows(root).length;
    expect(rendered).toBe(SECTION_CAP * 3);
    const recentBefore = rows(root, 'recent').length;
    const more = root.querySelector('[data-section="recent"] [data-action="show-more"]')!;
    expect(more.textContent).toMatch(/Show \d+ more/);
    await click(more);
    expect(rows(root, 'recent').length).toBeGreaterThan(recentBefore);
  });

  it('ticks running elapsed time with one shared timer', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: false, toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      vi.setSystemTime(Date.parse('2026-03-02T12:00:00Z'));
      const s = makeSession({ state: 'in_progress', createdAt: '2026-03-02T11:59:00Z' });
      const spy = vi.spyOn(globalThis, 'setInterval');
      const root = await open(mockApi({ state: makeSnapshot({ sessions: [s, makeSession({ state: 'queued' })] }) }));
      const time = () =>
        rows(root, 'running')
          .find((r) => r.dataset.sessionId === s.id)!
          .querySelector('.as-badge-time')!.textContent;
      expect(time()).toBe('1m 00s');
      await vi.advanceTimersByTimeAsync(5_000);
      await flush();
      expect(time()).toBe('1m 05s');
      const oneSecond = spy.mock.calls.filter((c) => c[1] === 1000).length;
      expect(oneSecond).toBeLessThanOrEqual(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('popup: filters and search', () => {
  it('searches titles and repositories, filters by state and repository, shows archived on demand, remembers', async () => {
    const m = mixed();
    const api = mockApi({ state: makeSnapshot({ sessions: m.all, unread: [m.doneUnread.id] }) });
    const root = await open(api);
    const search = root.querySelector<HTMLInputElement>('[data-testid="search"]')!;
    await typeInto(search, 'broken');
    expect(rows(root).map((r) => r.dataset.sessionId)).toEqual([m.failedUnread.id]);
    await typeInto(search, 'dotfiles');
    expect(rows(root).map((r) => r.dataset.sessionId)).toEqual([m.queued.id]);
    await typeInto(search, 'zzz-nothing');
    expect(root.querySelector('[data-testid="no-match"]')).not.toBeNull();
    await typeInto(search, '');

    await change(root.querySelector<HTMLSelectElement>('[data-testid="filter-state"]')!, 'running');
    expect(
      rows(root)
        .map((r) => r.dataset.state)
        .sort(),
    ).toEqual(['in_progress', 'queued']);
    await change(root.querySelector<HTMLSelectElement>('[data-testid="filter-state"]')!, 'cancelled');
    expect(rows(root).map((r) => r.dataset.sessionId)).toEqual([m.cancelled.id]);
    await change(root.querySelector<HTMLSelectElement>('[data-testid="filter-state"]')!, 'all');

    await change(root.querySelector<HTMLSelectElement>('[data-testid="filter-repo"]')!, 'octo-org/api');
    expect(rows(root).every((r) => r.textContent!.includes('octo-org/api'))).toBe(true);
    expect(rows(root).length).toBe(3);
    await change(root.querySelector<HTMLSelectElement>('[data-testid="filter-repo"]')!, '');

    await change(root.querySelector<HTMLInputElement>('[data-testid="filter-archived"]')!, true);
    expect(root.querySelector(`[data-session-id="${m.archived.id}"]`)).not.toBeNull();

    expect(api.savedFilters.at(-1)).toEqual({ state: 'all', repo: '', query: '', showArchived: true, agent: '' });
  });

  it('restores remembered filters', async () => {
    const m = mixed();
    const api = mockApi({
      state: makeSnapshot({ sessions: m.all }),
      filters: { state: 'running', repo: 'octo-org/website', query: '', showArchived: false },
    });
    const root = await open(api);
    expect(rows(root).map((r) => r.dataset.sessionId)).toEqual([m.running.id]);
    expect(root.querySelector<HTMLSelectElement>('[data-testid="filter-state"]')!.value).toBe('running');
  });

  it('ignores malformed remembered filters', async () => {
    const m = mixed();
    const api = mockApi({ state: makeSnapshot({ sessions: m.all }), filters: { state: '<script>', repo: 5 } });
    const root = await open(api);
    expect(rows(root).length).toBe(7);
  });
});

describe('popup: keyboard', () => {
  async function setup(confirmStop = false) {
    const a = makeSession({ state: 'in_progress', title: 'first', createdAt: iso(60_000) });
    const b = makeSession({ state: 'in_progress', title: 'second', createdAt: iso(120_000) });
    const c = makeSession({ state: 'cancelled', title: 'third' });
    const api = mockApi({
      state: makeSnapshot({ sessions: [a, b, c], settings: { ...DEFAULT_SETTINGS, confirmStop } }),
    });
    const root = await open(api);
    return { api, root, a, b, c };
  }

  it('/ focuses search; j/k and arrows move; Enter opens; modifier opens in a new tab', async () => {
    const { api, root, a, b, c } = await setup();
    const popup = root.querySelector('.as-popup')!;
    await key(popup, '/');
    expect(document.activeElement).toBe(root.querySelector('[data-testid="search"]'));
    await key(document.activeElement!, 'ArrowDown');
    expect((document.activeElement as HTMLElement).dataset.sessionId).toBe(a.id);
    await key(document.activeElement!, 'j');
    expect((document.activeElement as HTMLElement).dataset.sessionId).toBe(b.id);
    await key(document.activeElement!, 'ArrowDown');
    expect((document.activeElement as HTMLElement).dataset.sessionId).toBe(c.id);
    await key(document.activeElement!, 'k');
    expect((document.activeElement as HTMLElement).dataset.sessionId).toBe(b.id);
    expect((document.activeElement as HTMLElement).tabIndex).toBe(0);
    expect(rows(root).filter((r) => r.tabIndex === 0).length).toBe(1);
    await key(document.activeElement!, 'Enter');
    expect(api.requests.at(-1)).toEqual({ type: 'openSession', sessionId: b.id, newTab: false });
    await key(document.activeElement!, 'Enter', { ctrlKey: true });
    expect(api.requests.at(-1)).toEqual({ type: 'openSession', sessionId: b.id, newTab: true });
  });

  it('s stops the focused running session (no confirmation by default)', async () => {
    const { api, root, a } = await setup(false);
    await key(root.querySelector('.as-popup')!, 'j');
    await key(document.activeElement!, 's');
    await flush();
    expect(api.requests).toContainEqual({ type: 'stopSession', sessionId: a.id, pageLogin: null });
  });

  it('s asks first when confirmation before stop is on', async () => {
    const { api, root, a } = await setup(true);
    await key(root.querySelector('.as-popup')!, 'j');
    await key(document.activeElement!, 's');
    await flush();
    expect(api.requests.some((r) => r.type === 'stopSession')).toBe(false);
    const confirm = root.querySelector(`[data-session-id="${a.id}"] .as-stop-confirm`)!;
    expect(confirm).not.toBeNull();
    await click([...confirm.querySelectorAll('button')].find((x) => x.textContent === 'Stop')!);
    expect(api.requests).toContainEqual({ type: 'stopSession', sessionId: a.id, pageLogin: null });
  });

  it('every control is labelled', async () => {
    const { root } = await setup();
    for (const el of root.querySelectorAll<HTMLElement>('button, input, select, a[href]')) {
      const name =
        el.getAttribute('aria-label') ||
        el.textContent?.trim() ||
        (el.id && root.querySelector(`label[for="${el.id}"]`)?.textContent) ||
        el.closest('label')?.textContent?.trim();
      expect(name, el.outerHTML.slice(0, 120)).toBeTruthy();
    }
  });
});

describe('popup: opening rows and row actions', () => {
  it('click opens via the background; modifier and middle click open in a new tab; links are https', async () => {
    const s = makeSession({ state: 'completed' });
    const api = mockApi({ state: makeSnapshot({ sessions: [s] }) });
    const root = await open(api);
    const title = root.querySelector<HTMLAnchorElement>('[data-action="open"]')!;
    expect(title.getAttribute('href')).toBe(`${s.pr!.url}#agent-session=${s.id}`);
    await click(title);
    expect(api.requests.at(-1)).toEqual({ type: 'openSession', sessionId: s.id, newTab: false });
    await click(title, { metaKey: true });
    expect(api.requests.at(-1)).toEqual({ type: 'openSession', sessionId: s.id, newTab: true });
    title.dispatchEvent(new MouseEvent('auxclick', { bubbles: true, cancelable: true, button: 1 }));
    await flush();
    expect(api.requests.at(-1)).toEqual({ type: 'openSession', sessionId: s.id, newTab: true });
    const page = root.querySelector<HTMLAnchorElement>('[data-action="session-page"]')!;
    expect(page.getAttribute('href')).toBe(s.links.session);
    expect(page.getAttribute('rel')).toContain('noopener');
  });

  it('never links to a non-https URL', async () => {
    const s = makeSession({
      state: 'completed',
      pr: { ...makeSession().pr!, url: 'javascript:alert(1)' },
      links: { pr: null, session: 'javascript:alert(2)', run: null },
    });
    const root = await open(mockApi({ state: makeSnapshot({ sessions: [s] }) }));
    for (const a of root.querySelectorAll('a[href]')) expect(a.getAttribute('href')).toMatch(/^https:\/\//);
    expect(root.querySelector('[data-action="session-page"]')).toBeNull();
  });

  it('marks read and unread, moving the row and updating the dot at once', async () => {
    const s = makeSession({ state: 'completed', title: 'done' });
    const api = mockApi({ state: makeSnapshot({ sessions: [s], unread: [s.id] }) });
    const root = await open(api);
    expect(rows(root, 'attention')[0]?.dataset.unread).toBe('true');
    await click(root.querySelector('[data-action="mark-read"]')!);
    expect(api.requests.at(-1)).toEqual({ type: 'markRead', ids: [s.id], read: true });
    expect(rows(root, 'recent')[0]?.dataset.unread).toBe('false');
    await click(root.querySelector('[data-action="mark-unread"]')!);
    expect(api.requests.at(-1)).toEqual({ type: 'markRead', ids: [s.id], read: false });
    expect(rows(root, 'attention')[0]?.dataset.unread).toBe('true');
  });

  it('Stop on a row sends stopSession and shows the background status; refusals keep their words', async () => {
    const s = makeSession({ state: 'in_progress' });
    const api = mockApi({
      state: makeSnapshot({ sessions: [s] }),
      handlers: {
        stopSession: () => {
          throw new RequestErr({
            kind: 'missing-permission',
            message: 'This token cannot cancel workflow runs.',
            fix: 'Give the token “Actions: write”.',
            link: 'https://github.com/settings/tokens',
          });
        },
      },
    });
    const root = await open(api);
    await click(root.querySelector('[data-action="stop"]')!);
    expect(api.requests).toContainEqual({ type: 'stopSession', sessionId: s.id, pageLogin: null });
    expect(root.textContent).toContain('This token cannot cancel workflow runs.');
    api.setState(
      makeSnapshot({
        sessions: [s],
        stops: {
          [s.id]: { sessionId: s.id, phase: 'stopping', message: 'Stopping…', runUrl: null, updatedAt: iso(0) },
        },
      }),
    );
    await flush();
    expect(root.querySelector(`[data-session-id="${s.id}"] [data-stop-phase="stopping"]`)).not.toBeNull();
  });
});

describe('popup: states', () => {
  it('empty: says what to do next', async () => {
    const root = await open(mockApi({ state: makeSnapshot({ sessions: [] }) }));
    const empty = root.querySelector('[data-testid="empty"]')!;
    expect(empty.textContent).toContain('Start a task');
    expect(empty.textContent).toContain('Assign an issue to Copilot');
  });

  it('stale: shows the age of the data and a Retry that refreshes', async () => {
    const s = makeSession({ state: 'cancelled' });
    const api = mockApi({
      state: makeSnapshot({ sessions: [s], lastSyncAt: new Date(Date.now() - 3 * 3600_000).toISOString() }),
    });
    const root = await open(api);
    const stale = root.querySelector('[data-testid="stale"]')!;
    expect(stale.textContent).toContain('3 h ago');
    await click(stale.querySelector('[data-action="retry"]')!);
    expect(api.requests.at(-1)).toEqual({ type: 'refresh', reason: 'manual' });
  });

  it('offline and error banners show the typed error, its fix and link', async () => {
    const s = makeSession({ state: 'cancelled' });
    const api = mockApi({
      state: makeSnapshot({
        sessions: [s],
        lastError: {
          kind: 'rate-limited',
          message: 'GitHub’s rate limit is used up.',
          fix: 'Wait; polling resumes by itself.',
          link: 'https://docs.github.com/rest/rate-limit',
          retryAt: new Date(Date.now() + 600_000).toISOString(),
        },
      }),
    });
    const root = await open(api);
    const note = root.querySelector('[data-error-kind="rate-limited"]')!;
    expect(note.textContent).toContain('GitHub’s rate limit is used up.');
    expect(note.textContent).toContain('Wait; polling resumes by itself.');
    expect(note.textContent).toContain('Requests resume at');
    expect(note.querySelector('a')!.getAttribute('href')).toBe('https://docs.github.com/rest/rate-limit');
    expect(rows(root).length).toBe(1); // stale data stays visible
  });

  it('footer names the source and the sync age', async () => {
    const root = await open(mockApi({ state: makeSnapshot({ sessions: [], source: 'fallback' }) }));
    expect(root.querySelector('[data-testid="source"]')!.textContent).toBe('fallback: timelines and Actions runs');
    expect(root.querySelector('[data-testid="synced"]')!.textContent).toContain('Synced');
  });

  it('follows Settings.theme', async () => {
    await open(mockApi({ state: makeSnapshot({ settings: { ...DEFAULT_SETTINGS, theme: 'dark' } }) }));
    expect(document.documentElement.dataset.theme).toBe('dark');
  });
});

describe('popup: untrusted text stays text', () => {
  it('renders hostile titles, repos and errors literally', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const s = makeSession({ state: 'failed', title: evil, repoName: 'octo/<b>x</b>' });
    const root = await open(
      mockApi({
        state: makeSnapshot({
          sessions: [s],
          unread: [s.id],
          lastError: { kind: 'github-error', message: evil, fix: evil, link: 'javascript:alert(1)' },
        }),
      }),
    );
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('b')).toBeNull();
    expect(root.querySelector('[data-action="open"]')!.textContent).toBe(evil);
    expect(root.textContent).toContain(evil);
    for (const a of root.querySelectorAll('a[href]')) expect(a.getAttribute('href')).toMatch(/^https:\/\//);
  });
});
