import { describe, expect, it } from 'vitest';
import type { Session } from '../../../utils/sessions/model';
import {
  dailyUsage,
  dayStart,
  lastDays,
  niceScale,
  outcomeOf,
  sessionTimeline,
  usageOfAccount,
} from '../../../utils/sessions/usage';
import { makeSession, NOW } from '../popup/fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Noon, local time, `n` calendar days before NOW's day: safe from time zones and DST. */
function noonDaysAgo(n: number): number {
  const d = new Date(dayStart(NOW));
  d.setDate(d.getDate() - n);
  d.setHours(12);
  return d.getTime();
}
function at(ms: number, over: Partial<Session> & { repoName?: string } = {}): Session {
  const iso = new Date(ms).toISOString();
  return makeSession({ createdAt: iso, updatedAt: iso, completedAt: iso, state: 'completed', ...over });
}

describe('lastDays', () => {
  it('gives local midnights ending today, oldest first', () => {
    const days = lastDays(NOW, 30);
    expect(days).toHaveLength(30);
    expect(days[29]).toBe(dayStart(NOW));
    for (const d of days) expect(new Date(d).getHours()).toBe(0);
    for (let i = 1; i < days.length; i++) expect(days[i]).toBeGreaterThan(days[i - 1]!);
  });
});

describe('dailyUsage', () => {
  const credits = (amount: number) => ({ unit: 'ai-credits' as const, amount });
  const sessions = [
    at(noonDaysAgo(0), { repoName: 'a/one', usage: credits(1.5) }),
    at(noonDaysAgo(0), { repoName: 'a/one', usage: credits(0.25), state: 'failed' }),
    at(noonDaysAgo(2), { repoName: 'b/two', usage: { unit: 'premium-requests', amount: 1 } }),
    at(noonDaysAgo(29), { repoName: 'A/One', usage: null, state: 'timed_out' }),
    at(noonDaysAgo(30), { repoName: 'a/one', usage: credits(100) }), // outside the 30 days
    at(NOW + DAY, { repoName: 'a/one' }), // in the future: not counted
  ];

  it('counts sessions and each unit apart, per local day, by repository', () => {
    const u = dailyUsage(sessions, NOW, { by: 'repo' });
    expect(u.days).toHaveLength(30);
    expect(u.totals).toEqual({ sessions: 4, credits: 1.75, premium: 1, unknownCost: 1 });
    const one = u.series.find((s) => s.key === 'a/one');
    expect(one?.label).toBe('a/one');
    expect(one?.sessions[29]).toBe(2);
    expect(one?.sessions[0]).toBe(1); // A/One and a/one are one repository
    expect(one?.credits[29]).toBeCloseTo(1.75);
    const two = u.series.find((s) => s.key === 'b/two');
    expect(two?.premium[27]).toBe(1);
    expect(two?.credits.every((c) => c === 0)).toBe(true);
    expect(u.series[0]?.key).toBe('a/one'); // busiest first
  });

  it('groups by outcome in a fixed stacking order', () => {
    const u = dailyUsage(sessions, NOW, { by: 'outcome' });
    expect(u.series.map((s) => s.key)).toEqual(['ready', 'timed-out', 'failed']);
    expect(u.series.find((s) => s.key === 'failed')?.sessions[29]).toBe(1);
  });

  it('folds the quieter repositories into one "other" series', () => {
    const many = Array.from({ length: 9 }, (_, i) =>
      Array.from({ length: 9 - i }, () => at(noonDaysAgo(1), { repoName: `o/r${i}` })),
    ).flat();
    const u = dailyUsage(many, NOW, { by: 'repo', maxSeries: 4 });
    expect(u.series.map((s) => s.key)).toEqual(['o/r0', 'o/r1', 'o/r2', 'other']);
    expect(u.series[3]?.label).toBe('6 other repositories');
    expect(u.series[3]?.sessions[28]).toBe(6 + 5 + 4 + 3 + 2 + 1);
    const total = u.series.reduce((n, s) => n + (s.sessions[28] ?? 0), 0);
    expect(total).toBe(many.length);
  });

  it('is empty but well-formed with no sessions', () => {
    const u = dailyUsage([], NOW, { by: 'repo', days: 7 });
    expect(u.days).toHaveLength(7);
    expect(u.series).toEqual([]);
    expect(u.totals.sessions).toBe(0);
  });
});

