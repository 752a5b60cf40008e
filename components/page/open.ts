import { emit, hasListener } from '../../entrypoints/github.content/bus';
import type { Session } from '../../utils/sessions/model';

/** The session page on the web host: the URL the background built, else one we build from the PR. */
export function sessionHref(
  session: Pick<Session, 'id' | 'links' | 'repo' | 'pr'>,
  origin = location.origin,
): string | null {
  const built = session.links?.session;
  if (built?.startsWith('https://')) return built;
  if (session.repo && session.pr && /^https:\/\//.test(origin))
    return `${origin}/${encodeURIComponent(session.repo.owner)}/${encodeURIComponent(session.repo.name)}/pull/${session.pr.number}/agent-sessions/${encodeURIComponent(session.id)}`;
  return null;
}

/** Opens the log drawer on the session when the drawer feature listens, else the session page in a new tab. */
export function openSession(session: Pick<Session, 'id' | 'links' | 'repo' | 'pr'>): void {
  if (hasListener('open-drawer')) {
    emit('open-drawer', { sessionId: session.id });
    return;
  }
  const href = sessionHref(session);
  if (href) window.open(href, '_blank', 'noopener,noreferrer');
}
