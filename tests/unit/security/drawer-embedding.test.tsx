/**
 * Issue 17 #2 and #4, as the attacker: a page that frames the drawer (another site, an unconfigured *.ghe.com
 * tenant), a Stop sent from a tab without the page's login, and a hash / message / pasted link that names a session
 * of another PR. The drawer renders nothing for a foreign embedder, says which repository and PR a session belongs
 * to, warns when it is not this page's and offers no Stop there; the router refuses a Stop from a tab with no login.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../../entrypoints/drawer/App';
import { embedderAllowed, formatDrawerHash, parseDrawerHash } from '../../../entrypoints/drawer/messages';
import { route } from '../../../utils/background/router';
import { harness } from '../engine/helpers';
import { fake } from '../page/fake-client';
import { makeSession, makeSnapshot } from '../popup/fixtures';
import { flush } from '../popup/helpers';

vi.mock('../../../utils/messages/client', () => import('../page/fake-client'));

let root: HTMLElement | null = null;
beforeEach(() => {
  fake.reset();
  fakeBrowser.reset();
});
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
  vi.unstubAllGlobals();
});

async function mountApp(params: Parameters<typeof App>[0]['initial']): Promise<HTMLElement> {
  const el = document.createElement('div');
  document.body.append(el);
  root = el;
  await act(async () => {
    render(<App initial={params} />, el);
  });
  await flush(5);
  return el;
}

describe('who may embed the drawer (issue 17 #2)', () => {
  it('only github.com and the configured data-residency host', () => {
    expect(embedderAllowed(['https://github.com'], 'github.com')).toBe(true);
    expect(embedderAllowed([], 'github.com')).toBe(true);
    expect(embedderAllowed(null, 'github.com')).toBe(true);
    expect(embedderAllowed(['https://octo.ghe.com'], 'github.com')).toBe(false);
    expect(embedderAllowed(['https://octo.ghe.com'], 'octo.ghe.com')).toBe(true);
    expect(embedderAllowed(['https://other.ghe.com'], 'octo.ghe.com')).toBe(false);
    expect(embedderAllowed(['https://github.com', 'https://evil.example'], 'github.com')).toBe(false);
  });

  it('a Stop from a tab without the page’s login is refused before it reaches the engine', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const { session } = h.gh.addSession(repo, { state: 'in_progress' });
    await h.engine.sync('manual');
    const ctx = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id' };
    const framed = { id: 'ext-id', url: 'chrome-extension://ext-id/drawer.html', tab: { id: 4 } };
    const res = await route(h.engine, { type: 'stopSession', sessionId: session.id, pageLogin: null }, framed, ctx);
    expect(res).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const fromPage = { id: 'ext-id', url: 'https://github.com/octo/app/pull/1', tab: { id: 4 } };
    const res2 = await route(h.engine, { type: 'stopSession', sessionId: session.id, pageLogin: null }, fromPage, ctx);
    expect(res2).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(h.gh.countOf('POST', /cancel/)).toBe(0);
    // The popup (also when opened in a tab) has no page login and may stop.
    const popupInTab = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html', tab: { id: 5 } };
    const ok = await route(h.engine, { type: 'stopSession', sessionId: session.id, pageLogin: null }, popupInTab, ctx);
    expect(ok.ok).toBe(true);
  });
});

describe('the drawer says whose session it shows (issue 17 #4)', () => {
  const mine = makeSession({ state: 'in_progress' });
  const where = `${mine.repo?.fullName}#${mine.pr?.number}`.toLowerCase();

  it('the page PR travels in the hash and is validated', () => {
    const hash = formatDrawerHash({
      sessionId: mine.id,
      theme: 'light',
      pageLogin: 'octo',
      host: 'github.com',
      pagePr: where,
    });
    expect(parseDrawerHash(hash).pagePr).toBe(where);
    expect(parseDrawerHash('#pr=%3Cscript%3E').pagePr).toBeNull();
  });

  it('this PR’s session: repository and PR shown, Stop offered', async () => {
    fake.handlers.getState = () => makeSnapshot({ sessions: [mine] });
    const el = await mountApp({
      sessionId: mine.id,
      theme: 'light',
      pageLogin: 'octo-demo',
      host: 'github.com',
      pagePr: where,
    });
    expect(el.querySelector('[data-role="session-where"]')?.textContent).toContain(mine.repo?.fullName ?? '?');
    expect(el.querySelector('[data-role="foreign-session"]')).toBeNull();
    expect(el.querySelector('[data-action="stop"]')).not.toBeNull();
  });

  it('a session of another PR: a warning naming its PR, and no Stop', async () => {
    fake.handlers.getState = () => makeSnapshot({ sessions: [mine] });
    const el = await mountApp({
      sessionId: mine.id,
      theme: 'light',
      pageLogin: 'octo-demo',
      host: 'github.com',
      pagePr: 'someone/else#1',
    });
    const warn = el.querySelector('[data-role="foreign-session"]');
    expect(warn?.textContent).toContain(`${mine.repo?.fullName} #${mine.pr?.number}`);
    expect(el.querySelector('[data-action="stop"]')).toBeNull();
  });

  it('framed by a page that is not the user’s GitHub: nothing is shown', async () => {
    fake.handlers.getState = () => makeSnapshot({ sessions: [mine] });
    const ancestors = Object.assign(['https://evil.ghe.com'], { contains: () => false, item: () => null });
    vi.stubGlobal('location', { ...window.location, hash: '', ancestorOrigins: ancestors });
    const el = await mountApp({
      sessionId: mine.id,
      theme: 'light',
      pageLogin: 'octo-demo',
      host: 'github.com',
      pagePr: where,
    });
    expect(el.querySelector('[data-refused="embedder"]')).not.toBeNull();
    expect(el.querySelector('[data-action="stop"]')).toBeNull();
    expect(el.textContent).not.toContain(mine.title);
  });
});
