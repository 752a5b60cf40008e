import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { checkSender, route } from '../../../utils/background/router';
import { parseRequest } from '../../../utils/messages/validate';
import { harness } from './helpers';

beforeEach(() => {
  fakeBrowser.reset();
});

const ctx = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id', host: 'github.com' };

describe('parseRequest', () => {
  it('accepts exact shapes', () => {
    expect(parseRequest({ type: 'getState' }).ok).toBe(true);
    expect(parseRequest({ type: 'getPrSessions', owner: 'octo', repo: 'app.js', number: 12 }).ok).toBe(true);
    expect(parseRequest({ type: 'stopSession', sessionId: 'abc', pageLogin: null }).ok).toBe(true);
    expect(parseRequest({ type: 'setSettings', settings: { pollActiveSec: 60, theme: 'dark' } }).ok).toBe(true);
  });
  it.each([
    [null],
    ['getState'],
    [{ type: 'nope' }],
    [{ type: 'getState', extra: 1 }],
    [{ type: 'refresh', reason: 'hack' }],
    [{ type: 'getPrSessions', owner: 'octo', repo: 'app', number: Number.NaN }],
    [{ type: 'getPrSessions', owner: '../etc', repo: 'app', number: 1 }],
    [{ type: 'getPrSessions', owner: 'octo', repo: 'app', number: 1.5 }],
    [{ type: 'getRepoPrStates', owner: 'o', repo: 'r', numbers: Array.from({ length: 500 }, (_, i) => i + 1) }],
    [{ type: 'markRead', ids: ['a'.repeat(500)], read: true }],
    [{ type: 'getLog', sessionId: 'x', offset: Number.POSITIVE_INFINITY }],
    [{ type: 'signIn', token: 'x'.repeat(1000), host: 'github.com' }],
    [{ type: 'startTask', input: { owner: 'o', repo: 'r', prompt: 'x'.repeat(40_000), createPullRequest: true } }],
    [{ type: 'setSettings', settings: { pollActiveSec: 1 } }],
    [{ type: 'setSettings', settings: { __proto__: 1, evil: true } }],
  ])('refuses %j', (msg) => {
    const r = parseRequest(msg);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('validation');
  });
});

describe('sender checks', () => {
  it('extension pages may send anything; other extensions nothing', () => {
    expect(checkSender({ id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' }, 'signIn', ctx)).toBeNull();
    expect(
      checkSender({ id: 'ext-id', url: 'chrome-extension://ext-id/drawer.html', tab: { id: 3 } }, 'getLog', ctx),
    ).toBeNull();
    expect(checkSender({ id: 'other', url: 'chrome-extension://other/x.html' }, 'getState', ctx)).not.toBeNull();
  });
  it('content scripts: only their requests, only from github.com (or the configured ghe.com host)', () => {
    const cs = { id: 'ext-id', url: 'https://github.com/o/r/pull/1', tab: { id: 1 } };
    expect(checkSender(cs, 'getPrSessions', ctx)).toBeNull();
    expect(checkSender(cs, 'stopSession', ctx)).toBeNull();
    expect(checkSender(cs, 'signIn', ctx)?.message).toMatch(/may not send/);
    expect(checkSender(cs, 'getLog', ctx)).not.toBeNull();
    // Issue 17 #9: no whole snapshot, refresh or markRead for pages.
    for (const type of ['getState', 'refresh', 'markRead'])
      expect(checkSender(cs, type, ctx)?.message).toMatch(/may not send/);
    expect(checkSender({ ...cs, url: 'https://evil.example/x' }, 'getPrSessions', ctx)).not.toBeNull();
    expect(checkSender({ ...cs, url: 'https://octo.ghe.com/o/r' }, 'getPrSessions', ctx)).not.toBeNull();
    expect(
      checkSender({ ...cs, url: 'https://octo.ghe.com/o/r' }, 'getPrSessions', { ...ctx, host: 'octo.ghe.com' }),
    ).toBeNull();
  });
  it('route answers a refusal Response and never reaches the engine', async () => {
    const h = await harness({ signedIn: false });
    const res = await route(
      h.engine,
      { type: 'signOut' },
      { id: 'ext-id', url: 'https://github.com/x', tab: { id: 1 } },
      ctx,
    );
    expect(res).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const ok = await route(
      h.engine,
      { type: 'getRepoPrStates', owner: 'o', repo: 'r', numbers: [1] },
      { id: 'ext-id', url: 'https://github.com/x', tab: { id: 1 } },
      ctx,
    );
    expect(ok.ok).toBe(true);
    const bad = await route(
      h.engine,
      { type: 'getState', x: 1 },
      { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' },
      ctx,
    );
    expect(bad.ok).toBe(false);
  });
});
