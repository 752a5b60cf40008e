/**
 * Typed, person-worded errors. Every failure from the API layer becomes an `AppError` (utils/model/errors.ts) with the fix
 * in words and an https link. Messages never contain the token.
 */
import { type AppError, appError, GitHubError } from '../model/errors';
import {
  classicTokenLink,
  GITHUB_STATUS,
  orgOAuthPolicyLink,
  orgTokenPolicyLink,
  RATE_LIMIT_DOCS,
  tokenSettingsLink,
} from './links';

function isAppError(value: unknown): value is AppError {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as AppError).kind === 'string' &&
    typeof (value as AppError).message === 'string'
  );
}

interface HttpLike {
  status?: number;
  message?: string;
  name?: string;
  cause?: unknown;
  response?: { headers?: Record<string, string | undefined>; data?: unknown; url?: string };
  request?: { url?: string; method?: string };
}

interface ErrorContext {
  host?: string;
  /** Permission the caller needed, used when GitHub does not say ("Actions: write"). */
  permission?: string;
  tokenKind?: 'classic' | 'fine-grained' | 'oauth' | 'unknown';
  now?: number;
}

const PERMISSION_NAMES: Record<string, string> = {
  actions: 'Actions',
  agent_tasks: 'Agent tasks',
  pull_requests: 'Pull requests',
  contents: 'Contents',
  metadata: 'Metadata',
  issues: 'Issues',
  copilot_requests: 'Copilot requests',
};

/** `actions=write; pull_requests=read` → "Actions: write". */
function describeAcceptedPermissions(header: string | undefined): string | null {
  if (!header) return null;
  const first = header.split(/[;,]/)[0]?.trim();
  if (!first) return null;
  const [name, level] = first.split('=').map((s) => s.trim());
  if (!name) return null;
  const label = PERMISSION_NAMES[name] ?? name.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
  return level ? `${label}: ${level}` : label;
}

function header(err: HttpLike, name: string): string | undefined {
  const h = err.response?.headers;
  if (!h) return undefined;
  const v = h[name] ?? h[name.toLowerCase()];
  return typeof v === 'string' ? v : v == null ? undefined : String(v);
}

function githubMessage(err: HttpLike): string {
  const data = err.response?.data;
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string')
    return (data as { message: string }).message;
  if (typeof data === 'string' && data.length < 500) return data;
  return err.message ?? '';
}

