/**
 * Tooltip and accessible-name text for a session badge. Pure; the result is set as a `title`/`aria-label`
 * attribute (text, never markup), and untrusted parts (model, error, logins) are flattened and capped.
 */

import { elapsedMs, formatDuration, type Session, STATE_LABELS, usageText } from '../sessions/model';
import { isLive } from '../sessions/selectors';
import { cleanLine } from '../text/sanitize';

/** Control and bidi characters out, whitespace collapsed, length capped: the one sanitiser (utils/text/sanitize.ts). */
export function cleanText(value: string | null | undefined, max = 300): string {
  return cleanLine(value, max);
}

// One formatter for every tooltip: building one costs milliseconds (locale data), formatting with it microseconds.
let dateFormat: Intl.DateTimeFormat | null = null;

function when(iso: string | null): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return dateFormat.format(t);
}

export function sessionTooltip(session: Session, now: number, readOnlyReason: string | null = null): string {
  const lines: string[] = [];
  const agent = cleanText(session.agent?.name, 40) || 'Agent';
  lines.push(`${agent} session · ${STATE_LABELS[session.state]}`);
  const title = cleanText(session.title, 120);
  if (title) lines.push(title);
  if (session.model) lines.push(`Model: ${cleanText(session.model, 80)}`);
  const by = cleanText(session.creator?.login, 40);
  const started = when(session.createdAt);
  if (started) lines.push(`Started: ${started}${by ? ` by ${by}` : ''}`);
  const duration = formatDuration(elapsedMs(session, now));
  if (isLive(session.state)) lines.push(`Running for ${duration}`);
  else {
    const ended = when(session.completedAt ?? session.updatedAt);
    lines.push(`Ended: ${ended || 'unknown'} (took ${duration})`);
  }
  const usage = usageText(session.usage);
  if (usage) lines.push(`Usage: ${usage}`);
  if ((session.state === 'failed' || session.state === 'timed_out') && session.error)
    lines.push(`Error: ${cleanText(session.error)}`);
  if (session.state === 'waiting_for_user') {
    const asks = cleanText(session.waitingFor?.text, 280);
    lines.push(asks ? `${agent} asks: “${asks}”` : 'Waiting for your answer on the pull request');
  }
  if (readOnlyReason) lines.push(readOnlyReason);
  return lines.join('\n');
}

/** Short accessible name: "Copilot session: In progress, 3m 05s". */
export function sessionLabel(session: Session, now: number): string {
  const agent = cleanText(session.agent?.name, 40) || 'Agent';
  return `${agent} session: ${STATE_LABELS[session.state]}, ${formatDuration(elapsedMs(session, now))}`;
}
