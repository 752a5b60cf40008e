/** github.com OAuth device flow: POST /login/device/code and POST /login/oauth/access_token. */
import { type Ctx, type Reply, type Route, route } from './http';

function params(ctx: Ctx): Record<string, string> {
  const type = String(ctx.headers['content-type'] ?? '');
  if (type.includes('json')) {
    try {
      const v = JSON.parse(ctx.body || '{}') as Record<string, unknown>;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
    } catch {
      return {};
    }
  }
  const merged = new URLSearchParams(ctx.query);
  for (const [k, v] of new URLSearchParams(ctx.body)) merged.set(k, v);
  return Object.fromEntries(merged);
}

/** GitHub answers form-encoded unless asked for JSON (errors too, with status 200). */
function answer(ctx: Ctx, body: Record<string, string | number>, status = 200): Reply {
  const accept = String(ctx.headers.accept ?? '');
  if (accept.includes('application/json')) return { status, body };
  const form = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString();
  return { status, body: form, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } };
}

function oauthError(ctx: Ctx, error: string, description: string, extra: Record<string, string | number> = {}): Reply {
  return answer(ctx, {
    error,
    error_description: description,
    error_uri: 'https://docs.github.com/developers/apps/authorizing-oauth-apps#error-codes-for-the-device-flow',
    ...extra,
  });
}

function deviceCode(ctx: Ctx): Reply {
  const p = params(ctx);
  const df = ctx.world.scenario.deviceFlow ?? {};
  if (!p.client_id || (df.clientId && p.client_id !== df.clientId)) {
    return answer(ctx, { error: 'Not Found' }, 404);
  }
  const grant = {
    deviceCode: df.deviceCode ?? `3584d83530557fdd1f46af8289938c8ef79f9dc${ctx.world.deviceGrants.size}`,
    userCode: df.userCode ?? 'WDJB-MJHT',
    createdAt: ctx.clock.now(),
    polls: 0,
    interval: df.interval ?? 5,
  };
  ctx.world.deviceGrants.set(grant.deviceCode, grant);
  return answer(ctx, {
    device_code: grant.deviceCode,
    user_code: grant.userCode,
    verification_uri: df.verificationUri ?? 'https://github.com/login/device',
    expires_in: df.expiresIn ?? 900,
    interval: grant.interval,
  });
}

function accessToken(ctx: Ctx): Reply {
  const p = params(ctx);
  const df = ctx.world.scenario.deviceFlow ?? {};
  if (!p.client_id || (df.clientId && p.client_id !== df.clientId)) {
    return oauthError(ctx, 'incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.');
  }
  if (p.grant_type !== 'urn:ietf:params:oauth:grant-type:device_code') {
    return oauthError(
      ctx,
      'unsupported_grant_type',
      'The grant type must be urn:ietf:params:oauth:grant-type:device_code.',
    );
  }
  const grant = ctx.world.deviceGrants.get(p.device_code ?? '');
  if (!grant) return oauthError(ctx, 'incorrect_device_code', 'The device_code provided is not valid.');
  const expiresIn = (df.expiresIn ?? 900) * 1000;
  if (ctx.clock.now() - grant.createdAt > expiresIn) {
    return oauthError(ctx, 'expired_token', 'The `device_code` has expired.');
  }
  const result = ctx.world.deviceAnswer(grant);
  grant.polls++;
  switch (result) {
    case 'authorization_pending':
      return oauthError(ctx, 'authorization_pending', 'The authorization request is still pending.');
    case 'slow_down':
      grant.interval += 5;
      return oauthError(ctx, 'slow_down', 'Too many requests have been made in the same timeframe.', {
        interval: grant.interval,
      });
    case 'expired_token':
      return oauthError(ctx, 'expired_token', 'The `device_code` has expired.');
    case 'access_denied':
      return oauthError(ctx, 'access_denied', 'The authorization request was denied.');
    default:
      ctx.world.deviceGrants.delete(grant.deviceCode);
      return answer(ctx, {
        access_token: df.token ?? 'gho_twin_device_token',
        token_type: 'bearer',
        scope: df.scope ?? 'repo',
      });
  }
}

export const deviceRoutes: Route[] = [
  route('POST', '/login/device/code', deviceCode),
  route('POST', '/login/oauth/access_token', accessToken),
];
