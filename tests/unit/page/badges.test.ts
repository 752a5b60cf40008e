import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { on } from '../../../entrypoints/github.content/bus';
import { resetDataSources } from '../../../entrypoints/github.content/data';
import { fallback, resetFallbackWarnings } from '../../../entrypoints/github.content/features/fallback';
import { headerBadge } from '../../../entrypoints/github.content/features/header-badge';
import { listBadges } from '../../../entrypoints/github.content/features/list-badges';
import { timelineBadges } from '../../../entrypoints/github.content/features/timeline-badges';
import type { StateSnapshot } from '../../../utils/model/state';
import type { Session } from '../../../utils/sessions/model';
import { makeSnapshot } from '../popup/fixtures';
import { at, fake, session } from './fake-client';
import { loadFixture } from './fixtures';
import { frame, hosts, setUrl, shadowText } from './helpers';

vi.mock('../../../utils/messages/client', () => import('./fake-client'));

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const S3 = '33333333-3333-4333-8333-333333333333';
const S4 = '44444444-4444-4444-8444-444444444444';
const S5 = '55555555-5555-4555-8555-555555555555';

/** A pushed state: the popup's fixture, with this test's sessions and a sync that just happened. */
function snapshot(sessions: Session[], over: Partial<StateSnapshot> = {}): StateSnapshot {
  return makeSnapshot({ sessions, lastSyncAt: new Date().toISOString(), ...over });
}

/** The background's state (signed in as octo-demo unless `viewerLogin` says otherwise, or signed out). */
function background(sessions: Session[], over: { signedIn?: boolean; viewerLogin?: string } = {}): StateSnapshot {
  const base = snapshot(sessions);
  if (over.signedIn === false) return { ...base, auth: { status: 'signed-out' } };
  if (over.viewerLogin && base.auth.status === 'signed-in')
    return { ...base, auth: { status: 'signed-in', info: { ...base.auth.info, login: over.viewerLogin } } };
  return base;
}

/** The background answers with this state: each page port gets its slice (fake-client.ts). */
function serve(sessions: Session[], over: { signedIn?: boolean; viewerLogin?: string } = {}): void {
  fake.serve(background(sessions, over));
}

