/**
 * What a session waiting for the user is waiting for (issue 20 #3), from public data: the agent's last comment on
 * the session's PR since the session started (the PR timeline's `commented` events). Pure; the text is cleaned
 * where sessions enter the state (utils/text/sanitize.ts `cleanSession`).
 */
import type { Session, WaitingFor } from './model';

interface TimelineComment {
  event: string;
  created_at?: string;
  body?: string | null;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
}

/** The agent's own account: GitHub's Copilot bot (login `Copilot`), or a third-party agent's bot by its name. */
function byAgent(e: TimelineComment, agentName: string | null | undefined): boolean {
  const login = e.user?.login?.toLowerCase() ?? '';
  if (!login) return false;
  if (login === 'copilot' || login === 'copilot[bot]') return true;
  const name = agentName?.toLowerCase();
  return e.user?.type === 'Bot' && !!name && (login === name || login === `${name}[bot]`);
}

/** The agent's latest comment on the PR at or after the session's start, or null. */
export function agentQuestion(
  events: readonly TimelineComment[],
  session: Pick<Session, 'createdAt' | 'agent'>,
): WaitingFor | null {
  const since = Date.parse(session.createdAt);
  let best: { at: number; e: TimelineComment } | null = null;
  for (const e of events) {
    if (e?.event !== 'commented' || typeof e.body !== 'string' || !e.body.trim()) continue;
    const at = Date.parse(e.created_at ?? '');
    if (Number.isNaN(at) || (!Number.isNaN(since) && at < since) || !byAgent(e, session.agent?.name)) continue;
    if (!best || at >= best.at) best = { at, e };
  }
  if (!best) return null;
  const url = typeof best.e.html_url === 'string' && best.e.html_url.startsWith('https://') ? best.e.html_url : null;
  return { text: best.e.body as string, url, at: new Date(best.at).toISOString() };
}
