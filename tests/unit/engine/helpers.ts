import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createMemoryTokenStore, type StoredToken } from '../../../utils/auth/token-store';
import { Engine } from '../../../utils/background/engine';
import type { EngineBrowser, EngineTiming } from '../../../utils/background/engine-deps';
import type { PortLike } from '../../../utils/background/publisher';
import type { Push } from '../../../utils/messages/protocol';
import type { StateSnapshot } from '../../../utils/model/state';
import { FakeGitHub, TOKEN } from './fake-github';

export interface Clock {
  t: number;
  now: () => number;
  advance(ms: number): void;
}

export function makeClock(start = Date.parse('2026-06-10T10:00:00Z')): Clock {
  const c: Clock = {
    t: start,
    now: () => c.t,
    advance(ms) {
      c.t += ms;
    },
  };
  return c;
}

export const FAST: Partial<EngineTiming> = {
  pushThrottleMs: 1,
  refreshDebounceMs: 5,
  pageRefreshMinGapMs: 0,
  retryBaseMs: 1,
  stop: { pollMs: 1, forceAfterMs: 30_000, giveUpMs: 60_000 },
};

export interface Harness {
  gh: FakeGitHub;
  clock: Clock;
  tokens: ReturnType<typeof createMemoryTokenStore>;
  engine: Engine;
  /** Creates a new engine over the same storage and token store (a service-worker restart). */
  restart(): Promise<Engine>;
}

export async function harness(
  opts: {
    signedIn?: boolean;
    timing?: Partial<EngineTiming>;
    gh?: FakeGitHub;
    clock?: Clock;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<Harness> {
  const clock = opts.clock ?? makeClock();
  const gh = opts.gh ?? new FakeGitHub(clock.now);
  const tokens = createMemoryTokenStore();
  const make = () =>
    new Engine({
      browser: fakeBrowser as unknown as EngineBrowser,
      tokens,
      fetch: gh.fetch,
      now: clock.now,
      random: () => 0.5,
      timing: { ...FAST, ...opts.timing },
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
    });
  const h: Harness = {
    gh,
    clock,
    tokens,
    engine: make(),
    async restart() {
      h.engine = make();
      await h.engine.ready;
      return h.engine;
    },
  };
  await h.engine.ready;
  if (opts.signedIn !== false) {
    await h.engine.signIn(TOKEN, 'github.com');
    await settle(h.engine);
  }
  return h;
}

/** Waits for the in-flight sync (sign-in starts one) and throttled pushes. */
export async function settle(engine: Engine): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 5));
    await engine.sync('manual');
  }
}

export function notifications(): Record<string, { title?: string; message?: string }> {
  return (
    fakeBrowser.notifications as unknown as {
      getAllCreateOptions(): Record<string, { title?: string; message?: string }>;
    }
  ).getAllCreateOptions();
}

export function fakePort(): PortLike & { messages: Push[]; disconnect(): void } {
  const listeners: Array<() => void> = [];
  const port = {
    name: 'agent-sessions-live',
    messages: [] as Push[],
    postMessage(m: unknown) {
      port.messages.push(m as Push);
    },
    onDisconnect: { addListener: (fn: () => void) => listeners.push(fn) },
    disconnect() {
      for (const l of listeners) l();
    },
  };
  return port;
}

export type { StoredToken };

let nextTab = 1000;

/** What a PR page receives: its slice, and the extension's login. */
export interface PageSlice extends StateSnapshot {
  viewerLogin: string | null;
}

/**
 * A content script's live port (tab `tabId`) watching one PR page, as the page does: resolves with the slice the
 * background pushes once the PR is `settled` (other users' sessions looked up). The port stays open.
 */
export async function watchPr(
  engine: Engine,
  owner: string,
  repo: string,
  number: number,
  tabId = nextTab++,
): Promise<PageSlice> {
  const key = `${owner}/${repo}#${number}`.toLowerCase();
  const listeners: Array<(m: unknown) => void> = [];
  const messages: Push[] = [];
  const port = {
    name: 'agent-sessions-live',
    postMessage: (m: unknown) => void messages.push(m as Push),
    onDisconnect: { addListener: () => {} },
    onMessage: { addListener: (fn: (m: unknown) => void) => void listeners.push(fn) },
  };
  engine.attachPort(port, 'page', tabId);
  for (const l of listeners) l({ type: 'watch', kind: 'prs', prs: [key] });
  for (let i = 0; i < 1000; i++) {
    const last = messages.filter((m) => m.type === 'state').at(-1);
    if (last?.type === 'state' && last.state.settled?.includes(key)) {
      const auth = last.state.auth;
      return { ...last.state, viewerLogin: auth.status === 'signed-in' ? auth.info.login : null };
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no settled slice for ${key}`);
}
