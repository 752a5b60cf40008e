import { type ComponentChild, render } from 'preact';
import badgeCss from '../badge.css?inline';
import controlsCss from '../controls.css?inline';
import themeCss from '../theme.css?inline';
import pageCss from './page.css?inline';

/** Every stylesheet an injected shadow root needs, in order. Primer variables inherit from the page. */
const SHADOW_CSS = [themeCss, badgeCss, controlsCss, pageCss].join('\n');

type BadgeKind = 'timeline' | 'header' | 'list' | 'fallback';

export interface Mounted {
  host: HTMLElement;
  root: ShadowRoot;
  render(node: ComponentChild): void;
  remove(): void;
}

let shared: CSSStyleSheet | null | undefined;

/**
 * One constructed stylesheet adopted by every shadow root, parsed once (the content script prepares it at start,
 * while the page's HTML is still arriving) instead of once per badge when the badge must appear. Chrome only:
 * Firefox content scripts cannot hand their own CSSStyleSheet objects to the page's shadow roots (Xray), so they
 * keep a `<style>` per root.
 */
export function sharedStyleSheet(): CSSStyleSheet | null {
  if (shared !== undefined) return shared;
  shared = null;
  if (import.meta.env.BROWSER !== 'firefox' && typeof CSSStyleSheet === 'function') {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(SHADOW_CSS);
      shared = sheet;
    } catch {
      shared = null;
    }
  }
  return shared;
}

function addStyles(root: ShadowRoot): void {
  const sheet = sharedStyleSheet();
  if (sheet) {
    try {
      root.adoptedStyleSheets = [sheet];
      if (root.adoptedStyleSheets.length === 1) return;
    } catch {
      // not adoptable here: a <style> below
    }
  }
  const style = document.createElement('style');
  style.textContent = SHADOW_CSS;
  root.prepend(style);
}

/**
 * A light-DOM host (`<span data-agent-sessions-badge="kind">`) with an open shadow root holding our styles and a
 * Preact tree. `place` inserts the host into the page; the host is removed when `signal` aborts.
 */
export function mountShadow(kind: BadgeKind, place: (host: HTMLElement) => void, signal: AbortSignal): Mounted {
  const host = document.createElement(kind === 'fallback' ? 'div' : 'span');
  host.dataset.agentSessionsBadge = kind;
  host.dataset.state = 'loading';
  const root = host.attachShadow({ mode: 'open' });
  const container = document.createElement('span');
  container.className = 'as-root';
  root.append(container);
  addStyles(root);
  place(host);
  const remove = () => {
    try {
      render(null, container);
    } catch {
      // already gone
    }
    host.remove();
  };
  signal.addEventListener('abort', remove, { once: true });
  return {
    host,
    root,
    render(node) {
      if (!signal.aborted) render(node, container);
    },
    remove,
  };
}
