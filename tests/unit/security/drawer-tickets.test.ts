/**
 * Issue 17 #8, the background's side: a drawer ticket is issued only to the top frame of a PR page on a configured
 * host (its host and PR from the sender, not the page), redeemed once, by the drawer framed in the same tab, within
 * a minute; a Stop from a framed drawer acts only on a session of its ticket's PR, with the ticket's login.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DrawerTickets, TICKET_TTL_MS } from '../../../utils/background/drawer-tickets';
import { extensionPageUrl } from '../../../utils/background/extension-url';
import { route } from '../../../utils/background/router';
import { harness } from '../engine/helpers';

const EXT = 'chrome-extension://ext-id';
const pageSender = (tab: number, url: string, frameId = 0) => ({ id: 'ext-id', url, frameId, tab: { id: tab, url } });
const drawerSender = (tab: number, tabUrl: string) => ({
  id: 'ext-id',
  url: `${EXT}/drawer.html#theme=dark`,
  frameId: 7,
  tab: { id: tab, url: tabUrl },
});

beforeEach(() => fakeBrowser.reset());

describe('DrawerTickets', () => {
  it('redeems once, in the issuing tab, before it expires', () => {
    let now = 1000;
    let n = 0;
    const t = new DrawerTickets(
      () => now,
      () => `nonce-${++n}-xxxx`,
    );
    const ticket = { sessionId: 's1', pageLogin: 'octo', pagePr: 'o/r#1', host: 'github.com' };
    const a = t.issue(3, ticket);
    expect(t.redeem(a, 4)).toBeNull(); // another tab
    expect(t.redeem(a, 3)).toEqual(ticket);
    expect(t.redeem(a, 3)).toBeNull(); // replayed
    expect(t.redeemedIn(3)).toEqual(ticket);
    const b = t.issue(3, ticket);
    now += TICKET_TTL_MS;
    expect(t.redeem(b, 3)).toBeNull(); // expired
    expect(t.redeem('nonce-unknown-x', 3)).toBeNull();
  });
});

describe('tickets through the router', () => {
  async function setup() {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const mine = h.gh.addSession(repo, { state: 'in_progress' });
    const other = h.gh.addSession(h.gh.addRepo('octo', 'other'), { state: 'in_progress' });
    await h.engine.sync('manual');
    const tickets = new DrawerTickets();
    const ctx = { extensionId: 'ext-id', extensionOrigin: EXT, tickets };
    const prUrl = `https://github.com/octo/app/pull/${mine.pull.number}`;
    return { h, mine, other, ctx, prUrl };
  }

  it('issues only to a PR page’s top frame, takes host and PR from the sender, redeems once', async () => {
    const { h, mine, ctx, prUrl } = await setup();
    const ask = { type: 'drawerTicket', sessionId: mine.session.id, pageLogin: 'octo' };
    for (const sender of [
      pageSender(3, 'https://github.com/octo/app'), // not a PR page
      pageSender(3, 'https://evil.ghe.com/octo/app/pull/1'), // not the configured host
      pageSender(3, prUrl, 5), // a subframe
      { id: 'ext-id', url: `${EXT}/popup.html` }, // an extension page
      { id: 'other-ext', url: prUrl, tab: { id: 3 } }, // another extension
    ])
      expect((await route(h.engine, ask, sender, ctx)).ok, JSON.stringify(sender)).toBe(false);
    expect((await route(h.engine, { ...ask, extra: 1 }, pageSender(3, prUrl), ctx)).ok).toBe(false);

    const res = await route(h.engine, ask, pageSender(3, prUrl), ctx);
    expect(res.ok).toBe(true);
    const nonce = (res as { data: { nonce: string } }).data.nonce;
    // Not from the drawer page, not from this tab, not while the tab shows another page: refused (and not spent).
    const redeem = { type: 'redeemDrawerTicket', nonce };
    expect((await route(h.engine, redeem, pageSender(3, prUrl), ctx)).ok).toBe(false);
    expect((await route(h.engine, redeem, drawerSender(4, prUrl), ctx)).ok).toBe(false);
    expect((await route(h.engine, redeem, drawerSender(3, 'https://github.com/octo/app/pull/999'), ctx)).ok).toBe(
      false,
    );
    const ok = await route(h.engine, redeem, drawerSender(3, prUrl), ctx);
    expect(ok).toEqual({
      ok: true,
      data: {
        sessionId: mine.session.id,
        pageLogin: 'octo',
        pagePr: new URL(prUrl).pathname.slice(1).replace('/pull/', '#'),
        host: 'github.com',
      },
    });
    // Replayed: refused with a clear message.
    const again = await route(h.engine, redeem, drawerSender(3, prUrl), ctx);
    expect(again).toMatchObject({ ok: false, error: { message: expect.stringMatching(/already used/) } });
  });

  it('carries the header’s “Ask Copilot for changes” to the drawer, and nothing else', async () => {
    const { h, mine, ctx, prUrl } = await setup();
    const ticket = (extra: Record<string, unknown>) =>
      route(
        h.engine,
        { type: 'drawerTicket', sessionId: mine.session.id, pageLogin: 'octo', ...extra },
        pageSender(3, prUrl),
        ctx,
      );
    expect((await ticket({ ask: 'yes' })).ok).toBe(false);
    expect((await ticket({ ask: false })).ok).toBe(false);
    const redeem = async (extra: Record<string, unknown>) => {
      const nonce = ((await ticket(extra)) as { data: { nonce: string } }).data.nonce;
      return route(h.engine, { type: 'redeemDrawerTicket', nonce }, drawerSender(3, prUrl), ctx);
    };
    expect(await redeem({ ask: true })).toMatchObject({ ok: true, data: { sessionId: mine.session.id, ask: true } });
    // Firefox clones `ask: undefined` as a key: the same as no ask.
    const plain = (await redeem({ ask: undefined })) as { ok: true; data: Record<string, unknown> };
    expect(plain.ok).toBe(true);
    expect('ask' in plain.data).toBe(false);
  });

  it('a framed drawer stops only its ticket’s PR’s sessions, with the ticket’s login', async () => {
    const { h, mine, other, ctx, prUrl } = await setup();
    const stop = (sessionId: string, pageLogin: string | null, tab = 3) =>
      route(h.engine, { type: 'stopSession', sessionId, pageLogin }, drawerSender(tab, prUrl), ctx);
    // No ticket redeemed in this tab: refused.
    expect((await stop(mine.session.id, 'octo')).ok).toBe(false);
    const res = await route(
      h.engine,
      { type: 'drawerTicket', sessionId: mine.session.id, pageLogin: 'octo' },
      pageSender(3, prUrl),
      ctx,
    );
    const nonce = (res as { data: { nonce: string } }).data.nonce;
    expect((await route(h.engine, { type: 'redeemDrawerTicket', nonce }, drawerSender(3, prUrl), ctx)).ok).toBe(true);
    expect((await stop(other.session.id, 'octo')).ok).toBe(false); // another PR's session
    expect((await stop(mine.session.id, 'someone-else')).ok).toBe(false); // another login
    expect((await stop(mine.session.id, 'octo', 4)).ok).toBe(false); // another tab
    expect(h.gh.countOf('POST', /cancel/)).toBe(0);
    expect((await stop(mine.session.id, 'octo')).ok).toBe(true);
  });
});

describe('the session tab’s URL (use_dynamic_url)', () => {
  it('takes the extension’s own id, not the dynamic one getURL gives in Chrome', () => {
    const runtime = { id: 'static-id', getURL: (p: string) => `chrome-extension://dynamic-guid${p}` };
    expect(extensionPageUrl(runtime, '/drawer.html')).toBe('chrome-extension://static-id/drawer.html');
    const firefox = { id: 'addon@example', getURL: (p: string) => `moz-extension://uuid${p}` };
    expect(extensionPageUrl(firefox, '/drawer.html')).toBe('moz-extension://uuid/drawer.html');
    expect(extensionPageUrl({}, '/drawer.html')).toBeNull();
  });
});
