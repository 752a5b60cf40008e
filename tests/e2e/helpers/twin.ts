/**
 * The one place the harness gets a GitHub twin from (tests/twin/server.ts, see docs/DEVELOPING.md "The GitHub twin
 * contract"). Adds: scenario names ('demo' → tests/twin/scenarios/demo.json) and quiet by default.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTwin as startTwinServer } from '../../twin/server';
import type { RequestRecord, Scenario, Twin } from '../../twin/types';

export type { RequestRecord, Scenario, Twin };

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SCENARIOS_DIR = resolve(ROOT, 'tests/twin/scenarios');

export interface StartTwinOptions {
  /** A scenario object, a name in tests/twin/scenarios/ ('demo'), or a path to a JSON file. */
  scenario: Scenario | string;
  /** 0 or omitted: a free port. */
  port?: number;
  /** Default true. */
  quiet?: boolean;
}

/** A scenario name ('demo') → tests/twin/scenarios/demo.json; a path or an object is passed through. */
export function resolveScenario(scenario: Scenario | string): Scenario | string {
  if (typeof scenario !== 'string') return scenario;
  if (/^[\w-]+$/.test(scenario)) return resolve(SCENARIOS_DIR, `${scenario}.json`);
  return resolve(scenario);
}

export function startTwin(options: StartTwinOptions): Promise<Twin> {
  return startTwinServer({ quiet: true, ...options, scenario: resolveScenario(options.scenario) });
}
