/**
 * Which session a "started work" event without a View session link stands for. Pure.
 * 1. Sessions already claimed by a link are out.
 * 2. An event with a time (`relative-time[datetime]`) takes the nearest free session started within 10 minutes
 *    (same agent name preferred).
 * 3. The remaining events, in document order, take the remaining sessions in time order: the n-th event the n-th.
 */
import type { Session } from '../sessions/model';
import { byCreated } from '../sessions/selectors';

export interface TextEvent {
  /** Event time (ms) when the timeline says, else null. */
  time: number | null;
  /** Agent name from the event text ("Copilot", "Codex"). */
  agent: string | null;
}

const WINDOW_MS = 10 * 60_000;

export function assignTextEvents<E extends TextEvent>(
  events: readonly E[],
  sessions: readonly Session[],
  claimed: ReadonlySet<string>,
): Map<E, Session> {
  const out = new Map<E, Session>();
  const free = [...sessions].filter((s) => !claimed.has(s.id)).sort(byCreated);
  const take = (s: Session) => free.splice(free.indexOf(s), 1);
  for (const e of events) {
    if (e.time == null) continue;
    let best: Session | null = null;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const s of free) {
      const d = Math.abs(Date.parse(s.createdAt) - e.time);
      if (Number.isNaN(d) || d > WINDOW_MS) continue;
      const score = d + (e.agent && s.agent?.name?.toLowerCase() !== e.agent.toLowerCase() ? WINDOW_MS : 0);
      if (score < bestScore) {
        best = s;
        bestScore = score;
      }
    }
    if (best) {
      out.set(e, best);
      take(best);
    }
  }
  for (const e of events) {
    if (out.has(e)) continue;
    const next = free.shift();
    if (!next) break;
    out.set(e, next);
  }
  return out;
}
