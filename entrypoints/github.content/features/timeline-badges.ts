/**
 * Timeline badges: at the end of each agent's own "started work" event, the session's state (live), in a shadow root.
 * Anchors: the event's session link (session id in its href; the 2026 verb link or the 2025 View session button);
 * else the event text, mapped by time / order (utils/page/mapping.ts). Never a badge for a session link pasted in a
 * comment, a link to another PR's session, or a finished / stopped / review event. An item is judged only once the
 * parser is done with it (the HTML streams in; a pause can fall inside its link). Elements appearing later (Load
 * more, live updates) get badges too, each once.
 */
import { h } from 'preact';
import { frozenAt } from '../../../components/page/ConnectionNote';
import { openSignIn } from '../../../components/page/HeaderBadge';
import { NoticeBadge, SessionBadge } from '../../../components/page/SessionBadge';
import { type Mounted, mountShadow } from '../../../components/page/shadow';
import type { PrView } from '../../../components/page/types';
import { assignTextEvents, type TextEvent } from '../../../utils/page/mapping';
import { observe } from '../../../utils/page/observe';
import {
  css,
  eventText,
  inComment,
  isOtherAgentEvent,
  isParsed,
  startedWorkAgent,
  timelineItemOf,
} from '../../../utils/page/selectors';
import { isPrConversation, type PrRef, parsePr, sessionLinkScope, sessionLinkTarget } from '../../../utils/page/urls';
import type { Session } from '../../../utils/sessions/model';
import { prData } from '../data';
import type { PageFeature } from '../feature';
import { openSession } from '../open';

interface Badge extends TextEvent {
  mounted: Mounted;
  /** From the link; null for text events (mapped). */
  sessionId: string | null;
}

const SIGNED_OUT_REASON =
  'Sign in to the Agent Sessions extension to see live status for this session: click to open its options page.';

/** The notice shown when a badge has no session to show. */
function notice(view: PrView): { label: string; reason: string; state: string } | null {
  if (view.status === 'loading' || view.provisional) return null;
  if (!view.signedIn) return { label: 'Sign in to the extension', reason: SIGNED_OUT_REASON, state: 'signed-out' };
  if (view.status === 'error' && view.error)
    return {
      label: 'Status unavailable',
      reason: `${view.error.message}${view.error.fix ? ` ${view.error.fix}` : ''}`,
      state: 'error',
    };
  return {
    label: 'Status unknown',
    reason: 'The extension has not seen this session: it may be in a repository your token cannot read.',
    state: 'unknown',
  };
}

function renderBadge(badge: Badge, session: Session | null, view: PrView): void {
  const { host } = badge.mounted;
  host.hidden = !view.badges;
  if (session) {
    badge.mounted.render(h(SessionBadge, { session, host, onOpen: openSession, frozenAt: frozenAt(view) }));
    return;
  }
  const n = notice(view);
  if (!n) {
    host.dataset.state = 'loading';
    badge.mounted.render(null);
    return;
  }
  badge.mounted.render(
    h(NoticeBadge, {
      ...n,
      host,
      sessionId: badge.sessionId,
      onActivate: n.state === 'signed-out' ? openSignIn : undefined,
    }),
  );
}

/** The session id of a link that belongs to this PR's timeline (not another PR's, not another host's), else null. */
function ownSessionId(link: Element, pr: PrRef): string | null {
  const href = link.getAttribute('href');
  const target = sessionLinkTarget(href, location.href);
  if (!target) return null;
  let origin: string;
  try {
    origin = new URL(href ?? '', location.href).origin;
  } catch {
    return null;
  }
  // A task-page link names the PR by node id only: inside this PR's own agent event it is this PR's.
  return sessionLinkScope(target, pr, origin, location.origin) === 'other' ? null : target.sessionId;
}

/** Where the badge goes: the end of the event's line (the button's line when the link sits in its own block). */
function lineEnd(item: Element, link: Element | null): Element {
  const body = item.querySelector(css('eventBody')) ?? item;
  const parent = link?.parentElement;
  if (parent && parent !== body && body.contains(parent) && parent.textContent?.trim() === link?.textContent?.trim())
    return parent;
  return body;
}

function eventTime(item: Element): number | null {
  const t = Date.parse(item.querySelector('relative-time[datetime]')?.getAttribute('datetime') ?? '');
  return Number.isNaN(t) ? null : t;
}

