/**
 * What a new session list means for the user: transitions, unread marks and the notifications to show (pure,
 * `withSessions`), showing the notifications decided, and the toolbar badge. Which transitions notify and their words
 * are in notify.ts; the badge's look in badge.ts.
 */
import { isSafeLink } from '../github/hosts';
import { AGENTS_HOME } from '../github/links';
import { diffSessions, type Transition, transitionKey } from '../sessions/diff';
import { sortSessions } from '../sessions/map';
import { asksForUser, isRunning, type Session } from '../sessions/model';
import { deepLink } from '../sessions/selectors';
import { badgeLook } from './badge';
import type { EngineBrowser } from './engine-deps';
import { notificationText, transitionsToNotify } from './notify';
import type { EngineData } from './store';

/** On the first sync, a failure that ended this long ago or less still needs the person (issue 20 #8). */
export const FIRST_SYNC_ATTENTION_MS = 24 * 3600_000;

/** Failed or timed out, ended within FIRST_SYNC_ATTENTION_MS of `now`: unread on the first sync, not notified. */
function recentFailure(s: Session, now: number): boolean {
  if (s.state !== 'failed' && s.state !== 'timed_out') return false;
  const ended = Date.parse(s.completedAt ?? s.updatedAt ?? '');
  return !Number.isNaN(ended) && now - ended <= FIRST_SYNC_ATTENTION_MS;
}

/**
 * The saved data with `next` as the session list: transitions against the previous list mark sessions unread (or
 * read again when they run), and those that notify become pending notifications, remembered as notified. The first
 * sync notifies nothing but marks the failures of the last day unread: they need the person, not "Recent".
 */
export function withSessions(
  data: EngineData,
  next: Session[],
  now: number,
): { data: EngineData; transitions: Transition[] } {
  const firstSync = !data.firstSyncDone;
  const sorted = sortSessions(next);
  const transitions = diffSessions(data.sessions, sorted);
  const notified = new Set(data.notified);
  const toNotify = transitionsToNotify(transitions, { firstSync, settings: data.settings, notified });
  const unread = new Set(data.unread);
  if (!firstSync) {
    for (const t of transitions) {
      if (asksForUser(t.to)) unread.add(t.sessionId);
      else if (isRunning(t.to)) unread.delete(t.sessionId);
    }
  } else for (const s of sorted) if (recentFailure(s, now)) unread.add(s.id);
  for (const t of toNotify) notified.add(transitionKey(t));
  return {
    data: {
      ...data,
      sessions: sorted,
      unread: [...unread],
      notified: [...notified],
      pending: [...data.pending, ...toNotify.map((t) => ({ sessionId: t.sessionId, to: t.to }))],
      firstSyncDone: true,
    },
    transitions,
  };
}

/** Shows the pending notifications (same id as the session: shown twice, it is still one). */
export async function showNotifications(
  b: EngineBrowser,
  data: Pick<EngineData, 'pending' | 'sessions'>,
): Promise<void> {
  for (const p of data.pending) {
    const s = data.sessions.find((x) => x.id === p.sessionId);
    if (!s) continue;
    const { title, message } = notificationText(s);
    try {
      await b.notifications.create(s.id, {
        type: 'basic',
        iconUrl: b.runtime.getURL('/icon/128.png'),
        title,
        message,
        priority: s.state === 'waiting_for_user' ? 2 : 0,
      });
    } catch {
      // notifications blocked by the OS or browser: the badge still says it
    }
  }
}

/** The toolbar badge for the saved data. */
export async function showToolbarBadge(
  b: EngineBrowser,
  data: Pick<EngineData, 'sessions' | 'unread' | 'auth' | 'lastError'>,
): Promise<void> {
  const err = data.lastError;
  const look = badgeLook(data.sessions, data.unread, !!data.auth, err ? err.message : null);
  try {
    await b.action.setBadgeText({ text: look.text });
    if (look.color) await b.action.setBadgeBackgroundColor({ color: look.color });
    await b.action.setTitle({ title: look.title });
  } catch {
    // action API unavailable (tests, old browsers)
  }
}

/**
 * Deep link for a session: the PR with the drawer open; a session without a PR (its artifact is a branch) opens
 * the same drawer as an extension tab (`drawerPage`, the extension's drawer.html URL); without one, the session
 * page, else the agents page.
 */
export function sessionUrl(s: Session, host: string, drawerPage: string | undefined): string {
  const link = deepLink(s);
  if (link) return link;
  if (drawerPage) {
    const hostParam = host === 'github.com' ? '' : `&host=${encodeURIComponent(host)}`;
    return `${drawerPage}#session=${encodeURIComponent(s.id)}&view=tab${hostParam}`;
  }
  if (isSafeLink(s.links.session)) return s.links.session;
  return AGENTS_HOME(host);
}
