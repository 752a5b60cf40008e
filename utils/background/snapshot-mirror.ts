/**
 * The copy of the views' state that the background mirrors to `storage.local` key `snapshot` (never the token), so
 * the popup paints before the service worker answers. Pure, so benches and tests import it without WXT.
 */
import type { StateSnapshot } from '../model/state';
import type { Session } from '../sessions/model';
import { isLive } from '../sessions/selectors';

/** Sessions in the popup's first paint: attention and running ones, then the most recent; `getState` brings the rest. */
const SNAPSHOT_MIRROR_SESSIONS = 80;

/**
 * The mirror only has to fill the popup's first screen before the service worker answers, and reading storage costs
 * time per byte (480 KB for 500 sessions took 165 ms): keep the sessions that matter first and cut long prompts.
 */
export function compactSnapshot(snapshot: StateSnapshot): StateSnapshot {
  const unread = new Set(snapshot.unread);
  const urgent = (s: Session) => isLive(s.state) || unread.has(s.id);
  const byUpdated = (a: Session, b: Session) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt);
  const sessions = [
    ...snapshot.sessions.filter(urgent).sort(byUpdated),
    ...snapshot.sessions.filter((s) => !urgent(s)).sort(byUpdated),
  ]
    .slice(0, SNAPSHOT_MIRROR_SESSIONS)
    .map((s) => (s.prompt && s.prompt.length > 280 ? { ...s, prompt: `${s.prompt.slice(0, 280)}…` } : s));
  return { ...snapshot, sessions };
}
