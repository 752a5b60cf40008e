/**
 * A page feature: one file under features/, declarative URL conditions (pure predicates from utils/page/urls.ts)
 * and an init that everything it does is torn down by: when `signal` aborts (soft navigation away, extension
 * context lost) the feature removes its UI and listeners. The feature manager (index.ts) runs init on every
 * (soft) navigation whose URL matches, and never lets a feature's error reach GitHub's page.
 */
export interface PageFeature {
  id: string;
  /** Runs when any include predicate matches and no exclude predicate does. */
  include: ReadonlyArray<(url: URL) => boolean>;
  exclude?: ReadonlyArray<(url: URL) => boolean>;
  init(signal: AbortSignal): void | Promise<void>;
}
