/** Request context, replies and small HTTP helpers shared by the twin's route modules. */
import type { IncomingHttpHeaders } from 'node:http';
import type { ScenarioClock } from './clock';
import type { Token, World } from './world';

export const KNOWN_HOSTS = [
  'github.com',
  'api.github.com',
  'api.githubcopilot.com',
  'api.individual.githubcopilot.com',
  'twin-blob.blob.core.windows.net',
  'avatars.githubusercontent.com',
] as const;
export type Host = (typeof KNOWN_HOSTS)[number];

export const DOCS = 'https://docs.github.com/rest';

export interface Ctx {
  world: World;
  clock: ScenarioClock;
  host: Host;
  method: string;
  /** Path with query. */
  url: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The token named in Authorization (null when absent); `tokenState` says whether it is usable. */
  token: Token | null;
  tokenText: string | null;
  tokenState: 'none' | 'ok' | 'bad';
  /** Route parameters. */
  params: Record<string, string>;
  /** Twin base URL (http://127.0.0.1:PORT). */
  base: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Object → JSON; string → sent as is (set content-type in headers). */
  body?: unknown;
  /** Overrides the rate-limit resource for api.github.com answers. */
  resource?: 'core' | 'search' | 'graphql';
  /** Send the body in chunks of `chunkBytes` with `pauseMs` between them (github.com pages as a network delivers them). */
  stream?: { chunkBytes: number; pauseMs: number };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

/** GitHub's error body: `{message, documentation_url, status}`. */
export function ghError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
  documentation = DOCS,
  extra: Record<string, unknown> = {},
): Reply {
  return { status, headers, body: { message, documentation_url: documentation, status: String(status), ...extra } };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8', headers = {}): Reply {
  return { status, body, headers: { 'content-type': contentType, ...headers } };
}

export function parseJsonBody(ctx: Ctx): Record<string, unknown> | null {
  if (!ctx.body) return {};
  try {
    const value: unknown = JSON.parse(ctx.body);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw == null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) return fallback;
  return Math.max(min, Math.min(max, Math.floor(n)));
}

/** Slice a list into a page and build GitHub's `Link` header (first/prev/next/last as GitHub sends them). */
export function paginate<T>(
  ctx: Ctx,
  items: T[],
  opts: { perPageDefault?: number; perPageMax?: number; origin?: string } = {},
): { page: T[]; link: string | null } {
  const perPage = intParam(ctx.query, 'per_page', opts.perPageDefault ?? 30, 1, opts.perPageMax ?? 100);
  const pageNo = intParam(ctx.query, 'page', 1, 1, 1_000_000);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const origin = opts.origin ?? 'https://api.github.com';
  const make = (n: number): string => {
    const q = new URLSearchParams(ctx.query);
    q.set('per_page', String(perPage));
    q.set('page', String(n));
    return `<${origin}${ctx.pathname}?${q.toString()}>`;
  };
  const parts: string[] = [];
  if (pageNo > 1) parts.push(`${make(pageNo - 1)}; rel="prev"`);
  if (pageNo < last) parts.push(`${make(pageNo + 1)}; rel="next"`);
  if (pageNo < last) parts.push(`${make(last)}; rel="last"`);
  if (pageNo > 1) parts.push(`${make(1)}; rel="first"`);
  return { page: slice, link: parts.length ? parts.join(', ') : null };
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  /** e.g. "/repos/:owner/:repo/pulls/:number" */
  pattern: string;
  handler: Handler;
  /** The operation in GitHub's OpenAPI description, when documented. */
  openapi?: { path: string; method: string } | null;
  regex: RegExp;
  keys: string[];
}

export function route(
  method: string,
  pattern: string,
  handler: Handler,
  openapi: { path: string; method: string } | null = null,
): Route {
  const keys: string[] = [];
  const regex = new RegExp(
    `^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, key: string) => {
      keys.push(key);
      return '([^/]+)';
    })}/?$`,
  );
  return { method, pattern, handler, openapi, regex, keys };
}

export function matchRoute(
  routes: Route[],
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | 'method' | null {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.regex.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => {
      params[k] = decodeURIComponent(m[i + 1]!);
    });
    return { route: r, params };
  }
  return pathMatched ? 'method' : null;
}
