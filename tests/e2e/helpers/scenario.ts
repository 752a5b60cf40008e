/** Reads what the harness needs from a scenario (format: tests/twin/types.ts, docs/scenarios.md). */
import { readFileSync } from 'node:fs';
import { resolveScenario, type Scenario } from './twin';

export interface ScenarioInfo {
  scenario: Scenario;
  /** First token of the scenario (the demo token), or null. */
  token: string | null;
  /** `https://github.com/{owner}/{repo}/pull/{n}` for every pull request. */
  pullUrls: Array<{ owner: string; repo: string; number: number; url: string }>;
  /** Session ids in the scenario (those that have an explicit id). */
  sessionIds: string[];
  /** Sessions with an explicit id whose task names a pull request: id → that PR's URL. */
  sessionPulls: Array<{ id: string; url: string }>;
}

export function loadScenario(scenario: Scenario | string): Scenario {
  const resolved = resolveScenario(scenario);
  return typeof resolved === 'string' ? (JSON.parse(readFileSync(resolved, 'utf8')) as Scenario) : resolved;
}

export function scenarioInfo(scenario: Scenario | string): ScenarioInfo {
  const s = loadScenario(scenario);
  const tokens = (s.tokens ?? []) as Array<{ token: string }>;
  const pulls = (s.pulls ?? []) as Array<{ repo: string; number: number }>;
  const tasks = (s.tasks ?? []) as Array<{ repo: string; pull?: number | null; sessions?: Array<{ id?: string }> }>;
  return {
    scenario: s,
    token: tokens[0]?.token ?? null,
    pullUrls: pulls.map((p) => {
      const [owner = '', repo = ''] = p.repo.split('/');
      return { owner, repo, number: p.number, url: `https://github.com/${p.repo}/pull/${p.number}` };
    }),
    sessionIds: tasks.flatMap((t) => (t.sessions ?? []).map((x) => x.id).filter((id): id is string => !!id)),
    sessionPulls: tasks.flatMap((t) =>
      t.pull
        ? (t.sessions ?? [])
            .filter((x) => !!x.id)
            .map((x) => ({ id: x.id!, url: `https://github.com/${t.repo}/pull/${t.pull}` }))
        : [],
    ),
  };
}

/** The demo with one session (by id) starting `ago` before the twin's start, so it runs when a test begins. */
export function demoWithRunning(sessionId: string, ago = '-1m', name = 'demo-running'): Scenario {
  const demo = structuredClone(loadScenario('demo')) as Scenario & {
    tasks: Array<{ createdAt?: string; sessions: Array<{ id: string; createdAt?: string }> }>;
  };
  for (const t of demo.tasks)
    for (const s of t.sessions)
      if (s.id === sessionId) {
        t.createdAt = ago;
        s.createdAt = ago;
      }
  return { ...demo, name } as Scenario;
}
