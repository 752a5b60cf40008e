/** The pure model of issue 16's PR events: each event once, the first look silent, kinds off consumed, cadence. */
import { describe, expect, it } from 'vitest';
import { isCopilotReviewer, type PrStatus, parsePrStatus } from '../../../utils/github/pr-status';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/model/settings';
import {
  MAX_WATCHED_PRS,
  observePrs,
  PR_EVENTS_FAST_MS,
  PR_EVENTS_SLOW_MS,
  type PrWatch,
  prEventsEnabled,
  prNotice,
  prsDue,
  pruneWatch,
  withPrStates,
} from '../../../utils/sessions/pr-events';
import { makeSession } from '../popup/fixtures';

const ALL_ON: Settings = {
  ...DEFAULT_SETTINGS,
  notify: { ...DEFAULT_SETTINGS.notify, prReviewed: true, prChecksFailed: true, prMergedClosed: true },
};
const T0 = Date.parse('2026-06-10T10:00:00Z');

function status(over: Partial<PrStatus> = {}): PrStatus {
  return {
    nodeId: 'PR_1',
    number: 7,
    title: 'Fix the parser',
    url: 'https://github.com/octo/app/pull/7',
    repoFullName: 'octo/app',
    state: 'open',
    headOid: 'a'.repeat(40),
    checks: 'PENDING',
    copilotReviews: [],
    ...over,
  };
}

/** Looks at PR_1 as GitHub answers `s`, from `watch`, remembering notified keys in `notified`. */
function look(watch: Record<string, PrWatch>, s: PrStatus | null, notified: Set<string>, settings = ALL_ON) {
  const answer = new Map(s ? [[s.nodeId, s]] : []);
  const r = observePrs(watch, ['PR_1'], answer, { settings, notified, now: T0 });
  for (const e of r.events) notified.add(e.key);
  return r;
}

describe('PR events: what a fresh look means', () => {
  it('says nothing on the first look at a PR, even one already merged, reviewed and failing', () => {
    const r = look(
      {},
      status({
        state: 'merged',
        checks: 'FAILURE',
        copilotReviews: [{ id: 'R1', state: 'COMMENTED', submittedAt: null, url: null }],
      }),
      new Set(),
    );
    expect(r.events).toEqual([]);
    expect(r.watch.PR_1).toMatchObject({ state: 'merged', failedOid: 'a'.repeat(40), reviews: ['R1'] });
  });

  it('notifies a Copilot review once per review, checks failing once per head commit, merged once', () => {
    const notified = new Set<string>();
    let w = look({}, status(), notified).watch;
    const review = { id: 'R1', state: 'COMMENTED', submittedAt: '2026-06-10T10:01:00Z', url: null };
    let r = look(w, status({ copilotReviews: [review] }), notified);
    expect(r.events.map((e) => e.kind)).toEqual(['reviewed']);
    w = r.watch;
    // The same review seen again: nothing.
    r = look(w, status({ copilotReviews: [review] }), notified);
    expect(r.events).toEqual([]);
    w = r.watch;
    r = look(w, status({ copilotReviews: [review], checks: 'FAILURE' }), notified);
    expect(r.events.map((e) => e.kind)).toEqual(['checks-failed']);
    w = r.watch;
    // Still failing on the same commit, or ERROR on it: nothing more.
    expect(look(w, status({ copilotReviews: [review], checks: 'ERROR' }), notified).events).toEqual([]);
    // A new commit whose checks fail: once more.
    r = look(w, status({ copilotReviews: [review], checks: 'ERROR', headOid: 'b'.repeat(40) }), notified);
    expect(r.events.map((e) => [e.kind, e.detail])).toEqual([['checks-failed', 'ERROR']]);
    w = r.watch;
    r = look(w, status({ copilotReviews: [review], state: 'merged', headOid: 'b'.repeat(40) }), notified);
    expect(r.events.map((e) => e.kind)).toEqual(['merged']);
    expect([...notified]).toEqual([
      'pr-event:PR_1:review:R1',
      `pr-event:PR_1:checks:${'a'.repeat(40)}`,
      `pr-event:PR_1:checks:${'b'.repeat(40)}`,
      'pr-event:PR_1:merged',
    ]);
  });

  it('notifies a close without merge as closed', () => {
    const notified = new Set<string>();
    const w = look({}, status(), notified).watch;
    expect(look(w, status({ state: 'closed' }), notified).events.map((e) => e.kind)).toEqual(['closed']);
  });

  it('never repeats a key already notified (a restart that lost the watch but kept the keys)', () => {
    const notified = new Set(['pr-event:PR_1:merged']);
    const w = look({}, status(), new Set()).watch;
    expect(look(w, status({ state: 'merged' }), notified).events).toEqual([]);
  });

  it('sees kinds turned off without notifying them (turned on later, old news stays quiet)', () => {
    const notified = new Set<string>();
    const onlyMerged: Settings = { ...ALL_ON, notify: { ...ALL_ON.notify, prReviewed: false, prChecksFailed: false } };
    let w = look({}, status(), notified, onlyMerged).watch;
    const review = { id: 'R1', state: 'APPROVED', submittedAt: null, url: null };
    const r = look(w, status({ checks: 'FAILURE', copilotReviews: [review] }), notified, onlyMerged);
    expect(r.events).toEqual([]);
    w = r.watch;
    expect(look(w, status({ checks: 'FAILURE', copilotReviews: [review] }), notified).events).toEqual([]);
  });

  it('marks a PR GitHub no longer resolves as gone, without an event, and looks at it no more', () => {
    const w = look({}, status(), new Set()).watch;
    const r = look(w, null, new Set());
    expect(r.events).toEqual([]);
    expect(r.watch.PR_1?.gone).toBe(true);
    const s = makeSession({ pr: { ...makeSession().pr!, nodeId: 'PR_1' } });
    expect(prsDue([s], r.watch, T0 + 60 * 60_000)).toEqual([]);
  });

  it('words each notification from the event, through the sanitiser', () => {
    const notified = new Set<string>();
    const w = look({}, status({ title: 'Fix\u202e the\nparser' }), notified).watch;
    const r = look(
      w,
      status({ copilotReviews: [{ id: 'R9', state: 'CHANGES_REQUESTED', submittedAt: null, url: null }] }),
      notified,
    );
    const n = prNotice(r.events[0]!, r.watch.PR_1!);
    expect(n).toMatchObject({
      id: 'pr-event:PR_1:review:R9',
      title: 'Copilot reviewed the PR · octo/app #7',
      url: 'https://github.com/octo/app/pull/7',
    });
    expect(n.message).toContain('Copilot requested changes.');
    expect(n.message).not.toContain('\u202e');
  });
});

