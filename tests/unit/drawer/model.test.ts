import { describe, expect, it } from 'vitest';
import {
  countOccurrences,
  FOLD_LINES,
  foldText,
  followReducer,
  isOpen,
  jumpLabel,
  LogModel,
  locateMatch,
  search,
} from '../../../components/log/model';
import { parseCopilotLog } from '../../../utils/logs/copilot-api';
import type { LogEntry } from '../../../utils/logs/types';
import { COPILOT_LOG, readFixture } from './helpers';

const err = (id: string, message: string): LogEntry => ({ kind: 'error', id, time: null, message });

describe('LogModel', () => {
  it('appends new entries and replaces updated ones by id', () => {
    const m = new LogModel();
    expect(m.apply({ added: [err('a', '1'), err('b', '2')], updated: [] })).toBe(2);
    const v = m.version;
    expect(m.apply({ added: [], updated: [err('a', 'one')] })).toBe(0);
    expect(m.entries.map((e) => (e as { message: string }).message)).toEqual(['one', '2']);
    expect(m.version).toBe(v + 1);
    // an "added" entry whose id exists replaces it (no duplicate rows)
    expect(m.apply({ added: [err('b', 'two')], updated: [] })).toBe(0);
    expect(m.entries).toHaveLength(2);
    m.reset();
    expect(m.entries).toHaveLength(0);
    expect(m.indexOf('a')).toBe(-1);
  });
});

describe('search', () => {
  const entries = parseCopilotLog(readFixture(COPILOT_LOG)).entries;

  it('counts every occurrence, case-insensitively, across entries', () => {
    const r = search(entries, 'OS_INFO');
    const expected = entries.map((e) => JSON.stringify(e).toLowerCase()).some((t) => t.includes('os_info'));
    expect(expected).toBe(true);
    expect(r.total).toBeGreaterThan(5);
    expect(r.hits.reduce((n, h) => n + h.count, 0)).toBe(r.total);
    expect(search(entries, '   ').total).toBe(0);
    expect(search(entries, 'zz-no-such-text-zz').total).toBe(0);
  });

  it('locates the n-th match and wraps around', () => {
    const r = search(entries, 'readme');
    expect(r.total).toBeGreaterThan(2);
    const first = locateMatch(r, 0)!;
    expect(first.index).toBe(r.hits[0]!.index);
    expect(first.within).toBe(0);
    const last = locateMatch(r, r.total - 1)!;
    const lastHit = r.hits[r.hits.length - 1]!;
    expect(last).toEqual({ index: lastHit.index, within: lastHit.count - 1 });
    expect(locateMatch(r, r.total)).toEqual(first);
    expect(locateMatch(r, -1)).toEqual(last);
  });

  it('counts non-overlapping occurrences', () => {
    expect(countOccurrences('aaaa', 'aa')).toBe(2);
    expect(countOccurrences('abc', '')).toBe(0);
  });
});

describe('folding', () => {
  it('folds long outputs after FOLD_LINES lines and says how many are hidden', () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const f = foldText(text, false);
    expect(f.shown.split('\n')).toHaveLength(FOLD_LINES);
    expect(f.hidden).toBe(30);
    expect(foldText(text, true)).toEqual({ shown: text, hidden: 0 });
    expect(foldText('short\ntext', false).hidden).toBe(0);
  });

  it('opens and closes by mode and per-entry override', () => {
    const setup: LogEntry = { kind: 'setup', id: 's', time: null, title: 'Start', output: 'x' };
    expect(isOpen(setup, 'default', new Map())).toBe(false);
    expect(isOpen(setup, 'expanded', new Map())).toBe(true);
    expect(isOpen(setup, 'expanded', new Map([['s', false]]))).toBe(false);
    expect(isOpen(err('e', 'x'), 'collapsed', new Map())).toBe(true); // not collapsible: always shown
  });
});

describe('live follow', () => {
  it('follows while at the end, counts new entries after the user scrolls up, and jumps back', () => {
    let s = { follow: true, unseen: 0 };
    s = followReducer(s, { type: 'append', count: 5 });
    expect(s).toEqual({ follow: true, unseen: 0 });
    s = followReducer(s, { type: 'scroll', top: 400, prevTop: 900, atBottom: false });
    expect(s.follow).toBe(false);
    s = followReducer(s, { type: 'append', count: 3 });
    s = followReducer(s, { type: 'append', count: 2 });
    expect(s).toEqual({ follow: false, unseen: 5 });
    expect(jumpLabel(s)).toBe('Jump to latest (5 new)');
    // scrolling down without reaching the end keeps the count
    s = followReducer(s, { type: 'scroll', top: 500, prevTop: 400, atBottom: false });
    expect(s.unseen).toBe(5);
    s = followReducer(s, { type: 'jump' });
    expect(s).toEqual({ follow: true, unseen: 0 });
    s = followReducer(s, { type: 'leave' });
    s = followReducer(s, { type: 'scroll', top: 1000, prevTop: 500, atBottom: true });
    expect(s).toEqual({ follow: true, unseen: 0 });
  });
});
