/**
 * Per PR of one repository: its latest session (state, title), how many it has, unread or not. What PR list badges
 * show; computed by the background for `getRepoPrStates`, and by the content script from the storage mirror while
 * a sleeping service worker starts. Pure.
 */
import type { RepoPrStates } from '../messages/protocol';
import type { Session } from './model';

export function prStates(
  sessions: readonly Session[],
  owner: string,
  repo: string,
  numbers: readonly number[],
  unread: readonly string[],
): RepoPrStates {
  const full = `${owner}/${repo}`.toLowerCase();
  const wanted = new Set(numbers);
  const unreadSet = new Set(unread);
  const latest = new Map<number, Session>();
  const counts = new Map<number, number>();
  for (const s of sessions) {
    const n = s.pr?.number;
    if (n == null || s.repo?.fullName.toLowerCase() !== full || !wanted.has(n)) continue;
    counts.set(n, (counts.get(n) ?? 0) + 1);
    const cur = latest.get(n);
    if (!cur || Date.parse(s.createdAt) > Date.parse(cur.createdAt)) latest.set(n, s);
  }
  const out: RepoPrStates = {};
  for (const [n, s] of latest)
    out[n] = {
      sessionId: s.id,
      state: s.state,
      title: s.title,
      unread: unreadSet.has(s.id),
      count: counts.get(n) ?? 1,
    };
  return out;
}
