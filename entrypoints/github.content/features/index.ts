/**
 * The static list of page features. The drawer feature (features/drawer.ts, owned by the drawer engineer) is
 * picked up when its file exists: the glob resolves at build time to that one file or to nothing.
 */
import type { PageFeature } from '../feature';
import { fallback } from './fallback';
import { headerBadge } from './header-badge';
import { listBadges } from './list-badges';
import { timelineBadges } from './timeline-badges';

// LEAD: when features/drawer.ts lands, this glob already includes it; a plain `import { drawer } from './drawer'`
// in FEATURES below is the explicit alternative.
const optional = import.meta.glob<Record<string, unknown>>('./drawer.ts', { eager: true });

function isFeature(value: unknown): value is PageFeature {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as PageFeature).id === 'string' &&
    Array.isArray((value as PageFeature).include) &&
    typeof (value as PageFeature).init === 'function'
  );
}

const extra: PageFeature[] = [];
for (const mod of Object.values(optional)) {
  const found = Object.values(mod).find(isFeature);
  if (found) extra.push(found);
}

/** Order matters only for listeners: the drawer first, so badges see `hasListener('open-drawer')`. */
export const FEATURES: readonly PageFeature[] = [...extra, timelineBadges, headerBadge, listBadges, fallback];
