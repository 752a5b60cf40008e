/**
 * The one GitHub client: @octokit/rest with the throttling and retry plugins, conditional GETs through a persisted
 * ETag cache (a 304 reuses the cached body and costs no rate limit), in-flight de-duplication of identical GETs,
 * and request counters (for the UI and `npm run bench`). The token goes only to the API host and Copilot API hosts.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { appError, GitHubError } from '../model/errors';
import { EtagCache } from './etag-cache';
import { apiBaseUrl, webOrigin } from './hosts';

const AGENTS_API_VERSION = '2026-03-10';

export interface RequestStats {
  /** Every HTTP request made (API, Copilot API, log blobs). */
  total: number;
  /** Requests to API hosts answered with anything but 304 (what counts against the rate limit). */
  rateLimited: number;
  notModified: number;
  /** Last seen `x-ratelimit-remaining` / reset (epoch s). */
  remaining: number | null;
  resetAt: number | null;
}

export function newStats(): RequestStats {
  return { total: 0, rateLimited: 0, notModified: 0, remaining: null, resetAt: null };
}

interface GitHubClientOptions {
  token: string;
  host: string;
  fetch?: typeof fetch;
  etags?: EtagCache;
  stats?: RequestStats;
  now?: () => number;
  /** Base of the retry backoff in ms (retries wait base·1, base·4). Default 1000. */
  retryBaseMs?: number;
  retries?: number;
  /** Called when GitHub says to wait (rate limits). */
  onRateLimit?: (retryAt: string) => void;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Record<string, string | undefined>;
  /** True when GitHub answered 304 and the cached body was reused. */
  fromCache: boolean;
}

interface GetOptions {
  /** Send If-None-Match and keep the ETag (every poll GET). Default true. */
  conditional?: boolean;
}

type Params = Record<string, unknown>;

export interface GitHubClient {
  readonly host: string;
  readonly apiBase: string;
  readonly webOrigin: string;
  readonly octokit: Octokit;
  readonly stats: RequestStats;
  readonly etags: EtagCache;
  get<T>(route: string, params?: Params, opts?: GetOptions): Promise<ApiResponse<T>>;
  send<T>(route: string, params?: Params): Promise<ApiResponse<T>>;
  graphql<T>(query: string, variables?: Params): Promise<T>;
  /** Authenticated fetch to the API host or a Copilot API host only (anything else is refused). */
  authedFetch(url: string, init?: RequestInit): Promise<Response>;
  /** Plain fetch without credentials (redirect targets such as log blobs). */
  plainFetch(url: string, init?: RequestInit): Promise<Response>;
}

const PassThroughGroup = {
  key: () => ({
    schedule: (_opts: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) => fn(...args),
  }),
};

const ThrottledOctokit = Octokit.plugin(throttling, retry);

function isAllowedTokenHost(url: URL, apiBase: string): boolean {
  if (url.protocol !== 'https:') return false;
  if (url.origin === apiBase) return true;
  return /^api(\.[a-z0-9-]+)?\.githubcopilot\.com$/.test(url.hostname);
}

