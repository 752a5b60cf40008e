/**
 * The GitHub twin: one local HTTP server answering for github.com, api.github.com, the Copilot API hosts and the
 * job-log blob host (the original host comes in `X-Twin-Host`). Driven by a scenario (docs/scenarios.md) and a
 * scenario clock. Control API under /_twin/ on every host.
 *
 *   const twin = await startTwin({ scenario: 'tests/twin/scenarios/demo.json' });
 *   twin.clock.advance(60_000); twin.requests(); await twin.close();
 */

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { capiRoutes } from './capi';
import { ScenarioClock } from './clock';
import { deviceRoutes } from './device';
import {
  type Ctx,
  ghError,
  type Host,
  json,
  KNOWN_HOSTS,
  matchRoute,
  parseJsonBody,
  type Reply,
  type Route,
} from './http';
import { checkRequest, checkResponse } from './openapi-check';
import { agentCommits } from './progress';
import { pullEvent } from './pull-events';
import { BLOB_HOST, blobSignature, forceSessionState, restRoutes } from './rest';
import { jobLogText, runStatus } from './shapes';
import type { Fault, RequestRecord, Scenario, Twin } from './types';
import { livePayload, webRoutes } from './web';
import { readFixture, type Token, World } from './world';

export type { Fault, RequestRecord, Scenario, Twin } from './types';

export interface StartTwinOptions {
  scenario: Scenario | string;
  port?: number;
  quiet?: boolean;
  /** Check every api.github.com request and answer against GitHub's REST description (`twin.violations()`). */
  validate?: boolean;
}

export function loadScenarioFile(file: string): Scenario {
  const full = path.resolve(file);
  try {
    return JSON.parse(readFileSync(full, 'utf8')) as Scenario;
  } catch (error) {
    throw new Error(`Cannot read scenario ${full}: ${(error as Error).message}`);
  }
}

const API_HOSTS = new Set<Host>(['api.github.com']);
/** REST API versions api.github.com accepts in `X-GitHub-Api-Version`. */
export const SUPPORTED_API_VERSIONS = ['2022-11-28', '2026-03-10'];
const CAPI_HOSTS = new Set<Host>(['api.githubcopilot.com', 'api.individual.githubcopilot.com']);

interface RateWindow {
  used: number;
  reset: number;
}

function resolveHost(req: IncomingMessage): Host {
  const explicit = req.headers['x-twin-host'];
  const candidates = [
    typeof explicit === 'string' ? explicit : '',
    String(req.headers.host ?? '').replace(/:\d+$/, ''),
  ];
  for (const c of candidates) {
    const name = c.trim().toLowerCase();
    if ((KNOWN_HOSTS as readonly string[]).includes(name)) return name as Host;
  }
  return 'api.github.com';
}

