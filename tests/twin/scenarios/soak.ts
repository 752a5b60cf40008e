/**
 * The soak scenario (issue 8): dozens of sessions changing state over several hours of scenario time, for
 * tests/soak/ (`npm run soak`) and tests/e2e/soak-short.spec.ts. Pure: same options, same scenario.
 *
 * Every state lasts at least `dwell`, so a poll after each clock step (the soak steps by less than `dwell`, and
 * fault windows are shorter) can see every state the twin goes through: the soak asserts exactly that.
 * Sessions: some already running at scenario start (the first sync is silent), the rest start during the run.
 * Patterns (by index): completed; waiting → running → completed; failed; timed out; waiting → running → cancelled;
 * completed by another agent (Codex). One session's Actions job log is missing (`jobLog: false`).
 */
import type { SessionState } from '../../../utils/sessions/model';
import type { Scenario, ScenarioStateChange } from '../types';

export interface SoakOptions {
  /** Number of sessions (default 36). */
  sessions?: number;
  /** Scenario hours the soak covers (default 6). */
  hours?: number;
  /** Minimum time a session stays in one state, minutes (default 20). */
  dwellMinutes?: number;
  repos?: number;
  login?: string;
}

/** First token (revoked during the soak) and its replacement (signed in again). Both look like real classic PATs. */
export const SOAK_TOKEN = 'ghp_SoakToken0000000000000000000000000001';
export const SOAK_TOKEN_2 = 'ghp_SoakToken0000000000000000000000000002';
export const SOAK_LOGIN = 'soak-user';

/** Session ids: stable uuids (v4 layout). */
export function soakSessionId(i: number): string {
  return `50a50a50-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
}

const PATTERNS: SessionState[][] = [
  ['completed'],
  ['waiting_for_user', 'in_progress', 'completed'],
  ['failed'],
  ['timed_out'],
  ['waiting_for_user', 'in_progress', 'cancelled'],
  ['completed'],
];

/** The states a session goes through after `in_progress` (the soak's ground truth for notifications). */
export function soakPattern(i: number): SessionState[] {
  return ['queued', 'in_progress', ...PATTERNS[i % PATTERNS.length]!];
}

export function soakScenario(opts: SoakOptions = {}): Scenario {
  const n = opts.sessions ?? 36;
  const hours = opts.hours ?? 6;
  const dwell = opts.dwellMinutes ?? 20;
  const repoCount = opts.repos ?? Math.max(2, Math.ceil(n / 5));
  const login = opts.login ?? SOAK_LOGIN;
  const scenario: Scenario = {
    name: 'soak',
    description: `${n} sessions over ${hours} h of scenario time (tests/twin/scenarios/soak.ts)`,
    webUser: login,
    users: [{ login, id: 7_700_001, name: 'Soak User' }],
    tokens: [{ token: SOAK_TOKEN, user: login, kind: 'classic', scopes: ['repo', 'workflow'], copilotApi: true }],
    repos: [],
    pulls: [],
    tasks: [],
  };
  for (let r = 0; r < repoCount; r++) {
    scenario.repos!.push({ owner: 'soak-org', name: `service-${r + 1}`, id: 770_000_001 + r });
  }
  const totalMin = hours * 60;
  for (let i = 0; i < n; i++) {
    const pattern = soakPattern(i);
    const span = (pattern.length - 1) * dwell; // minutes from creation to the last state
    // A fifth of the sessions are already running (created before the first sync); the others start spread over
    // the run so that they also end within it.
    const preexisting = i % 5 === 0;
    const latestStart = Math.max(0, totalMin - span - dwell);
    const startMin = preexisting ? -Math.round(dwell / 2) : Math.round((((i * 37) % 100) / 100) * latestStart) + 1;
    const timeline: ScenarioStateChange[] = pattern.map((state, k) => ({
      at: `+${k * dwell}m`,
      state,
      ...(state === 'failed' ? { error: `Build failed: exit code ${i} in step “test”.` } : {}),
      ...(state === 'timed_out' ? { error: 'The agent ran out of time.' } : {}),
    }));
    const repo = scenario.repos![i % repoCount]!;
    const fullName = `${repo.owner}/${repo.name}`;
    const number = 200 + i;
    const createdAt = `${startMin < 0 ? '-' : '+'}${Math.abs(startMin)}m`;
    scenario.pulls!.push({
      repo: fullName,
      number,
      title: `Soak change ${i + 1}`,
      author: 'Copilot',
      draft: true,
      head: `copilot/soak-change-${i + 1}`,
      createdAt,
      timeline: i % 2 === 0 ? 'hybrid' : 'legacy',
    });
    scenario.tasks!.push({
      id: `50a50a50-7a5c-4000-8000-${String(i + 1).padStart(12, '0')}`,
      repo: fullName,
      name: `Soak change ${i + 1}`,
      creator: login,
      pull: number,
      createdAt,
      sessions: [
        {
          id: soakSessionId(i),
          name: `Soak change ${i + 1}`,
          prompt: `Make soak change ${i + 1}`,
          createdAt,
          headRef: `copilot/soak-change-${i + 1}`,
          timeline,
          ...(i % PATTERNS.length === 5 ? { agent: { name: 'Codex', slug: 'openai-code-agent' } } : {}),
          ...(i === 2 ? { jobLog: false as const } : {}),
        },
      ],
    });
  }
  return scenario;
}
