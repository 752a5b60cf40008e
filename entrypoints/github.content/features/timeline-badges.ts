/**
 * Timeline badges: next to each agent "started work" event, the session's state (live), in a shadow root.
 * Anchors: the View session link (session id in its href); else the event text, mapped by time / order
 * (utils/page/mapping.ts). Elements appearing later (Load more, live updates) get badges too, each once.
 */
import { h } from 'preact';
import { NoticeBadge, SessionBadge } from '../../../components/page/SessionBadge';
import { type Mounted, mountShadow } from '../../../components/page/shadow';
import { assignTextEvents, type TextEvent } from '../../../utils/page/mapping';
import { observe } from '../../../utils/page/observe';
import {
  css,
  isOtherAgentEvent,
  sessionIdOfLink,
  startedWorkAgent,
  timelineItemOf,
} from '../../../utils/page/selectors';
import { isPrConversation, type PrRef, parsePr } from '../../../utils/page/urls';
import type { Session } from '../../../utils/sessions/model';
import { type PrView, prData } from '../data';
import type { PageFeature } from '../feature';

interface Badge extends TextEvent {
  mounted: Mounted;
  /** From the link; null for text events (mapped). */
  sessionId: string | null;
}

export const SIGNED_OUT_REASON =
  'Sign in to the Agent Sessions extension (toolbar button) to see live status for this session.';

/** The notice shown when a badge has no session to show. */
export function notice(view: PrView): { label: string; reason: string; state: string } | null {
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
    badge.mounted.render(h(SessionBadge, { session, host }));
    return;
  }
  const n = notice(view);
  if (!n) {
    host.dataset.state = 'loading';
    badge.mounted.render(null);
    return;
  }
  badge.mounted.render(h(NoticeBadge, { ...n, host, sessionId: badge.sessionId }));
}

/** True when a link points at another PR's session (e.g. a link pasted in a comment). */
function linksElsewhere(link: Element, pr: PrRef): boolean {
  try {
    const other = parsePr(new URL(link.getAttribute('href') ?? '', location.href));
    return (
      !!other &&
      (other.number !== pr.number ||
        other.repo.toLowerCase() !== pr.repo.toLowerCase() ||
        other.owner.toLowerCase() !== pr.owner.toLowerCase())
    );
  } catch {
    return true;
  }
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

    observe(
      linkSel,
      (link) => {
        const id = sessionIdOfLink(link);
        if (!id || claimed.has(id) || linksElsewhere(link, pr)) return;
        const item = timelineItemOf(link);
        if (isOtherAgentEvent(item?.textContent)) return;
        if (!item && !startedWorkAgent(link.parentElement?.textContent)) return;
        claimed.add(id);
        const mounted = mountShadow('timeline', (host) => link.after(host), signal);
        mounted.host.dataset.sessionId = id;
        linkBadges.push({ mounted, sessionId: id, time: null, agent: startedWorkAgent(item?.textContent) });
        renderAll();
      },
      signal,
      // The link's href and ancestors are all this needs, so its badge can be drawn in the frame it appears in.
      { immediate: true },
    );

    observe(
      itemSel,
      (item) => {
        if (item.parentElement?.closest(itemSel)) return; // the outermost item speaks for its parts
        if (item.querySelector(linkSel)) return; // the link path has it
        const agent = startedWorkAgent(item.textContent);
        if (!agent) return;
        const time = item.querySelector('relative-time');
        const body = item.querySelector(css('eventBody')) ?? item;
        const at = time?.closest('a') ?? time;
        const mounted = mountShadow('timeline', (host) => (at ? at.after(host) : body.append(host)), signal);
        textBadges.push({ mounted, sessionId: null, time: eventTime(item), agent });
        queueRender();
      },
      signal,
    );
  },
};

export default timelineBadges;
