/**
 * The log drawer's page side: a fixed host element at the right of a PR page holding an `<iframe>` of the
 * extension's drawer page (which fetches and parses the log itself — nothing of the log reaches this page).
 * Opens from the bus ('open-drawer'), a plain click on a timeline "View session" link, Alt+Shift+L (latest
 * session) and the deep link `#agent-session=<uuid>`; keeps that hash in sync; closes on Escape or from the drawer.
 * Width is resizable and remembered. postMessage with the drawer is origin- and source-checked both ways.
 */
import { browser } from 'wxt/browser';
import {
  isPrAnyTab,
  parseDeepLink,
  parsePr,
  sessionIdFromHref,
  sessionLinkScope,
  sessionLinkTarget,
} from '../../../utils/page/urls';
import {
  type Bare,
  DRAWER_NS,
  type DrawerTheme,
  formatDrawerHash,
  isSessionId,
  parseFromDrawer,
  type ToDrawer,
} from '../../drawer/messages';
import { emit, on } from '../bus';
import { prData } from '../data';
import type { PageFeature } from '../feature';

export const DRAWER_ATTR = 'data-agent-sessions-drawer';
const WIDTH_KEY = 'drawerWidth';
const MIN_WIDTH = 360;
const DEFAULT_WIDTH = 560;
const LINK_SELECTOR = 'a[href*="/agent-sessions/"], a[href*="session_id="]';

/** The page keeps at least this share of the window (GitHub's PR page needs room beside the drawer). */
const MAX_SHARE = 0.5;

/** The width the drawer opens with when none is remembered: 42% of the window, 360-560 px. */
const defaultWidth = (viewport: number): number =>
  Math.round(Math.max(MIN_WIDTH, Math.min(DEFAULT_WIDTH, viewport * 0.42)));

export const clampWidth = (w: number, viewport: number): number =>
  Math.round(Math.max(MIN_WIDTH, Math.min(Number.isFinite(w) ? w : defaultWidth(viewport), viewport * MAX_SHARE)));

/** GitHub's theme: `html[data-color-mode]` (light|dark|auto), its light/dark theme names, the OS preference. */
export function pageTheme(
  doc: Document = document,
  prefersDark = matchMedia('(prefers-color-scheme: dark)').matches,
): DrawerTheme {
  const html = doc.documentElement;
  const mode = html.getAttribute('data-color-mode');
  const dark = mode === 'dark' || (mode !== 'light' && prefersDark);
  const name = (dark ? html.getAttribute('data-dark-theme') : html.getAttribute('data-light-theme')) ?? '';
  if (name.includes('dimmed')) return 'dimmed';
  return dark || name.startsWith('dark') ? 'dark' : 'light';
}

/** Origin of the extension's pages: the only origin whose messages the page side accepts. */
export function extensionOrigin(): string {
  const u = new URL(browser.runtime.getURL('/'));
  // Chrome loads the drawer through its per-session dynamic URL (`use_dynamic_url`), and the frame commits at the
  // extension's own origin: messages come from, and go to, that one.
  if (u.protocol === 'chrome-extension:' && browser.runtime.id) return `chrome-extension://${browser.runtime.id}`;
  // `URL.origin` is "null" for non-special schemes outside browsers; scheme + host is the same origin string.
  return `${u.protocol}//${u.host}`;
}

/**
 * A one-time ticket for the drawer to show `sessionId` (issue 17 #8): the background takes this page's host and PR
 * from the sender; only the nonce travels to the frame, by postMessage to the extension's origin.
 */
async function drawerTicket(sessionId: string, pageLogin: string | null, ask?: true): Promise<string | null> {
  try {
    const res = (await browser.runtime.sendMessage({ type: 'drawerTicket', sessionId, pageLogin, ask })) as {
      ok?: boolean;
      data?: { nonce?: unknown };
    } | null;
    const nonce = res?.ok ? res.data?.nonce : null;
    return typeof nonce === 'string' ? nonce : null;
  } catch {
    return null; // extension context gone: the drawer says it was not opened here
  }
}

/** True when a message event comes from our drawer iframe. */
export function fromDrawerFrame(event: MessageEvent, frame: HTMLIFrameElement | null): boolean {
  return !!frame && event.source === frame.contentWindow && event.origin === extensionOrigin();
}

const isTyping = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