function globToRegex(pattern: string): RegExp {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) return new RegExp(pattern.slice(1, -1));
  if (pattern.includes('*')) {
    return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  }
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\*]/g, '\\$&')}`);
}

export class TwinServer {
  clock = new ScenarioClock();
  world: World;
  private records: RequestRecord[] = [];
  private rate = new Map<string, RateWindow>();
  private sockets = new Set<Socket>();
  private server = createServer((req, res) => {
    this.handle(req, res).catch((error: unknown) => {
      if (!this.quiet) console.error('[twin] handler error', error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Twin internal error', detail: String(error) }));
      } else res.destroy();
    });
  });
  base = '';
  quiet: boolean;

  constructor(scenario: Scenario, quiet: boolean) {
    this.quiet = quiet;
    this.world = new World(scenario, this.clock.start);
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  load(scenario: Scenario): void {
    const start = Date.now();
    const world = new World(scenario, start);
    this.clock.reset(start);
    this.world = world;
    this.rate.clear();
  }

  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${address.port}`;
    return this.base;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  requests(): RequestRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  clearRequests(): void {
    this.records = [];
  }

  fault(f: Fault): void {
    this.world.addFault(f, this.clock.now());
  }

  state(): Record<string, unknown> {
    const w = this.world;
    const t = this.clock.now();
    return {
      scenario: w.scenario.name ?? null,
      start: new Date(w.start).toISOString(),
      now: new Date(t).toISOString(),
      nowMs: t,
      elapsedMs: t - w.start,
      capiAcceptsTokens: w.capiAccepts,
      faults: w.faults.map((f) => ({ ...f, fromMs: undefined, untilMs: undefined })),
      tokens: [...w.tokens.values()].map((k) => ({
        token: k.token,
        user: k.user.login,
        kind: k.kind,
        revoked: k.revoked,
      })),
      sessions: [...w.sessions.values()].map((s) => {
        const rs = runStatus(s, w, t);
        return {
          id: s.id,
          taskId: s.task.id,
          repo: s.task.repo.fullName,
          pull: s.task.pull?.number ?? null,
          visible: s.createdAt <= t,
          state: w.state(s, t),
          runId: s.runId,
          jobId: s.jobId,
          headRef: s.headRef,
          commits: agentCommits(w, s, t).map((c) => c.sha),
          runStatus: rs.status,
          runConclusion: rs.conclusion,
          cancelRequests: s.cancelRequests,
          forceCancelRequests: s.forceCancelRequests,
          cancelMode: s.cancelMode,
          logEvents: w.logEventCount(s, t),
          logEventsTotal: s.logEvents.length,
        };
      }),
      tasks: w.tasks.map((task) => ({
        id: task.id,
        repo: task.repo.fullName,
        state: w.taskState(task, t),
        visible: task.sessions.some((s) => s.createdAt <= t),
        archived: w.isArchived(task, t),
      })),
      repos: [...w.repos.values()].map((r) => ({ fullName: r.fullName, id: r.id, private: r.private })),
      pulls: w.pulls.map((p) => ({
        repo: p.repo.fullName,
        number: p.number,
        id: p.id,
        nodeId: p.nodeId,
        timeline: p.timeline,
      })),
    };
  }

  /** Set by `startTwin({ validate: true })`: what GitHub's description says is wrong with the exchanges so far. */
  validation: string[] | null = null;

  private validateExchange(ctx: Ctx, status: number, type: string, payload: string | Buffer): void {
    if (!this.validation || this.validation.length > 1000) return;
    let body: unknown = payload.toString();
    if (type.includes('json') && body !== '') {
      try {
        body = JSON.parse(body as string);
      } catch {
        this.validation.push(`${ctx.method} ${ctx.pathname} → ${status}: body is not JSON`);
        return;
      }
    }
    this.validation.push(
      ...checkRequest(ctx.method, ctx.url, ctx.body === '' ? undefined : ctx.body),
      ...checkResponse(ctx.method, ctx.url, status, type, body),
    );
  }

  private record(r: RequestRecord): void {
    this.records.push(r);
    if (this.records.length > 200_000) this.records.splice(0, 100_000);
  }

  private tokenOf(req: IncomingMessage): { token: Token | null; text: string | null; state: 'none' | 'ok' | 'bad' } {
    const header = req.headers.authorization;
    if (!header) return { token: null, text: null, state: 'none' };
    const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
    if (!m) return { token: null, text: header, state: 'bad' };
    const token = this.world.tokens.get(m[1]!);
    if (!token || token.revoked || (token.expiresAt != null && token.expiresAt <= this.clock.now())) {
      return { token: token ?? null, text: m[1]!, state: 'bad' };
    }
    return { token, text: m[1]!, state: 'ok' };
  }

  private rateKey(ctx: Ctx, resource: string): string {
    return `${ctx.token ? `u${ctx.token.user.id}` : 'anon'}:${resource}`;
  }

  private window(key: string): RateWindow {
    const now = this.clock.now();
    let w = this.rate.get(key);
    if (!w || w.reset <= now) {
      w = { used: 0, reset: now + (key.endsWith(':search') ? 60_000 : 3_600_000) };
      this.rate.set(key, w);
    }
    return w;
  }

  private limitFor(ctx: Ctx, resource: string): number {
    if (resource === 'search') return ctx.token ? 30 : 10;
    if (!ctx.token) return 60;
    return this.world.scenario.rateLimit ?? 5000;
  }

  private activeFault(ctx: Ctx): World['faults'][number] | null {
    const now = this.clock.now();
    for (const f of this.world.faults) {
      if (f.count != null && f.used >= f.count) continue;
      if (now < f.fromMs || now >= f.untilMs) continue;
      if (f.host && f.host !== ctx.host) continue;
      if (f.method && f.method.toUpperCase() !== ctx.method) continue;
      if (f.path && !globToRegex(f.path).test(ctx.url) && !globToRegex(f.path).test(ctx.pathname)) continue;
      f.used++;
      return f;
    }
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = resolveHost(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const parsed = new URL(url, 'http://twin.local');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const auth = this.tokenOf(req);
    const ctx: Ctx = {
      world: this.world,
      clock: this.clock,
      host,
      method,
      url,
      pathname: parsed.pathname,
      query: parsed.searchParams,
      headers: req.headers,
      body,
      token: auth.state === 'ok' ? auth.token : null,
      tokenText: auth.text,
      tokenState: auth.state,
      params: {},
      base: this.base,
    };

    if (parsed.pathname.startsWith('/_twin/') || parsed.pathname === '/_twin') {
      this.send(req, res, ctx, this.control(ctx), { control: true });
      return;
    }
    // PRs merged or closed on schedule (scenario `stateChanges`): every answer from here on sees it.
    this.world.settlePulls(this.clock.now());

    const isApi = API_HOSTS.has(host);
    if (method === 'OPTIONS' && host === BLOB_HOST) {
      // Azure blob storage without CORS rules (GitHub's Actions log blobs): the preflight is refused, and no answer
      // of this host carries Access-Control-Allow-Origin. Only host permissions let the extension read it.
      this.record({
        time: Date.now(),
        scenarioTime: this.clock.now(),
        host,
        method,
        path: url,
        status: 403,
        rateLimited: false,
        auth: req.headers.authorization ? 'token' : 'none',
        authorizationHeader: req.headers.authorization != null,
      });
      res.writeHead(403, { 'content-type': 'application/xml', 'x-ms-error-code': 'CorsPreflightFailure' });
      res.end(
        '\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>CorsPreflightFailure</Code><Message>CORS not enabled or no matching rule found for this request.</Message></Error>',
      );
      return;
    }
    if (method === 'OPTIONS' && host !== 'github.com') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers':
          'Authorization, Content-Type, If-Match, If-None-Match, If-Modified-Since, Accept, X-GitHub-Api-Version, X-Requested-With, Copilot-Integration-Id',
        'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE',
        'access-control-max-age': '86400',
      });
      res.end();
      return;
    }

    const started = Date.now();
    const scenarioTime = this.clock.now();
    const baseRecord = {
      time: started,
      scenarioTime,
      host,
      method,
      path: url,
      auth: (req.headers.authorization ? 'token' : 'none') as 'none' | 'token',
      ...(ctx.token ? { user: ctx.token.user.login } : {}),
    };

    const fault = this.activeFault(ctx);
    if (fault?.type === 'drop') {
      this.record({ ...baseRecord, status: 0, rateLimited: false, fault: 'drop' });
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'delay') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));

    let reply: Reply;
    if (fault && (fault.type === 'status' || fault.type === 'rate-limit' || fault.type === 'secondary-rate-limit')) {
      reply = this.faultReply(ctx, fault);
    } else {
      reply = await this.dispatch(ctx);
    }

    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let payload: string | Buffer;
    if (reply.body === undefined || typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) {
      payload = (reply.body as string | Buffer | undefined) ?? '';
    } else {
      payload = JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }

    let status = reply.status;
    let rateLimited = false;
    if (isApi) {
      const resource = reply.resource ?? (fault?.type === 'rate-limit' ? 'core' : 'core');
      const key = this.rateKey(ctx, resource);
      const win = this.window(key);
      const limit = this.limitFor(ctx, resource);
      // Conditional requests: a matching ETag answers 304, which costs no rate limit.
      if (status === 200 && (method === 'GET' || method === 'HEAD')) {
        const etag = `W/"${createHash('sha256')
          .update(payload)
          .update(ctx.tokenText ?? '')
          .digest('hex')
          .slice(0, 40)}"`;
        headers.etag = etag;
        headers['cache-control'] = 'private, max-age=60, s-maxage=60';
        headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP,Accept-Encoding, Accept, X-Requested-With';
        const inm = String(req.headers['if-none-match'] ?? '');
        if (
          inm?.split(',').some((v) => v.trim().replace(/^W\//, '') === etag.replace(/^W\//, '') || v.trim() === '*')
        ) {
          status = 304;
          payload = '';
          delete headers['content-type'];
        }
      }
      if (status !== 304 && win.used >= limit && fault == null) {
        status = 403;
        const body = {
          message: `API rate limit exceeded for ${ctx.token ? `user ID ${ctx.token.user.id}` : '127.0.0.1'}.`,
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: '403',
        };
        payload = JSON.stringify(body);
        for (const k of ['etag', 'link', 'location']) delete headers[k];
        headers['content-type'] = 'application/json; charset=utf-8';
      }
      if (status !== 304) {
        rateLimited = true;
        win.used++;
      }
      const exhausted = fault?.type === 'rate-limit';
      headers['x-ratelimit-limit'] ??= String(limit);
      headers['x-ratelimit-remaining'] ??= exhausted ? '0' : String(Math.max(0, limit - win.used));
      headers['x-ratelimit-used'] ??= exhausted ? String(limit) : String(Math.min(limit, win.used));
      headers['x-ratelimit-reset'] ??= String(Math.ceil(win.reset / 1000));
      headers['x-ratelimit-resource'] ??= resource;
      // GitHub's clock is the scenario clock (the stop watcher measures its waits on it too).
      headers.date = new Date(scenarioTime).toUTCString();
      headers['x-github-api-version-selected'] = String(req.headers['x-github-api-version'] ?? '2022-11-28');
      headers['x-github-media-type'] = 'github.v3; format=json';
      headers['x-github-request-id'] = randomBytes(8).toString('hex').toUpperCase();
      headers['access-control-allow-origin'] = '*';
      headers['access-control-expose-headers'] =
        'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset, GitHub-Authentication-Token-Expiration';
    } else if (CAPI_HOSTS.has(host)) {
      headers['access-control-allow-origin'] = '*';
    }

    if (fault?.type === 'truncate' && payload.length > 1) {
      payload = payload.toString().slice(0, Math.max(1, Math.floor(payload.length / 2)));
    } else if (fault?.type === 'malformed') {
      payload = '{"message": "ok", "tasks": [ {"id": "broken",, <html>';
      headers['content-type'] = 'application/json; charset=utf-8';
    }

    if (isApi && this.validation && !(fault?.type === 'truncate' || fault?.type === 'malformed')) {
      this.validateExchange(ctx, status, headers['content-type'] ?? '', payload);
    }
    this.record({
      ...baseRecord,
      status,
      rateLimited,
      ...(host === BLOB_HOST ? { authorizationHeader: req.headers.authorization != null } : {}),
      ...(fault ? { fault: fault.type } : {}),
    });
    res.writeHead(status, headers);
    if (reply.stream && method !== 'HEAD' && !fault) {
      writeChunked(res, Buffer.from(payload), reply.stream);
      return;
    }
    res.end(method === 'HEAD' ? undefined : payload);
  }

  private faultReply(ctx: Ctx, fault: World['faults'][number]): Reply {
    const retry: Record<string, string> = fault.retryAfter != null ? { 'retry-after': String(fault.retryAfter) } : {};
    if (fault.type === 'rate-limit') {
      const reset = Math.ceil((this.clock.now() + (fault.retryAfter ?? 600) * 1000) / 1000);
      return ghError(
        403,
        `API rate limit exceeded for ${ctx.token ? `user ID ${ctx.token.user.id}` : '127.0.0.1'}.`,
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      );
    }
    if (fault.type === 'secondary-rate-limit') {
      return ghError(
        fault.status ?? 403,
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
        { 'retry-after': String(fault.retryAfter ?? 60) },
        'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      );
    }
    const status = fault.status ?? 500;
    const message =
      status === 502
        ? 'Server Error'
        : status === 503
          ? 'Service Unavailable'
          : status === 429
            ? 'Too Many Requests'
            : 'Server Error';
    return ghError(status, message, retry);
  }

  private async dispatch(ctx: Ctx): Promise<Reply> {
    // GitHub answers 400 to an API version it does not support (docs/fidelity.md, "Unsupported X-GitHub-Api-Version").
    const version = ctx.headers['x-github-api-version'];
    if (ctx.host === 'api.github.com' && typeof version === 'string' && !SUPPORTED_API_VERSIONS.includes(version)) {
      return ghError(
        400,
        `Unsupported 'X-GitHub-Api-Version' header value: ${version}. Supported versions: ${SUPPORTED_API_VERSIONS.join(', ')}.`,
        {},
        'https://docs.github.com/rest/about-the-rest-api/api-versions',
      );
    }
    let routes: Route[];
    if (ctx.host === 'api.github.com') routes = restRoutes;
    else if (CAPI_HOSTS.has(ctx.host)) routes = capiRoutes;
    else if (ctx.host === 'github.com') routes = [...deviceRoutes, ...webRoutes];
    else if (ctx.host === 'avatars.githubusercontent.com') return avatar(ctx.pathname);
    else return this.blob(ctx);
    const m = matchRoute(routes, ctx.method, ctx.pathname);
    if (m === null) {
      if (ctx.host === 'github.com')
        return { status: 404, body: notFoundPage(), headers: { 'content-type': 'text/html; charset=utf-8' } };
      return ghError(404, 'Not Found');
    }
    if (m === 'method') return ghError(404, 'Not Found');
    ctx.params = m.params;
    return m.route.handler(ctx);
  }

  private blob(ctx: Ctx): Reply {
    const xml = (status: number, code: string, message: string): Reply => ({
      status,
      headers: { 'content-type': 'application/xml', 'x-ms-error-code': code },
      body: `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    });
    const m = /^\/actions-results\/(\d+)\/logs\/job-logs\.txt$/.exec(ctx.pathname);
    if (!m || ctx.method !== 'GET') return xml(404, 'BlobNotFound', 'The specified blob does not exist.');
    const jobId = Number(m[1]);
    const se = ctx.query.get('se') ?? '';
    const sig = ctx.query.get('sig') ?? '';
    if (sig !== blobSignature(jobId, se)) {
      return xml(
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
      );
    }
    if (Date.parse(se) < this.clock.now()) {
      return xml(403, 'AuthenticationFailed', 'Signed expiry time has to be after signed start time');
    }
    const session = this.world.jobs.get(jobId);
    const text = session ? jobLogText(session, this.world, this.clock.now(), readFixture) : null;
    if (text == null) return xml(404, 'BlobNotFound', 'The specified blob does not exist.');
    return {
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-ms-blob-type': 'BlockBlob' },
      body: text,
    };
  }

  private control(ctx: Ctx): Reply {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': 'Content-Type',
    };
    const withCors = (r: Reply): Reply => ({ ...r, headers: { ...cors, ...(r.headers ?? {}) } });
    if (ctx.method === 'OPTIONS') return withCors({ status: 204, body: '' });
    const body = parseJsonBody(ctx) ?? {};
    const p = ctx.pathname.replace(/\/$/, '');
    const m = ctx.method;
    try {
      if (m === 'POST' && p === '/_twin/advance') {
        const ms = Number(body.ms);
        if (!Number.isFinite(ms) || ms < 0)
          return withCors(json(400, { message: 'advance needs {ms: non-negative number}' }));
        this.clock.advance(ms);
        return withCors(json(200, { now: this.clock.now(), nowIso: new Date(this.clock.now()).toISOString() }));
      }
      if (m === 'POST' && p === '/_twin/scenario') {
        this.load(body as Scenario);
        return withCors(json(200, { loaded: (body as Scenario).name ?? null, now: this.clock.now() }));
      }
      if (m === 'GET' && p === '/_twin/requests') return withCors(json(200, this.requests()));
      if (m === 'DELETE' && p === '/_twin/requests') {
        this.clearRequests();
        return withCors({ status: 204, body: '' });
      }
      if (m === 'POST' && p === '/_twin/fault') {
        this.fault(body as unknown as Fault);
        return withCors(json(200, { faults: this.world.faults.length }));
      }
      if (m === 'DELETE' && (p === '/_twin/fault' || p === '/_twin/faults')) {
        this.world.faults = [];
        return withCors({ status: 204, body: '' });
      }
      if (m === 'GET' && p === '/_twin/state') return withCors(json(200, this.state()));
      if (m === 'POST' && p === '/_twin/session-state') {
        return withCors(
          forceSessionState(
            ctx,
            String(body.id),
            String(body.state),
            typeof body.error === 'string' ? body.error : undefined,
          ),
        );
      }
      if (m === 'POST' && p === '/_twin/revoke-token') {
        const token = this.world.tokens.get(String(body.token));
        if (!token) return withCors(json(404, { message: 'unknown token' }));
        token.revoked = true;
        return withCors(json(200, { revoked: token.token }));
      }
      if (m === 'POST' && p === '/_twin/token') {
        const token = this.world.addToken(body as never);
        return withCors(json(200, { added: token.token }));
      }
      if (m === 'POST' && p === '/_twin/delete-pull') {
        // A PR deleted on GitHub: REST 404, GraphQL `null` + NOT_FOUND; tasks keep pointing at it.
        const before = this.world.pulls.length;
        this.world.pulls = this.world.pulls.filter(
          (x) =>
            !(x.repo.fullName.toLowerCase() === String(body.repo).toLowerCase() && x.number === Number(body.number)),
        );
        return withCors(
          json(before === this.world.pulls.length ? 404 : 200, { deleted: before - this.world.pulls.length }),
        );
      }
      if (m === 'POST' && p === '/_twin/pull-event') return withCors(pullEvent(ctx, body));
      if (m === 'POST' && p === '/_twin/capi') {
        // `{accepts}`: the accepted-token world on/off (`enabled` is the older name of the same switch).
        this.world.capiAccepts = (body.accepts ?? body.enabled) === true;
        return withCors(json(200, { capiAcceptsTokens: this.world.capiAccepts }));
      }
      if (m === 'GET' && p === '/_twin/live') return withCors(json(200, livePayload(ctx)));
    } catch (error) {
      return withCors(json(400, { message: (error as Error).message }));
    }
    return withCors(json(404, { message: `Unknown control route ${m} ${p}` }));
  }

  send(_req: IncomingMessage, res: ServerResponse, _ctx: Ctx, reply: Reply, _opts: { control: boolean }): void {
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let payload = '';
    if (typeof reply.body === 'string') payload = reply.body;
    else if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }
}

/** Writes `body` in chunks with pauses (see Reply.stream); stops when the client goes away. */
function writeChunked(
  res: ServerResponse,
  body: Buffer,
  { chunkBytes, pauseMs }: { chunkBytes: number; pauseMs: number },
) {
  let at = 0;
  const next = () => {
    if (res.destroyed) return;
    const end = Math.min(body.length, at + chunkBytes);
    const chunk = body.subarray(at, end);
    at = end;
    if (at >= body.length) {
      res.end(chunk);
      return;
    }
    res.write(chunk);
    setTimeout(next, pauseMs);
  };
  next();
}

/** avatars.githubusercontent.com: a small generated SVG per path (no internet here). */
function avatar(pathname: string): Reply {
  const hue = [...pathname].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  const copilot = pathname.startsWith('/in/1143301');
  const fill = copilot ? '#8250df' : `hsl(${hue} 55% 55%)`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><rect width="40" height="40" rx="20" fill="${fill}"/><circle cx="20" cy="16" r="7" fill="#fff" opacity=".85"/><rect x="9" y="26" width="22" height="9" rx="4.5" fill="#fff" opacity=".85"/></svg>`;
  return { status: 200, body: svg, headers: { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' } };
}

function notFoundPage(): string {
  return '<!DOCTYPE html><html lang="en" data-color-mode="light"><head><meta charset="utf-8"><title>Page not found · GitHub</title></head><body><main><h1>404</h1><p>This is not the web page you are looking for.</p></main></body></html>';
}

export async function startTwin(opts: StartTwinOptions): Promise<Twin> {
  const scenario = typeof opts.scenario === 'string' ? loadScenarioFile(opts.scenario) : opts.scenario;
  const server = new TwinServer(scenario, opts.quiet ?? false);
  if (opts.validate) server.validation = [];
  const url = await server.listen(opts.port ?? 0);
  if (!opts.quiet) console.log(`[twin] ${scenario.name ?? 'scenario'} on ${url}`);
  return {
    url,
    clock: {
      now: () => server.clock.now(),
      advance: (ms: number) => server.clock.advance(ms),
    },
    load: (s: Scenario) => server.load(s),
    requests: () => server.requests(),
    clearRequests: () => server.clearRequests(),
    fault: (f: Fault) => server.fault(f),
    state: () => server.state(),
    violations: () => [...(server.validation ?? [])],
    close: () => server.close(),
  };
}

/** Used by `json()` callers that need a typed empty body. */
export { json };
