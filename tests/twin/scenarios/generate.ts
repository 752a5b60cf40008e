/**
 * Scenario generators for benchmarks and soak tests (pure: same input, same scenario).
 *   benchScenario()            60 sessions over 20 repositories, 2 running, for one hour of scenario time
 *   manySessionsScenario(500)  N sessions in mixed states (popup benchmarks)
 */
import type { SessionState } from '../../../utils/sessions/model';
import type { Scenario, ScenarioPull, ScenarioStateChange, ScenarioTask } from '../types';

export interface BenchOptions {
  sessions?: number;
  repos?: number;
  running?: number;
  /** Token of the benchmark user. */
  token?: string;
  login?: string;
  /**
   * Issue 16's PR events over the hour: the running sessions' PRs get checks (pending, then failing on one, passing
   * on the other), a Copilot code review, and one is merged, the other closed; a few older PRs get a review too.
   */
  prEvents?: boolean;
}

const ENDED: SessionState[] = ['completed', 'completed', 'completed', 'failed', 'cancelled', 'timed_out', 'idle'];

function uuid(n: number, salt: number): string {
  const hex = (n * 2654435761 + salt * 40503).toString(16).padStart(12, '0').slice(-12);
  return `b0${salt.toString(16).padStart(6, '0')}-${hex.slice(0, 4)}-4${hex.slice(4, 7)}-a${hex.slice(7, 10)}-${String(n).padStart(12, '0')}`;
}

function base(login: string, token: string, name: string): Scenario {
  return {
    name,
    webUser: login,
    users: [{ login, id: 4242 }],
    tokens: [{ token, user: login, kind: 'classic', scopes: ['repo'], copilotApi: true }],
    repos: [],
    pulls: [],
    tasks: [],
  };
}

function endedTimeline(state: SessionState, minutes: number): ScenarioStateChange[] {
  return [
    { at: '+0s', state: 'queued' },
    { at: '+20s', state: 'in_progress' },
    { at: `+${minutes}m`, state, ...(state === 'failed' ? { error: 'The agent encountered an error.' } : {}) },
  ];
}

/** 60 sessions over 20 repositories, `running` of them running now and finishing within the hour. */
export function benchScenario(opts: BenchOptions = {}): Scenario {
  const sessions = opts.sessions ?? 60;
  const repoCount = opts.repos ?? 20;
  const running = opts.running ?? 2;
  const login = opts.login ?? 'bench-user';
  const s = base(login, opts.token ?? 'ghp_bench_token', 'bench');
  for (let r = 0; r < repoCount; r++) {
    s.repos!.push({ owner: 'bench-org', name: `repo-${String(r + 1).padStart(2, '0')}`, id: 800_000_001 + r });
  }
  for (let i = 0; i < sessions; i++) {
    const repo = s.repos![i % repoCount]!;
    const number = 100 + i;
    const fullName = `${repo.owner}/${repo.name}`;
    const pull: ScenarioPull = {
      repo: fullName,
      number,
      title: `Bench change ${i + 1}`,
      author: 'Copilot',
      draft: true,
      head: `copilot/bench-change-${i + 1}`,
      createdAt: `-${(i + 1) * 2}h`,
      timeline: i % 2 === 0 ? 'hybrid' : 'legacy',
    };
    const isRunning = i < running;
    const createdAt = isRunning ? `-${5 + i}m` : `-${(i + 1) * 2}h`;
    if (isRunning) pull.createdAt = createdAt;
    const timeline: ScenarioStateChange[] = isRunning
      ? [
          { at: '+0s', state: 'queued' },
          { at: '+30s', state: 'in_progress' },
          { at: `+${20 + i * 20}m`, state: 'completed' },
        ]
      : endedTimeline(ENDED[i % ENDED.length]!, 5 + (i % 20));
    const task: ScenarioTask = {
      id: uuid(i, 1),
      repo: fullName,
      name: pull.title,
      creator: login,
      pull: number,
      createdAt,
      sessions: [{ id: uuid(i, 2), prompt: `Make bench change ${i + 1}`, createdAt, timeline }],
    };
    if (opts.prEvents) Object.assign(pull, benchPrEvents(i, isRunning));
    s.pulls!.push(pull);
    s.tasks!.push(task);
  }
  return s;
}

