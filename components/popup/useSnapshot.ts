/**
 * The view's copy of the background state: the cached mirror first (instant), then `getState`, then live pushes.
 * Also applies Settings.theme to the document.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AppError } from '../../utils/model/errors';
import type { StateSnapshot } from '../../utils/model/state';
import type { ViewApi } from './api';

export interface SnapshotState {
  snapshot: StateSnapshot | null;
  /** The background did not answer (and nothing was cached, or it failed after the cache). */
  backgroundError: AppError | null;
  /** Asks the background again (getState + refresh). */
  retry: () => void;
}

export function errorOf(e: unknown): AppError {
  const err = (e as { error?: AppError } | null)?.error;
  if (err && typeof err.message === 'string') return err;
  return {
    kind: 'github-error',
    message: e instanceof Error ? e.message : String(e),
    fix: null,
    link: null,
  };
}

export function useSnapshot(
  api: ViewApi,
  opts: { refreshReason?: 'popup' | null; onState?: (prev: StateSnapshot | null, next: StateSnapshot) => void } = {},
): SnapshotState {
  const [state, setState] = useState<Omit<SnapshotState, 'retry'>>({ snapshot: null, backgroundError: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    let current: StateSnapshot | null = null;
    let live = false; // once getState or a push answered, the cache must not overwrite it
    const accept = (next: StateSnapshot, fromCache = false) => {
      if (ctrl.signal.aborted) return;
      if (fromCache && live) return;
      if (!fromCache) live = true;
      opts.onState?.(current, next);
      current = next;
      setState({ snapshot: next, backgroundError: null });
    };
    void api.loadCached().then((cached) => {
      if (cached) accept(cached, true);
    });
    api
      .request<StateSnapshot>({ type: 'getState' })
      .then((s) => accept(s))
      .catch((e) => {
        if (ctrl.signal.aborted) return;
        setState((prev) => ({ ...prev, backgroundError: errorOf(e) }));
      });
    api.subscribe((push) => {
      if (push.type === 'state') accept(push.state);
    }, ctrl.signal);
    if (opts.refreshReason) void api.request({ type: 'refresh', reason: opts.refreshReason }).catch(() => undefined);
    return () => ctrl.abort();
  }, [api, attempt]);

  const theme = state.snapshot?.settings?.theme ?? 'auto';
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
    else delete root.dataset.theme;
  }, [theme]);

  return { ...state, retry: () => setAttempt((n) => n + 1) };
}
