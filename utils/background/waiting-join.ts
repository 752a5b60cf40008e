/**
 * What each session waiting for the user is waiting for (issue 20 #3): its PR's timeline (conditional requests: a
 * 304 costs nothing), read when the session's task moved, the agent's last comment picked by utils/sessions/waiting.ts.
 * A failure leaves the session without it (the views then say a plain sentence); other states carry none.
 */
import type { GitHubClient } from '../github/client';
import { mapPool } from '../github/pool';
import { getTimeline } from '../github/timeline';
import type { Session } from '../sessions/model';
import { agentQuestion } from '../sessions/waiting';

export async function joinWaiting(client: GitHubClient, sessions: Session[]): Promise<Session[]> {
  const waiting = sessions.filter((s) => s.state === 'waiting_for_user' && s.repo && s.pr);
  const results = await mapPool(waiting, 2, (s) => getTimeline(client, s.repo!.owner, s.repo!.name, s.pr!.number));
  const found = new Map<string, Session['waitingFor']>();
  waiting.forEach((s, i) => {
    const r = results[i];
    if (r?.ok) found.set(s.id, agentQuestion(r.value, s));
  });
  return sessions.map((s) => {
    if (s.state !== 'waiting_for_user') return s.waitingFor ? { ...s, waitingFor: null } : s;
    return found.has(s.id) ? { ...s, waitingFor: found.get(s.id) ?? null } : s;
  });
}
