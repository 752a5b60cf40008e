/**
 * Validation of every request the background receives: exact shape per type (no unknown keys), strings capped,
 * numbers finite. Returns the typed Request or a `validation` AppError. Pure.
 */
import type { AppError } from '../model/errors';
import type { Settings } from '../model/settings';
import type { NewTaskInput, Request } from './protocol';

export const LIMITS = {
  name: 100,
  sessionId: 200,
  token: 255,
  host: 253,
  prompt: 30_000,
  ref: 255,
  model: 100,
  ids: 500,
  login: 39,
  /** A follow-up comment's text (GitHub takes 65,536 characters; ours stays well under). */
  comment: 10_000,
} as const;

type Result = { ok: true; request: Request } | { ok: false; error: AppError };

class Invalid extends Error {}

function bad(message: string): never {
  throw new Invalid(message);
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) bad(`${what} must be an object`);
  return v as Record<string, unknown>;
}

function keys(o: Record<string, unknown>, allowed: string[], what: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) bad(`${what}: unexpected field “${k.slice(0, 40)}”`);
}

function str(v: unknown, what: string, max: number, min = 1): string {
  if (typeof v !== 'string') bad(`${what} must be text`);
  if (v.length < min) bad(`${what} is empty`);
  if (v.length > max) bad(`${what} is too long (at most ${max} characters)`);
  return v;
}

function optStr(v: unknown, what: string, max: number): string | undefined {
  return v === undefined ? undefined : str(v, what, max);
}

const NAME = /^[A-Za-z0-9_.-]+$/;
function ghName(v: unknown, what: string): string {
  const s = str(v, what, LIMITS.name);
  if (!NAME.test(s)) bad(`${what} has characters GitHub does not allow`);
  return s;
}

function int(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isInteger(v)) bad(`${what} must be a whole number`);
  if (v < min || v > max) bad(`${what} is out of range`);
  return v;
}

function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') bad(`${what} must be true or false`);
  return v;
}

const PR_EVENT_KEYS = ['prReviewed', 'prChecksFailed', 'prMergedClosed'] as const;

function settingsPatch(v: unknown): Partial<Settings> {
  const o = obj(v, 'settings');
  keys(o, ['host', 'notify', 'pollActiveSec', 'pollIdleSec', 'features', 'confirmStop', 'theme'], 'settings');
  const out: Partial<Settings> = {};
  if (o.host !== undefined) out.host = str(o.host, 'host', LIMITS.host);
  if (o.notify !== undefined) {
    const n = obj(o.notify, 'notify');
    keys(n, ['completed', 'failed', 'timedOut', 'waiting', ...PR_EVENT_KEYS], 'notify');
    for (const k of ['completed', 'failed', 'timedOut', 'waiting'] as const)
      if (n[k] === undefined) bad(`notify.${k} is required`);
    out.notify = {
      completed: bool(n.completed, 'notify.completed'),
      failed: bool(n.failed, 'notify.failed'),
      timedOut: bool(n.timedOut, 'notify.timedOut'),
      waiting: bool(n.waiting, 'notify.waiting'),
    } as Settings['notify'];
    // The PR events came later: a patch without them (an older page) keeps what is stored (account.ts merges).
    for (const k of PR_EVENT_KEYS) if (n[k] !== undefined) out.notify[k] = bool(n[k], `notify.${k}`);
  }
  if (o.pollActiveSec !== undefined) out.pollActiveSec = int(o.pollActiveSec, 'pollActiveSec', 30, 3600);
  if (o.pollIdleSec !== undefined) out.pollIdleSec = int(o.pollIdleSec, 'pollIdleSec', 30, 86_400);
  if (o.features !== undefined) {
    const f = obj(o.features, 'features');
    keys(f, ['badges', 'drawer', 'listBadges'], 'features');
    for (const k of ['badges', 'drawer', 'listBadges'] as const)
      if (f[k] === undefined) bad(`features.${k} is required`);
    out.features = {
      badges: bool(f.badges, 'features.badges'),
      drawer: bool(f.drawer, 'features.drawer'),
      listBadges: bool(f.listBadges, 'features.listBadges'),
    };
  }
  if (o.confirmStop !== undefined) out.confirmStop = bool(o.confirmStop, 'confirmStop');
  if (o.theme !== undefined) {
    if (o.theme !== 'auto' && o.theme !== 'light' && o.theme !== 'dark') bad('theme must be auto, light or dark');
    out.theme = o.theme;
  }
  return out;
}

