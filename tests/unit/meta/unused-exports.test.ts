import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUnusedExports } from '../../../scripts/unused-exports';

const ROOT = resolve(__dirname, '../../..');

describe('exports of utils/, components/ and entrypoints/', () => {
  // One TypeScript program over the whole project: slow on a loaded machine.
  it('are each imported somewhere (scripts/unused-exports.ts)', { timeout: 240_000 }, () => {
    const unused = findUnusedExports(ROOT);
    expect(unused.filter((u) => u.dead).map((u) => u.where)).toEqual([]);
  });
});