export const timelineBadges: PageFeature = {
  id: 'timeline-badges',
  include: [isPrConversation],
  init(signal) {
    const pr = parsePr(new URL(location.href));
    if (!pr) return;
    const data = prData(pr, signal);
    const linkBadges: Badge[] = [];
    const textBadges: Badge[] = [];
    const claimed = new Set<string>();
    const itemSel = css('timelineItem');
    const linkSel = css('sessionLink');

    let queued = false;
    const renderAll = () => {
      queued = false;
      if (signal.aborted) return;
      const view = data.get();
      const byId = new Map(view.sessions.map((s) => [s.id, s]));
      for (const b of linkBadges) renderBadge(b, byId.get(b.sessionId!) ?? null, view);
      const live = textBadges.filter((b) => b.mounted.host.isConnected);
      // Document order for the n-th mapping.
      live.sort((a, b) => (a.mounted.host.compareDocumentPosition(b.mounted.host) & 4 ? -1 : 1));
      const assigned = assignTextEvents(live, view.sessions, claimed);
      for (const b of live) renderBadge(b, assigned.get(b) ?? null, view);
    };
    const queueRender = () => {
      if (queued) return;
      queued = true;
      queueMicrotask(renderAll);
    };
    data.subscribe(queueRender, signal);

    /** Links and items seen while the parser was still inside them: judged again as more of the page arrives. */
    const waiting = new Set<Element>();

    const judgeLink = (link: Element): void => {
      const item = timelineItemOf(link);
      if (!item) return; // a link outside the timeline is no event
      if (!isParsed(item)) {
        waiting.add(link);
        queueMicrotask(retry);
        return;
      }
      if (inComment(link)) return; // pasted into a comment
      const id = ownSessionId(link, pr);
      if (!id || claimed.has(id)) return;
      const text = eventText(item);
      const agent = startedWorkAgent(text);
      if (!agent || isOtherAgentEvent(text)) return;
      claimed.add(id);
      const at = lineEnd(item, link);
      const mounted = mountShadow('timeline', (host) => at.append(host), signal);
      mounted.host.dataset.sessionId = id;
      linkBadges.push({ mounted, sessionId: id, time: null, agent });
      renderAll();
    };

    const judgeItem = (item: Element): void => {
      if (item.parentElement?.closest(itemSel)) return; // the outermost item speaks for its parts
      if (!isParsed(item)) {
        waiting.add(item);
        queueMicrotask(retry);
        return;
      }
      if (item.querySelector(linkSel)) return; // the link path has it
      const agent = startedWorkAgent(eventText(item));
      if (!agent) return;
      const at = lineEnd(item, null);
      const mounted = mountShadow('timeline', (host) => at.append(host), signal);
      textBadges.push({ mounted, sessionId: null, time: eventTime(item), agent });
      queueRender();
    };

    const retry = () => {
      if (!waiting.size || signal.aborted) return;
      for (const el of Array.from(waiting)) {
        const item = el.matches(itemSel) ? el : timelineItemOf(el);
        if (!el.isConnected) waiting.delete(el);
        else if (!item || isParsed(item)) {
          waiting.delete(el);
          if (el.matches(itemSel)) judgeItem(el);
          else judgeLink(el);
        }
      }
      // A backstop for a missed readystatechange: look again shortly while something still waits.
      if (waiting.size && !backstop)
        backstop = setTimeout(() => {
          backstop = null;
          retry();
        }, 100);
    };
    let backstop: ReturnType<typeof setTimeout> | null = null;
    signal.addEventListener('abort', () => backstop && clearTimeout(backstop));
    // While the page streams in: each parser insertion may complete a waiting item.
    if (document.readyState === 'loading') {
      const mo = new MutationObserver(retry);
      mo.observe(document, { childList: true, subtree: true });
      document.addEventListener(
        'readystatechange',
        () => {
          retry();
          if (document.readyState !== 'loading') mo.disconnect();
        },
        { signal },
      );
      signal.addEventListener('abort', () => mo.disconnect());
    }

    // The link's href, ancestors and item are all this needs, so its badge is drawn in the frame it appears in.
    observe(linkSel, judgeLink, signal, { immediate: true });
    observe(itemSel, judgeItem, signal);
  },
};

export default timelineBadges;
