/**
 * The content script's lifetime. After an extension update or reload the old content script keeps running in
 * the page with a dead extension context (`browser.runtime.id` undefined, calls throw "Extension context
 * invalidated"). Whoever notices calls `contextLost()`: the whole script goes quiet (every feature's signal
 * aborts, UI is removed, no error reaches the page).
 */
import { browser } from 'wxt/browser';

const lifetime = new AbortController();

/** Aborts when the extension context is lost (or the script is stopped). */
export const lifetimeSignal: AbortSignal = lifetime.signal;

export function isContextValid(): boolean {
  try {
    return !!browser.runtime?.id;
  } catch {
    return false;
  }
}

export function isContextError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /extension context invalidated|context invalidated/i.test(message) || !isContextValid();
}

export function contextLost(): void {
  if (!lifetime.signal.aborted) lifetime.abort();
}

/** A signal that aborts when any of `signals` does. */
export function anySignal(signals: AbortSignal[]): AbortSignal {
  const ac = new AbortController();
  for (const s of signals) {
    if (s.aborted) {
      ac.abort();
      break;
    }
    s.addEventListener('abort', () => ac.abort(), { once: true, signal: ac.signal });
  }
  return ac.signal;
}
