/**
 * A controllable stand-in for utils/messages/client.ts: requests go to `fake.handlers`, pushes are sent with
 * `fake.push()`. Use with `vi.mock('../../../utils/messages/client', () => import('./fake-client'))`.
 */

import type { Push, Request } from '../../../utils/messages/protocol';
import type { AppError } from '../../../utils/model/errors';
import type { Session } from '../../../utils/sessions/model';

export class RequestError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

type Handler = (req: Request) => unknown;

export const fake = {
  handlers: {} as Partial<Record<Request['type'], Handler>>,
  requests: [] as Request[],
  listeners: new Set<(p: Push) => void>(),
  push(p: Push) {
    for (const l of Array.from(this.listeners)) l(p);
  },
  reset() {
    this.handlers = {};
    this.requests = [];
    this.listeners.clear();
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

export function subscribe(onPush: (p: Push) => void, signal: AbortSignal): void {
  fake.listeners.add(onPush);
  signal.addEventListener('abort', () => fake.listeners.delete(onPush));
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