describe('PR events: which PRs are looked at, and when', () => {
  const pr = (nodeId: string, state: 'open' | 'merged' = 'open') => ({ ...makeSession().pr!, nodeId, state });

  it('are off by default; any one kind turns them on', () => {
    expect(prEventsEnabled(DEFAULT_SETTINGS)).toBe(false);
    const one = { ...DEFAULT_SETTINGS, notify: { ...DEFAULT_SETTINGS.notify, prChecksFailed: true } };
    expect(prEventsEnabled(one)).toBe(true);
  });

  it('looks at open agent PRs only, each once, never-seen ones at once', () => {
    const sessions = [
      makeSession({ pr: pr('PR_A') }),
      makeSession({ pr: pr('PR_A') }),
      makeSession({ pr: pr('PR_M', 'merged') }),
      makeSession({ pr: null }),
      makeSession({ pr: { ...pr('x'), nodeId: null } }),
    ];
    expect(prsDue(sessions, {}, T0)).toEqual(['PR_A']);
  });

  it('every 5 minutes, every minute while checks run', () => {
    const sessions = [makeSession({ pr: pr('PR_1') })];
    const seen = look({}, status({ checks: 'SUCCESS' }), new Set()).watch;
    expect(prsDue(sessions, seen, T0 + PR_EVENTS_FAST_MS)).toEqual([]);
    expect(prsDue(sessions, seen, T0 + PR_EVENTS_SLOW_MS)).toEqual(['PR_1']);
    const pending = look({}, status({ checks: 'EXPECTED' }), new Set()).watch;
    expect(prsDue(sessions, pending, T0 + 30_000)).toEqual([]);
    expect(prsDue(sessions, pending, T0 + PR_EVENTS_FAST_MS)).toEqual(['PR_1']);
  });

  it('watches at most the 100 most recently updated PRs, and forgets PRs no session names', () => {
    const sessions = Array.from({ length: MAX_WATCHED_PRS + 20 }, (_, i) =>
      makeSession({ pr: pr(`PR_${i}`), updatedAt: new Date(T0 - i * 1000).toISOString() }),
    );
    const due = prsDue(sessions, {}, T0);
    expect(due).toHaveLength(MAX_WATCHED_PRS);
    expect(due[0]).toBe('PR_0');
    const w = look({}, status(), new Set()).watch;
    expect(Object.keys(pruneWatch(w, sessions.slice(5)))).toEqual([]);
    expect(Object.keys(pruneWatch(w, sessions))).toEqual(['PR_1']);
  });
});

