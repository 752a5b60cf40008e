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
  const time = formatDuration(elapsedMs(session, now));
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