export function createGitHubClient(opts: GitHubClientOptions): GitHubClient {
  const baseFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const stats = opts.stats ?? newStats();
  const etags = opts.etags ?? new EtagCache();
  const now = opts.now ?? Date.now;
  const apiBase = apiBaseUrl(opts.host);
  const apiHost = new URL(apiBase).host;

  const counting: typeof fetch = async (input, init) => {
    stats.total++;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // Our ETags are the only cache: the browser's HTTP cache would hide changes for max-age seconds.
    const res = await baseFetch(input, { ...init, cache: 'no-store' });
    let host = '';
    try {
      host = new URL(url).host;
    } catch {
      // relative URL: not an API request
    }
    const isApi = host === apiHost || host.endsWith('githubcopilot.com');
    if (res.status === 304) stats.notModified++;
    else if (isApi) stats.rateLimited++;
    if (host === apiHost) {
      const rem = Number(res.headers.get('x-ratelimit-remaining'));
      const reset = Number(res.headers.get('x-ratelimit-reset'));
      if (res.headers.has('x-ratelimit-remaining') && Number.isFinite(rem)) stats.remaining = rem;
      if (res.headers.has('x-ratelimit-reset') && Number.isFinite(reset)) stats.resetAt = reset;
    }
    return res;
  };

  const onLimit = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
    opts.onRateLimit?.(new Date(now() + retryAfter * 1000).toISOString());
    // Never sleep long inside a service worker: retry once only when the wait is a few seconds.
    return retryCount < 1 && retryAfter <= 3;
  };

  const octokit = new ThrottledOctokit({
    auth: opts.token,
    baseUrl: apiBase,
    userAgent: 'agent-sessions-for-github',
    request: { fetch: counting },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    throttle: {
      onRateLimit: onLimit,
      onSecondaryRateLimit: onLimit,
      retryAfterBaseValue: opts.retryBaseMs ?? 1000,
      // Our own code bounds concurrency; Bottleneck's fixed per-write pauses are not wanted here.
      global: PassThroughGroup,
      auth: PassThroughGroup,
      write: PassThroughGroup,
      search: PassThroughGroup,
      notifications: PassThroughGroup,
    } as never,
    retry: {
      retries: opts.retries ?? 2,
      retryAfterBaseValue: opts.retryBaseMs ?? 1000,
      doNotRetry: [304, 400, 401, 403, 404, 409, 410, 422, 429, 451],
    } as never,
  });

  const inflight = new Map<string, Promise<ApiResponse<unknown>>>();

  function agentHeaders(route: string): Record<string, string> {
    return / \/agents(\/|$)/.test(route) ? { 'x-github-api-version': AGENTS_API_VERSION } : {};
  }

  /** One request as it is (no conditional headers), answered fresh. */
  async function requestFresh<T>(route: string, params: Params): Promise<ApiResponse<T>> {
    const res = await octokit.request(route, { ...params, headers: agentHeaders(route) });
    return {
      data: res.data as T,
      status: res.status,
      headers: res.headers as Record<string, string>,
      fromCache: false,
    };
  }

  async function doGet<T>(route: string, params: Params, key: string, conditional: boolean): Promise<ApiResponse<T>> {
    const cached = conditional ? etags.get(key) : undefined;
    const headers: Record<string, string> = { ...agentHeaders(route) };
    if (cached) headers['if-none-match'] = cached.etag;
    try {
      const res = await octokit.request(route, { ...params, headers });
      const etag = res.headers.etag;
      if (conditional && typeof etag === 'string') etags.set(key, { etag, data: res.data, at: now() });
      return {
        data: res.data as T,
        status: res.status,
        headers: res.headers as Record<string, string>,
        fromCache: false,
      };
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 304) {
        if (cached) {
          cached.at = now();
          return {
            data: cached.data as T,
            status: 304,
            headers: (error as { response?: { headers?: Record<string, string> } }).response?.headers ?? {},
            fromCache: true,
          };
        }
        // A 304 without a cached body (cache evicted meanwhile): ask again unconditionally.
        return requestFresh<T>(route, params);
      }
      throw error;
    }
  }

  return {
    host: opts.host,
    apiBase,
    webOrigin: webOrigin(opts.host),
    octokit,
    stats,
    etags,
    get<T>(route: string, params: Params = {}, getOpts: GetOptions = {}) {
      const endpoint = octokit.request.endpoint(route, params);
      const key = `${endpoint.method} ${endpoint.url}`;
      const existing = inflight.get(key);
      if (existing) return existing as Promise<ApiResponse<T>>;
      const p = doGet<T>(route, params, key, getOpts.conditional !== false).finally(() => inflight.delete(key));
      inflight.set(key, p as Promise<ApiResponse<unknown>>);
      return p;
    },
    send<T>(route: string, params: Params = {}) {
      return requestFresh<T>(route, params);
    },
    async graphql<T>(query: string, variables: Params = {}) {
      return (await octokit.graphql(query, variables)) as T;
    },
    async authedFetch(url: string, init: RequestInit = {}) {
      const u = new URL(url);
      if (!isAllowedTokenHost(u, apiBase))
        throw new GitHubError(appError('github-error', 'Refused to send the token to an unexpected host.'));
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${opts.token}`);
      return counting(u.href, { ...init, headers });
    },
    plainFetch(url: string, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      headers.delete('authorization');
      return counting(url, { ...init, headers, credentials: 'omit' });
    },
  };
}
