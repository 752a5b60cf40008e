import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEntry } from '../../../utils/logs/types';

const FIXTURES = join(__dirname, '../../fixtures/logs');

export const readFixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/** A one-line label per entry for golden lists: the title where there is one. */
export function label(e: LogEntry): string {
  switch (e.kind) {
    case 'setup':
    case 'tool':
    case 'progress':
    case 'step':
      return e.title;
    case 'summary':
      return e.prTitle;
    case 'message':
      return (e.markdown.split('\n')[0] ?? '').slice(0, 60);
    case 'reasoning':
      return 'Thought';
    case 'error':
      return e.message;
    case 'turn':
      return `Turn ${e.turn}`;
  }
}
