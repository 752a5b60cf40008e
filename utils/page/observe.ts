/**
 * `observe(selector, callback, signal)`: calls `callback` once for every element matching `selector`, those present
 * now (synchronously) and those appearing later (Load more, live updates, React re-renders), batched once per
 * frame. Each element is processed exactly once (WeakSet). A callback's error is caught and logged, never thrown
 * into the page. Stops when `signal` aborts.
 *
 * `immediate`: later elements are handled in the mutation callback itself (a microtask after the parser or script
 * inserted them) instead of the next frame, so what the callback renders is in that same frame. Only for selectors
 * whose callback reads the element's attributes and ancestors: while the HTML parser streams, an element can be
 * inserted before its own children.
 */
const TAG = '[agent-sessions]';

interface ObserveOptions {
  root?: Document | Element;
  immediate?: boolean;
}

export function observe(
  selector: string,
  callback: (element: Element) => void,
  signal: AbortSignal,
  { root = document, immediate = false }: ObserveOptions = {},
): void {
  if (signal.aborted) return;
  const seen = new WeakSet<Element>();
  const handle = (el: Element) => {
    if (seen.has(el) || signal.aborted) return;
    seen.add(el);
    try {
      callback(el);
    } catch (error) {
      console.warn(TAG, 'observer callback failed', error);
    }
  };
  const scan = (node: ParentNode) => {
    if (node instanceof Element && node.matches(selector)) handle(node);
    for (const el of Array.from(node.querySelectorAll(selector))) handle(el);
  };
  scan(root);

  let pending: Element[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (signal.aborted) return;
    for (const node of batch) if (node.isConnected) scan(node);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    onNextFrame(flush);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records)
      for (const node of Array.from(record.addedNodes)) if (node.nodeType === 1) pending.push(node as Element);
    if (!pending.length) return;
    if (immediate) flush();
    else schedule();
  });
  observer.observe(root, { childList: true, subtree: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    pending = [];
  });
}

/** Next animation frame; a short timeout backs it up in hidden tabs (where frames do not run). */
export function onNextFrame(fn: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
  setTimeout(once, 100);
}
