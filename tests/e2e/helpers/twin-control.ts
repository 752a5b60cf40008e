/** Test-side helpers over a started twin: the in-process object plus its HTTP control API (`/_twin/…`). */
import type { RequestRecord, Twin } from './twin';

export interface TwinControl {
  /** The started twin (docs/DEVELOPING.md "The GitHub twin contract"). */
  twin: Twin;
  url: string;
  /** Advances scenario time by `ms`. */
  advance(ms: number): Promise<void>;
  /** Forces a session into a state (`POST /_twin/session-state`). */
  setSessionState(id: string, state: string): Promise<void>;
  /** Requests the twin served, oldest first. Optional filter on host/method/path (string = exact path or prefix…). */
  requests(filter?: { host?: string; method?: string; path?: string | RegExp }): RequestRecord[];
  clearRequests(): void;
  /** Any control call: `control('POST', 'fault', {...})` → JSON answer. */
  control<T = unknown>(method: 'GET' | 'POST' | 'DELETE', name: string, body?: unknown): Promise<T>;
}

export function twinControl(twin: Twin): TwinControl {
  const control = async <T>(method: 'GET' | 'POST' | 'DELETE', name: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${twin.url}/_twin/${name}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`twin ${method} /_twin/${name}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    twin,
    url: twin.url,
    async advance(ms) {
      await twin.clock.advance(ms);
    },
    async setSessionState(id, state) {
      await control('POST', 'session-state', { id, state });
    },
    requests(filter = {}) {
      return twin
        .requests()
        .filter(
          (r) =>
            (filter.host === undefined || r.host === filter.host) &&
            (filter.method === undefined || r.method === filter.method) &&
            (filter.path === undefined ||
              (typeof filter.path === 'string' ? r.path.split('?')[0] === filter.path : filter.path.test(r.path))),
        );
    },
    clearRequests: () => twin.clearRequests(),
    control,
  };
}