/** What happens on bench PR `i` within the hour (offsets from the scenario's start). */
function benchPrEvents(i: number, running: boolean): Partial<ScenarioPull> {
  if (running && i % 2 === 0)
    return {
      checks: [
        { at: '+22m', state: 'PENDING' },
        { at: '+30m', state: 'FAILURE' },
        { at: '+34m', state: 'PENDING' },
        { at: '+42m', state: 'SUCCESS' },
      ],
      reviews: [{ at: '+45m', state: 'COMMENTED' }],
      stateChanges: [{ at: '+55m', state: 'merged' }],
    };
  if (running)
    return {
      checks: [
        { at: '+42m', state: 'PENDING' },
        { at: '+50m', state: 'SUCCESS' },
      ],
      reviews: [{ at: '+52m', state: 'APPROVED' }],
      stateChanges: [{ at: '+58m', state: 'closed' }],
    };
  // Older PRs: finished checks, and now and then a late review.
  return {
    checks: [{ at: `-${i + 1}h`, state: i % 7 === 3 ? 'FAILURE' : 'SUCCESS' }],
    ...(i % 10 === 5 ? { reviews: [{ at: `+${10 + i}m`, state: 'COMMENTED' as const }] } : {}),
  };
}

/** N sessions over N/10 repositories, mixed states (some running, some waiting), for popup benchmarks. */
export function manySessionsScenario(n: number, opts: { token?: string; login?: string } = {}): Scenario {
  const login = opts.login ?? 'bench-user';
  const s = base(login, opts.token ?? 'ghp_bench_token', `many-${n}`);
  const repoCount = Math.max(1, Math.ceil(n / 10));
  for (let r = 0; r < repoCount; r++) {
    s.repos!.push({ owner: 'many-org', name: `project-${r + 1}`, id: 810_000_001 + r });
  }
  const states: SessionState[] = ['in_progress', 'waiting_for_user', ...ENDED, 'queued'];
  for (let i = 0; i < n; i++) {
    const repo = s.repos![i % repoCount]!;
    const fullName = `${repo.owner}/${repo.name}`;
    const state = states[i % states.length]!;
    const createdAt = `-${10 + i * 7}m`;
    const timeline: ScenarioStateChange[] =
      state === 'queued'
        ? [{ at: '+0s', state: 'queued' }]
        : state === 'in_progress' || state === 'waiting_for_user'
          ? [
              { at: '+0s', state: 'queued' },
              { at: '+20s', state },
            ]
          : endedTimeline(state, 3 + (i % 9));
    s.pulls!.push({
      repo: fullName,
      number: 1000 + i,
      title: `Session ${i + 1}: update module ${i % 37}`,
      createdAt,
      timeline: 'hybrid',
    });
    s.tasks!.push({
      id: uuid(i, 3),
      repo: fullName,
      creator: login,
      pull: 1000 + i,
      createdAt,
      sessions: [{ id: uuid(i, 4), createdAt, timeline }],
    });
  }
  return s;
}

/**
 * A month of finished work added to a scenario (the usage page's charts, issue 16): `perDay` sessions a day on
 * average over the `days` days before the scenario starts, in the scenario's own repositories, mixed outcomes,
 * 10–50 minutes each, billed in AI credits (0.25–1.75). Branch-only tasks (no PR), as the Agent tasks API's default.
 * Deterministic: the same input gives the same scenario. The scenario passed in is not changed.
 */
export function withUsageHistory(scenario: Scenario, opts: { days?: number; perDay?: number } = {}): Scenario {
  const days = opts.days ?? 28;
  const perDay = opts.perDay ?? 3;
  const login = scenario.webUser ?? scenario.users?.[0]?.login ?? 'octo-demo';
  const repos = (scenario.repos ?? []).slice(0, 5).map((r) => `${r.owner}/${r.name}`);
  if (repos.length === 0) return scenario;
  const tasks: ScenarioTask[] = [];
  let n = 0;
  for (let d = 1; d <= days; d++) {
    // Weekdays busier than weekends, and a quiet day now and then.
    const count = (d % 7 === 3 || d % 7 === 4 ? 0 : perDay) + (d % 5 === 0 ? 2 : 0) - (d % 11 === 0 ? perDay : 0);
    for (let k = 0; k < count; k++, n++) {
      const repo = repos[(n * 7 + d) % repos.length]!;
      const state = ENDED[(n * 3 + d) % ENDED.length]!;
      const createdAt = `-${d * 24 - (9 + ((k * 3 + d) % 10))}h`;
      tasks.push({
        id: uuid(n, 5),
        repo,
        name: `History ${n + 1}: tidy module ${n % 23}`,
        creator: login,
        createdAt,
        sessions: [
          {
            id: uuid(n, 6),
            prompt: `Tidy module ${n % 23}`,
            createdAt,
            timeline: endedTimeline(state, 10 + ((n * 13) % 40)),
            usage: { type: 'ai_credits', amount: 250_000_000 * (1 + (n % 7)) },
          },
        ],
      });
    }
  }
  return { ...scenario, name: `${scenario.name ?? 'scenario'}+history`, tasks: [...(scenario.tasks ?? []), ...tasks] };
}
