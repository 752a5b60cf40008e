/** The Copilot API (api.githubcopilot.com, api.individual.githubcopilot.com): sessions, logs, steer. */
import { type Ctx, intParam, json, parseJsonBody, type Reply, type Route, route, text } from './http';
import { capiSession } from './shapes';
import type { Session } from './world';

/**
 * What GitHub answers every token this extension can hold (docs/fidelity.md, "Copilot API refuses"): 400 without a
 * `Copilot-Integration-Id` header, 400 for a personal access token. Only a scenario with `capiAcceptsTokens` (the
 * day GitHub opens the API) lets a token marked `copilotApi` through.
 */
export const CAPI_NO_INTEGRATION_ID = 'bad request: missing required Copilot-Integration-Id header';
export const CAPI_PAT_REFUSED =
  'checking third-party user token: bad request: Personal Access Tokens are not supported for this endpoint';
export const CAPI_UNKNOWN_INTEGRATION = 'bad request: unknown Copilot-Integration-Id';

function denied(ctx: Ctx): Reply | null {
  if (ctx.tokenState !== 'ok' || !ctx.token) return text(401, 'unauthorized: token expired or invalid\n');
  if (ctx.world.capiAccepts && ctx.token.copilotApi) return null;
  const integration = ctx.headers['copilot-integration-id'];
  if (!integration) return text(400, `${CAPI_NO_INTEGRATION_ID}\n`);
  if (ctx.token.kind !== 'oauth') return text(400, `${CAPI_PAT_REFUSED}\n`);
  return text(400, `${CAPI_UNKNOWN_INTEGRATION}\n`);
}

function mySessions(ctx: Ctx): Session[] {
  const t = ctx.clock.now();
  return ctx.world.visibleSessions(t).filter((s) => s.user === ctx.token!.user || s.task.creator === ctx.token!.user);
}

function list(ctx: Ctx): Reply {
  const refused = denied(ctx);
  if (refused) return refused;
  const t = ctx.clock.now();
  const size = intParam(ctx.query, 'page_size', 50, 1, 100);
  const page = intParam(ctx.query, 'page_number', 1, 1, 1_000_000);
  const [field, dir] = (ctx.query.get('sort') ?? 'last_updated_at,desc').split(',');
  const key = (s: Session): number => (field === 'created_at' ? s.createdAt : ctx.world.updatedAt(s, t));
  const sessions = mySessions(ctx).sort((a, b) => (dir === 'asc' ? key(a) - key(b) : key(b) - key(a)));
  return json(200, {
    sessions: sessions.slice((page - 1) * size, page * size).map((s) => capiSession(s, ctx.world, t)),
  });
}

function one(ctx: Ctx): Reply {
  const refused = denied(ctx);
  if (refused) return refused;
  const s = mySessions(ctx).find((x) => x.id === ctx.params.id);
  if (!s) return json(404, { error: { message: 'session not found', code: 'not_found' } });
  return json(200, capiSession(s, ctx.world, ctx.clock.now()));
}

function logs(ctx: Ctx): Reply {
  const refused = denied(ctx);
  if (refused) return refused;
  const s = mySessions(ctx).find((x) => x.id === ctx.params.id);
  if (!s) return json(404, { error: { message: 'session not found', code: 'not_found' } });
  return text(200, ctx.world.logText(s, ctx.clock.now()));
}

function byPull(ctx: Ctx): Reply {
  const refused = denied(ctx);
  if (refused) return refused;
  const t = ctx.clock.now();
  const id = Number(ctx.params.id);
  const sessions = ctx.world.visibleSessions(t).filter((s) => s.task.pull?.id === id);
  return json(200, { sessions: sessions.map((s) => capiSession(s, ctx.world, t)) });
}

function steer(ctx: Ctx): Reply {
  const refused = denied(ctx);
  if (refused) return refused;
  const body = parseJsonBody(ctx);
  if (!body || body.type !== 'abort')
    return json(400, { error: { message: 'unsupported steer type', code: 'bad_request' } });
  const t = ctx.clock.now();
  const task = ctx.world.tasks.find((x) => x.id === ctx.params.id && x.creator === ctx.token!.user);
  if (!task) return json(404, { error: { message: 'task not found', code: 'not_found' } });
  const running = [...task.sessions].reverse().find((s) => s.createdAt <= t && ctx.world.endedAt(s, t) == null);
  if (running) ctx.world.cancel(running, t, false);
  return { status: 202, body: '', headers: { 'content-type': 'text/plain; charset=utf-8' } };
}

export const capiRoutes: Route[] = [
  route('GET', '/agents/sessions', list),
  route('GET', '/agents/sessions/resource/pull/:id', byPull),
  route('GET', '/agents/resource/pull/:id', byPull),
  route('GET', '/agents/sessions/:id', one),
  route('GET', '/agents/sessions/:id/logs', logs),
  route('POST', '/agents/tasks/:id/steer', steer),
];
