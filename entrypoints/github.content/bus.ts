/**
 * In-script events between features (a badge asks the drawer feature to open a session). A module-level emitter,
 * not DOM events, so GitHub's page scripts can neither see nor forge them.
 */
interface BusEvents {
  /** `ask`: the PR header's "Ask Copilot for changes" (the drawer opens its follow-up form). */
  'open-drawer': { sessionId: string; ask?: boolean };
  'close-drawer': Record<string, never>;
  'drawer-state': { sessionId: string | null };
}

type Handler<K extends keyof BusEvents> = (payload: BusEvents[K]) => void;
const handlers = new Map<keyof BusEvents, Set<Handler<keyof BusEvents>>>();

export function on<K extends keyof BusEvents>(name: K, handler: Handler<K>, signal: AbortSignal): void {
  let set = handlers.get(name);
  if (!set) {
    set = new Set();
    handlers.set(name, set);
  }
  set.add(handler as Handler<keyof BusEvents>);
  signal.addEventListener('abort', () => set.delete(handler as Handler<keyof BusEvents>));
}

export function emit<K extends keyof BusEvents>(name: K, payload: BusEvents[K]): void {
  for (const h of handlers.get(name) ?? []) {
    try {
      (h as Handler<K>)(payload);
    } catch (error) {
      console.warn('[agent-sessions]', name, error);
    }
  }
}

/** Whether any feature listens (e.g. badges fall back to opening the session page when no drawer exists). */
export function hasListener(name: keyof BusEvents): boolean {
  return (handlers.get(name)?.size ?? 0) > 0;
}