/** Deep-link hash with the session set (or removed), keeping any other fragment parameters. */
export function withDeepLink(href: string, sessionId: string | null): string {
  const url = new URL(href);
  const rest = url.hash
    .replace(/^#/, '')
    .split('&')
    .filter((p) => p && !p.startsWith('agent-session='));
  if (sessionId) rest.push(`agent-session=${sessionId}`);
  url.hash = rest.join('&');
  return url.href.replace(/#$/, '');
}

const CSS = `
:host{all:initial;position:fixed;right:0;bottom:0;z-index:100;display:block;transform:translateX(100%);
transition:transform .2s ease-out;box-shadow:-8px 0 24px rgb(0 0 0 / 12%)}
:host([data-open]){transform:none}
iframe{display:block;width:100%;height:100%;border:0;background:transparent}
.h{position:absolute;left:-4px;top:0;bottom:0;width:8px;cursor:col-resize;z-index:1;outline:none}
.h:hover,.h:focus-visible,.h[data-drag]{background:color-mix(in srgb,#0969da 45%,transparent)}
@media (prefers-reduced-motion:reduce){:host{transition:none}}`;

let remembered: { pr: string; sessionId: string; at: number } | null = null;

async function init(signal: AbortSignal): Promise<void> {
  const pr = parsePr(new URL(location.href));
  if (!pr) return;
  const prKey = `${pr.owner}/${pr.repo}#${pr.number}`.toLowerCase();
  const data = prData(pr, signal);

  let host: HTMLElement | null = null;
  let frame: HTMLIFrameElement | null = null;
  let current: string | null = null;
  let width = DEFAULT_WIDTH;
  let theme = pageTheme();
  let bodyMargin = '';
  let opener: Element | null = null;
  // The frame asked for its ticket ('ready'); the latest ticket asked for (only the latest is posted).
  let frameReady = false;
  let ticketSeq = 0;
  let pendingTicket: Promise<string | null> | null = null;
  try {
    const stored = await browser.storage.local.get(WIDTH_KEY);
    width = clampWidth(Number(stored[WIDTH_KEY] ?? defaultWidth(innerWidth)), innerWidth);
  } catch {
    // storage unavailable: default width
  }
  if (signal.aborted) return;

  const post = (msg: Bare<ToDrawer>) => {
    try {
      frame?.contentWindow?.postMessage({ ns: DRAWER_NS, ...msg }, extensionOrigin());
    } catch {
      // extension context gone
    }
  };
  const syncHash = (id: string | null) => {
    const next = withDeepLink(location.href, id);
    if (next !== location.href) history.replaceState(history.state, '', next);
  };
  const placeTop = () => {
    if (!host) return;
    const header = document.querySelector('header.AppHeader, .js-header-wrapper, header[role="banner"]');
    const bottom = header ? header.getBoundingClientRect().bottom : 0;
    host.style.top = `${Math.max(0, Math.min(120, Math.round(bottom)))}px`;
  };
  const applyWidth = () => {
    if (!host) return;
    host.style.width = `${width}px`;
    document.body.style.marginRight = `${width}px`;
    // A focusable separator says where it is (ARIA: aria-valuenow is required), in pixels of drawer width.
    host.shadowRoot?.querySelector('.h')?.setAttribute('aria-valuenow', String(width));
  };

  const open = (sessionId: string, from: Element | null = null, ask?: true) => {
    if (!isSessionId(sessionId) || signal.aborted) return;
    if (from) opener = from;
    const login = document.querySelector('meta[name="user-login"]')?.getAttribute('content') || null;
    const sendTicket = () => {
      const seq = ++ticketSeq;
      const ticket = drawerTicket(sessionId, login, ask);
      pendingTicket = ticket;
      void ticket.then((nonce) => {
        if (!nonce || seq !== ticketSeq || !frameReady || pendingTicket !== ticket) return;
        pendingTicket = null;
        post({ type: 'ticket', nonce });
      });
    };
    if (host && frame) {
      if (current !== sessionId || ask) sendTicket();
    } else {
      frameReady = false;
      sendTicket();
      host = document.createElement('div');
      host.setAttribute(DRAWER_ATTR, '');
      const root = host.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = CSS;
      const handle = document.createElement('div');
      handle.className = 'h';
      handle.tabIndex = 0;
      handle.setAttribute('role', 'separator');
      handle.setAttribute('aria-orientation', 'vertical');
      handle.setAttribute('aria-label', 'Resize the log drawer');
      frame = document.createElement('iframe');
      frame.title = 'Agent session log';
      frame.allow = 'clipboard-write';
      // No ids in the frame's URL (the page can read it): the session comes with the ticket.
      frame.src =
        browser.runtime.getURL('/drawer.html') +
        formatDrawerHash({ sessionId: null, theme, pageLogin: null, host: location.hostname });
      root.append(style, handle, frame);
      bodyMargin = document.body.style.marginRight;
      placeTop();
      applyWidth();
      document.body.append(host);
      const h = host;
      requestAnimationFrame(() => requestAnimationFrame(() => h.setAttribute('data-open', '')));
      frame.addEventListener('load', () => frame?.focus(), { once: true });
      wireResize(handle);
    }
    current = sessionId;
    host.setAttribute('data-session-id', sessionId);
    syncHash(sessionId);
    emit('drawer-state', { sessionId });
  };

  const close = (instant = false) => {
    if (!host) return;
    const h = host;
    host = null;
    frame = null;
    current = null;
    document.body.style.marginRight = bodyMargin;
    if (!instant) syncHash(null);
    emit('drawer-state', { sessionId: null });
    if (instant || matchMedia('(prefers-reduced-motion: reduce)').matches) h.remove();
    else {
      h.removeAttribute('data-open');
      setTimeout(() => h.remove(), 250);
    }
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus({ preventScroll: true });
    opener = null;
  };

  const wireResize = (handle: HTMLElement) => {
    let dragging = false;
    const save = () => void browser.storage.local.set({ [WIDTH_KEY]: width }).catch(() => undefined);
    handle.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      dragging = true;
      handle.setPointerCapture(e.pointerId);
      handle.setAttribute('data-drag', '');
      if (frame) frame.style.pointerEvents = 'none';
      e.preventDefault();
    });
    handle.addEventListener('pointermove', (e) => {
      if (!dragging) return;
      width = clampWidth(innerWidth - e.clientX, innerWidth);
      applyWidth();
    });
    const end = () => {
      if (!dragging) return;
      dragging = false;
      handle.removeAttribute('data-drag');
      if (frame) frame.style.pointerEvents = '';
      save();
    };
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
    handle.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      e.preventDefault();
      width = clampWidth(width + (e.key === 'ArrowLeft' ? 40 : -40), innerWidth);
      applyWidth();
      save();
    });
  };

  const latestSession = (): string | null => {
    const sessions = data.get().sessions;
    const last = sessions[sessions.length - 1];
    if (last) return last.id;
    const links = document.querySelectorAll(LINK_SELECTOR);
    for (let i = links.length - 1; i >= 0; i--) {
      const id = sessionIdFromHref(links[i]!.getAttribute('href'));
      if (id) return id;
    }
    return null;
  };

  on('open-drawer', ({ sessionId, ask }) => open(sessionId, document.activeElement, ask || undefined), signal);
  on('close-drawer', () => close(), signal);

  // Plain left click on a "View session" link opens the drawer; modifier/middle clicks keep GitHub's behaviour.
  document.addEventListener(
    'click',
    (e) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = e.target instanceof Element ? e.target.closest<HTMLAnchorElement>(LINK_SELECTOR) : null;
      if (!a || a.origin !== location.origin || a.target === '_blank') return;
      const target = sessionLinkTarget(a.getAttribute('href'), location.href);
      if (!target) return;
      const id = target.sessionId;
      // Another PR's session (a link pasted in a comment): GitHub's page, never this PR's drawer. A link that names
      // no PR (task pages by node id) opens here only for a session this PR is known to have.
      const scope = sessionLinkScope(target, pr, a.origin, location.origin);
      if (scope === 'other' || (scope === 'unknown' && !data.get().sessions.some((s) => s.id === id))) return;
      e.preventDefault();
      open(id, a);
    },
    { capture: true, signal },
  );

  document.addEventListener(
    'keydown',
    (e) => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      if (e.code === 'KeyL' && e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        if (host) close();
        else {
          const id = latestSession();
          if (id) open(id, document.activeElement);
        }
      } else if (e.key === 'Escape' && host) close();
    },
    { capture: true, signal },
  );

  window.addEventListener(
    'message',
    (e) => {
      if (!fromDrawerFrame(e, frame)) return;
      const msg = parseFromDrawer(e.data);
      if (!msg) return;
      if (msg.type === 'close') close();
      else if (msg.type === 'ready') {
        post({ type: 'theme', theme });
        frameReady = true;
        const ticket = pendingTicket;
        void ticket?.then((nonce) => {
          if (!nonce || pendingTicket !== ticket) return;
          pendingTicket = null;
          post({ type: 'ticket', nonce });
        });
      } else if (msg.type === 'switch-session' && host) {
        current = msg.sessionId;
        host.setAttribute('data-session-id', msg.sessionId);
        syncHash(msg.sessionId);
        emit('drawer-state', { sessionId: msg.sessionId });
      }
    },
    { signal },
  );

  window.addEventListener(
    'hashchange',
    () => {
      const id = parseDeepLink(new URL(location.href));
      if (id && id !== current) open(id);
    },
    { signal },
  );
  let raf = 0;
  window.addEventListener(
    'scroll',
    () => {
      if (host && !raf)
        raf = requestAnimationFrame(() => {
          raf = 0;
          placeTop();
        });
    },
    { passive: true, signal },
  );
  window.addEventListener(
    'resize',
    () => {
      if (!host) return;
      width = clampWidth(width, innerWidth);
      applyWidth();
    },
    { signal },
  );

  // Theme: follow GitHub's attributes and the OS preference.
  const updateTheme = () => {
    const next = pageTheme();
    if (next === theme) return;
    theme = next;
    post({ type: 'theme', theme });
  };
  const mo = new MutationObserver(updateTheme);
  mo.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-color-mode', 'data-light-theme', 'data-dark-theme'],
  });
  const mq = matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', updateTheme, { signal });

  signal.addEventListener(
    'abort',
    () => {
      mo.disconnect();
      if (current) remembered = { pr: prKey, sessionId: current, at: Date.now() };
      close(true);
    },
    { once: true },
  );

  const deep = parseDeepLink(new URL(location.href));
  if (deep) open(deep);
  else if (remembered && remembered.pr === prKey && Date.now() - remembered.at < 5000) open(remembered.sessionId);
  remembered = null;
}

export const drawerFeature: PageFeature = { id: 'drawer', include: [isPrAnyTab], init };
export default drawerFeature;
