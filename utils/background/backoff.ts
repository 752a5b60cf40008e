/** Exponential backoff with jitter for the poller (cap ~15 min), never giving up. Pure. */
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 15 * 60_000;

/** Delay before the next attempt after `failures` consecutive failures (1-based), jittered to 50–100 %. */
export function backoffDelay(
  failures: number,
  random: () => number = Math.random,
  base = BACKOFF_BASE_MS,
  cap = BACKOFF_CAP_MS,
): number {
  if (failures <= 0) return 0;
  const exp = Math.min(cap, base * 2 ** Math.min(failures - 1, 20));
  return Math.round(exp * (0.5 + 0.5 * random()));
}
