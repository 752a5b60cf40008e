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
    case 'commit':
      return `Commit ${e.sha.slice(0, 7)}`;
  }
}

/** Control characters (C0 except \n and \t, DEL, C1) and bidi controls found in `text`, as U+XXXX strings. */
export function controlChars(text: string): string[] {
  const found: string[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const control = c < 0x20 ? c !== 0x09 && c !== 0x0a : c >= 0x7f && c <= 0x9f;
    const bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    if (control || bidi) found.push(`U+${c.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return found;
}
