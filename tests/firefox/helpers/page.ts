/**
 * What the extension renders on github.com pages, read with puppeteer (the Firefox suite's counterpart of
 * tests/e2e/helpers/page.ts, same light-DOM hooks): badge hosts `[data-agent-sessions-badge="timeline|header|list"]`
 * with `data-session-id` and `data-state`, the drawer host `[data-agent-sessions-drawer]` and its iframe
 * (drawer.html, entries `[data-entry-kind]`, stop `[data-action="stop"]` in `.as-stop[data-stop-phase]`).
 * Evaluated as strings: TS transpilers may inject helpers into serialised functions.
 */
import type { Frame, Page } from 'puppeteer-core';

/** Evaluates an expression (a string) in a page or frame. */
export function evaluate<T>(target: Page | Frame, expression: string): Promise<T> {
  return target.evaluate(expression) as Promise<T>;
}

export interface BadgeSeen {
  kind: string;
  sessionId: string | null;
  state: string | null;
  text: string;
}

/** Every badge host on the page, in document order. */
export function badges(page: Page): Promise<BadgeSeen[]> {
  return evaluate<BadgeSeen[]>(
    page,
    `Array.from(document.querySelectorAll('[data-agent-sessions-badge]')).map((el) => ({
    kind: el.getAttribute('data-agent-sessions-badge'),
    sessionId: el.getAttribute('data-session-id'),
    state: el.getAttribute('data-state'),
    text: ((el.shadowRoot && el.shadowRoot.querySelector('.as-badge') || el).textContent || '').replace(/\\s+/g, ' ').trim(),
  }))`,
  );
}

/** `sessionId → state` of the badges of one kind. */
export async function badgeStates(page: Page, kind: 'timeline' | 'header' | 'list'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const b of await badges(page)) if (b.kind === kind && b.sessionId) out[b.sessionId] = b.state ?? '';
  return out;
}

/** The content script's marker on `<html>` (`ready` once it runs). */
export function contentScriptMarker(page: Page): Promise<string | null> {
  return evaluate(page, `document.documentElement.getAttribute('data-agent-sessions')`);
}

/** The drawer host's `data-session-id` and `data-open`, or null without a drawer. */
export function drawerHost(page: Page): Promise<{ sessionId: string | null; open: string | null } | null> {
  return evaluate(
    page,
    `(() => {
    const el = document.querySelector('[data-agent-sessions-drawer]');
    return el ? { sessionId: el.getAttribute('data-session-id'), open: el.getAttribute('data-open') } : null;
  })()`,
  );
}

/**
 * The drawer's frame (drawer.html inside the page), once there. Puppeteer's BiDi frames keep `about:blank` as the URL
 * of an extension frame's first load until a later navigation in it; the framed drawer changes its URL no more (issue
 * 17 #8: it names nothing), so the drawer host's only child frame is taken too.
 */
export function drawerFrame(page: Page): Frame | null {
  const frames = page.frames();
  const named = frames.find((f) => f.url().includes('/drawer.html'));
  if (named) return named;
  const children = page.mainFrame().childFrames();
  return children.length === 1 && children[0]!.url() === 'about:blank' ? children[0]! : null;
}

/** Rendered log entries in the drawer, by kind. */
export function drawerEntries(frame: Frame): Promise<{ entries: number; byKind: Record<string, number> }> {
  return evaluate(
    frame,
    `(() => {
    const byKind = {};
    let entries = 0;
    for (const el of document.querySelectorAll('[data-entry-kind]')) {
      const kind = el.getAttribute('data-entry-kind') || 'unknown';
      byKind[kind] = (byKind[kind] || 0) + 1;
      entries++;
    }
    return { entries, byKind };
  })()`,
  );
}

/** Text of the first element matching `selector` in `frame` (or its attribute `attribute`), null when absent. */
export function readIn(frame: Frame | Page, selector: string, attribute?: string): Promise<string | null> {
  return evaluate(
    frame,
    `(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) return null;
    return ${attribute ? `el.getAttribute(${JSON.stringify(attribute)})` : `(el.textContent || '').replace(/\\s+/g, ' ').trim()`};
  })()`,
  );
}
