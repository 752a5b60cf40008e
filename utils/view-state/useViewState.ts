/**
 * The Preact hook over the view-state client (client.ts): the state a view watches, mirror first (`provisional`),
 * then live. Used by the popup, the options page and the drawer; the content script's features use the client
 * through their shared PR data source (entrypoints/github.content/data.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  ViewStateClient as Client,
  type ViewStateClient,
  type ViewStateOptions,
  type ViewStateValue,
  type ViewTransport,
} from './client';
import type { Watch } from './watch';

interface UseViewState extends ViewStateValue {
  /** Connects again (after "the background is not answering"). */
  retry: () => void;
}

export function useViewState(transport: ViewTransport, watch: Watch, opts: ViewStateOptions = {}): UseViewState {
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const client: ViewStateClient = useMemo(
    () =>
      new Client(transport, watch, {
        ...opts,
        onState: (prev, next) => optsRef.current.onState?.(prev, next),
      }),
    [transport],
  );
  const [value, setValue] = useState<ViewStateValue>(client.get());
  useEffect(() => {
    const ctrl = new AbortController();
    client.subscribe(setValue, ctrl.signal);
    client.start();
    setValue(client.get());
    return () => {
      ctrl.abort();
      client.stop();
    };
  }, [client]);
  const key = JSON.stringify(watch);
  useEffect(() => client.setWatch(watch), [client, key]);
  return useMemo(() => ({ ...value, retry: () => client.retry() }), [value, client]);
}

/** Applies Settings.theme to the document (extension pages). */
export function useDocumentTheme(theme: 'auto' | 'light' | 'dark' | undefined): void {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
    else delete root.dataset.theme;
  }, [theme]);
}
