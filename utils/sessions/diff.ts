/** Transitions between two views of the sessions. Pure. */
import type { Session, SessionState } from './model';

export interface Transition {
  sessionId: string;
  from: SessionState | null;
  to: SessionState;
}

/** Every session whose state differs from before, and every new session (from null). */
export function diffSessions(prev: readonly Session[], next: readonly Session[]): Transition[] {
  const before = new Map(prev.map((s) => [s.id, s.state]));
  const out: Transition[] = [];
  for (const s of next) {
    const from = before.get(s.id) ?? null;
    if (from !== s.state) out.push({ sessionId: s.id, from, to: s.state });
  }
  return out;
}

/** Key remembered once a transition was notified, so a restart never repeats it. */
export function transitionKey(t: Pick<Transition, 'sessionId' | 'to'>): string {
  return `${t.sessionId}:${t.to}`;
}
