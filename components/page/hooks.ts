import { useEffect, useState } from 'preact/hooks';
import type { PrData, PrView } from '../../entrypoints/github.content/data';
import { onTick } from '../../utils/page/ticker';

/** The current time, re-rendered every second by the shared ticker while `live`. */
export function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    setNow(Date.now());
    return onTick(setNow);
  }, [live]);
  return now;
}

/** The PR data view, re-rendered on every change. */
export function usePrView(data: PrData): PrView {
  const [view, setView] = useState(() => data.get());
  useEffect(() => {
    const ac = new AbortController();
    data.subscribe(setView, ac.signal);
    setView(data.get());
    return () => ac.abort();
  }, [data]);
  return view;
}
