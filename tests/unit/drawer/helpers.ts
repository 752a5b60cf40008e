import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '../../fixtures/logs');
export const readFixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
export const COPILOT_LOG = 'session-log-2025-09.txt';
export const ACTIONS_LOG = 'copilot-job-2026-06.log';
