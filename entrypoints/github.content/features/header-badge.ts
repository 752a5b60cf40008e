/**
 * The PR header badge: the current (latest) session's state next to the PR's state label, with a compact Stop
 * (the background refuses when the page's user is not the token's user; the button says so first).
 * On the 2026 page the header is server-rendered and hydrated by React: the badge goes in only once React has
 * hydrated it (utils/page/hydration.ts), so GitHub's hydration is never disturbed. No state label: the end of the
 * header's description (or the header). Neither: nothing, and the page-compatibility report says so.
 */
import { h } from 'preact';
import { HeaderBadge } from '../../../components/page/HeaderBadge';
import { type Mounted, mountShadow } from '../../../components/page/shadow';
import { whenHydrated } from '../../../utils/page/hydration';
import { observe } from '../../../utils/page/observe';
import { css, headerSlot, pageLogin, startedWorkAgent } from '../../../utils/page/selectors';
import { isPrAnyTab, parsePr } from '../../../utils/page/urls';
import { emit, hasListener } from '../bus';
import { prData, send } from '../data';
import type { PageFeature } from '../feature';
import { openSession } from '../open';

const STICKY = '[class*="StickyPullRequestHeader"], .gh-header-sticky';

/** The page shows agent events (a View session link or a "started work" sentence). */
function pageHasAgentEvents(): boolean {
  if (document.querySelector(css('sessionLink'))) return true;
  const timeline = document.querySelector(css('timelineContainer'));
  return !!startedWorkAgent(timeline?.textContent ?? '');
}

export const headerBadge: PageFeature = {
  id: 'header-badge',
  include: [isPrAnyTab],
  init(signal) {
    const pr = parsePr(new URL(location.href));
    if (!pr) return;
    const data = prData(pr, signal);
    let mounted: Mounted | null = null;

    const render = () => {
      if (!mounted || signal.aborted) return;
      const host = mounted.host;
      mounted.render(
        h(HeaderBadge, {
          view: data.get(),
          pageLogin: pageLogin(),
          host,
          evidence: pageHasAgentEvents(),
          onStop: async (sessionId: string) => {
            await send({ type: 'stopSession', sessionId, pageLogin: pageLogin() });
          },
          onOpen: openSession,
          onAsk: hasListener('open-drawer')
            ? (sessionId: string) => emit('open-drawer', { sessionId, ask: true })
            : undefined,
        }),
      );
    };
    data.subscribe(render, signal);

    const place = async (anchor: Element, how: 'after' | 'append') => {
      await whenHydrated(anchor, signal);
      if (signal.aborted || mounted?.host.isConnected || !anchor.isConnected) return;
      mounted?.remove();
      mounted = mountShadow('header', (host) => (how === 'after' ? anchor.after(host) : anchor.append(host)), signal);
      render();
    };

    observe(
      css('prHeaderState'),
      (label) => {
        if (mounted?.host.isConnected) return;
        // Prefer the main header; the sticky copy only when there is no other.
        if (label.closest(STICKY)) {
          const main = Array.from(document.querySelectorAll(css('prHeaderState'))).find((el) => !el.closest(STICKY));
          if (main) return;
        }
        void place(headerSlot(label), 'after');
      },
      signal,
    );
    // No state label (GitHub changed it): the end of the header, once the page is there.
    const fallback = () => {
      if (signal.aborted || mounted?.host.isConnected || document.querySelector(css('prHeaderState'))) return;
      const header = Array.from(document.querySelectorAll(css('prHeader'))).find((el) => !el.closest(STICKY));
      if (header) void place(header, 'append');
    };
    if (document.readyState === 'loading')
      document.addEventListener('DOMContentLoaded', fallback, { once: true, signal });
    else fallback();
  },
};

export default headerBadge;
