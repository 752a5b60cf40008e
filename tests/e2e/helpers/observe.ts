/**
 * Reads what a person sees, from the DOM the extension renders. The data attributes relied on:
 *  - popup rows:   `[data-session-id][data-state]` (text = the row's visible text)
 *  - page badges:  outermost `[data-state]` elements inside the extension's (open) shadow roots on github.com pages;
 *                  session id from `[data-session-id]` on it, an ancestor or a descendant
 *  - content script presence: `<html data-agent-sessions="ready">`
 *  - drawer (iframe drawer.html): `[data-entry-kind]` per rendered entry, `[data-skipped="N"]` for skipped lines
 * Evaluated as strings: TS transpilers may inject helpers (`__name`) into serialised functions.
 */
import type { Frame, Page } from '@playwright/test';

export interface SeenSession {
  id: string;
  state: string;
  text: string;
}

export interface SeenBadge {
  sessionId: string | null;
  state: string;
  text: string;
}

export interface SeenDrawer {
  entriesByKind: Record<string, number>;
  entries: number;
  skippedLines: number;
}

export async function popupSessions(page: Page): Promise<SeenSession[]> {
  return page.evaluate(`Array.from(document.querySelectorAll('[data-session-id][data-state]')).map((el) => ({
    id: el.getAttribute('data-session-id'),
    state: el.getAttribute('data-state'),
    text: (el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 200),
  }))`);
}

/** Badges rendered in shadow roots (and, for completeness, in the light DOM under [data-agent-sessions-badge]). */
export async function pageBadges(page: Page): Promise<SeenBadge[]> {
  return page.evaluate(`(() => {
    const found = [];
    const walk = (root, inShadow) => {
      for (const el of root.querySelectorAll('*')) {
        const outer = el.parentElement ? el.parentElement.closest('[data-state]') : null;
        if (inShadow && el.hasAttribute('data-state') && !outer) {
          const own = el.closest('[data-session-id]') || el.querySelector('[data-session-id]');
          found.push({
            sessionId: own ? own.getAttribute('data-session-id') : null,
            state: el.getAttribute('data-state'),
            text: (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 120),
          });
        }
        if (el.shadowRoot) walk(el.shadowRoot, true);
      }
    };
    walk(document, false);
    return found;
  })()`);
}

export async function contentScriptMarker(page: Page): Promise<string | null> {
  return page.evaluate(`document.documentElement.dataset.agentSessions ?? null`);
}

export function drawerFrame(page: Page): Frame | null {
  return page.frames().find((f) => f.url().includes('/drawer.html')) ?? null;
}

export async function drawerEntries(frame: Frame): Promise<SeenDrawer> {
  return frame.evaluate(`(() => {
    const entriesByKind = {};
    let entries = 0;
    for (const el of document.querySelectorAll('[data-entry-kind]')) {
      const kind = el.getAttribute('data-entry-kind') || 'unknown';
      entriesByKind[kind] = (entriesByKind[kind] || 0) + 1;
      entries++;
    }
    let skippedLines = 0;
    for (const el of document.querySelectorAll('[data-skipped]')) skippedLines += Number(el.getAttribute('data-skipped')) || 0;
    return { entriesByKind, entries, skippedLines };
  })()`);
}
