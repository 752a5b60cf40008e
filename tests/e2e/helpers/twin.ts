/**
 * The one place the harness gets a GitHub twin from (tests/twin/server.ts, see docs/DEVELOPING.md "The GitHub twin
 * contract"). The types below mirror that contract so the harness compiles on its own; the real module is loaded
 * at run time. `TWIN_MODULE` overrides the module path (handy to try a twin branch).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SCENARIOS_DIR = resolve(ROOT, 'tests/twin/scenarios');

export interface RequestRecord {
  time: string | number;
  scenarioTime: number;
  host: string;
  method: string;
  path: string;
  status: number;
  rateLimited: boolean;
  auth: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: the scenario format belongs to the twin (docs/scenarios.md)
export type Scenario = Record<string, any>;

export interface Twin {
  url: string;
  clock: { now(): number; advance(ms: number): unknown };
  load(scenario: Scenario | string): unknown;
  requests(): RequestRecord[];
  clearRequests(): void;
  fault(fault: unknown): unknown;
  state(): unknown;
  close(): Promise<void>;
}

export interface StartTwinOptions {
  scenario: Scenario | string;
  port?: number;
  quiet?: boolean;
}

type TwinModule = { startTwin(options: StartTwinOptions): Promise<Twin> };

const REAL = resolve(ROOT, 'tests/twin/server.ts');
const STUB = resolve(ROOT, 'tests/e2e/helpers/twin-stub.ts');

let loaded: Promise<TwinModule> | undefined;
function twinModule(): Promise<TwinModule> {
  const path = process.env.TWIN_MODULE ? resolve(process.env.TWIN_MODULE) : existsSync(REAL) ? REAL : STUB;
  loaded ??= import(pathToFileURL(path).href) as Promise<TwinModule>;
  return loaded;
}

/** A scenario name ('demo') → tests/twin/scenarios/demo.json; a path or an object is passed through. */
export function resolveScenario(scenario: Scenario | string): Scenario | string {
  if (typeof scenario !== 'string') return scenario;
  if (/^[\w-]+$/.test(scenario)) return resolve(SCENARIOS_DIR, `${scenario}.json`);
  return resolve(scenario);
}

export async function startTwin(options: StartTwinOptions): Promise<Twin> {
  const mod = await twinModule();
  return mod.startTwin({ quiet: true, ...options, scenario: resolveScenario(options.scenario) });
}
