/**
 * Property-based tests: both parsers never throw, account for every event/line, and the incremental parser gives
 * the same result as a whole-text parse for any chunking.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseActionsJobLog } from '../../../utils/logs/actions';
import { createCopilotLogParser, parseCopilotLog } from '../../../utils/logs/copilot-api';
import type { LogEntry, ParsedLog } from '../../../utils/logs/types';
import { readFixture } from './helpers';

const API_LINES = readFixture('session-log-2025-09.txt')
  .split('\n')
  .filter((l) => l !== '');
const JOB_LINES = readFixture('copilot-job-2026-06.log').split('\n');
const SYNTH_LINES = readFixture('actions-transcript-synthetic.log').split('\n');

const RUNS = { numRuns: 150 };

function accounted(p: ParsedLog): void {
  const s = p.stats;
  expect(s).toBeDefined();
  if (!s) return;
  expect(s.produced + s.merged + s.ignored + s.skipped).toBe(s.events);
  expect(p.skipped).toBe(s.skipped);
  expect(s.produced === 0 ? p.entries.length === 0 : p.entries.length > 0).toBe(true);
  for (const e of p.entries) expect(typeof e.id).toBe('string');
}

/** A mutation of one line: truncate, splice random text in, flip characters, or retype `created`. */
const mutateLine = (line: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.nat({ max: line.length }).map((n) => line.slice(0, n)),
    fc
      .tuple(fc.nat({ max: line.length }), fc.string({ unit: 'binary', maxLength: 20 }))
      .map(([at, s]) => line.slice(0, at) + s + line.slice(at)),
    fc
      .array(fc.tuple(fc.nat({ max: Math.max(0, line.length - 1) }), fc.integer({ min: 0, max: 0xffff })), {
        maxLength: 5,
      })
      .map((flips) => {
        const chars = line.split('');
        for (const [at, code] of flips) chars[at] = String.fromCharCode(code);
        return chars.join('');
      }),
    fc
      .constantFrom('"1757413049"', '1757413049000', 'null', '"yesterday"', '-1', '1e300', '{}', '[]', 'true')
      .map((v) => line.replace(/"created":\s*[^,}]+/, `"created":${v}`)),
    fc.constant(line),
  );

/** A log made of real lines, some mutated, some duplicated, in random order. */
const mutatedLog = (lines: string[], sep: string): fc.Arbitrary<string> =>
  fc
    .array(
      fc.nat({ max: lines.length - 1 }).chain((i) => mutateLine(lines[i] ?? '')),
      { minLength: 1, maxLength: 40 },
    )
    .chain((picked) =>
      fc.array(fc.nat({ max: picked.length - 1 }), { maxLength: 5 }).map((dups) => {
        const out = picked.slice();
        for (const d of dups) out.splice(d, 0, picked[d] ?? '');
        return out.join(sep);
      }),
    );

/** Split text at random boundaries (including inside lines and surrogate pairs). */
const chunked = (text: string): fc.Arbitrary<string[]> =>
  fc.uniqueArray(fc.nat({ max: text.length }), { maxLength: 30 }).map((cuts) => {
    const sorted = [0, ...cuts.sort((a, b) => a - b), text.length];
    const parts: string[] = [];
    for (let i = 1; i < sorted.length; i++) parts.push(text.slice(sorted[i - 1], sorted[i]));
    return parts;
  });

function parseIncrementally(chunks: string[]): { parsed: ParsedLog; applied: LogEntry[] } {
  const p = createCopilotLogParser();
  // What the drawer does: append `added`, replace `updated` by id.
  const applied: LogEntry[] = [];
  const index = new Map<string, number>();
  const apply = ({ added, updated }: { added: LogEntry[]; updated: LogEntry[] }): void => {
    for (const e of added) {
      expect(index.has(e.id)).toBe(false);
      index.set(e.id, applied.length);
      applied.push(e);
    }
    for (const e of updated) {
      const at = index.get(e.id);
      expect(at).toBeDefined();
      if (at !== undefined) applied[at] = e;
    }
  };
  for (const c of chunks) apply(p.push(c));
  apply(p.end());
  return { parsed: p.snapshot(), applied };
}

describe('fuzz: Copilot API parser', () => {
  it('never throws on random text and accounts for every event', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        accounted(parseCopilotLog(s));
        accounted(parseCopilotLog(`data: ${s}\n\ndata: {"choices":[${s}]}`));
      }),
      RUNS,
    );
  });

  it('never throws on mutated, duplicated and reordered real lines', () => {
    fc.assert(
      fc.property(mutatedLog(API_LINES, '\n\n'), (log) => {
        const p = parseCopilotLog(log);
        accounted(p);
        expect(new Set(p.entries.map((e) => e.id)).size).toBe(p.entries.length);
      }),
      RUNS,
    );
  });

  it('gives the same result for any chunking as a whole-text parse (real log)', () => {
    const whole = readFixture('session-log-2025-09.txt');
    const expected = parseCopilotLog(whole);
    fc.assert(
      fc.property(chunked(whole), (chunks) => {
        const { parsed, applied } = parseIncrementally(chunks);
        expect(parsed).toEqual(expected);
        expect(applied).toEqual(expected.entries);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same result for any chunking as a whole-text parse (mutated log)', () => {
    fc.assert(
      fc.property(
        mutatedLog(API_LINES, '\n\n').chain((log) => fc.tuple(fc.constant(log), chunked(log))),
        ([log, chunks]) => {
          const { parsed, applied } = parseIncrementally(chunks);
          const expected = parseCopilotLog(log);
          expect(parsed).toEqual(expected);
          expect(applied).toEqual(expected.entries);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('fuzz: Actions job log parser', () => {
  it('never throws on random text and accounts for every line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        const p = parseActionsJobLog(s);
        accounted(p);
        expect(p.stats?.events).toBe(
          s === ''
            ? 0
            : s
                .replace(/^\uFEFF/, '')
                .replace(/\n$/, '')
                .split('\n').length,
        );
      }),
      RUNS,
    );
  });

  it('never throws on mutated real lines of both formats and never takes a session id from agent output', () => {
    const head = JOB_LINES.slice(0, 240); // up to and including "Processing requests..."
    fc.assert(
      fc.property(
        fc.oneof(mutatedLog(JOB_LINES.slice(230), '\n'), mutatedLog(SYNTH_LINES, '\n')),
        fc.boolean(),
        (tail, withHead) => {
          const text = withHead ? `${head.join('\n')}\n${tail}` : tail;
          const p = parseActionsJobLog(text);
          accounted(p);
          if (withHead) expect(p.meta.sessionId).toBe('df23daeb-385c-448c-8d5e-ecbf9a46cc25');
        },
      ),
      RUNS,
    );
  });
});
