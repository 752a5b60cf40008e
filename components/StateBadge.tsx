import {
  elapsedMs,
  formatDuration,
  isRunning,
  type Session,
  STATE_LABELS,
  STATE_LOOK,
  usageText,
} from '../utils/sessions/model';
import { Octicon } from './Octicon';

/** How long a session has waited for the person: since its last change (the move to Waiting), not since its start. */
export function waitingMs(session: Pick<Session, 'updatedAt'>, now: number): number {
  const t = Date.parse(session.updatedAt);
  return Number.isNaN(t) ? 0 : Math.max(0, now - t);
}

/**
 * A session's state as GitHub shows it: octicon, label, and elapsed time (live while running) or duration.
 * Colours come from the `--as-<role>-*` variables defined in components/theme.css, which map to Primer's.
 */
export function StateBadge({
  session,
  now,
  compact = false,
  showTime = true,
}: {
  session: Pick<Session, 'state' | 'createdAt' | 'completedAt' | 'updatedAt' | 'usage'>;
  now: number;
  compact?: boolean;
  showTime?: boolean;
}) {
  const look = STATE_LOOK[session.state];
  const label = STATE_LABELS[session.state];
  // Waiting for you: the time it has waited, which is what the person acts on (issue 20 #3).
  const time = formatDuration(session.state === 'waiting_for_user' ? waitingMs(session, now) : elapsedMs(session, now));
  const usage = usageText(session.usage);
  return (
    <span class={`as-badge as-role-${look.role}${compact ? ' as-badge--compact' : ''}`} data-state={session.state}>
      <Octicon
        name={look.icon}
        class={isRunning(session.state) && session.state === 'in_progress' ? 'as-spin' : undefined}
      />
      {!compact && <span class="as-badge-label">{label}</span>}
      {compact && <span class="as-visually-hidden">{label}</span>}
      {showTime && <span class="as-badge-time">{time}</span>}
      {!compact && usage && session.usage && (
        <span class="as-badge-premium" title={usage} data-unit={session.usage.unit}>
          <Octicon name="zap" size={12} />
          {usage}
        </span>
      )}
    </span>
  );
}
