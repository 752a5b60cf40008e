/**
 * Security review → tests: every message the background receives is validated for shape (utils/messages/validate.ts)
 * and sender (utils/background/router.ts). Content scripts may only send CONTENT_SCRIPT_REQUESTS, only from
 * https://github.com (or the configured *.ghe.com host); other extensions and web pages are refused before the
 * engine sees anything.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../../utils/background/engine';
import { allowedPageOrigins, checkSender, route, type SenderLike } from '../../../utils/background/router';
import { CONTENT_SCRIPT_REQUESTS, type Request, type RequestType } from '../../../utils/messages/protocol';
import { LIMITS, parseRequest } from '../../../utils/messages/validate';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT_ID}`;
const CTX = { extensionId: EXT_ID, extensionOrigin: ORIGIN, host: 'github.com' };
const TOKEN = 'ghp_SECRETsecretSECRETsecretSECRETsecret12';

/** One valid request of every type (the protocol's whole surface). */
const VALID: Record<RequestType, Request> = {
  getState: { type: 'getState' },
  refresh: { type: 'refresh', reason: 'manual' },
  markRead: { type: 'markRead', ids: ['a'], read: true },
  stopSession: { type: 'stopSession', sessionId: 's1', pageLogin: 'octo' },
  getLog: { type: 'getLog', sessionId: 's1', offset: 0 },
  startTask: {
    type: 'startTask',
    input: { owner: 'octo-org', repo: 'webapp', prompt: 'Fix it', createPullRequest: true },
  },
  getRepoSessions: { type: 'getRepoSessions', owner: 'octo-org', repo: 'webapp' },
  askForChanges: { type: 'askForChanges', sessionId: 's1', text: 'Add tests', pageLogin: 'octo' },
  signIn: { type: 'signIn', token: TOKEN, host: 'github.com' },
  signOut: { type: 'signOut' },
  deviceFlowStart: { type: 'deviceFlowStart', host: 'github.com' },
  deviceFlowPoll: { type: 'deviceFlowPoll' },
  setSettings: { type: 'setSettings', settings: { confirmStop: true } },
  listRecentRepos: { type: 'listRecentRepos' },
  getUsageHistory: { type: 'getUsageHistory' },
  openSession: { type: 'openSession', sessionId: 's1', newTab: true },
  openOptions: { type: 'openOptions' },
};
const ALL_TYPES = Object.keys(VALID) as RequestType[];
const PAGE_FORBIDDEN = ALL_TYPES.filter((t) => !CONTENT_SCRIPT_REQUESTS.includes(t));

const extensionPage: SenderLike = { id: EXT_ID, url: `${ORIGIN}/popup.html` };
const prPage = (url = 'https://github.com/octo-org/webapp/pull/42'): SenderLike => ({
  id: EXT_ID,
  url,
  tab: { id: 7 },
});

