/** Which transitions notify (pure), and the notification's words. */
import type { Settings } from '../model/settings';
import { type Transition, transitionKey } from '../sessions/diff';
import { type Session, type SessionState, STATE_LABELS } from '../sessions/model';
import { cleanLine } from '../text/sanitize';

function notifyKindEnabled(to: SessionState, settings: Settings): boolean {
  switch (to) {
    case 'completed':
      return settings.notify.completed;
    case 'failed':
      return settings.notify.failed;
    case 'timed_out':
      return settings.notify.timedOut;
    case 'waiting_for_user':
      return settings.notify.waiting;
    default:
      return false;
  }
}

/** Transitions that should notify now: not the first sync, a kind turned on, not notified before. */
export function transitionsToNotify(
  transitions: readonly Transition[],
  opts: { firstSync: boolean; settings: Settings; notified: ReadonlySet<string> },
): Transition[] {
  if (opts.firstSync) return [];
  return transitions.filter((t) => notifyKindEnabled(t.to, opts.settings) && !opts.notified.has(transitionKey(t)));
}

export function notificationText(s: Session): { title: string; message: string } {
  // The one sanitiser again (sessions are cleaned when they enter the state; this holds for any other caller).
  const where = s.repo ? cleanLine(`${s.repo.fullName}${s.pr ? ` #${s.pr.number}` : ''}`, 160) : '';
  const agent = cleanLine(s.agent.name, 40) || 'Agent';
  const title = `${STATE_LABELS[s.state]} · ${agent}`;
  const t = cleanLine(s.title, 100);
  const err = s.error && (s.state === 'failed' || s.state === 'timed_out') ? `\n${cleanLine(s.error, 120)}` : '';
  return { title, message: `${t}${where ? `\n${where}` : ''}${err}` };
}
