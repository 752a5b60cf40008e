/** Sessions and snapshots for popup tests, the popup bench and screenshots. Deterministic. */
import { DEFAULT_SETTINGS } from '../../../utils/model/settings';
import type { StateSnapshot } from '../../../utils/model/state';
import { COPILOT_AGENT, SESSION_STATES, type Session, type SessionState } from '../../../utils/sessions/model';

export const NOW = Date.parse('2026-03-02T12:00:00Z');

export function iso(msAgo: number, now = NOW): string {
  return new Date(now - msAgo).toISOString();
}

let seq = 0;
export function makeSession(over: Partial<Session> & { state?: SessionState; repoName?: string } = {}): Session {
  seq++;
  const { repoName, ...rest } = over;
  const full = repoName ?? 'octo-org/website';
  const [owner, name] = full.split('/') as [string, string];
  const id = over.id ?? `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  const number = 100 + seq;
  const state = over.state ?? 'in_progress';
  const ended = !(state === 'queued' || state === 'in_progress' || state === 'waiting_for_user');
  return {
    id,
    taskId: `task-${seq}`,
    agent: COPILOT_AGENT,
    repo: { id: seq, owner, name, fullName: full },
    pr: {
      number,
      title: over.title ?? `Session ${seq}`,
      state: 'open',
      draft: true,
      url: `https://github.com/${full}/pull/${number}`,
      databaseId: null,
      nodeId: null,
    },
    title: `Session ${seq}`,
    prompt: 'Do the thing',
    state,
    createdAt: iso(20 * 60_000),
    updatedAt: iso(2 * 60_000),
    completedAt: ended ? iso(2 * 60_000) : null,
    model: null,
    usage: null,
    error: null,
    headRef: `copilot/fix-${seq}`,
    baseRef: 'main',
    runId: null,
    creator: { id: 1, login: 'octo-demo' },
    archived: false,
    source: 'agent-tasks',
    canAct: true,
    links: {
      pr: `https://github.com/${full}/pull/${number}`,
      session: `https://github.com/${full}/pull/${number}/agent-sessions/${id}`,
      run: null,
    },
    ...rest,
  };
}

export function makeSnapshot(over: Partial<StateSnapshot> = {}): StateSnapshot {
  return {
    auth: {
      status: 'signed-in',
      info: {
        login: 'octo-demo',
        id: 1,
        avatarUrl: null,
        tokenKind: 'classic',
        expiresAt: null,
        scopes: ['repo'],
        host: 'github.com',
        copilotApi: null,
        capabilities: [],
      },
    },
    sessions: [],
    unread: [],
    lastSyncAt: iso(10_000),
    lastError: null,
    nextPollAt: null,
    syncing: false,
    source: 'agent-tasks',
    stops: {},
    settings: { ...DEFAULT_SETTINGS },
    ...over,
  };
}

const TITLES = [
  'Fix flaky login test on Safari',
  'Add dark mode to the settings page',
  'Upgrade eslint to v9 and fix warnings',
  'Document the release process',
  'Speed up the CI cache for node_modules',
  'Refactor the billing webhook handler',
  'Translate the onboarding emails',
  'Remove unused feature flags',
];
const REPOS = ['octo-org/website', 'octo-org/api', 'octo-demo/dotfiles', 'octo-org/mobile-app', 'octo-org/infra'];

/** A realistic spread of `n` sessions over several repositories and every state. */
export function manySessions(n: number, now = NOW): { sessions: Session[]; unread: string[] } {
  const sessions: Session[] = [];
  const unread: string[] = [];
  for (let i = 0; i < n; i++) {
    // Mostly ended sessions, a few running/waiting, like a real account.
    const state: SessionState =
      i < 2 ? 'in_progress' : i === 2 ? 'queued' : i === 3 ? 'waiting_for_user' : SESSION_STATES[(i * 7) % 8]!;
    const running = state === 'queued' || state === 'in_progress' || state === 'waiting_for_user';
    const s = makeSession({
      id: `5e551011-0000-4000-8000-${String(i).padStart(12, '0')}`,
      state: running || state === 'idle' ? state : state,
      title: TITLES[i % TITLES.length]!,
      repoName: REPOS[i % REPOS.length]!,
      createdAt: new Date(now - (i * 37 + 14) * 60_000).toISOString(),
      updatedAt: new Date(now - (i * 37 + 3) * 60_000).toISOString(),
      completedAt: running ? null : new Date(now - (i * 37 + 3) * 60_000).toISOString(),
      usage:
        i % 3 === 0
          ? i % 2
            ? { unit: 'premium-requests', amount: 1 + (i % 4) }
            : { unit: 'ai-credits', amount: 0.25 * (1 + (i % 4)) }
          : null,
      creator: { id: 1, login: i % 5 === 4 ? 'hubot' : 'octo-demo' },
    });
    sessions.push(s);
    if (i > 3 && i < 12 && (state === 'completed' || state === 'failed' || state === 'timed_out')) unread.push(s.id);
  }
  return { sessions, unread };
}
