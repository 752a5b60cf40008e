/** Which transitions notify (pure), and the notification's words. */
import type { Settings } from '../messages/protocol';
import { type Transition, transitionKey } from '../sessions/diff';
import { type Session, type SessionState, STATE_LABELS } from '../sessions/model';

export function notifyKindEnabled(to: SessionState, settings: Settings): boolean {
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
  const where = s.repo ? `${s.repo.fullName}${s.pr ? ` #${s.pr.number}` : ''}` : '';
  const agent = s.agent.name;
  const title = `${STATE_LABELS[s.state]} · ${agent}`;
  const t = s.title.length > 100 ? `${s.title.slice(0, 99)}…` : s.title;
  const err = s.error && (s.state === 'failed' || s.state === 'timed_out') ? `\n${s.error.slice(0, 120)}` : '';
  return { title, message: `${t}${where ? `\n${where}` : ''}${err}` };
}
