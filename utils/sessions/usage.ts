/**
 * Usage at a glance (issue 16): sessions and what they cost per day, grouped by repository or by outcome, and the
 * last days' sessions laid out on a timeline. Pure: sessions and a clock in, numbers out; the view draws them.
 *
 * Days are the viewer's local calendar days (a person reads "Tuesday", not a UTC slice). AI credits and premium
 * requests are different units (GitHub bills sessions since 2026-06-01 in AI credits, older ones in premium
 * requests), so they are summed apart and never added together.
 */
import type { UsageSession as Session } from '../model/usage';
import type { SessionState } from './model';
import { isLive } from './selectors';

export type UsageGroupBy = 'repo' | 'outcome';

/** What became of a session, in the words a person uses when looking back. */
export type Outcome = 'ready' | 'failed' | 'timed-out' | 'cancelled' | 'live' | 'idle';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  ready: 'Ready for review',
  failed: 'Failed',
  'timed-out': 'Timed out',
  cancelled: 'Cancelled',
  live: 'Working or waiting',
  idle: 'Idle',
};

/** Stacking order, bottom first: the good outcome at the base, the ones to look at on top. */
const OUTCOME_ORDER: readonly Outcome[] = ['ready', 'live', 'idle', 'cancelled', 'timed-out', 'failed'];

export function outcomeOf(state: SessionState): Outcome {
  if (state === 'completed') return 'ready';
  if (state === 'failed') return 'failed';
  if (state === 'timed_out') return 'timed-out';
  if (state === 'cancelled') return 'cancelled';
  if (state === 'idle') return 'idle';
  return 'live';
}

export interface UsageSeries {
  /** Repository full name (lower-cased), an outcome, or `other` / `none`. */
  key: string;
  label: string;
  /** One number per day of `DailyUsage.days`. */
  sessions: number[];
  credits: number[];
  premium: number[];
}

interface DailyUsage {
  /** Local midnights (ms), oldest first; the last one is today. */
  days: number[];
  series: UsageSeries[];
  totals: { sessions: number; credits: number; premium: number; unknownCost: number };
}

