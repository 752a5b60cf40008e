// @vitest-environment-options {"settings":{"disableIframePageLoading":true}}
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { DRAWER_NS } from '../../../entrypoints/drawer/messages';
import { emit } from '../../../entrypoints/github.content/bus';
import { DRAWER_ATTR, drawerFeature } from '../../../entrypoints/github.content/features/drawer';

const ID = '22222222-2222-4222-8222-222222222222';
const ID2 = '33333333-3333-4333-8333-333333333333';
const EXT = 'chrome-extension://abcdefgh';
/** The origin the drawer frame commits at (Chrome: the static id, whatever URL getURL gave). */
const ORIGIN = `chrome-extension://${browser.runtime.id}`;

let ctl: AbortController;
const host = () => document.querySelector<HTMLElement>(`[${DRAWER_ATTR}]`);
const frame = () => host()?.shadowRoot?.querySelector('iframe') ?? null;

async function start(hash = '') {
  history.replaceState(null, '', `/octo/demo/pull/7${hash}`);
  ctl = new AbortController();
  await drawerFeature.init(ctl.signal);
}

beforeEach(() => {
  vi.spyOn(browser.runtime, 'getURL').mockImplementation(((p: string) => `${EXT}${p}`) as never);
  vi.spyOn(browser.runtime, 'sendMessage').mockResolvedValue({
    ok: true,
    data: { sessions: [], viewerLogin: null, signedIn: true, stops: {} },
  } as never);
  document.body.innerHTML = `
    <input id="field">
    <a id="view" href="/octo/demo/pull/7/agent-sessions/${ID}">View session</a>
    <a id="view2" href="/octo/demo/pull/7?session_id=${ID2}">View session</a>`;
});
afterEach(() => {
  // Close first: a drawer open at teardown is remembered and reopened by the next init on the same PR (soft nav).
  if (host()?.hasAttribute('data-session-id') && location.hash) key(document.body, { key: 'Escape' });
  ctl.abort();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

const click = (el: Element, init: MouseEventInit = {}) => {
  const e = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...init });
  el.dispatchEvent(e);
  return e;
};
const key = (target: EventTarget, init: KeyboardEventInit) => {
  const e = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(e);
  return e;
};

describe('drawer feature (content script side)', () => {
  it('a plain click on a View session link opens the drawer iframe and sets the deep link', async () => {
    await start();
    const e = click(document.getElementById('view')!);
    expect(e.defaultPrevented).toBe(true);
    expect(host()?.getAttribute('data-session-id')).toBe(ID);
    // The frame's URL names no session, login or PR (issue 17 #8): the session comes with a one-time ticket.
    expect(frame()?.getAttribute('src')).toMatch(
      new RegExp(`^${EXT}/drawer.html#theme=(light|dark|dimmed)(&host=[a-z.]+)?$`),
    );
    expect(browser.runtime.sendMessage).toHaveBeenCalledWith({ type: 'drawerTicket', sessionId: ID, pageLogin: null });
    expect(location.hash).toBe(`#agent-session=${ID}`);
    // another link switches the session in place
    click(document.getElementById('view2')!);
    expect(document.querySelectorAll(`[${DRAWER_ATTR}]`)).toHaveLength(1);
    expect(host()?.getAttribute('data-session-id')).toBe(ID2);
  });

  it('modifier and middle clicks keep GitHub behaviour', async () => {
    await start();
    for (const init of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }]) {
      const e = click(document.getElementById('view')!, init);
      expect(e.defaultPrevented).toBe(false);
    }
    expect(host()).toBeNull();
  });

  it('Escape closes and removes the hash; the bus opens', async () => {
    await start();
    emit('open-drawer', { sessionId: ID });
    expect(host()?.getAttribute('data-session-id')).toBe(ID);
    key(document.body, { key: 'Escape' });
    expect(location.hash).toBe('');
    expect(host()?.hasAttribute('data-open')).toBe(false);
  });

  it('Alt+Shift+L toggles the latest session, but not while typing', async () => {
    await start();
    key(document.getElementById('field')!, { code: 'KeyL', key: 'L', altKey: true, shiftKey: true });
    expect(host()).toBeNull();
    key(document.body, { code: 'KeyL', key: 'L', altKey: true, shiftKey: true });
    expect(host()?.getAttribute('data-session-id')).toBe(ID2); // the last View session link on the page
    key(document.body, { code: 'KeyL', key: 'L', altKey: true, shiftKey: true });
    expect(location.hash).toBe('');
  });

  it('opens at load from the deep link', async () => {
    await start(`#agent-session=${ID}`);
    expect(host()?.getAttribute('data-session-id')).toBe(ID);
  });

  it('accepts close from its iframe only (origin and source checked)', async () => {
    await start();
    emit('open-drawer', { sessionId: ID });
    const win = frame()?.contentWindow ?? null;
    const post = (origin: string, source: unknown) =>
      window.dispatchEvent(
        new MessageEvent('message', { origin, source: source as Window, data: { ns: DRAWER_NS, type: 'close' } }),
      );
    post('https://evil.example', win);
    post(ORIGIN, window);
    expect(location.hash).toBe(`#agent-session=${ID}`);
    if (win) {
      post(ORIGIN, win);
      expect(location.hash).toBe('');
    }
  });

  it('removes its UI when torn down and reopens after a soft navigation within the same PR', async () => {
    await start();
    emit('open-drawer', { sessionId: ID });
    ctl.abort();
    expect(host()).toBeNull();
    expect(document.body.style.marginRight).toBe('');
    history.replaceState(null, '', '/octo/demo/pull/7/files');
    ctl = new AbortController();
    await drawerFeature.init(ctl.signal);
    expect(host()?.getAttribute('data-session-id')).toBe(ID);
    expect(location.hash).toBe(`#agent-session=${ID}`);
  });
});
