import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { cleanText, sessionLabel, sessionTooltip } from '../../utils/page/tooltip';
import { isCopilot, type Session } from '../../utils/sessions/model';
import { isLive } from '../../utils/sessions/selectors';
import { Octicon } from '../Octicon';
import { StateBadge } from '../StateBadge';
import { useNow } from './hooks';
import type { OpenSession } from './types';

/** Why the signed-in user cannot act on a session (read-only), or null. */
function readOnlyReason(session: Session): string | null {
  if (session.canAct) return null;
  const by = session.creator?.login;
  return by ? `Read-only: started by ${by}` : 'Read-only';
}

const STALE_HINT = 'Not connected: the state when the extension last reached GitHub';

/** A clickable state badge for one session (opens the drawer or the session page). */
export function SessionBadge({
  session,
  host,
  compact = false,
  frozenAt = null,
  onOpen,
}: {
  session: Session;
  host?: HTMLElement;
  compact?: boolean;
  /** Not live (GitHub refuses the token): the clock stays at the last sync, the badge looks still (issue 20 #7). */
  frozenAt?: number | null;
  onOpen: OpenSession;
}) {
  const live = isLive(session.state);
  const ticking = useNow(live && frozenAt == null);
  const now = frozenAt ?? ticking;
  // The tooltip (dates in the user's locale) is built after the badge's first paint, not before it.
  const [withTooltip, setWithTooltip] = useState(false);
  useEffect(() => setWithTooltip(true), []);
  useLayoutEffect(() => {
    if (!host) return;
    if (host.dataset.state !== session.state) host.dataset.state = session.state;
    if (host.dataset.sessionId !== session.id) host.dataset.sessionId = session.id;
  }, [host, session.state, session.id]);
  return (
    <button
      type="button"
      class={`as-badge-btn${frozenAt == null ? '' : ' as-badge-btn--stale'}`}
      data-stale={frozenAt == null ? undefined : 'true'}
      title={
        withTooltip
          ? `${sessionTooltip(session, now, readOnlyReason(session))}${frozenAt == null ? '' : `\n${STALE_HINT}`}`
          : undefined
      }
      aria-label={`${sessionLabel(session, now)}${frozenAt == null ? '' : `. ${STALE_HINT}`}. Open the session log`}
      onClick={(event) => {
        event.preventDefault();
        event.stopPropagation();
        onOpen(session);
      }}
    >
      {!isCopilot(session.agent) && (
        <span class="as-agent-label" data-agent={session.agent.slug}>
          {cleanText(session.agent.name, 40) || 'Agent'}
        </span>
      )}
      <StateBadge session={session} now={now} compact={compact} />
    </button>
  );
}

/** A muted, non-interactive badge saying why there is no live status. */
export function NoticeBadge({
  label,
  reason,
  host,
  state,
  sessionId = null,
  onActivate,
}: {
  label: string;
  reason: string;
  host?: HTMLElement;
  state: string;
  sessionId?: string | null;
  /** Makes the notice a button (a signed-out notice opens the extension's options, where a person signs in). */
  onActivate?: () => void;
}) {
  useLayoutEffect(() => {
    if (!host) return;
    host.dataset.state = state;
    if (sessionId) host.dataset.sessionId = sessionId;
  }, [host, state, sessionId]);
  const badge = (
    <span class="as-badge as-role-muted" data-state={state} title={onActivate ? undefined : reason}>
      <Octicon name="copilot" />
      <span class="as-badge-label">{label}</span>
      {reason !== label && <span class="as-visually-hidden">{`: ${reason}`}</span>}
    </span>
  );
  if (!onActivate) return badge;
  return (
    <button
      type="button"
      class="as-badge-btn"
      title={reason}
      data-action="open-options"
      onClick={(event) => {
        event.preventDefault();
        event.stopPropagation();
        onActivate();
      }}
    >
      {badge}
    </button>
  );
}
