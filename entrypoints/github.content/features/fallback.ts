/**
 * Unknown layout fallback: on a PR conversation with known sessions where, once the page has settled, none of the
 * anchors matched (no badge could be placed), a compact floating summary (bottom-right, dismissible) shows the
 * sessions, and one tagged warning names the selectors that found nothing. Removed as soon as anchors appear.
 */
import { h } from 'preact';
import { FallbackSummary } from '../../../components/page/FallbackSummary';
import { type Mounted, mountShadow } from '../../../components/page/shadow';
import { type AnchorName, css } from '../../../utils/page/selectors';
import { isPrConversation, parsePr } from '../../../utils/page/urls';
import { prData } from '../data';
import type { PageFeature } from '../feature';
import { openSession } from '../open';

const SETTLE_MS = 1500;
const ANCHORS: AnchorName[] = ['sessionLink', 'timelineItem', 'prHeaderState'];
let warned = new Set<string>();

/** Forget which pages were warned about (tests). */
export function resetFallbackWarnings(): void {
  warned = new Set();
}

function anchorsMatch(): boolean {
  return (
    ANCHORS.some((a) => document.querySelector(css(a))) ||
    !!document.querySelector('[data-agent-sessions-badge="timeline"]')
  );
}

export const fallback: PageFeature = {
  id: 'fallback',
  include: [isPrConversation],
  init(signal) {
    const pr = parsePr(new URL(location.href));
    if (!pr) return;
    const data = prData(pr, signal);
    let mounted: Mounted | null = null;
    let dismissed = false;
    let settled = false;

    const update = () => {
      if (signal.aborted || !settled) return;
      const view = data.get();
      const show = !dismissed && view.badges && view.sessions.length > 0 && !anchorsMatch();
      if (!show) {
        mounted?.remove();
        mounted = null;
        return;
      }
      const key = location.pathname;
      if (!warned.has(key)) {
        warned.add(key);
        console.warn(`[agent-sessions] no anchor matched: ${ANCHORS.join(', ')}`);
      }
      if (!mounted) mounted = mountShadow('fallback', (host) => document.body.append(host), signal);
      const latest = view.sessions[view.sessions.length - 1]!;
      mounted.host.dataset.state = latest.state;
      mounted.host.dataset.sessionId = latest.id;
      mounted.render(
        h(FallbackSummary, {
          view,
          onDismiss: () => {
            dismissed = true;
            update();
          },
          onOpen: openSession,
        }),
      );
    };

    data.subscribe(update, signal);
    const start = () => {
      const timer = setTimeout(() => {
        settled = true;
        update();
      }, SETTLE_MS);
      signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    };
    if (document.readyState === 'complete') start();
    else window.addEventListener('load', start, { once: true, signal });

    // Anchors appearing later (a slow render) take over from the summary.
    const mo = new MutationObserver(() => {
      if (mounted && anchorsMatch()) update();
    });
    mo.observe(document.body, { childList: true, subtree: true });
    signal.addEventListener('abort', () => mo.disconnect(), { once: true });
  },
};

export default fallback;