/** GitHub's 422 bodies carry the reason in `errors[]` ("No commit found for the ref nope"), not in `message`. */
function validationDetails(err: HttpLike): string {
  const errors = (err.response?.data as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return '';
  return errors
    .map((e) => {
      if (typeof e === 'string') return e;
      if (!e || typeof e !== 'object') return '';
      const { message, field, code } = e as { message?: unknown; field?: unknown; code?: unknown };
      if (typeof message === 'string' && message) return message;
      return [field, code].filter((x) => typeof x === 'string' && x).join(' ');
    })
    .filter(Boolean)
    .slice(0, 3)
    .join('; ')
    .slice(0, 300);
}

function pathOf(err: HttpLike): string {
  const url = err.request?.url ?? err.response?.url ?? '';
  try {
    return new URL(url, 'https://api.github.com').pathname;
  } catch {
    return '';
  }
}

function isOfflineError(err: HttpLike): boolean {
  if (err.name === 'AbortError' || err.name === 'TimeoutError') return true;
  if (err.name === 'TypeError') return true;
  const cause = err.cause as HttpLike | undefined;
  return (
    !!cause &&
    typeof cause === 'object' &&
    (cause.name === 'TypeError' || cause.name === 'AbortError' || cause.name === 'TimeoutError')
  );
}

function rateLimitRetryAt(err: HttpLike, now: number): string | null {
  const retryAfter = Number(header(err, 'retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return new Date(now + retryAfter * 1000).toISOString();
  const reset = Number(header(err, 'x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000).toISOString();
  return null;
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Turns anything thrown by Octokit, fetch or our code into a typed, person-worded AppError. */
export function toAppError(error: unknown, ctx: ErrorContext = {}): AppError {
  if (error instanceof GitHubError) return error.appError;
  if (isAppError(error)) return error;
  const host = ctx.host ?? 'github.com';
  const now = ctx.now ?? Date.now();
  const err = (error && typeof error === 'object' ? error : { message: String(error) }) as HttpLike;
  const status = typeof err.status === 'number' ? err.status : null;

  if (isOfflineError(err) || (status === 500 && !err.response)) {
    return appError('offline', 'GitHub cannot be reached: you seem to be offline, or the connection failed.', {
      fix: 'Check your connection; the extension retries by itself and keeps showing what it last knew.',
      link: GITHUB_STATUS,
      status: null,
    });
  }
  if (status == null) {
    return appError('github-error', `Something went wrong: ${err.message ?? 'unknown error'}`, {
      fix: 'Try again; if it persists, reload the extension.',
      link: null,
    });
  }
  const msg = githubMessage(err);
  const path = pathOf(err);

  if (status === 401) {
    const exp = header(err, 'github-authentication-token-expiration');
    const expAt = exp ? Date.parse(exp.replace(' UTC', 'Z').replace(' ', 'T')) || Date.parse(exp) : Number.NaN;
    if (!Number.isNaN(expAt) && expAt <= now) {
      return appError('expired-token', `Your GitHub token expired on ${new Date(expAt).toISOString().slice(0, 10)}.`, {
        fix: 'Create a new token (or regenerate this one) and sign in again.',
        link: tokenSettingsLink(host, ctx.tokenKind),
        status,
      });
    }
    return appError('bad-token', 'GitHub rejected the token: it is wrong, revoked or expired.', {
      fix: 'Create a new token and sign in again.',
      link: classicTokenLink(host),
      status,
    });
  }

  if (status === 403 || status === 429) {
    const remaining = header(err, 'x-ratelimit-remaining');
    if (status === 429 || remaining === '0' || header(err, 'retry-after') || /rate limit/i.test(msg)) {
      const retryAt = rateLimitRetryAt(err, now);
      const secondary = /secondary/i.test(msg);
      return appError(
        'rate-limited',
        `GitHub’s ${secondary ? 'secondary ' : ''}rate limit was reached${retryAt ? `; requests resume at ${formatTime(retryAt)}` : ''}.`,
        { fix: 'Nothing to do: the extension waits and resumes by itself.', link: RATE_LIMIT_DOCS, retryAt, status },
      );
    }
    const sso = header(err, 'x-github-sso');
    if (sso && /required/i.test(sso)) {
      const url = /url=(\S+)/.exec(sso)?.[1] ?? null;
      const org = url
        ? (/\/orgs\/([^/]+)\/sso/.exec(url)?.[1] ?? null)
        : (/partial-results; organizations=(\S+)/.exec(sso)?.[1] ?? null);
      const link = url?.startsWith('https://') ? url : tokenSettingsLink(host, ctx.tokenKind);
      return appError(
        'sso-required',
        `The ${org ? `“${decodeURIComponent(org)}”` : ''} organization uses SAML single sign-on and this token is not authorized for it.`.replace(
          'The  organization',
          'An organization',
        ),
        {
          fix: 'Authorize the token for single sign-on (open the link, then sign in with your identity provider).',
          link,
          org: org ? decodeURIComponent(org) : null,
          status,
        },
      );
    }
    const policy =
      /the [`'"“]?([\w.-]+)[`'"”]? organization has (forbidden access via (fine-grained )?personal access tokens|enabled OAuth App access restrictions|forbidden access via classic personal access tokens)/i.exec(
        msg,
      );
    if (policy || /organization has (forbidden|enabled OAuth App access restrictions)/i.test(msg)) {
      const org = policy?.[1] ?? null;
      const oauth = /OAuth App/i.test(msg);
      return appError(
        'org-policy',
        `The ${org ? `“${org}” ` : ''}organization’s policy refuses this kind of ${oauth ? 'app' : 'token'}.`,
        {
          fix: oauth
            ? 'Ask an organization owner to approve the app, or sign in with a personal access token.'
            : 'Use a token kind the organization allows (a fine-grained token approved by the organization), or ask an owner to change the policy.',
          link: org
            ? oauth
              ? orgOAuthPolicyLink(org, host)
              : orgTokenPolicyLink(org, host)
            : tokenSettingsLink(host, ctx.tokenKind),
          org,
          status,
        },
      );
    }
    // On /agents a 403 means "not on this plan" unless GitHub says a permission is missing.
    const permissionRefusal =
      /Resource not accessible by (personal access token|integration)/i.test(msg) ||
      !!header(err, 'x-accepted-github-permissions');
    if (path.startsWith('/agents') && !permissionRefusal) return notAvailable(host, status, msg);
    const permission =
      describeAcceptedPermissions(header(err, 'x-accepted-github-permissions')) ??
      (header(err, 'x-accepted-oauth-scopes') ? `${header(err, 'x-accepted-oauth-scopes')} (scope)` : null) ??
      ctx.permission ??
      (path.startsWith('/agents') && ctx.tokenKind === 'classic' ? 'repo (scope)' : null);
    return appError(
      'missing-permission',
      permission ? `The token lacks the “${permission}” permission.` : 'The token does not have permission for this.',
      {
        fix: `Edit the token on GitHub and add ${permission ? `“${permission}”` : 'the missing permission'} (fine-grained) or the \`repo\` scope (classic), then sign in again.`,
        link: tokenSettingsLink(host, ctx.tokenKind),
        permission,
        status,
      },
    );
  }

  if (status === 404) {
    if (path.startsWith('/agents')) return notAvailable(host, status, msg);
    return appError(
      'not-found',
      'GitHub could not find it — it was deleted, or the token cannot see this repository.',
      {
        fix: 'Check that the token has access to the repository (fine-grained tokens list their repositories).',
        link: tokenSettingsLink(host, ctx.tokenKind),
        status,
      },
    );
  }
  // Reading the Agent tasks API: how GitHub answers an account without it is undocumented (400, 403, 404 and 422
  // are all plausible). Our reads send valid parameters, so a 400/422 there means "not available" too.
  const reading = (err.request?.method ?? 'GET').toUpperCase() === 'GET';
  if ((status === 400 || status === 422) && reading && path.startsWith('/agents')) {
    return notAvailable(host, status, [msg, validationDetails(err)].filter(Boolean).join(' — '));
  }
  if (status === 400 || status === 409 || status === 422) {
    const details = validationDetails(err);
    const full = [msg, details].filter(Boolean).join(' — ');
    return appError('validation', full ? `GitHub refused the request: ${full}` : 'GitHub refused the request.', {
      fix: 'Check the input and try again.',
      link: null,
      status,
    });
  }
  if (status >= 500) {
    return appError('github-error', `GitHub answered with an error (${status}).`, {
      fix: 'This usually passes: the extension retries by itself.',
      link: GITHUB_STATUS,
      status,
    });
  }
  return appError('github-error', `GitHub answered ${status}${msg ? `: ${msg}` : ''}.`, {
    fix: 'Try again later.',
    link: GITHUB_STATUS,
    status,
  });
}

function notAvailable(host: string, status: number | null = null, said: string | null = null): AppError {
  const answer = status ? ` GitHub answered ${status}${said ? `: “${said.slice(0, 200)}”` : ''}.` : '';
  return appError(
    'not-available',
    `The Agent tasks API is not available for this account: not on this plan, or not enabled here.${answer}`,
    {
      fix: 'Sessions are read from pull requests, timelines and Actions runs instead. Copilot Business/Enterprise (and later Pro) plans include the API.',
      link: `${host === 'github.com' ? 'https://github.com' : `https://${host}`}/copilot/agents`,
      status,
    },
  );
}

/** The HTTP status of an Octokit error, when there is one. */
export function statusOf(error: unknown): number | null {
  if (error instanceof GitHubError) return error.appError.status ?? null;
  const s = (error as HttpLike | null)?.status;
  return typeof s === 'number' ? s : null;
}
