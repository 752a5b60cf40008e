/** Live progress → entries (utils/logs/live.ts) and the drawer feed that keeps plan revisions (entrypoints/drawer/feed.ts). */
import { describe, expect, it } from 'vitest';
import { displayText, search } from '../../../components/log/model';
import { LogFeed, type PlanMemory } from '../../../entrypoints/drawer/feed';
import { parseActionsJobLog } from '../../../utils/logs/actions';
import { toMarkdown } from '../../../utils/logs/export';
import { checklist, liveEntries, planChanges, planSummary, stepEntry } from '../../../utils/logs/live';
import type { LiveProgress, LogChunk } from '../../../utils/model/log';
import { readFixture } from './helpers';

const T0 = Date.now() - 10 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('plan checklist', () => {
  it('reads checked and open items and says what changed', () => {
    const a = '- [x] Explore the repository\n- [ ] Make the change\n- [ ] Add tests';
    const b = 'Intro\n\n- [x] Explore the repository\n- [x] Make the change\n* [ ] Run the linter';
    expect(checklist(b)).toEqual([
      { text: 'Explore the repository', checked: true },
      { text: 'Make the change', checked: true },
      { text: 'Run the linter', checked: false },
    ]);
    expect(planChanges(a, b)).toEqual([
      { change: 'done', text: 'Make the change' },
      { change: 'added', text: 'Run the linter' },
      { change: 'removed', text: 'Add tests' },
    ]);
    expect(planChanges(a, a)).toEqual([]);
    expect(planChanges(null, a)).toEqual([]);
    expect(planChanges('Some prose', 'Other prose')).toEqual([{ change: 'edited', text: 'The description changed' }]);
    expect(planSummary(b)).toBe('2 of 3 done');
    expect(planSummary('no list')).toBeNull();
  });
});

describe('liveEntries', () => {
  const steps = [
    { name: 'Set up job', status: 'completed', conclusion: 'success', startedAt: iso(T0), completedAt: iso(T0 + 4000) },
    {
      name: 'Processing Request (Linux)',
      status: 'in_progress',
      conclusion: null,
      startedAt: iso(T0 + 4000),
      completedAt: null,
    },
    { name: 'Post Run', status: 'queued', conclusion: null, startedAt: null, completedAt: null },
  ];
  const commit = {
    sha: 'a'.repeat(40),
    message: 'Initial plan\n\nCo-authored-by: someone',
    author: 'Copilot',
    date: iso(T0 + 60_000),
    url: 'https://github.com/o/r/commit/aaaa',
    files: [{ path: 'src/a.ts', status: 'modified', additions: 2, deletions: 1, patch: '@@ -1 +1,2 @@\n-a\n+b\n+c' }],
  };

  it('orders steps, plan revisions and commits by time, queued steps last, all marked live', () => {
    const entries = liveEntries({
      steps,
      plans: [{ body: '- [x] Explore\n- [ ] Change', at: T0 + 30_000, changes: [] }],
      commits: [commit],
      now: T0 + 125_000,
    });
    expect(entries.map((e) => e.id)).toEqual([
      'live-step-1',
      'live-step-2',
      'live-plan-1',
      `live-commit-${'a'.repeat(40)}`,
      'live-step-3',
    ]);
    expect(entries.every((e) => e.live)).toBe(true);
    expect(entries.map((e) => (e.kind === 'step' || e.kind === 'progress' ? e.title : ''))).toEqual([
      'Set up job · 4s',
      'Processing Request (Linux) · running for 2m 01s',
      'Plan · 1 of 2 done',
      '',
      'Post Run',
    ]);
  });

  it('makes no entry of a description with no text yet; the first plan with text is the plan', () => {
    const entries = liveEntries({
      steps: [],
      plans: [
        { body: '  \n', at: T0, changes: [] },
        { body: '- [x] Explore\n- [ ] Change', at: T0 + 30_000, changes: [] },
      ],
      commits: [],
      now: T0 + 60_000,
    });
    expect(entries.map((e) => e.id)).toEqual(['live-plan-1']);
    expect(entries[0]?.kind === 'progress' && entries[0].title).toBe('Plan · 1 of 2 done');
  });

  it('maps step conclusions to the log’s step statuses', () => {
    const s = (status: string, conclusion: string | null) =>
      stepEntry({ name: 'x', status, conclusion, startedAt: null, completedAt: null }, 0, 0).status;
    expect([
      s('completed', 'success'),
      s('completed', 'failure'),
      s('completed', 'skipped'),
      s('completed', 'cancelled'),
    ]).toEqual(['success', 'failure', 'skipped', 'cancelled']);
    expect([s('in_progress', null), s('queued', null)]).toEqual(['in_progress', 'queued']);
  });

  it('search and export work on live entries: commit files, plan changes, patches in the export', () => {
    const entries = liveEntries({
      steps,
      plans: [
        { body: '- [x] Explore\n- [ ] Change', at: T0 + 30_000, changes: [] },
        { body: '- [x] Explore\n- [x] Change', at: T0 + 90_000, changes: [{ change: 'done', text: 'Change' }] },
      ],
      commits: [commit],
      now: T0 + 125_000,
    });
    expect(search(entries, 'src/a.ts').total).toBe(1);
    expect(search(entries, 'Done: Change').total).toBe(1);
    const c = entries.find((e) => e.kind === 'commit');
    expect(c && displayText(c)).toContain('Commit aaaaaaa: Initial plan');
    const md = toMarkdown(
      { format: 'actions-unknown', entries, skipped: 0, meta: parseActionsJobLog('').meta },
      { title: 't' },
    );
    expect(md).toContain('### Commit aaaaaaa: Initial plan');
    expect(md).toContain('+b');
    expect(md).toContain('- Done: Change');
  });
});

