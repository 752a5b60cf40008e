import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUnusedExports } from '../../../scripts/unused-exports';

const ROOT = resolve(__dirname, '../../..');

describe('exports of utils/, components/ and entrypoints/', () => {
  // One TypeScript program over the whole project: slow on a loaded machine.
  // Issue 19: no exported symbol unused — neither dead code nor an `export` only its own file uses.
  it('are each imported somewhere (scripts/unused-exports.ts)', { timeout: 240_000 }, () => {
    const unused = findUnusedExports(ROOT);
    expect(unused.map((u) => `${u.where}${u.dead ? ' (used nowhere)' : ' (only in its own file)'}`)).toEqual([]);
  });
});
