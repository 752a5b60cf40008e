import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OCTICONS as FULL } from '../../../components/octicon-paths';
import { OCTICONS as SUBSET } from '../../../components/page/octicon-paths';
import { STATE_LOOK } from '../../../utils/sessions/model';

const ROOT = resolve(__dirname, '../../..');

describe('content script octicon subset', () => {
  it('is a faithful copy of the full set', () => {
    for (const [name, icon] of Object.entries(SUBSET)) expect(icon, name).toEqual(FULL[name]);
  });

  it('holds every icon the content script renders', () => {
    const files = [
      'components/StateBadge.tsx',
      'components/StopButton.tsx',
      'components/ErrorNote.tsx',
      'components/page/SessionBadge.tsx',
      'components/page/HeaderBadge.tsx',
      'components/page/ListBadge.tsx',
      'components/page/FallbackSummary.tsx',
    ];
    const names = new Set(Object.values(STATE_LOOK).map((l) => l.icon));
    for (const f of files)
      for (const m of readFileSync(resolve(ROOT, f), 'utf8').matchAll(/Octicon name="([a-z-]+)"/g)) names.add(m[1]!);
    for (const n of names) if (FULL[n]) expect(SUBSET[n], n).toBeDefined();
    expect(names.size).toBeGreaterThan(8);
  });
});
