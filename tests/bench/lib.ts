/** Types and helpers for `npm run bench` modules (`tests/bench/*.bench.ts`). See tests/bench/runner.ts. */
import type { LaunchedExtension, LaunchOptions } from '../e2e/helpers/launch';
import type { StartTwinOptions, Twin } from '../e2e/helpers/twin';

export interface BenchResult {
  /** `area.metric`, e.g. `bundle.content.gzipBytes` — the ids the issues name. */
  id: string;
  value: number;
  unit: string;
  /** The issue's target, or null when there is none. */
  target: number | null;
  better: 'lower' | 'higher';
  note?: string;
}

export interface BenchContext {
  /** Repository root. */
  root: string;
  /** The built Chrome extension (built once by the runner before any module runs). */
  extensionDir: string;
  /** Extra CLI arguments after `--` that the runner did not consume. */
  args: string[];
  /** `--quick`: fewer repetitions for a smoke run (modules decide what that means). */
  quick: boolean;
  median(samples: number[]): number;
  /** p in [0, 100], nearest-rank. */
  percentile(samples: number[], p: number): number;
  /** Runs `fn` n times in sequence (after `warmup` unrecorded runs) and returns what each run returned. */
  repeat(n: number, fn: (i: number) => number | Promise<number>, warmup?: number): Promise<number[]>;
  /** Milliseconds `fn` takes (performance.now()). */
  time(fn: () => unknown): Promise<number>;
  /** A GitHub twin (tests/twin/server.ts); a scenario name resolves to tests/twin/scenarios/NAME.json. Close it. */
  startTwin(options: StartTwinOptions): Promise<Twin>;
  /** Chromium with the built extension (the e2e launch helper); pass `twinUrl` to route GitHub to a twin. Close it. */
  launchExtension(options?: LaunchOptions): Promise<LaunchedExtension>;
  log(...parts: unknown[]): void;
}

export type BenchModule = (ctx: BenchContext) => Promise<BenchResult[]>;

export function median(samples: number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export async function repeat(n: number, fn: (i: number) => number | Promise<number>, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await fn(i));
  return samples;
}

export async function time(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** ✓ / ✗ / — for a result against its target. */
export function verdict(result: BenchResult): 'pass' | 'fail' | 'none' {
  if (result.target === null || !Number.isFinite(result.value)) return 'none';
  return (result.better === 'lower' ? result.value <= result.target : result.value >= result.target) ? 'pass' : 'fail';
}
