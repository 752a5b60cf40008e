/**
 * One shared 1 s ticker for every live elapsed time on the page: a single interval runs only while some badge
 * shows a running session, and stops when the last one stops listening.
 */
type Tick = (now: number) => void;
const listeners = new Set<Tick>();
let interval: ReturnType<typeof setInterval> | null = null;

export function onTick(fn: Tick, signal?: AbortSignal): () => void {
  listeners.add(fn);
  if (!interval) {
    interval = setInterval(() => {
      const now = Date.now();
      for (const l of Array.from(listeners)) {
        try {
          l(now);
        } catch {
          // a badge that failed to update must not stop the others
        }
      }
    }, 1000);
  }
  const off = () => {
    listeners.delete(fn);
    if (listeners.size === 0 && interval) {
      clearInterval(interval);
      interval = null;
    }
  };
  signal?.addEventListener('abort', off, { once: true });
  return off;
}
