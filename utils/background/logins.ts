/**
 * Other users' sessions carry only the creator's id: their login is resolved once per id (`GET /user/{account_id}`)
 * and cached for good (a login rarely changes; a wrong one only mislabels a row until the cache is bounded).
 */
import type { GitHubClient } from '../github/client';
import { mapPool } from '../github/pool';
import { loginById } from '../github/users';
import type { Session } from '../sessions/model';

/** At most this many lookups per call: a page of other users' sessions, never a flood. */
export const MAX_LOGIN_LOOKUPS = 10;

export async function resolveLogins(
  client: GitHubClient,
  logins: Record<string, string>,
  sessions: Session[],
): Promise<Session[]> {
  const missing = [
    ...new Set(
      sessions
        .filter((s) => !s.creator.login && s.creator.id != null && !logins[String(s.creator.id)])
        .map((s) => s.creator.id as number),
    ),
  ].slice(0, MAX_LOGIN_LOOKUPS);
  if (missing.length > 0) {
    const results = await mapPool(missing, 4, (id) => loginById(client, id));
    results.forEach((r, i) => {
      if (r.ok && r.value) logins[String(missing[i])] = r.value;
    });
  }
  return sessions.map((s) => {
    const login = !s.creator.login && s.creator.id != null ? logins[String(s.creator.id)] : undefined;
    return login ? { ...s, creator: { ...s.creator, login } } : s;
  });
}