let ac: AbortController;
beforeEach(() => {
  fake.reset();
  fakeBrowser.reset();
  ac = new AbortController();
  resetFallbackWarnings();
});
afterEach(() => {
  ac.abort();
  resetDataSources();
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

const legacySessions = () => [
  session({
    id: S1,
    state: 'completed',
    completedAt: at(12),
    createdAt: at(0),
    usage: { unit: 'premium-requests', amount: 3 },
  }),
  session({
    id: S2,
    state: 'in_progress',
    createdAt: at(60),
    agent: { slug: 'codex', name: 'Codex' },
    creator: { id: 2, login: 'hubot' },
    canAct: false,
  }),
  session({ id: S5, state: 'queued', createdAt: at(120) }),
];

describe('timeline badges', () => {
  it('badges each started-work event on the legacy timeline (links, session_id, text fallback by time)', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('legacy-timeline');
    serve(legacySessions());
    timelineBadges.init(ac.signal);
    await frame();
    const badges = hosts('timeline');
    expect(badges.map((b) => [b.dataset.sessionId, b.dataset.state])).toEqual([
      [S1, 'completed'],
      [S2, 'in_progress'],
      [S5, 'queued'],
    ]);
    // Next to the View session link (not after the finished-work event).
    expect(badges[0]!.previousElementSibling?.textContent).toBe('View session');
    expect(badges[0]!.closest('#event-101')).not.toBeNull();
    expect(shadowText(badges[0]!)).toContain('Ready for review');
    // The tooltip is written after the first paint: wait for it rather than for a fixed number of frames.
    const title = await vi.waitFor(() => {
      const t = badges[1]!.shadowRoot!.querySelector('button')?.getAttribute('title');
      expect(t).toBeTruthy();
      return t!;
    });
    expect(title).toContain('Read-only: started by hubot');
    expect(title).toContain('Model: claude-sonnet-4.5');
    // The page watched its PR and asked nothing: the state came pushed.
    expect(fake.requests).toEqual([]);
    expect(fake.watches.at(-1)).toEqual({ kind: 'prs', prs: ['octo-demo/app#42'] });
  });

  it("2026 hybrid page: a badge at the end of each agent's own started-work line; none on pasted, finished, stopped or review links", async () => {
    const H1 = '5e1f0a42-1111-4a11-9a11-000000000001';
    const H2 = '5e1f0a42-2222-4a22-9a22-000000000002';
    const H3 = '5e1f0a42-3333-4a33-9a33-000000000003';
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('hybrid-page');
    serve([
      session({ id: H1, state: 'completed', createdAt: at(0) }),
      session({ id: H2, state: 'in_progress', createdAt: at(60), agent: { slug: 'codex', name: 'Codex' } }),
      session({ id: H3, state: 'failed', createdAt: at(120), agent: { slug: 'claude', name: 'Claude' } }),
    ]);
    timelineBadges.init(ac.signal);
    await frame();
    const badges = hosts('timeline');
    expect(badges.map((b) => [b.dataset.sessionId, b.closest('.TimelineItem')?.id])).toEqual([
      [H1, 'event-1'],
      [H2, 'event-6'],
      [H3, 'event-7'],
    ]);
    // The end of the event's line: after the time and the second "View session" link, not mid-sentence.
    for (const b of badges) expect(b.parentElement?.lastElementChild).toBe(b);
    expect(badges[0]!.previousElementSibling?.textContent).toBe('View session');
    expect(document.querySelector('#issuecomment-5 [data-agent-sessions-badge]')).toBeNull();
    expect(document.querySelector('#event-4 [data-agent-sessions-badge]')).toBeNull();
  });

  it('waits for an item the parser is still inside (a pause in the link), then judges it whole', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    const id = '5e1f0a42-1111-4a11-9a11-000000000001';
    serve([session({ id, state: 'completed', createdAt: at(0) })]);
    const ready = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    const timeline = document.createElement('div');
    timeline.id = 'partial-timeline';
    document.body.append(timeline);
    timelineBadges.init(ac.signal);
    // The parser has read "Copilot <a>finished" and pauses: the item is the last thing in the document.
    const item = document.createElement('div');
    item.className = 'js-timeline-item';
    item.innerHTML = `<div class="TimelineItem"><div class="TimelineItem-body"><strong>Copilot</strong> <a href="https://github.com/copilot/tasks/pull/PR_x?session_id=${id}">finished</a></div></div>`;
    timeline.append(item);
    await frame();
    expect(hosts('timeline')).toHaveLength(0);
    // The rest arrives: " work on behalf of octo-demo", then the next item.
    item.querySelector('a')!.append(' work');
    item.querySelector('.TimelineItem-body')!.append(' on behalf of octo-demo');
    timeline.append(document.createElement('div'));
    await frame();
    expect(hosts('timeline')).toHaveLength(0); // a finished event: no badge, whatever the chunking
    // A started event, cut the same way, gets its badge once complete.
    const started = document.createElement('div');
    started.className = 'js-timeline-item';
    started.innerHTML = `<div class="TimelineItem"><div class="TimelineItem-body"><strong>Copilot</strong> <a href="https://github.com/octo-demo/app/agents/pull/42?session_id=${id}">started work</a></div></div>`;
    timeline.append(started);
    await frame();
    expect(hosts('timeline')).toHaveLength(0);
    started.querySelector('.TimelineItem-body')!.append(' on behalf of octo-demo');
    ready.mockReturnValue('interactive');
    document.dispatchEvent(new Event('readystatechange'));
    await frame();
    expect(hosts('timeline').map((b) => b.dataset.sessionId)).toEqual([id]);
  });

  it('updates live when a push arrives, with no request', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('legacy-timeline');
    const list = legacySessions();
    serve(list);
    timelineBadges.init(ac.signal);
    await frame();
    const failed = { ...list[2]!, state: 'failed' as const, error: 'Setup failed', updatedAt: at(130) };
    serve([list[0]!, list[1]!, failed]);
    await frame(20);
    const badge = hosts('timeline').find((b) => b.dataset.sessionId === S5)!;
    expect(badge.dataset.state).toBe('failed');
    await vi.waitFor(() =>
      expect(badge.shadowRoot!.querySelector('button')!.getAttribute('title')).toContain('Error: Setup failed'),
    );
  });

  it('shows own sessions at once while others are looked up (provisional), then the settled slice adds them', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('legacy-timeline');
    const list = legacySessions();
    const own = [list[0]!, list[2]!];
    fake.pending.add('octo-demo/app#42'); // the background is looking other users' sessions up
    serve(own);
    timelineBadges.init(ac.signal);
    await frame();
    const stateOf = (id: string) => hosts('timeline').find((b) => b.dataset.sessionId === id)?.dataset.state;
    expect(stateOf(S1)).toBe('completed'); // own sessions are shown at once
    expect(stateOf(S2)).toBe('loading'); // the other user's session: not "unknown" while the lookup runs
    fake.pending.clear();
    serve(list); // the background pushes once the repository's tasks arrived
    await frame(20);
    expect(stateOf(S2)).toBe('in_progress');
    expect(fake.requests).toEqual([]);
  });

  /** PR #42's legacy timeline with `mirror` in storage and the background's answer held until `answer` is called. */
  async function openWithMirror(mirror: StateSnapshot) {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('legacy-timeline');
    await fakeBrowser.storage.local.set({ snapshot: mirror });
    timelineBadges.init(ac.signal);
    await frame();
    return {
      answer: (sessions: Session[]) => serve(sessions),
      stateOf: (id: string) => hosts('timeline').find((b) => b.dataset.sessionId === id)?.dataset.state,
    };
  }

  it('shows own sessions from the storage mirror while the background is waking, then its answer replaces them', async () => {
    const list = legacySessions();
    // The mirror (written by the background before it went to sleep): an own session on this PR, one elsewhere.
    const { answer, stateOf } = await openWithMirror(
      snapshot([
        { ...list[0]!, state: 'in_progress', completedAt: null },
        session({ id: S4, pr: { ...list[0]!.pr!, number: 7 } }),
      ]),
    );
    expect(stateOf(S1)).toBe('in_progress'); // from the mirror, before any answer
    expect(stateOf(S2)).toBe('loading'); // someone else's: not "unknown" while the answer is pending
    expect(hosts('timeline').some((b) => b.dataset.sessionId === S4)).toBe(false);
    answer(list);
    await frame(20);
    expect(stateOf(S1)).toBe('completed'); // the background's answer wins
    expect(stateOf(S2)).toBe('in_progress');
  });

  it('ignores a mirror that says signed out', async () => {
    const { answer, stateOf } = await openWithMirror(
      snapshot([session({ id: S1, state: 'failed' })], { auth: { status: 'signed-out' } }),
    );
    expect(stateOf(S1)).toBe('loading');
    answer(legacySessions());
    await frame(20);
    expect(stateOf(S1)).toBe('completed');
  });

  it('maps a React text event without a time to the next session by time; gets Load more items once', async () => {
    setUrl('https://github.com/octo-demo/app/pull/7');
    loadFixture('react-timeline');
    const pr = {
      number: 7,
      title: 'Fix',
      state: 'open' as const,
      draft: true,
      url: '',
      databaseId: null,
      nodeId: null,
    };
    serve([
      session({ id: S3, pr, createdAt: at(0), state: 'completed', completedAt: at(5) }),
      session({ id: S4, pr, createdAt: at(10), state: 'cancelled', completedAt: at(11) }),
      session({ id: S5, pr, createdAt: at(20), state: 'timed_out', agent: { slug: 'claude', name: 'Claude' } }),
    ]);
    timelineBadges.init(ac.signal);
    await frame();
    expect(hosts('timeline').map((b) => [b.dataset.sessionId, b.dataset.state])).toEqual([
      [S3, 'completed'],
      [S4, 'cancelled'],
      [S5, 'timed_out'],
    ]);
    // Load more: a new item (and a repeat of an existing session's link) arrives later.
    const more = document.createElement('div');
    more.setAttribute('data-wrapper-timeline-id', 'w9');
    more.innerHTML = `<div data-timeline-event-id="e9"><span>Copilot started work on behalf of octo-demo</span><a href="/octo-demo/app/pull/7/agent-sessions/${S4}">View session</a></div>`;
    document.querySelector('[data-testid="issue-timeline-container"]')!.append(more);
    await frame();
    expect(hosts('timeline')).toHaveLength(3);
  });

  it('opens the drawer when it listens, else the session page', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('legacy-timeline');
    serve(legacySessions());
    timelineBadges.init(ac.signal);
    await frame();
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    hosts('timeline')[0]!.shadowRoot!.querySelector('button')!.click();
    expect(open).toHaveBeenCalledWith(
      `https://github.com/octo-demo/app/pull/42/agent-sessions/${S1}`,
      '_blank',
      'noopener,noreferrer',
    );
    const opened: string[] = [];
    const drawer = new AbortController();
    on('open-drawer', (p) => opened.push(p.sessionId), drawer.signal);
    hosts('timeline')[1]!.shadowRoot!.querySelector('button')!.click();
    drawer.abort();
    expect(opened).toEqual([S2]);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('says why when signed out of the extension', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('legacy-timeline');
    serve([], { signedIn: false });
    timelineBadges.init(ac.signal);
    headerBadge.init(ac.signal);
    await frame();
    expect(hosts('timeline').map((b) => b.dataset.state)).toEqual(['signed-out', 'signed-out', 'signed-out']);
    const header = hosts('header')[0]!;
    expect(header.hidden).toBe(false);
    expect(shadowText(header)).toContain('Sign in to the extension to see live status');
    expect(header.shadowRoot!.querySelector('a')).toBeNull();
  });

  it('renders hostile titles, errors and models as inert text', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('legacy-timeline');
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>\u202e';
    serve([
      session({ id: S1, state: 'failed', title: evil, error: evil, model: evil, creator: { id: 9, login: evil } }),
    ]);
    timelineBadges.init(ac.signal);
    fallback.init(ac.signal);
    headerBadge.init(ac.signal);
    await frame();
    for (const host of [...hosts('timeline'), ...hosts('header')]) {
      expect(host.shadowRoot!.querySelector('img, script')).toBeNull();
    }
    // The tooltip is written after the first paint: wait for it rather than for a fixed number of frames.
    const title = await vi.waitFor(() => {
      const t = hosts('timeline')[0]?.shadowRoot?.querySelector('button')?.getAttribute('title');
      expect(t).toBeTruthy();
      return t!;
    });
    expect(title).toContain('<img src=x');
    expect(title).not.toContain('\u202e');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

describe('header badge', () => {
  it('shows the latest session with a Stop that sends the page login', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42/files');
    loadFixture('legacy-timeline');
    serve([session({ id: S1, state: 'completed', createdAt: at(0) }), session({ id: S5, createdAt: at(30) })]);
    fake.handlers.stopSession = () => ({});
    headerBadge.init(ac.signal);
    await frame();
    const [header] = hosts('header');
    expect(header!.dataset.sessionId).toBe(S5);
    expect(header!.dataset.state).toBe('in_progress');
    expect(header!.previousElementSibling?.classList.contains('State')).toBe(true);
    expect(shadowText(header!)).toContain('2 sessions');
    const stop = header!.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="stop"]')!;
    // A page script's click is not the person's (issue 17 #1): nothing is sent.
    stop.click();
    await frame(20);
    expect(fake.requests.find((r) => r.type === 'stopSession')).toBeUndefined();
    const trusted = new MouseEvent('click', { bubbles: true, cancelable: true });
    Object.defineProperty(trusted, 'isTrusted', { value: true });
    stop.dispatchEvent(trusted);
    await frame(20);
    expect(fake.requests.find((r) => r.type === 'stopSession')).toEqual({
      type: 'stopSession',
      sessionId: S5,
      pageLogin: 'octo-demo',
    });
  });

  it('offers “Ask Copilot for changes” once the agent is done or asks, opening the drawer on its form', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('legacy-timeline');
    const opened: Array<{ sessionId: string; ask?: boolean }> = [];
    on('open-drawer', (e) => opened.push(e), ac.signal); // the drawer feature listens
    serve([session({ id: S1, state: 'completed', createdAt: at(0) })]);
    headerBadge.init(ac.signal);
    await frame();
    const [header] = hosts('header');
    const ask = header!.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="ask-for-changes"]')!;
    expect(ask.getAttribute('aria-label')).toBe('Ask Copilot for changes');
    ask.click(); // a page script's click opens nothing
    expect(opened).toEqual([]);
    const trusted = new MouseEvent('click', { bubbles: true, cancelable: true });
    Object.defineProperty(trusted, 'isTrusted', { value: true });
    ask.dispatchEvent(trusted);
    expect(opened).toEqual([{ sessionId: S1, ask: true }]);
    // Nothing is posted from the page: the drawer previews and posts.
    expect(fake.requests.find((r) => r.type === 'askForChanges')).toBeUndefined();
  });

  it('offers no Ask while the agent works, to another signed-in user, or without a drawer', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('legacy-timeline');
    const askButton = () => hosts('header')[0]?.shadowRoot?.querySelector('[data-action="ask-for-changes"]') ?? null;
    const listen = new AbortController();
    on('open-drawer', () => {}, listen.signal);
    serve([session({ id: S5, state: 'in_progress', createdAt: at(0) })]);
    headerBadge.init(ac.signal);
    await frame();
    expect(hosts('header')[0]!.dataset.state).toBe('in_progress');
    expect(askButton()).toBeNull(); // working: Stop, not Ask
    ac.abort();
    resetDataSources();
    document.body.replaceChildren();
    loadFixture('legacy-timeline');
    ac = new AbortController();
    serve([session({ id: S1, state: 'waiting_for_user', createdAt: at(0) })], { viewerLogin: 'someone-else' });
    headerBadge.init(ac.signal);
    await frame();
    expect(hosts('header')[0]!.dataset.state).toBe('waiting_for_user');
    expect(askButton()).toBeNull(); // the page is signed in as another user than the extension
    ac.abort();
    resetDataSources();
    document.body.replaceChildren();
    loadFixture('legacy-timeline');
    ac = new AbortController();
    listen.abort(); // no drawer feature (turned off in the options)
    serve([session({ id: S1, state: 'completed', createdAt: at(0) })]);
    headerBadge.init(ac.signal);
    await frame();
    expect(hosts('header')[0]!.dataset.state).toBe('completed');
    expect(askButton()).toBeNull();
  });

  it('disables Stop with the reason when the page user differs, and for others’ sessions', async () => {
    setUrl('https://github.com/octo-demo/app/pull/7');
    loadFixture('react-timeline');
    const pr = {
      number: 7,
      title: 'Fix',
      state: 'open' as const,
      draft: true,
      url: '',
      databaseId: null,
      nodeId: null,
    };
    serve([session({ id: S3, pr })], { viewerLogin: 'someone-else' });
    headerBadge.init(ac.signal);
    await frame();
    const all = hosts('header');
    expect(all).toHaveLength(1); // main header, not the sticky copy
    const stop = all[0]!.shadowRoot!.querySelector<HTMLButtonElement>('button.as-btn-danger')!;
    expect(stop.disabled).toBe(true);
    expect(stop.title).toContain('signed in as octo-demo, the extension as someone-else');
  });
});

