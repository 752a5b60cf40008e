/** The usage page's history (issue 16): what it needs of a session, and what the background answers. Pure types. */
import type { Session } from '../sessions/model';

/**
 * The fields of a session the usage charts read; a full Session is one. `account` (`host/login`) is set when more
 * than one account is signed in (utils/background/accounts.ts).
 */
export type UsageSession = Pick<
  Session,
  'id' | 'title' | 'state' | 'createdAt' | 'updatedAt' | 'completedAt' | 'usage' | 'account'
> & {
  repo: { fullName: string } | null;
};

export interface UsageHistory {
  /** The viewer's sessions of the last month as the history fetch last read them (the live state wins over these). */
  sessions: UsageSession[];
  /** When GitHub was last read for the history; null: never. */
  fetchedAt: string | null;
  /** Tasks listed but not read yet (read on the next fetch). */
  pending: number;
  /** Why the last fetch failed, in words (with several accounts: each failed account named); null when it did not. */
  error: string | null;
}
