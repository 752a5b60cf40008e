/**
 * Routes every GitHub host the extension talks to onto the twin, for pages, extension pages AND the extension's
 * service worker (Playwright's `context.route` covers service-worker fetches in Chromium; checked by
 * tests/e2e/smoke.spec.ts).
 *
 * - The request goes to `${twin.url}${path}${query}` with its method, headers and body, plus `X-Twin-Host: <host>`.
 * - Redirects are NOT followed (`maxRedirects: 0`): the browser sees the twin's 302 (job logs → blob URL) and follows
 *   it itself, through this route again.
 * - Network failures: when the twin's answer carries `X-Twin-Abort: <code>` the request is aborted with that
 *   Playwright error code (`failed`, `connectionreset`, `timedout`, `internetdisconnected`, … ; `1` means `failed`),
 *   so the extension sees a real `TypeError: Failed to fetch`. When the twin cannot be reached: `connectionrefused`.
 * - Cookies the browser holds for the original host are forwarded (Playwright's request headers leave them out).
 * - Every other outside host is aborted (`blockedbyclient`): tests never touch the real network.
 * - Pages loaded with `?stream=` go through the TLS bridge instead, so the browser gets them in chunks.
 */
import type { BrowserContext, Request, Route } from '@playwright/test';

/** The hosts routed to the twin (keep in step with wxt.config.ts host permissions). */
export const TWIN_HOSTS =
  /^https:\/\/(github\.com|api\.github\.com|api\.(individual\.|business\.|enterprise\.)?githubcopilot\.com|[a-z0-9-]+\.blob\.core\.windows\.net|([a-z0-9-]+\.)*ghe\.com|avatars\.githubusercontent\.com)(:\d+)?(\/|$)/i;

/** The glob patterns of the same hosts, for reference and for other tools. */
export const TWIN_HOST_GLOBS = [
  'https://github.com/**',
  'https://api.github.com/**',
  'https://api.githubcopilot.com/**',
  'https://api.individual.githubcopilot.com/**',
  'https://*.blob.core.windows.net/**',
  'https://*.ghe.com/**',
];

const OUTSIDE = /^https?:\/\/(?!(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/)/i;

const ABORT_CODES = new Set([
  'aborted',
  'accessdenied',
  'addressunreachable',
  'blockedbyclient',
  'blockedbyresponse',
  'connectionaborted',
  'connectionclosed',
  'connectionfailed',
  'connectionrefused',
  'connectionreset',
  'internetdisconnected',
  'namenotresolved',
  'timedout',
  'failed',
]);

/** Headers we must not forward: the twin gets its host from X-Twin-Host. */
const DROP_REQUEST_HEADERS = new Set(['host', 'connection', 'content-length', 'accept-encoding']);

export interface RouteOptions {
  /** Abort requests to hosts that are not routed to the twin (default true). */
  blockOutside?: boolean;
  /** Called for every routed request (debugging). */
  onRequest?: (request: Request, twinUrl: string) => void;
}

async function forward(context: BrowserContext, route: Route, twinUrl: string): Promise<void> {
  const request = route.request();
  const original = new URL(request.url());
  // A page the twin streams (`?stream=<bytes>:<ms>`): `route.fulfill` would hand the browser the whole body at once,
  // so it goes over the network to the TLS bridge (helpers/bridge.ts), which pipes the twin's chunks as they come.
  if (original.searchParams.has('stream') && request.isNavigationRequest()) {
    await route.continue().catch(() => {});
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers())) {
    if (!DROP_REQUEST_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  headers['x-twin-host'] = original.host;
  if (!headers.cookie) {
    const cookies = await context.cookies(original.href).catch(() => []);
    if (cookies.length > 0) headers.cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  }
  let response: Awaited<ReturnType<Route['fetch']>>;
  try {
    response = await route.fetch({
      url: `${twinUrl}${original.pathname}${original.search}`,
      headers,
      maxRedirects: 0,
      timeout: 30_000,
    });
  } catch {
    await route.abort('connectionrefused').catch(() => {});
    return;
  }
  const abort = response.headers()['x-twin-abort'];
  if (abort) {
    await route.abort(ABORT_CODES.has(abort) ? abort : 'failed').catch(() => {});
    return;
  }
  await route.fulfill({ response }).catch(() => {});
}

/** Routes the GitHub hosts of `context` to the twin at `twinUrl` (`http://127.0.0.1:PORT`). */
export async function routeToTwin(context: BrowserContext, twinUrl: string, options: RouteOptions = {}): Promise<void> {
  const { blockOutside = true, onRequest } = options;
  await context.route(TWIN_HOSTS, async (route) => {
    onRequest?.(route.request(), twinUrl);
    await forward(context, route, twinUrl);
  });
  if (blockOutside) {
    await context.route(
      (url) => OUTSIDE.test(url.href) && !TWIN_HOSTS.test(url.href),
      (route) => route.abort('blockedbyclient').catch(() => {}),
    );
  }
}