describe('parseRequest: the shape of every request', () => {
  it('accepts one well-formed request of every type and returns exactly what was sent', () => {
    for (const type of ALL_TYPES) {
      const parsed = parseRequest(structuredClone(VALID[type]));
      expect(parsed, type).toEqual({ ok: true, request: VALID[type] });
    }
  });

  it('refuses an unknown field on every type (no smuggled options)', () => {
    for (const type of ALL_TYPES) {
      const parsed = parseRequest({ ...VALID[type], __proto_hack: 1 });
      expect(parsed.ok, type).toBe(false);
      if (!parsed.ok) expect(parsed.error.kind).toBe('validation');
    }
  });

  it('refuses non-objects, arrays, unknown types and missing types', () => {
    for (const v of [null, undefined, 0, 'getState', [], [{ type: 'getState' }], {}, { type: 'evil' }, { type: 1 }]) {
      expect(parseRequest(v).ok, JSON.stringify(v)).toBe(false);
    }
  });

  it('refuses wrong field types and out-of-range values', () => {
    const bad: unknown[] = [
      { type: 'refresh', reason: 'alarm' },
      // Pages ask no questions any more (issue 19: their PRs' sessions are pushed): the old ones are unknown.
      { type: 'getPrSessions', owner: 'octo', repo: 'x', number: 1 },
      { type: 'getRepoPrStates', owner: 'o', repo: 'r', numbers: [1] },
      { type: 'startTask', input: { owner: '../../etc', repo: 'x', prompt: 'p', createPullRequest: true } },
      { type: 'startTask', input: { owner: 'octo', repo: 'a b', prompt: 'p', createPullRequest: true } },
      { type: 'markRead', ids: Array.from({ length: LIMITS.ids + 1 }, () => 'x'), read: true },
      { type: 'markRead', ids: ['x'], read: 'yes' },
      { type: 'stopSession', sessionId: '', pageLogin: null },
      { type: 'stopSession', sessionId: 'x'.repeat(LIMITS.sessionId + 1), pageLogin: null },
      { type: 'getLog', sessionId: 's', offset: -1 },
      { type: 'signIn', token: 'x'.repeat(LIMITS.token + 1), host: 'github.com' },
      { type: 'signIn', token: 42, host: 'github.com' },
      { type: 'setSettings', settings: { pollActiveSec: 1 } },
      { type: 'setSettings', settings: { theme: 'javascript:alert(1)' } },
      { type: 'setSettings', settings: { notify: { completed: true } } },
      { type: 'startTask', input: { owner: 'o', repo: 'r', prompt: '   ', createPullRequest: true } },
      {
        type: 'startTask',
        input: { owner: 'o', repo: 'r', prompt: 'x'.repeat(LIMITS.prompt + 1), createPullRequest: true },
      },
      { type: 'openSession', sessionId: 's', newTab: 1 },
    ];
    for (const v of bad) expect(parseRequest(v).ok, JSON.stringify(v).slice(0, 120)).toBe(false);
  });

  it('never echoes a secret it refuses (an over-long token is not repeated in the error)', () => {
    const long = `ghp_${'S'.repeat(LIMITS.token)}`;
    const parsed = parseRequest({ type: 'signIn', token: long, host: 'github.com' });
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain('SSSSSSSS');
    const typed = parseRequest({ type: 'signIn', token: { value: TOKEN }, host: 'github.com' });
    expect(JSON.stringify(typed)).not.toContain(TOKEN);
  });

  it('fuzz: never throws, refuses junk, and whatever it accepts is a known type that re-validates to itself', () => {
    const arbRequestLike = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom(...ALL_TYPES, 'eval', '__proto__', 'constructor') }, { requiredKeys: [] }),
      fc.dictionary(
        fc.constantFrom('type', 'token', 'host', 'ids', 'reason', 'sessionId', 'settings', 'x'),
        fc.anything(),
      ),
      fc
        .constantFrom(...ALL_TYPES)
        .chain((t) =>
          fc
            .record({ extra: fc.dictionary(fc.string(), fc.jsonValue()) })
            .map(({ extra }) => ({ ...extra, ...VALID[t] })),
        ),
    );
    fc.assert(
      fc.property(arbRequestLike, (value) => {
        const parsed = parseRequest(value);
        if (!parsed.ok) {
          expect(parsed.error.kind).toBe('validation');
          expect(parsed.error.message.length).toBeLessThan(200);
          return;
        }
        expect(ALL_TYPES).toContain(parsed.request.type);
        expect(parseRequest(structuredClone(parsed.request))).toEqual(parsed);
      }),
      { numRuns: 400 },
    );
  });
});