describe('PR events: the PR’s own state', () => {
  const pr = (nodeId: string, state: 'open' | 'closed' | 'merged') => ({
    number: 7,
    title: 'Fix',
    state,
    draft: false,
    url: 'https://github.com/octo/app/pull/7',
    databaseId: 7,
    nodeId,
  });
  it('a merge or close seen by a look reaches the sessions and the PR cache; nothing new, the same objects', () => {
    const a = makeSession({ id: 'a', pr: pr('PR_1', 'open') });
    const b = makeSession({ id: 'b', pr: pr('PR_2', 'open') });
    const c = makeSession({ id: 'c', pr: null });
    const sessions = [a, b, c];
    const prs = { PR_1: { ...pr('PR_1', 'open'), repoFullName: 'octo/app', headRef: null } };
    const same = withPrStates(sessions, prs, new Map([['PR_1', { state: 'open' as const }]]));
    expect(same).toEqual({ sessions, prs, changed: false });
    expect(same.sessions).toBe(sessions);
    expect(same.prs).toBe(prs);
    const r = withPrStates(
      sessions,
      prs,
      new Map([
        ['PR_1', { state: 'merged' as const }],
        ['PR_2', { state: 'closed' as const }],
      ]),
    );
    expect(r.changed).toBe(true);
    expect(r.sessions.map((x) => x.pr?.state ?? null)).toEqual(['merged', 'closed', null]);
    expect(r.sessions[2]).toBe(c);
    expect(r.prs.PR_1?.state).toBe('merged');
    expect(prs.PR_1.state).toBe('open'); // inputs untouched
    expect(a.pr?.state).toBe('open');
  });
});

describe('PR status answers (GraphQL)', () => {
  it('recognises Copilot code review by each of its spellings, and no one else', () => {
    for (const login of ['copilot-pull-request-reviewer', 'copilot-pull-request-reviewer[bot]', 'Copilot'])
      expect(isCopilotReviewer(login)).toBe(true);
    for (const login of ['copilot-swe-agent', 'octocat', null]) expect(isCopilotReviewer(login)).toBe(false);
  });

  it('reads state, head rollup and Copilot reviews; drafts (PENDING) and other reviewers are left out', () => {
    const s = parsePrStatus({
      id: 'PR_1',
      number: 7,
      title: 'T',
      url: 'https://github.com/o/r/pull/7',
      state: 'MERGED',
      repository: { nameWithOwner: 'o/r' },
      reviews: {
        nodes: [
          { id: 'R1', state: 'COMMENTED', author: { login: 'copilot-pull-request-reviewer' } },
          { id: 'R2', state: 'PENDING', author: { login: 'copilot-pull-request-reviewer' } },
          { id: 'R3', state: 'APPROVED', author: { login: 'octocat' } },
          null,
        ],
      },
      commits: { nodes: [{ commit: { oid: 'abc', statusCheckRollup: { state: 'ERROR' } } }] },
    });
    expect(s).toMatchObject({ state: 'merged', headOid: 'abc', checks: 'ERROR' });
    expect(s?.copilotReviews.map((r) => r.id)).toEqual(['R1']);
  });

  it('takes a head without checks (rollup null) or an unknown rollup state as no checks', () => {
    const base = { id: 'PR_1', number: 1, state: 'OPEN' };
    expect(
      parsePrStatus({ ...base, commits: { nodes: [{ commit: { oid: 'x', statusCheckRollup: null } }] } })?.checks,
    ).toBeNull();
    expect(
      parsePrStatus({
        ...base,
        commits: { nodes: [{ commit: { oid: 'x', statusCheckRollup: { state: 'NEUTRAL' } } }] },
      })?.checks,
    ).toBeNull();
    expect(parsePrStatus(null)).toBeNull();
  });
});
