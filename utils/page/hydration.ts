/**
 * GitHub server-renders parts of its pages with React and hydrates them in the page (2026: the PR header, the
 * preview PR list; ../shared/reference/real-github-2026.md §4). A node inserted into such a part before React has
 * hydrated it makes React report a hydration mismatch (#418) and re-render the part. `whenHydrated(el)` resolves
 * when inserting next to `el` can no longer disturb that:
 * - `el` is in no React root (`<react-app>`, `<react-partial>`, `[data-ssr]`): at once ('none');
 * - else once the document is loaded, the root's custom element is defined (the page's script that hydrates it
 *   has run) and the page has been idle once after that ('hydrated');
 * - else after `timeoutMs` ('timeout': a root that is never hydrated cannot be disturbed either).
 * The content script cannot see React's own state (other JavaScript world), only the DOM.
 */
const REACT_ROOT = 'react-app, react-partial, [data-ssr="true"]';

type Hydration = 'none' | 'hydrated' | 'timeout';

export function reactRootOf(el: Element): Element | null {
  return el.closest(REACT_ROOT);
}

function idle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 300 });
  else setTimeout(fn, 30);
}

export function whenHydrated(el: Element, signal: AbortSignal, timeoutMs = 10_000): Promise<Hydration> {
  const root = reactRootOf(el);
  if (!root) return Promise.resolve('none');
  return new Promise((resolve) => {
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const finish = (how: Hydration) => {
      if (timer) clearTimeout(timer);
      if (!signal.aborted) resolve(how);
    };
    const check = () => {
      timer = null;
      if (signal.aborted) return;
      const ready = root.ownerDocument.readyState === 'complete' && root.matches(':defined');
      if (ready) {
        // The hydration React scheduled when the element connected runs in the tasks before the next idle period.
        idle(() => finish('hydrated'));
        return;
      }
      if (Date.now() - started >= timeoutMs) {
        finish('timeout');
        return;
      }
      timer = setTimeout(check, 40);
    };
    check();
  });
}