/** Local midnight of the day that holds `ms`. */
export function dayStart(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Local midnight `n` calendar days after `dayMs` (DST-safe: not n × 24 h). */
function addDays(dayMs: number, n: number): number {
  const d = new Date(dayMs);
  d.setDate(d.getDate() + n);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The local days ending today, oldest first. */
export function lastDays(now: number, count: number): number[] {
  const today = dayStart(now);
  const out: number[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(addDays(today, -i));
  return out;
}

function groupKey(s: Session, by: UsageGroupBy): { key: string; label: string } {
  if (by === 'outcome') {
    const o = outcomeOf(s.state);
    return { key: o, label: OUTCOME_LABELS[o] };
  }
  if (!s.repo) return { key: 'none', label: 'No repository' };
  return { key: s.repo.fullName.toLowerCase(), label: s.repo.fullName };
}

/**
 * Sessions and their cost per local day over the last `days` days, one series per repository (the `maxSeries - 1`
 * busiest, the rest as "Other repositories") or per outcome. A session counts on the day it was created.
 */
export function dailyUsage(
  sessions: readonly Session[],
  now: number,
  opts: { by: UsageGroupBy; days?: number; maxSeries?: number },
): DailyUsage {
  const days = lastDays(now, opts.days ?? 30);
  const first = days[0]!;
  const end = addDays(days[days.length - 1]!, 1);
  const index = new Map<number, number>(days.map((d, i) => [d, i]));
  const totals = { sessions: 0, credits: 0, premium: 0, unknownCost: 0 };
  const groups = new Map<string, UsageSeries>();
  const blank = (key: string, label: string): UsageSeries => ({
    key,
    label,
    sessions: days.map(() => 0),
    credits: days.map(() => 0),
    premium: days.map(() => 0),
  });

  for (const s of sessions) {
    const t = Date.parse(s.createdAt);
    if (Number.isNaN(t) || t < first || t >= end) continue;
    const i = index.get(dayStart(t));
    if (i === undefined) continue;
    const g = groupKey(s, opts.by);
    let series = groups.get(g.key);
    if (!series) {
      series = blank(g.key, g.label);
      groups.set(g.key, series);
    }
    series.sessions[i]! += 1;
    totals.sessions++;
    const amount = s.usage && Number.isFinite(s.usage.amount) ? s.usage.amount : null;
    if (amount === null) totals.unknownCost++;
    else if (s.usage?.unit === 'ai-credits') {
      series.credits[i]! += amount;
      totals.credits += amount;
    } else {
      series.premium[i]! += amount;
      totals.premium += amount;
    }
  }

  let series = [...groups.values()];
  if (opts.by === 'outcome') {
    series.sort((a, b) => OUTCOME_ORDER.indexOf(a.key as Outcome) - OUTCOME_ORDER.indexOf(b.key as Outcome));
  } else {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    series.sort((a, b) => sum(b.sessions) - sum(a.sessions) || a.label.localeCompare(b.label));
    const max = Math.max(1, opts.maxSeries ?? 6);
    if (series.length > max) {
      const kept = series.slice(0, max - 1);
      const other = blank('other', `${series.length - kept.length} other repositories`);
      for (const s of series.slice(max - 1))
        for (let i = 0; i < days.length; i++) {
          other.sessions[i]! += s.sessions[i] ?? 0;
          other.credits[i]! += s.credits[i] ?? 0;
          other.premium[i]! += s.premium[i] ?? 0;
        }
      series = [...kept, other];
    }
  }
  return { days, series, totals };
}

interface TimelineItem {
  id: string;
  title: string;
  repo: string | null;
  state: SessionState;
  outcome: Outcome;
  /** Start and end in ms, clamped to the window; `end` is now for a session still live. */
  start: number;
  end: number;
  /** Row on the chart: sessions that overlap in time get different lanes. */
  lane: number;
  live: boolean;
}

export interface Timeline {
  from: number;
  to: number;
  items: TimelineItem[];
  lanes: number;
  /** Sessions in the window that were left off to keep the chart readable. */
  hidden: number;
}

/**
 * The sessions that ran in the last `days` local days (today included), each a bar from its start to its end, packed
 * into as few lanes as possible (first fit, in start order). At most `maxItems`, the most recent kept.
 */
export function sessionTimeline(
  sessions: readonly Session[],
  now: number,
  opts: { days?: number; maxItems?: number } = {},
): Timeline {
  const from = lastDays(now, opts.days ?? 7)[0]!;
  const to = now;
  const all: Omit<TimelineItem, 'lane'>[] = [];
  for (const s of sessions) {
    const start = Date.parse(s.createdAt);
    if (Number.isNaN(start) || start > to) continue;
    const live = isLive(s.state);
    const endIso = s.completedAt ?? (live ? null : s.updatedAt);
    let end = endIso ? Date.parse(endIso) : to;
    if (Number.isNaN(end)) end = to;
    end = Math.min(Math.max(end, start), to);
    if (end < from) continue;
    all.push({
      id: s.id,
      title: s.title,
      repo: s.repo?.fullName ?? null,
      state: s.state,
      outcome: outcomeOf(s.state),
      start: Math.max(start, from),
      end,
      live,
    });
  }
  all.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  const max = opts.maxItems ?? 150;
  const kept = all.length > max ? all.slice(all.length - max) : all;
  // A bar shorter than this still takes this much room, so lanes never overlap on screen.
  const minSpan = (to - from) / 200;
  const laneEnds: number[] = [];
  const items: TimelineItem[] = kept.map((it) => {
    let lane = laneEnds.findIndex((e) => e <= it.start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(0);
    }
    laneEnds[lane] = Math.max(it.end, it.start + minSpan);
    return { ...it, lane };
  });
  return { from, to, items, lanes: laneEnds.length, hidden: all.length - kept.length };
}

/** A round axis maximum at or above `value` (1, 2, 5 × 10ⁿ), and its tick step. */
export function niceScale(value: number): { max: number; step: number } {
  if (!(value > 0)) return { max: 1, step: 1 };
  const exp = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) {
    const max = m * exp;
    if (max >= value) {
      const step = m === 1 || m === 10 ? max / 5 : m === 2 ? max / 4 : max / 5;
      return { max, step: step >= 1 || value < 1 ? step : 1 };
    }
  }
  return { max: 10 * exp, step: 2 * exp };
}

/** The live state's sessions with the history's: one per id, the live one when both have it. */
export function mergeUsage(live: readonly Session[], history: readonly Session[]): Session[] {
  const ids = new Set(live.map((s) => s.id));
  return [...live, ...history.filter((s) => !ids.has(s.id))];
}

/**
 * The usage page's account filter (several accounts signed in): the sessions of `account` (`host/login`), or every
 * session when it names none or an account no longer signed in (`accounts`: the signed-in accounts' keys).
 */
export function usageOfAccount<T extends Session>(
  sessions: readonly T[],
  account: string,
  accounts: readonly string[],
): readonly T[] {
  if (!account || !accounts.includes(account)) return sessions;
  return sessions.filter((s) => s.account === account);
}
