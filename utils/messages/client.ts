/**
 * The view side of the protocol (popup, options, drawer page, content script): typed requests and a live
 * subscription that reconnects when the service worker restarts or the port drops.
 */
import { browser } from 'wxt/browser';
import type { AppError } from '../model/errors';
import { LIVE_PORT, type Push, type Request, type Response } from './protocol';

export class RequestError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

const OFFLINE_BACKGROUND: AppError = {
  kind: 'offline',
  message: 'The extension’s background is not answering.',
  fix: 'Reload the page; if it persists, reload the extension.',
  link: null,
};

/** Sends a request; resolves with `data`, rejects with a RequestError carrying the typed error. */
export async function request<T>(req: Request): Promise<T> {
  let res: Response<T> | undefined;
  try {
    res = (await browser.runtime.sendMessage(req)) as Response<T> | undefined;
  } catch {
    throw new RequestError(OFFLINE_BACKGROUND);
  }
  if (!res || typeof res !== 'object' || !('ok' in res)) throw new RequestError(OFFLINE_BACKGROUND);
  if (!res.ok) throw new RequestError(res.error);
  return res.data;
}

/**
 * Subscribes to pushes. Reconnects with a short backoff when the port drops (service worker restart);
 * stops for good when `signal` aborts or the extension context is gone (after an update).
 * `onContextLost` lets content scripts go quiet.
 */
export function subscribe(
  onPush: (push: Push) => void,
  signal: AbortSignal,
  opts: { name?: string; onContextLost?: () => void; hello?: () => unknown } = {},
): { post(message: unknown): void } {
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  let retry = 0;
  const connect = () => {
    if (signal.aborted) return;
    try {
      if (!browser.runtime?.id) throw new Error('context invalidated');
      port = browser.runtime.connect({ name: opts.name ?? LIVE_PORT });
    } catch {
      opts.onContextLost?.();
      return;
    }
    retry = 0;
    // What this view needs, told on every (re)connect (a page names the PRs it shows).
    const hello = opts.hello?.();
    if (hello !== undefined) post(hello);
    port.onMessage.addListener((msg: unknown) => {
      if (msg && typeof msg === 'object' && 'type' in msg) onPush(msg as Push);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      if (signal.aborted) return;
      if (!browser.runtime?.id) {
        opts.onContextLost?.();
        return;
      }
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 200 * 2 ** retry);
    });
  };
  const post = (message: unknown) => {
    try {
      port?.postMessage(message);
    } catch {
      // disconnected: the next connect says hello again
    }
  };
  signal.addEventListener('abort', () => {
    try {
      port?.disconnect();
    } catch {
      // already gone
    }
  });
  connect();
  return { post };
}