describe('sessionTimeline', () => {
  it('lays sessions of the last 7 days into lanes, live ones up to now', () => {
    const a = at(noonDaysAgo(1), { completedAt: new Date(noonDaysAgo(1) + 2 * HOUR).toISOString() });
    const b = at(noonDaysAgo(1) + HOUR, { completedAt: new Date(noonDaysAgo(1) + 3 * HOUR).toISOString() });
    const c = at(noonDaysAgo(1) + 4 * HOUR, { completedAt: new Date(noonDaysAgo(1) + 5 * HOUR).toISOString() });
    const live = at(NOW - HOUR, { state: 'in_progress', completedAt: null });
    const old = at(noonDaysAgo(9), { completedAt: new Date(noonDaysAgo(9) + HOUR).toISOString() });
    const t = sessionTimeline([live, c, b, a, old], NOW);
    expect(t.items.map((i) => i.id)).toEqual([a.id, b.id, c.id, live.id]);
    expect(t.items.map((i) => i.lane)).toEqual([0, 1, 0, 0]);
    expect(t.lanes).toBe(2);
    const l = t.items[3]!;
    expect(l.live).toBe(true);
    expect(l.end).toBe(NOW);
    expect(t.from).toBe(lastDays(NOW, 7)[0]);
  });

  it('clamps a session that began before the window and keeps the most recent when too many', () => {
    const long = at(noonDaysAgo(8), { completedAt: new Date(noonDaysAgo(5)).toISOString() });
    expect(sessionTimeline([long], NOW).items[0]?.start).toBe(lastDays(NOW, 7)[0]);
    const many = Array.from({ length: 10 }, (_, i) => at(NOW - (10 - i) * HOUR));
    const t = sessionTimeline(many, NOW, { maxItems: 4 });
    expect(t.items).toHaveLength(4);
    expect(t.hidden).toBe(6);
    expect(t.items[3]?.id).toBe(many[9]?.id);
  });
});

describe('outcomeOf and niceScale', () => {
  it('maps states to outcomes', () => {
    expect(outcomeOf('completed')).toBe('ready');
    expect(outcomeOf('waiting_for_user')).toBe('live');
    expect(outcomeOf('timed_out')).toBe('timed-out');
  });
  it('rounds axis maxima up to 1, 2 or 5 × 10ⁿ', () => {
    expect(niceScale(0)).toEqual({ max: 1, step: 1 });
    expect(niceScale(1)).toEqual({ max: 1, step: 1 });
    expect(niceScale(3)).toEqual({ max: 5, step: 1 });
    expect(niceScale(7)).toEqual({ max: 10, step: 2 });
    expect(niceScale(12)).toEqual({ max: 20, step: 5 });
    expect(niceScale(0.3).max).toBeCloseTo(0.5);
  });
});

describe('usageOfAccount', () => {
  const s = (id: string, account?: string) =>
    ({
      id,
      title: id,
      state: 'completed',
      createdAt: '2026-06-10T10:00:00.000Z',
      updatedAt: '2026-06-10T10:00:00.000Z',
      completedAt: null,
      usage: null,
      repo: null,
      account,
    }) as const;
  const keys = ['github.com/octo', 'github.com/mona'];

  it('one account (no account on the sessions, no filter): every session, the same list', () => {
    const one = [s('1'), s('2')];
    expect(usageOfAccount(one, '', [])).toBe(one);
  });

  it('several accounts: all, or the chosen account’s only; an account no longer signed in shows all', () => {
    const all = [s('1', keys[0]), s('2', keys[1]), s('3', keys[0])];
    expect(usageOfAccount(all, '', keys)).toBe(all);
    expect(usageOfAccount(all, 'github.com/mona', keys).map((x) => x.id)).toEqual(['2']);
    expect(usageOfAccount(all, 'github.com/octo', keys).map((x) => x.id)).toEqual(['1', '3']);
    expect(usageOfAccount(all, 'github.com/gone', keys)).toBe(all);
  });
});
