/** A mock of the view API (message client + storage) for rendering the popup and options page in happy-dom. */
import { type ComponentChild, render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import type { ViewApi } from '../../../components/popup/api';
import type { Push, Request } from '../../../utils/messages/protocol';
import type { AppError } from '../../../utils/model/errors';
import type { StateSnapshot } from '../../../utils/model/state';

type Handler = (req: Request) => unknown;

export class RequestErr extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

export interface MockApi extends ViewApi {
  requests: Request[];
  push(p: Push): void;
  setState(s: StateSnapshot): void;
  savedFilters: unknown[];
  handlers: Partial<Record<Request['type'], Handler>>;
}

/**
 * `cached` is what storage.local holds; `state` what getState answers (null = never answers).
 * Handlers may return a value, a Promise, or throw a RequestErr (refusals).
 */
export function mockApi(
  opts: {
    cached?: StateSnapshot | null;
    state?: StateSnapshot | null;
    filters?: unknown;
    handlers?: Partial<Record<Request['type'], Handler>>;
  } = {},
): MockApi {
  let listener: ((p: Push) => void) | null = null;
  let current = opts.state ?? null;
  const api: MockApi = {
    requests: [],
    savedFilters: [],
    handlers: opts.handlers ?? {},
    async request<T>(req: Request): Promise<T> {
      api.requests.push(req);
      const h = api.handlers[req.type];
      if (h) return (await h(req)) as T;
      if (req.type === 'getState') {
        if (current) return current as T;
        return new Promise<T>(() => {}); // never answers
      }
      return undefined as T;
    },
    subscribe(onPush, signal) {
      listener = onPush;
      signal.addEventListener('abort', () => {
        listener = null;
      });
      return undefined;
    },
    loadCached: async () => opts.cached ?? null,
    loadFilters: async () => opts.filters,
    saveFilters: async (f) => {
      api.savedFilters.push(f);
    },
    openOptions: vi.fn(),
    openUsage: vi.fn(),
    push(p) {
      listener?.(p);
    },
    setState(s) {
      current = s;
      listener?.({ type: 'state', state: s });
    },
  };
  return api;
}

export async function flush(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

export async function mount(node: ComponentChild): Promise<{ root: HTMLElement; unmount(): void }> {
  const root = document.createElement('div');
  document.body.appendChild(root);
  await act(async () => {
    render(node, root);
  });
  await flush();
  return {
    root,
    unmount() {
      render(null, root);
      root.remove();
    },
  };
}

export async function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  await act(async () => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function change(el: HTMLSelectElement | HTMLInputElement, value: string | boolean): Promise<void> {
  await act(async () => {
    if (typeof value === 'boolean') (el as HTMLInputElement).checked = value;
    else el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** A person's click: marked trusted as the browser marks real input (happy-dom leaves `isTrusted` unset). */
export async function click(el: Element, init: MouseEventInit = {}): Promise<void> {
  await act(async () => {
    const event = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...init });
    Object.defineProperty(event, 'isTrusted', { value: true });
    el.dispatchEvent(event);
  });
  await flush();
}

/** A page script's click (`el.click()` or a dispatched event): never trusted. */
export async function scriptClick(el: HTMLElement): Promise<void> {
  await act(async () => {
    el.click();
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
  });
  await flush();
}

export async function key(target: Element, k: string, init: KeyboardEventInit = {}): Promise<void> {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }));
  });
  await flush(1);
}

export function rows(root: ParentNode, section?: string): HTMLElement[] {
  const scope = section ? root.querySelector(`[data-section="${section}"]`) : root;
  return scope ? [...scope.querySelectorAll<HTMLElement>('li[data-session-id]')] : [];
}

export function count(root: ParentNode, section: string): string | null {
  return root.querySelector(`[data-testid="count-${section}"]`)?.textContent ?? null;
}
