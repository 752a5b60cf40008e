import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { acceptFromParent } from '../../../entrypoints/drawer/App';
import {
  DRAWER_NS,
  formatDrawerHash,
  isPageOrigin,
  parseDrawerHash,
  parseFromDrawer,
  parseToDrawer,
} from '../../../entrypoints/drawer/messages';
import {
  clampWidth,
  extensionOrigin,
  fromDrawerFrame,
  pageTheme,
  withDeepLink,
} from '../../../entrypoints/github.content/features/drawer';

const ID = '22222222-2222-4222-8222-222222222222';

describe('page origins', () => {
  it('accepts github.com and ghe.com hosts only, over https', () => {
    expect(isPageOrigin('https://github.com')).toBe(true);
    expect(isPageOrigin('https://octo.ghe.com')).toBe(true);
    for (const bad of [
      'http://github.com',
      'https://github.com.evil.com',
      'https://evilgithub.com',
      'https://gist.github.com',
      'https://a.b.ghe.com',
      'https://ghe.com',
      'null',
      '',
      'chrome-extension://abc',
    ])
      expect(isPageOrigin(bad), bad).toBe(false);
  });
});

describe('message validation', () => {
  it('parses only well-formed messages of our namespace', () => {
    expect(parseToDrawer({ ns: DRAWER_NS, type: 'theme', theme: 'dimmed' })).toEqual({
      ns: DRAWER_NS,
      type: 'theme',
      theme: 'dimmed',
    });
    expect(parseToDrawer({ ns: DRAWER_NS, type: 'theme', theme: 'neon' })).toBeNull();
    expect(parseToDrawer({ ns: 'other', type: 'theme', theme: 'dark' })).toBeNull();
    expect(parseToDrawer({ ns: DRAWER_NS, type: 'open', sessionId: '"><img src=x onerror=alert(1)>' })).toBeNull();
    expect(parseToDrawer('close')).toBeNull();
    expect(parseFromDrawer({ ns: DRAWER_NS, type: 'close' })).toEqual({ ns: DRAWER_NS, type: 'close' });
    expect(parseFromDrawer({ ns: DRAWER_NS, type: 'switch-session', sessionId: ID })?.type).toBe('switch-session');
    expect(parseFromDrawer({ ns: DRAWER_NS, type: 'switch-session', sessionId: '../x' })).toBeNull();
    expect(parseFromDrawer({ ns: DRAWER_NS, type: 'navigate', url: 'javascript:alert(1)' })).toBeNull();
  });

  it('round-trips the drawer hash and rejects bad values', () => {
    const hash = formatDrawerHash({ sessionId: ID, theme: 'dark', pageLogin: 'octo-demo', host: 'octo.ghe.com' });
    expect(parseDrawerHash(hash)).toEqual({
      sessionId: ID,
      theme: 'dark',
      pageLogin: 'octo-demo',
      host: 'octo.ghe.com',
      pagePr: null,
    });
    expect(parseDrawerHash('#session=<x>&theme=evil&login=a%20b&host=evil.com')).toEqual({
      sessionId: null,
      theme: 'light',
      pageLogin: null,
      host: 'github.com',
      pagePr: null,
    });
  });
});

describe('drawer side: messages only from the parent on a GitHub origin', () => {
  const parentWin = {} as Window;
  const withParent = (fn: () => void) => {
    const desc = Object.getOwnPropertyDescriptor(window, 'parent');
    Object.defineProperty(window, 'parent', { configurable: true, get: () => parentWin });
    try {
      fn();
    } finally {
      if (desc) Object.defineProperty(window, 'parent', desc);
    }
  };
  const ev = (origin: string, source: unknown, data: unknown) => ({ origin, source, data }) as unknown as MessageEvent;
  const msg = { ns: DRAWER_NS, type: 'theme', theme: 'dark' };

  it('accepts the parent from https://github.com', () => {
    withParent(() => expect(acceptFromParent(ev('https://github.com', parentWin, msg))?.type).toBe('theme'));
  });
  it('rejects foreign origins and other windows', () => {
    withParent(() => {
      expect(acceptFromParent(ev('https://evil.example', parentWin, msg))).toBeNull();
      expect(acceptFromParent(ev('http://github.com', parentWin, msg))).toBeNull();
      expect(acceptFromParent(ev('https://github.com', {}, msg))).toBeNull();
      expect(acceptFromParent(ev('https://github.com', parentWin, { type: 'theme', theme: 'dark' }))).toBeNull();
    });
  });
  it('ignores everything when not framed', () => {
    expect(acceptFromParent(ev('https://github.com', window, msg))).toBeNull();
  });
});

describe('page side', () => {
  it('accepts messages only from our iframe on the extension origin', () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    // Chrome's getURL names the drawer by its dynamic URL (use_dynamic_url); the frame commits at the static origin.
    vi.spyOn(browser.runtime, 'getURL').mockImplementation(
      ((p: string) => `chrome-extension://dynamic-guid${p}`) as never,
    );
    const origin = extensionOrigin();
    expect(origin).toBe(`chrome-extension://${browser.runtime.id}`);
    const ev = (o: string, source: unknown) => ({ origin: o, source, data: {} }) as unknown as MessageEvent;
    expect(fromDrawerFrame(ev(origin, frame.contentWindow), frame)).toBe(true);
    expect(fromDrawerFrame(ev('https://github.com', frame.contentWindow), frame)).toBe(false);
    expect(fromDrawerFrame(ev(origin, window), frame)).toBe(false);
    expect(fromDrawerFrame(ev(origin, frame.contentWindow), null)).toBe(false);
    frame.remove();
    vi.restoreAllMocks();
  });

  it('reads GitHub theme attributes', () => {
    const doc = document.implementation.createHTMLDocument('x');
    const html = doc.documentElement;
    html.setAttribute('data-color-mode', 'light');
    html.setAttribute('data-light-theme', 'light');
    html.setAttribute('data-dark-theme', 'dark_dimmed');
    expect(pageTheme(doc, true)).toBe('light');
    html.setAttribute('data-color-mode', 'dark');
    expect(pageTheme(doc, false)).toBe('dimmed');
    html.setAttribute('data-dark-theme', 'dark');
    expect(pageTheme(doc, false)).toBe('dark');
    html.setAttribute('data-color-mode', 'auto');
    expect(pageTheme(doc, true)).toBe('dark');
    expect(pageTheme(doc, false)).toBe('light');
  });

  it('keeps the deep link hash in sync without touching other fragments', () => {
    expect(withDeepLink('https://github.com/o/r/pull/1', ID)).toBe(`https://github.com/o/r/pull/1#agent-session=${ID}`);
    expect(withDeepLink(`https://github.com/o/r/pull/1#agent-session=${ID}`, null)).toBe(
      'https://github.com/o/r/pull/1',
    );
    expect(withDeepLink('https://github.com/o/r/pull/1#issuecomment-5', ID)).toBe(
      `https://github.com/o/r/pull/1#issuecomment-5&agent-session=${ID}`,
    );
  });

  it('clamps the width between 360 px and 70% of the viewport', () => {
    expect(clampWidth(100, 1600)).toBe(360);
    expect(clampWidth(5000, 1600)).toBe(800); // the page keeps half the window
    expect(clampWidth(Number.NaN, 1600)).toBe(560);
    expect(clampWidth(Number.NaN, 1280)).toBe(538);
    expect(clampWidth(Number.NaN, 1024)).toBe(430);
    expect(clampWidth(700, 1024)).toBe(512);
  });
});
