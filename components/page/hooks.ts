import { useEffect, useState } from 'preact/hooks';
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
