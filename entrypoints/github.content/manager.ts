/**
 * The feature manager: runs each PageFeature whose URL predicates match the current page, with one AbortController
 * per navigation, and follows GitHub's soft navigations (Turbo, React, pjax, history). Leaving a page aborts its
 * features (their UI goes away); arriving runs them. Nothing thrown by a feature reaches GitHub's page.
 */
import { anySignal, contextLost, isContextValid, lifetimeSignal } from './context';
import type { PageFeature } from './feature';

const TAG = '[agent-sessions]';

/** Events after which the page may be a different one. */
const NAVIGATION_EVENTS = [
  'turbo:render',
  'turbo:visit',
  'turbo:load',
  'soft-nav:end',
  'soft-nav:react-done',
  'pjax:end',
] as const;

function featureMatches(feature: PageFeature, url: URL): boolean {
  try {
    return feature.include.some((p) => p(url)) && !(feature.exclude ?? []).some((p) => p(url));
  } catch {
    return false;
  }
}

interface FeatureManager {
  /** Re-checks the URL now (runs/tears down features when the page changed). */
  check(): void;
  /** Ids of the features running for the current page. */
  running(): string[];
  stop(): void;
}

export function startFeatureManager(features: readonly PageFeature[], signal: AbortSignal): FeatureManager {
  const stopped = new AbortController();
  const life = anySignal([signal, lifetimeSignal, stopped.signal]);
  let current: AbortController | null = null;
  let currentKey: string | null = null;
  let running: string[] = [];

  const root = document.documentElement;
  root.dataset.agentSessions = 'ready';

  /** A page is its path and query: a fragment change (comment anchors, deep links) is not a navigation. */
  const keyOf = (href: string) => {
    const u = new URL(href);
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  };

  const teardown = () => {
    current?.abort();
    current = null;
    running = [];
  };

  const check = () => {
    if (life.aborted) return;
    if (!isContextValid()) {
      contextLost();
      return;
    }
    const href = location.href;
    const key = keyOf(href);
    if (key === currentKey) return;
    currentKey = key;
    teardown();
    const controller = new AbortController();
    current = controller;
    const featureSignal = anySignal([controller.signal, life]);
    const url = new URL(href);
    for (const feature of features) {
      if (!featureMatches(feature, url)) continue;
      running.push(feature.id);
      try {
        const result = feature.init(featureSignal);
        if (result && typeof (result as Promise<void>).catch === 'function')
          (result as Promise<void>).catch((error: unknown) => report(feature.id, error));
      } catch (error) {
        report(feature.id, error);
      }
    }
  };

  const report = (id: string, error: unknown) => {
    if (!isContextValid()) {
      contextLost();
      return;
    }
    console.warn(TAG, `feature ${id} failed`, error);
  };

  // A check per event; events can come in bursts (visit + render + load), the key comparison makes repeats free.
  const safeCheck = () => {
    try {
      check();
    } catch (error) {
      console.warn(TAG, 'navigation check failed', error);
    }
  };
  for (const name of NAVIGATION_EVENTS) document.addEventListener(name, safeCheck, { signal: life });
  window.addEventListener('popstate', safeCheck, { signal: life });

  // History changes without an event we know: the Navigation API where available, else a URL check when the DOM
  // changes (at most once per frame).
  const nav = (globalThis as { navigation?: EventTarget }).navigation;
  if (nav && typeof nav.addEventListener === 'function') {
    nav.addEventListener('currententrychange', () => setTimeout(safeCheck, 0), { signal: life });
  }
  let lastHref = location.href;
  let queued = false;
  const mo = new MutationObserver(() => {
    if (queued || location.href === lastHref) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      lastHref = location.href;
      safeCheck();
    }, 16);
  });
  mo.observe(document, { childList: true, subtree: true });

  life.addEventListener('abort', () => {
    mo.disconnect();
    teardown();
    if (root.dataset.agentSessions === 'ready') delete root.dataset.agentSessions;
  });

  safeCheck();
  return {
    check: safeCheck,
    running: () => [...running],
    stop: () => stopped.abort(),
  };
}
