import { describe, expect, it } from 'vitest';
import { FIRST_SLICE_CHARS, LogFeed, PROGRESSIVE_MIN_CHARS } from '../../../entrypoints/drawer/feed';
import { parseCopilotLog } from '../../../utils/logs/copilot-api';
import type { LogChunk } from '../../../utils/model/log';
import { COPILOT_LOG, readFixture } from './helpers';

const ID = 's1';
const chunk = (over: Partial<LogChunk>): LogChunk => ({
  sessionId: ID,
  source: 'copilot-api',
  text: '',
  offset: 0,
  reset: false,
  complete: false,
  error: null,
  runUrl: null,
  ...over,
});

/** The real fixture repeated with unique event ids until it is `times` the progressive threshold. */
function bigLog(times = 1.5): string {
  const one = readFixture(COPILOT_LOG);
  const parts: string[] = [];
  for (let r = 0; parts.join('').length < PROGRESSIVE_MIN_CHARS * times; r++)
    parts.push(one.replace(/"id":\s*"([^"]+)"/g, (_m, id: string) => `"id":"${id}-r${r}"`));
  return parts.join('');
}

/** A manual scheduler: the test runs the background parse slices one by one. */
function manual() {
  const queue: Array<() => void> = [];
  const schedule = (fn: () => void) => {
    queue.push(fn);
    return 0 as unknown as ReturnType<typeof setTimeout>;
  };
  return { queue, schedule };
}

describe('LogFeed: a large log is parsed progressively (first paint at once, the rest in tasks)', () => {
  it('parses only a first slice of a large answer, then the rest in scheduled slices, ending equal to a whole parse', async () => {
    // Large enough that the rest cannot be parsed within one task's time budget (1.5 MB sometimes is, on a fast run).
    const log = bigLog(6);
    const whole = parseCopilotLog(log);
    const { queue, schedule } = manual();
    let progress = 0;
    const feed = new LogFeed(
      ID,
      async () => chunk({ text: log, complete: true }),
      () => progress++,
      schedule,
    );
    await feed.poll();
    expect(feed.model.entries.length).toBeGreaterThan(0);
    expect(feed.model.entries.length).toBeLessThan(whole.entries.length / 4);
    expect(feed.pendingChars).toBe(log.length - FIRST_SLICE_CHARS);
    expect(feed.raw).toBe(log); // the whole text is kept at once (export, offsets)
    expect(feed.offset).toBe(log.length);
    let tasks = 0;
    while (queue.length && tasks++ < 1000) queue.shift()!();
    expect(tasks).toBeGreaterThan(1);
    expect(progress).toBe(tasks);
    expect(feed.pendingChars).toBe(0);
    expect(feed.model.entries).toEqual(whole.entries);
    expect(feed.state.skipped).toBe(whole.skipped);
  });

  it('live chunks arriving while a backlog is parsed keep their order; export parses what is pending first', async () => {
    const log = bigLog();
    const cut = log.length - 3000;
    const { queue, schedule } = manual();
    let answer = chunk({ text: log.slice(0, cut) });
    const feed = new LogFeed(ID, async () => answer, undefined, schedule);
    await feed.poll();
    expect(feed.pendingChars).toBeGreaterThan(0);
    answer = chunk({ text: log.slice(cut), offset: cut, complete: true });
    await feed.poll();
    const parsed = feed.parsed(); // flushes
    expect(feed.pendingChars).toBe(0);
    expect(parsed.entries).toEqual(parseCopilotLog(log).entries);
    // leftover scheduled slices are harmless
    while (queue.length) queue.shift()!();
    expect(feed.model.entries).toEqual(parseCopilotLog(log).entries);
  });

  it('a small answer is parsed whole, synchronously (live polls)', async () => {
    const log = readFixture(COPILOT_LOG);
    const { queue, schedule } = manual();
    const feed = new LogFeed(ID, async () => chunk({ text: log, complete: true }), undefined, schedule);
    await feed.poll();
    expect(queue).toHaveLength(0);
    expect(feed.model.entries).toEqual(parseCopilotLog(log).entries);
  });

  it('a reset stops the background parse of the old text', async () => {
    const log = bigLog();
    const { queue, schedule } = manual();
    const feed = new LogFeed(ID, async () => chunk({ text: log }), undefined, schedule);
    await feed.poll();
    expect(feed.pendingChars).toBeGreaterThan(0);
    feed.apply(chunk({ text: 'data: {}\n\n', reset: true }));
    expect(feed.pendingChars).toBe(0);
    while (queue.length) queue.shift()!();
    expect(feed.raw).toBe('data: {}\n\n');
    expect(feed.model.entries.length).toBeLessThanOrEqual(1);
  });
});

describe('LogFeed: polling never stops for good on errors', () => {
  it('keeps the error, stays incomplete, and recovers on the next successful round', async () => {
    const log = readFixture(COPILOT_LOG);
    let fail: 'throw' | 'none' | null = 'throw';
    const feed = new LogFeed(ID, async () => {
      if (fail === 'throw')
        throw { error: { kind: 'not-found', message: 'This session is not known', fix: null, link: null } };
      if (fail === 'none')
        return chunk({
          source: 'none',
          error: { kind: 'offline', message: 'offline', fix: null, link: null },
        });
      return chunk({ text: log, complete: true });
    });
    await feed.poll();
    expect(feed.state.error?.kind).toBe('not-found');
    expect(feed.state.complete).toBe(false);
    fail = 'none';
    await feed.poll();
    expect(feed.state.source).toBe('none');
    expect(feed.state.complete).toBe(false);
    fail = null;
    await feed.poll();
    expect(feed.state.error).toBeNull();
    expect(feed.state.complete).toBe(true);
    expect(feed.model.entries).toEqual(parseCopilotLog(log).entries);
  });

  it('overlapping polls share one round (no double apply, no refetch from 0)', async () => {
    const log = readFixture(COPILOT_LOG);
    const offsets: number[] = [];
    const feed = new LogFeed(ID, async (_id, offset) => {
      offsets.push(offset);
      await new Promise((r) => setTimeout(r, 5));
      return chunk({ text: log.slice(offset), offset });
    });
    await Promise.all([feed.poll(), feed.poll()]);
    expect(offsets).toEqual([0]);
    expect(feed.model.entries.length).toBeGreaterThan(0);
  });
});