describe('list badges', () => {
  it('badges PRs with sessions, per repository, from the pushed slice of the rows it watches', async () => {
    setUrl('https://github.com/octo-demo/app/pulls');
    loadFixture('pr-list');
    const pr7 = { ...session({ id: S3 }).pr!, number: 7 };
    serve([
      session({ id: S2, state: 'failed', createdAt: at(0) }),
      session({ id: S1, state: 'in_progress', createdAt: at(60) }), // the later one on #42
      session({ id: S3, state: 'completed', pr: pr7 }),
      session({ id: S4, state: 'queued', pr: { ...pr7, number: 999 } }), // not on the page
    ]);
    listBadges.init(ac.signal);
    await frame(250);
    // The rows' PRs are watched as a list (no lookup of other users' sessions), and nothing is asked.
    expect(fake.watches.at(-1)).toMatchObject({ kind: 'prs', prs: [] });
    expect(fake.watches.at(-1)?.list).toEqual(expect.arrayContaining(['octo-demo/app#42', 'octo-demo/app#7']));
    expect(fake.requests).toEqual([]);
    const list = hosts('list');
    expect(list.map((h) => [h.dataset.sessionId, h.dataset.state])).toEqual([
      [S1, 'in_progress'],
      [S3, 'completed'],
    ]);
    const link = list[0]!.shadowRoot!.querySelector('a')!;
    expect(link.getAttribute('href')).toBe(`https://github.com/octo-demo/app/pull/42#agent-session=${S1}`);
    expect(link.getAttribute('aria-label')).toBe('Agent session: In progress (2 sessions)');
    // A pushed change repaints the row; the settings switch hides the badges.
    serve([session({ id: S1, state: 'completed', createdAt: at(60) }), session({ id: S3, pr: pr7 })]);
    await frame(20);
    expect(hosts('list').map((h) => [h.dataset.sessionId, h.dataset.state])).toEqual([
      [S1, 'completed'],
      [S3, 'in_progress'],
    ]);
  });
});