function taskInput(v: unknown): NewTaskInput {
  const o = obj(v, 'input');
  keys(o, ['owner', 'repo', 'prompt', 'baseRef', 'model', 'customAgent', 'createPullRequest'], 'input');
  const prompt = str(o.prompt, 'prompt', LIMITS.prompt);
  if (prompt.trim() === '') bad('prompt is empty');
  const input: NewTaskInput = {
    owner: ghName(o.owner, 'owner'),
    repo: ghName(o.repo, 'repo'),
    prompt,
    createPullRequest: bool(o.createPullRequest, 'createPullRequest'),
  };
  const baseRef = optStr(o.baseRef, 'baseRef', LIMITS.ref);
  if (baseRef !== undefined) input.baseRef = baseRef;
  const model = optStr(o.model, 'model', LIMITS.model);
  if (model !== undefined) input.model = model;
  const customAgent = optStr(o.customAgent, 'customAgent', LIMITS.name);
  if (customAgent !== undefined) input.customAgent = customAgent;
  return input;
}

/** An account a request names (`host/login`, utils/background/accounts.ts), when it names one. */
function account(o: Record<string, unknown>): { account?: string } {
  return o.account === undefined ? {} : { account: str(o.account, 'account', LIMITS.host + 1 + LIMITS.login) };
}

/** Whether a sign-in adds an account beside those signed in, when it says. */
function add(o: Record<string, unknown>): { add?: boolean } {
  return o.add === undefined ? {} : { add: bool(o.add, 'add') };
}

function parse(v: unknown): Request {
  const o = obj(v, 'request');
  const type = o.type;
  switch (type) {
    case 'signOut':
    case 'listRecentRepos':
      keys(o, ['type', 'account'], type);
      return { type, ...account(o) };
    case 'getState':
    case 'deviceFlowPoll':
    case 'getUsageHistory':
    case 'openOptions':
      keys(o, ['type'], type);
      return { type };
    case 'refresh': {
      keys(o, ['type', 'reason'], type);
      if (o.reason !== 'popup' && o.reason !== 'page' && o.reason !== 'manual' && o.reason !== 'drawer')
        bad('refresh.reason is not known');
      return { type, reason: o.reason };
    }
    case 'markRead': {
      keys(o, ['type', 'ids', 'read'], type);
      if (!Array.isArray(o.ids)) bad('ids must be a list');
      if (o.ids.length > LIMITS.ids) bad(`ids: at most ${LIMITS.ids}`);
      return { type, ids: o.ids.map((id) => str(id, 'id', LIMITS.sessionId)), read: bool(o.read, 'read') };
    }
    case 'stopSession':
      keys(o, ['type', 'sessionId', 'pageLogin'], type);
      return {
        type,
        sessionId: str(o.sessionId, 'sessionId', LIMITS.sessionId),
        pageLogin:
          o.pageLogin === null || o.pageLogin === undefined ? null : str(o.pageLogin, 'pageLogin', LIMITS.login),
      };
    case 'getLog':
      keys(o, ['type', 'sessionId', 'offset'], type);
      return {
        type,
        sessionId: str(o.sessionId, 'sessionId', LIMITS.sessionId),
        offset: int(o.offset, 'offset', 0, Number.MAX_SAFE_INTEGER),
      };
    case 'getRepoSessions':
      keys(o, ['type', 'owner', 'repo', 'account'], type);
      return { type, owner: ghName(o.owner, 'owner'), repo: ghName(o.repo, 'repo'), ...account(o) };
    case 'askForChanges':
      keys(o, ['type', 'sessionId', 'text', 'pageLogin'], type);
      return {
        type,
        sessionId: str(o.sessionId, 'sessionId', LIMITS.sessionId),
        text: str(o.text, 'text', LIMITS.comment),
        pageLogin:
          o.pageLogin === null || o.pageLogin === undefined ? null : str(o.pageLogin, 'pageLogin', LIMITS.login),
      };
    case 'startTask':
      keys(o, ['type', 'input', 'account'], type);
      return { type, input: taskInput(o.input), ...account(o) };
    case 'signIn':
      keys(o, ['type', 'token', 'host', 'add'], type);
      return {
        type,
        token: str(o.token, 'token', LIMITS.token).trim(),
        host: str(o.host, 'host', LIMITS.host),
        ...add(o),
      };
    case 'deviceFlowStart':
      keys(o, ['type', 'host', 'add'], type);
      return { type, host: str(o.host, 'host', LIMITS.host), ...add(o) };
    case 'setSettings':
      keys(o, ['type', 'settings'], type);
      return { type, settings: settingsPatch(o.settings) };
    case 'openSession':
      keys(o, ['type', 'sessionId', 'newTab'], type);
      return { type, sessionId: str(o.sessionId, 'sessionId', LIMITS.sessionId), newTab: bool(o.newTab, 'newTab') };
    default:
      bad(`unknown request type ${typeof type === 'string' ? `“${type.slice(0, 40)}”` : ''}`.trim());
  }
}

export function parseRequest(value: unknown): Result {
  try {
    return { ok: true, request: parse(value) };
  } catch (e) {
    const message = e instanceof Invalid ? e.message : 'malformed request';
    return { ok: false, error: { kind: 'validation', message: `Invalid request: ${message}.`, fix: null, link: null } };
  }
}
