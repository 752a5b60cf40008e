/** Toolbar badge: count needing attention (attention colour), else count running (accent), else empty; tooltip lists them. */

import { isRunning, type Session, STATE_LABELS } from '../sessions/model';
import { needsAttention } from '../sessions/selectors';
import { cleanLine } from '../text/sanitize';

const ATTENTION_COLOR = '#bf8700';
const ACCENT_COLOR = '#0969da';
const DEFAULT_TITLE = 'Agent Sessions for GitHub';

interface BadgeLook {
  text: string;
  color: string | null;
  title: string;
}

function line(s: Session): string {
  const where = s.repo ? ` — ${s.repo.fullName}${s.pr ? `#${s.pr.number}` : ''}` : '';
  return `• ${STATE_LABELS[s.state]}: ${cleanLine(s.title, 60)}${cleanLine(where, 160)}`;
}

function list(items: Session[]): string {
  const shown = items.slice(0, 8).map(line);
  if (items.length > 8) shown.push(`… and ${items.length - 8} more`);
  return shown.join('\n');
}

export function badgeLook(
  sessions: readonly Session[],
  unread: readonly string[],
  signedIn: boolean,
  errorText: string | null = null,
): BadgeLook {
  if (!signedIn) return { text: '', color: null, title: `${DEFAULT_TITLE} — sign in to track sessions` };
  const set = new Set(unread);
  const attention = sessions.filter((s) => !s.archived && needsAttention(s, set));
  const suffix = errorText ? `\n\n⚠ ${cleanLine(errorText)}` : '';
  if (attention.length > 0) {
    return {
      text: String(attention.length),
      color: ATTENTION_COLOR,
      title: `${DEFAULT_TITLE} — ${attention.length} need${attention.length === 1 ? 's' : ''} your attention:\n${list(attention)}${suffix}`,
    };
  }
  const running = sessions.filter((s) => isRunning(s.state) && !s.archived);
  if (running.length > 0) {
    return {
      text: String(running.length),
      color: ACCENT_COLOR,
      title: `${DEFAULT_TITLE} — ${running.length} running:\n${list(running)}${suffix}`,
    };
  }
  return { text: '', color: null, title: `${DEFAULT_TITLE}${suffix}` };
}
