import { type ComponentChild, render } from 'preact';
import badgeCss from '../badge.css?inline';
import controlsCss from '../controls.css?inline';
import themeCss from '../theme.css?inline';
import pageCss from './page.css?inline';

/** Every stylesheet an injected shadow root needs, in order. Primer variables inherit from the page. */
export const SHADOW_CSS = [themeCss, badgeCss, controlsCss, pageCss].join('\n');

export type BadgeKind = 'timeline' | 'header' | 'list' | 'fallback';

export interface Mounted {
  host: HTMLElement;
  root: ShadowRoot;
  render(node: ComponentChild): void;
  remove(): void;
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
  const style = document.createElement('style');
  style.textContent = SHADOW_CSS;
  const container = document.createElement('span');
  container.className = 'as-root';
  root.append(style, container);
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

/** Sets the light-DOM attributes e2e tests and the demo report read. */
export function setHostState(host: HTMLElement, state: string, sessionId: string | null): void {
  if (host.dataset.state !== state) host.dataset.state = state;
  if (sessionId) {
    if (host.dataset.sessionId !== sessionId) host.dataset.sessionId = sessionId;
  } else if (host.dataset.sessionId) delete host.dataset.sessionId;
}
