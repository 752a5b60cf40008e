/** Opening a session from a page badge: the log drawer when the drawer feature listens, else the session page. */
import type { Session } from '../../utils/sessions/model';
import { sessionHref } from '../../utils/sessions/selectors';
import { emit, hasListener } from './bus';

export function openSession(session: Pick<Session, 'id' | 'links' | 'repo' | 'pr'>): void {
  if (hasListener('open-drawer')) {
    emit('open-drawer', { sessionId: session.id });
    return;
  }
  const href = sessionHref(session, location.origin);
  if (href) window.open(href, '_blank', 'noopener,noreferrer');
}
