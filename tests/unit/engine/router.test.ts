import { beforeEach, describe, expect, it, vi } from 'vitest';
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
    expect(parseRequest({ type: 'openOptions' }).ok).toBe(true);
    expect(parseRequest({ type: 'stopSession', sessionId: 'abc', pageLogin: null }).ok).toBe(true);
    expect(parseRequest({ type: 'setSettings', settings: { pollActiveSec: 60, theme: 'dark' } }).ok).toBe(true);
  });
  it.each([
    [null],
    ['getState'],
    [{ type: 'nope' }],
    [{ type: 'getState', extra: 1 }],
    [{ type: 'refresh', reason: 'hack' }],
    // Questions pages no longer ask (issue 19: their PRs' sessions are pushed).
    [{ type: 'getPrSessions', owner: 'octo', repo: 'app', number: 1 }],
    [{ type: 'getRepoPrStates', owner: 'o', repo: 'r', numbers: [1] }],
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
    expect(checkSender(cs, 'stopSession', ctx)).toBeNull();
    expect(checkSender(cs, 'openOptions', ctx)).toBeNull();
    expect(checkSender(cs, 'signIn', ctx)?.message).toMatch(/may not send/);
    expect(checkSender(cs, 'getLog', ctx)).not.toBeNull();
    // Issue 17 #9: no whole snapshot, refresh or markRead for pages.
    for (const type of ['getState', 'refresh', 'markRead'])
      expect(checkSender(cs, type, ctx)?.message).toMatch(/may not send/);
    expect(checkSender({ ...cs, url: 'https://evil.example/x' }, 'stopSession', ctx)).not.toBeNull();
    expect(checkSender({ ...cs, url: 'https://octo.ghe.com/o/r' }, 'stopSession', ctx)).not.toBeNull();
    expect(
      checkSender({ ...cs, url: 'https://octo.ghe.com/o/r' }, 'stopSession', { ...ctx, host: 'octo.ghe.com' }),
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
    // A content script's own request reaches the engine (which answers it: signed out, no such session).
    const handle = vi.spyOn(h.engine, 'handle');
    await route(
      h.engine,
      { type: 'stopSession', sessionId: 'nope', pageLogin: 'octo' },
      { id: 'ext-id', url: 'https://github.com/x', tab: { id: 1 } },
      ctx,
    );
    expect(handle).toHaveBeenCalledTimes(1);
    handle.mockRestore();
    const bad = await route(
      h.engine,
      { type: 'getState', x: 1 },
      { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' },
      ctx,
    );
    expect(bad.ok).toBe(false);
  });
});
