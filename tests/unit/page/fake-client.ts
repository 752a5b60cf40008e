/**
 * A controllable stand-in for utils/messages/client.ts: requests go to `fake.handlers`; the live port behaves like
 * the background's publisher for a page: it reads the page's watch (its hello and later `watch` messages) and, once
 * `fake.serve(state)` gave it a state, pushes each port the page slice of its watch (page-scope.ts), again on every
 * serve and every new watch. `fake.push()` sends a raw push. Use with
 * `vi.mock('../../../utils/messages/client', () => import('./fake-client'))`.
 */

import { type PageWatch, pageSnapshot } from '../../../utils/background/page-scope';
import type { Push, Request } from '../../../utils/messages/protocol';
import type { AppError } from '../../../utils/model/errors';
import type { StateSnapshot } from '../../../utils/model/state';
import type { Session } from '../../../utils/sessions/model';
import { parseWatchMessage } from '../../../utils/view-state/watch';

export class RequestError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

type Handler = (req: Request) => unknown;

interface Port {
  onPush: (p: Push) => void;
  watch: PageWatch | null;
}

export const fake = {
  handlers: {} as Partial<Record<Request['type'], Handler>>,
  requests: [] as Request[],
  /** Every `watch` a port declared, in order. */
  watches: [] as PageWatch[],
  ports: new Set<Port>(),
  /** The background's state; null: it has not answered yet. */
  state: null as StateSnapshot | null,
  /** PR keys whose other users' sessions are still being looked up (not yet `settled`). */
  pending: new Set<string>(),
  push(p: Push) {
    for (const port of Array.from(this.ports)) port.onPush(p);
  },
  /** The background's state changed (or it answered): every port gets its slice. */
  serve(state: StateSnapshot) {
    this.state = state;
    for (const port of Array.from(this.ports)) this.send(port);
  },
  send(port: Port) {
    const state = this.state;
    const watch = port.watch;
    if (!state || !watch) return;
    const settled = new Set(watch.prs.filter((k) => !this.pending.has(k)));
    queueMicrotask(() => port.onPush({ type: 'state', state: pageSnapshot(state, watch, [], settled) }));
  },
  reset() {
    this.handlers = {};
    this.requests = [];
    this.watches = [];
    this.ports.clear();
    this.state = null;
    this.pending.clear();
  },
};

export async function request<T>(req: Request): Promise<T> {
  fake.requests.push(req);
  const h = fake.handlers[req.type];
  if (!h)
    throw new RequestError({ kind: 'not-available', message: `no handler for ${req.type}`, fix: null, link: null });
  const res = await h(req);
  if (res instanceof RequestError) throw res;
  return res as T;
}

export function subscribe(
  onPush: (p: Push) => void,
  signal: AbortSignal,
  opts: { hello?: () => unknown } = {},
): { post(message: unknown): void } {
  const port: Port = { onPush, watch: null };
  const declare = (message: unknown) => {
    const w = parseWatchMessage(message);
    if (w?.kind !== 'prs') return;
    port.watch = w;
    fake.watches.push(w);
    fake.send(port);
  };
  fake.ports.add(port);
  signal.addEventListener('abort', () => fake.ports.delete(port));
  if (opts.hello) declare(opts.hello());
  return { post: declare };
}

const T0 = Date.parse('2026-06-01T10:00:00Z');

/** A session on octo-demo/app#42 (override anything). */
export function session(over: Partial<Session> & { id: string }): Session {
  return {
    taskId: null,
    agent: { slug: 'copilot-swe-agent', name: 'Copilot' },
    repo: { id: 1, owner: 'octo-demo', name: 'app', fullName: 'octo-demo/app' },
    pr: {
      number: 42,
      title: '[WIP] Add dark mode',
      state: 'open',
      draft: true,
      url: 'https://github.com/octo-demo/app/pull/42',
      databaseId: null,
      nodeId: null,
    },
    title: 'Add dark mode',
    prompt: null,
    state: 'in_progress',
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0 + 60_000).toISOString(),
    completedAt: null,
    model: 'claude-sonnet-4.5',
    usage: { unit: 'ai-credits', amount: 0.5 },
    error: null,
    headRef: 'copilot/dark-mode',
    baseRef: 'main',
    runId: 7,
    creator: { id: 1, login: 'octo-demo' },
    archived: false,
    source: 'agent-tasks',
    canAct: true,
    links: { pr: null, session: null, run: null },
    ...over,
  };
}

export function at(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}
