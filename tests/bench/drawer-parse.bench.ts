/**
 * drawer.parseActions10MBMs (issue 15): the drawer's whole-log parse of a 10 MB Actions job log, in Node (the same
 * parser the drawer page runs). The log is built from the two job-log formats in tests/fixtures/logs: the real 2026
 * `[cca-engine]` log and the older transcript format, repeated (timestamps kept) until 10 MB. Median of 5 (3 quick).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseActionsJobLog } from '../../utils/logs/actions';
import type { BenchContext, BenchResult } from './lib';

const DIR = import.meta.url.startsWith('file:') ? dirname(fileURLToPath(import.meta.url)) : __dirname;
const FIXTURES = join(DIR, '../fixtures/logs');

/** ~`bytes` of job log: the real 2026 log and the older-format fixtures, one after the other, repeated. */
export function buildActionsLog(bytes: number): string {
  const parts = ['copilot-job-2026-06.log', 'actions-transcript-older.log', 'actions-transcript-synthetic.log'].map(
    (f) =>
      readFileSync(join(FIXTURES, f), 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n'),
  );
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = parts[i % parts.length] ?? '';
    out.push(p);
    size += p.length + 1;
  }
  return out.join('\n');
}

export default async function bench(ctx: BenchContext): Promise<BenchResult[]> {
  const text = buildActionsLog(10 * 1024 * 1024);
  const mb = (text.length / 1024 / 1024).toFixed(1);
  let entries = parseActionsJobLog(text).entries.length; // warm-up
  const samples = await ctx.repeat(ctx.quick ? 3 : 5, () => {
    const t0 = performance.now();
    entries = parseActionsJobLog(text).entries.length;
    return performance.now() - t0;
  });
  return [
    {
      id: 'drawer.parseActions10MBMs',
      value: Number(ctx.median(samples).toFixed(1)),
      unit: 'ms',
      target: 500,
      better: 'lower',
      note: `${mb} MB Actions job log (real 2026 log + older-format fixtures, repeated): whole parse → ${entries} entries; median of ${samples.length}; Node`,
    },
  ];
}
