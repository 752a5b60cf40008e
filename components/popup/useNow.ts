import { useEffect, useState } from 'preact/hooks';

/** One shared clock for the whole popup: ticks every second while `live`, every 30 s otherwise. */
export function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), live ? 1000 : 30_000);
    return () => clearInterval(id);
  }, [live]);
  return now;
}
