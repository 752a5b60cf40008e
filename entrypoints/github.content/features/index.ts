/** The static list of page features; the feature manager (../manager.ts) runs those whose URL predicates match. */
import type { PageFeature } from '../feature';
import { pageCompat } from './compat';
import { drawerFeature } from './drawer';
import { fallback } from './fallback';
import { headerBadge } from './header-badge';
import { listBadges } from './list-badges';
import { timelineBadges } from './timeline-badges';

/** Order matters only for listeners: the drawer first, so badges see `hasListener('open-drawer')`. */
export const FEATURES: readonly PageFeature[] = [
  drawerFeature,
  timelineBadges,
  headerBadge,
  listBadges,
  fallback,
  pageCompat,
];
