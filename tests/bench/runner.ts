/**
 * `npm run bench` — the benchmark harness (run by scripts/bench.mjs under tsx, after one Chrome build).
 *
 * MODULE CONTRACT — add a file `tests/bench/<area>.bench.ts`:
 *
 *   import type { BenchContext, BenchResult } from './lib';
 *   export default async function (ctx: BenchContext): Promise<BenchResult[]> {
 *     const twin = await ctx.startTwin({ scenario: 'demo' });
 *     const ext = await ctx.launchExtension({ twinUrl: twin.url });
 *     try {
 *       const samples = await ctx.repeat(15, async () => ctx.time(() => somethingInChromium(ext)), 2);
 *       return [{ id: 'area.metricMs', value: ctx.median(samples), unit: 'ms', target: 100, better: 'lower' }];
 *     } finally { await ext.close(); await twin.close(); }
 *   }
 *
 * - Result ids are `area.metric` exactly as the issues name them; `target` is the issue's target or null.
 * - Report medians over repeated runs (speed is measured here, never in timed tests). Say what was measured in `note`.
 * - Close every twin and browser you start. Throwing fails the module (reported, exit code 1), not the others.
 * - Modules run one at a time in file-name order; `npm run bench -- --only engine,drawer` runs the modules whose
 *   file name contains one of the words (and merges their results into an existing bench-results.json).
 * - `--quick` (ctx.quick) asks for fewer repetitions; `--strict` makes a missed target fail the run.
 *
 * Output: a table (id, value, unit, target, ✓/✗) and `bench-results.json` (a JSON list of BenchResult).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_EXTENSION_DIR, launchExtension } from '../e2e/helpers/launch';
import { ROOT, startTwin } from '../e2e/helpers/twin';
import {
  type BenchContext,
  type BenchModule,
  type BenchResult,
  median,
  percentile,
  repeat,
  time,
  verdict,
} from './lib';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => (argv.includes(name) ? (argv[argv.indexOf(name) + 1] ?? null) : null);
const only = option('--only')
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const extensionDir = resolve(process.env.EXTENSION_DIR ?? DEFAULT_EXTENSION_DIR);
const outFile = resolve(ROOT, option('--out') ?? 'bench-results.json');
const consumed = new Set(['--only', only?.join(','), '--out', option('--out'), '--quick', '--strict']);
const benchDir = join(ROOT, 'tests/bench');

const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || only.some((word) => f.includes(word)))
  .sort();
if (files.length === 0) {
  console.error(`No bench modules${only ? ` matching ${only.join(', ')}` : ''} in tests/bench/.`);
  process.exit(2);
}

const ctx: BenchContext = {
  root: ROOT,
  extensionDir,
  args: argv.filter((a) => !consumed.has(a)),
  quick: flag('--quick'),
  median,
  percentile,
  repeat,
  time,
  startTwin,
  launchExtension: (options = {}) => launchExtension({ extensionDir, ...options }),
  log: (...parts) => console.log('   ', ...parts),
};

const results: BenchResult[] = [];
const failures: string[] = [];
for (const file of files) {
  const t0 = performance.now();
  console.log(`▶ ${file}`);
  try {
    const mod = (await import(pathToFileURL(join(benchDir, file)).href)) as { default?: BenchModule };
    if (typeof mod.default !== 'function') throw new Error('no default export function');
    const produced = await mod.default(ctx);
    for (const r of produced) {
      if (!/^[a-z][\w-]*(\.[\w-]+)+$/i.test(r.id) || typeof r.value !== 'number') {
        throw new Error(`bad result ${JSON.stringify(r)}`);
      }
    }
    results.push(...produced);
    console.log(`  ${produced.length} result(s) in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  } catch (error) {
    failures.push(file);
    console.error(`  ✗ ${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

const fmt = (n: number | null) =>
  n === null ? '—' : Number.isInteger(n) ? String(n) : Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3);
const rows = results.map((r) => {
  const v = verdict(r);
  return [
    r.id,
    fmt(r.value),
    r.unit,
    r.target === null ? '—' : `${r.better === 'lower' ? '≤' : '≥'} ${fmt(r.target)}`,
    v === 'pass' ? '✓' : v === 'fail' ? '✗' : ' ',
    r.note ?? '',
  ];
});
const header = ['id', 'value', 'unit', 'target', '', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: string[]) =>
  cells
    .map((c, i) => (i === 1 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
    .join('  ')
    .trimEnd();
console.log(`\n${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
for (const row of rows) console.log(line(row));

let written = results;
if (only && existsSync(outFile)) {
  const previous = JSON.parse(readFileSync(outFile, 'utf8')) as BenchResult[];
  const fresh = new Set(results.map((r) => r.id));
  written = [...previous.filter((r) => !fresh.has(r.id)), ...results];
}
writeFileSync(outFile, `${JSON.stringify(written, null, 2)}\n`);
const missed = results.filter((r) => verdict(r) === 'fail');
console.log(
  `\n${results.length} result(s), ${missed.length} target(s) missed${failures.length ? `, ${failures.length} module(s) failed: ${failures.join(', ')}` : ''}. Wrote ${outFile}`,
);
process.exit(failures.length > 0 || (flag('--strict') && missed.length > 0) ? 1 : 0);