describe('checkSender: who may send what', () => {
  it('extension pages (popup, options, drawer) may send every type', () => {
    for (const type of ALL_TYPES) expect(checkSender(extensionPage, type, CTX), type).toBeNull();
    expect(
      checkSender({ id: EXT_ID, url: `${ORIGIN}/drawer.html#session=x`, tab: { id: 3 } }, 'getLog', CTX),
    ).toBeNull();
  });

  it('another extension, or a sender without our id, is refused for every type', () => {
    for (const type of ALL_TYPES) {
      expect(checkSender({ id: 'other-extension-id', url: `${ORIGIN}/popup.html` }, type, CTX)?.kind).toBe(
        'validation',
      );
      expect(checkSender({ url: `${ORIGIN}/popup.html` }, type, CTX)?.kind).toBe('validation');
      expect(checkSender({ id: 'other', url: 'https://github.com/', tab: { id: 1 } }, type, CTX)?.kind).toBe(
        'validation',
      );
    }
  });

  it('the github.com content script may send only the read/refresh/stop subset', () => {
    for (const type of CONTENT_SCRIPT_REQUESTS) expect(checkSender(prPage(), type, CTX), type).toBeNull();
    expect(PAGE_FORBIDDEN).toEqual(
      expect.arrayContaining(['signIn', 'signOut', 'setSettings', 'startTask', 'getLog', 'deviceFlowStart']),
    );
    for (const type of PAGE_FORBIDDEN) {
      const refusal = checkSender(prPage(), type, CTX);
      expect(refusal?.kind, type).toBe('validation');
      expect(refusal?.message).toContain('may not send');
    }
  });

  it('pages on other origins (look-alikes, http, ghe.com not configured) are refused', () => {
    for (const url of [
      'https://github.com.evil.example/octo/x/pull/1',
      'https://evil.example/?https://github.com/',
      'http://github.com/octo/x/pull/1',
      'https://gist.github.com/octo/1',
      'https://octo.ghe.com/o/r/pull/1',
      'https://api.github.com/',
      'not a url',
      '',
    ]) {
      expect(checkSender(prPage(url), 'getState', CTX)?.kind, url).toBe('validation');
    }
    // A sender that claims our id but neither is an extension page nor has a tab.
    expect(checkSender({ id: EXT_ID, url: 'https://github.com/' }, 'getState', CTX)?.kind).toBe('validation');
  });

  it('the configured *.ghe.com host is allowed, and only that one', () => {
    const ghe = { ...CTX, host: 'octo.ghe.com' };
    expect(allowedPageOrigins('octo.ghe.com')).toEqual(['https://github.com', 'https://octo.ghe.com']);
    expect(allowedPageOrigins('evil.example')).toEqual(['https://github.com']);
    expect(checkSender(prPage('https://octo.ghe.com/o/r/pull/1'), 'stopSession', ghe)).toBeNull();
    expect(checkSender(prPage('https://other.ghe.com/o/r/pull/1'), 'stopSession', ghe)?.kind).toBe('validation');
    expect(checkSender(prPage('https://octo.ghe.com/o/r/pull/1'), 'signIn', ghe)?.kind).toBe('validation');
  });
});

describe('route: refusals never reach the engine', () => {
  function fakeEngine(host = 'github.com') {
    const handle = vi.fn(async (req: Request) => ({ ok: true as const, data: req.type }));
    return { engine: { host, handle } as unknown as Engine, handle };
  }

  it('a refused sender or an invalid request is answered with a validation error and nothing runs', async () => {
    const { engine, handle } = fakeEngine();
    const cases: Array<[unknown, SenderLike]> = [
      [VALID.signIn, prPage()],
      [VALID.setSettings, prPage()],
      [VALID.getState, { id: 'someone-else', url: 'https://github.com/', tab: { id: 1 } }],
      [VALID.getState, prPage('https://evil.example/')],
      [{ type: 'getState', extra: true }, extensionPage],
      [{ type: 'refresh', reason: 'manual', next: 'signOut' }, prPage()],
      ['getState', extensionPage],
      [null, prPage()],
    ];
    for (const [message, sender] of cases) {
      const res = await route(engine, message, sender, CTX);
      expect(res.ok, JSON.stringify(message)).toBe(false);
      if (!res.ok) expect(res.error.kind).toBe('validation');
    }
    expect(handle).not.toHaveBeenCalled();
  });

  it('a valid request from an allowed sender reaches the engine parsed (extra-safe copy, not the raw object)', async () => {
    const { engine, handle } = fakeEngine();
    const stop = { type: 'stopSession', sessionId: 's3', pageLogin: 'octo' };
    const res = await route(engine, { ...stop }, prPage(), CTX);
    expect(res).toEqual({ ok: true, data: 'stopSession' });
    expect(handle).toHaveBeenCalledWith(stop);
  });

  it('an engine that throws yields a generic error, never the exception text', async () => {
    const engine = {
      host: 'github.com',
      handle: async () => {
        throw new Error(`boom ${TOKEN}`);
      },
    } as unknown as Engine;
    const res = await route(engine, VALID.getState, extensionPage, CTX);
    expect(res.ok).toBe(false);
    expect(JSON.stringify(res)).not.toContain(TOKEN);
  });
});
