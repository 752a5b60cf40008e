/** Scenario time: starts at the wall time when a scenario loads, moves only when advanced. */
import type { Offset, TwinClock } from './types';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "+5m" → 300000, "-1h30m" → -5400000, "250ms", 1234 → 1234. Throws on nonsense. */
export function parseDuration(value: Offset): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Bad offset: ${value}`);
    return value;
  }
  const text = value.trim();
  const match = /^([+-])?((?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+)$/.exec(text);
  if (!match) throw new Error(`Bad offset "${value}": use e.g. "+30s", "-2h", "+1h30m"`);
  const sign = match[1] === '-' ? -1 : 1;
  let total = 0;
  for (const part of match[2]!.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(part[1]) * UNIT_MS[part[2]!]!;
  }
  return sign * Math.round(total);
}

/** An offset relative to `base`, or an absolute ISO date. */
export function resolveTime(value: Offset, base: number): number {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const t = Date.parse(value);
    if (Number.isNaN(t)) throw new Error(`Bad date "${value}"`);
    return t;
  }
  return base + parseDuration(value);
}

export class ScenarioClock implements TwinClock {
  private current: number;
  /** Wall time when the scenario started. */
  start: number;
  private listeners: Array<(now: number) => void> = [];

  constructor(start = Date.now()) {
    this.start = start;
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`advance(ms) needs a non-negative number, got ${ms}`);
    this.current += ms;
    for (const listener of this.listeners) listener(this.current);
  }

  reset(start: number): void {
    this.start = start;
    this.current = start;
  }

  onChange(listener: (now: number) => void): void {
    this.listeners.push(listener);
  }
}

export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
