/**
 * `memo` without preact/compat: compat's `memo` brings compat's vnode hook, which rewrites the props of every
 * element created (a loop and a regex per prop), in every view that shares the chunk. Here: the same shallow
 * comparison of props, nothing else. (Refs are not forwarded; no caller passes one.)
 */
import { type Component, type FunctionComponent, h } from 'preact';

function shallowDiffers(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k in a) if (!(k in b)) return true;
  for (const k in b) if (a[k] !== b[k]) return true;
  return false;
}

export function memo<P extends object>(component: FunctionComponent<P>): FunctionComponent<P> {
  function shouldComponentUpdate(this: Component<P>, next: P): boolean {
    return shallowDiffers(this.props as Record<string, unknown>, next as Record<string, unknown>);
  }
  function Memo(this: Component<P>, props: P) {
    this.shouldComponentUpdate = shouldComponentUpdate;
    return h(component, props);
  }
  Memo.displayName = `Memo(${component.displayName ?? component.name})`;
  return Memo as FunctionComponent<P>;
}