describe('list badges from the mirror', () => {
  it('shows own sessions from the storage mirror before the background answers; the answer then rules', async () => {
    setUrl('https://github.com/octo-demo/app/pulls');
    loadFixture('pr-list');
    await fakeBrowser.storage.local.set({
      snapshot: snapshot([
        session({ id: S1, state: 'queued', createdAt: at(0) }),
        session({ id: S2, state: 'failed', createdAt: at(60) }), // the later one on #42
      ]),
    });
    listBadges.init(ac.signal);
    await frame(250);
    expect(hosts('list').map((h) => [h.dataset.sessionId, h.dataset.state])).toEqual([[S2, 'failed']]);
    serve([
      session({ id: S1, state: 'queued', createdAt: at(0) }),
      session({ id: S2, state: 'completed', createdAt: at(60) }),
    ]);
    await frame(20);
    expect(hosts('list').map((h) => [h.dataset.sessionId, h.dataset.state])).toEqual([[S2, 'completed']]);
  });
});

describe('fallback', () => {
  it('shows a floating summary and warns once on an unknown layout', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('unknown-layout');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    serve(legacySessions());
    timelineBadges.init(ac.signal);
    headerBadge.init(ac.signal);
    fallback.init(ac.signal);
    await frame(1700);
    const [summary] = hosts('fallback');
    expect(summary).toBeDefined();
    expect(summary!.shadowRoot!.querySelectorAll('li')).toHaveLength(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe('[agent-sessions] no anchor matched: sessionLink, timelineItem, prHeaderState');
    summary!.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label^="Dismiss"]')!.click();
    await frame(20);
    expect(hosts('fallback')).toHaveLength(0);
  });

  it('stays away when anchors match', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('legacy-timeline');
    serve(legacySessions());
    timelineBadges.init(ac.signal);
    fallback.init(ac.signal);
    await frame(1700);
    expect(hosts('fallback')).toHaveLength(0);
  });
});

describe('data source', () => {
  it('re-renders when a later snapshot adds the error of a failed session (same state and time)', async () => {
    setUrl('https://github.com/octo-demo/app/pull/42');
    loadFixture('legacy-timeline');
    const failed = session({ id: S1, state: 'failed', updatedAt: at(5), error: null });
    serve([failed]);
    timelineBadges.init(ac.signal);
    await frame();
    serve([{ ...failed, error: 'Out of <b>memory</b>' }]);
    await frame(20);
    const button = hosts('timeline')[0]!.shadowRoot!.querySelector('button')!;
    await vi.waitFor(() => expect(button.getAttribute('title')).toContain('Error: Out of <b>memory</b>'));
    expect(button.querySelector('b')).toBeNull();
  });
});