function memory(initial: Record<string, string> = {}): PlanMemory & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    get: (id) => data[id] ?? null,
    set: (id, body) => {
      data[id] = body;
    },
  };
}

const liveChunk = (live: Partial<LiveProgress>, steps: LogChunk['steps'] = []): LogChunk => ({
  sessionId: 's',
  source: 'actions-steps',
  text: '',
  offset: 0,
  reset: false,
  steps,
  live: { job: null, plan: null, commits: [], notes: [], ...live },
  complete: false,
  error: null,
  runUrl: null,
});

describe('LogFeed: live progress', () => {
  const noFetch = async (): Promise<LogChunk> => {
    throw new Error('unused');
  };

  it('keeps each plan revision with what changed, and what changed since the last look', () => {
    const mem = memory({ s: '- [ ] Explore\n- [ ] Change' });
    const feed = new LogFeed('s', noFetch, undefined, undefined, mem, () => T0 + 100_000);
    feed.apply(liveChunk({ plan: { body: '- [x] Explore\n- [ ] Change', updatedAt: iso(T0 + 10_000) } }));
    const first = feed.model.entries.find((e) => e.id === 'live-plan-1');
    expect(first).toMatchObject({
      title: 'Plan updated · 1 of 2 done',
      changes: [{ change: 'done', text: 'Explore' }],
    });
    expect(mem.data.s).toBe('- [x] Explore\n- [ ] Change');
    const v = feed.model.version;
    feed.apply(liveChunk({ plan: { body: '- [x] Explore\n- [ ] Change', updatedAt: iso(T0 + 10_000) } }));
    expect(feed.model.version).toBe(v); // nothing changed: no re-render
    feed.apply(liveChunk({ plan: { body: '- [x] Explore\n- [x] Change', updatedAt: iso(T0 + 20_000) } }));
    expect(feed.model.entries.map((e) => e.id)).toEqual(['live-plan-1', 'live-plan-2']);
    expect(feed.model.entries[1]).toMatchObject({ changes: [{ change: 'done', text: 'Change' }], live: true });
  });

  it('a first look with nothing remembered shows the plan without changes', () => {
    const feed = new LogFeed('s', noFetch, undefined, undefined, memory(), () => T0);
    feed.apply(liveChunk({ plan: { body: '- [ ] A', updatedAt: null } }));
    expect(feed.model.entries[0]).toMatchObject({ title: 'Plan · 0 of 1 done' });
    expect(feed.model.entries[0] && 'changes' in feed.model.entries[0]).toBe(false);
  });

  it('the job log replaces the live entries when it comes', () => {
    const feed = new LogFeed('s', noFetch, undefined, undefined, memory(), () => T0);
    feed.apply(
      liveChunk({ plan: { body: '- [ ] A', updatedAt: null } }, [
        { name: 'Set up job', status: 'in_progress', conclusion: null, startedAt: iso(T0), completedAt: null },
      ]),
    );
    expect(feed.model.entries.every((e) => e.live)).toBe(true);
    const log = readFixture('copilot-job-2026-06.log');
    feed.apply({ ...liveChunk({}), source: 'actions-log', text: log, live: undefined, complete: true });
    expect(feed.model.entries).toEqual(parseActionsJobLog(log).entries);
    expect(feed.model.entries.some((e) => e.live)).toBe(false);
    expect(feed.state.live).toBeNull();
  });
});
