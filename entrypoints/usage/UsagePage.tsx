/**
 * The usage page's wiring: the state the background publishes (the sessions it follows), the month of history it
 * reads on request (utils/background/usage-history.ts), a clock, and the "open this session" intent.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browserApi } from '../../components/popup/api';
import { useNow } from '../../components/popup/useNow';
import { UsageView } from '../../components/usage/UsageView';
import type { UsageHistory } from '../../utils/model/usage';
import { mergeUsage } from '../../utils/sessions/usage';
import { browserTransport } from '../../utils/view-state/client';
import { useDocumentTheme, useViewState } from '../../utils/view-state/useViewState';

const HISTORY_EVERY_MS = 5 * 60_000;
const WATCH_ALL = { kind: 'all' } as const;

export function UsagePage() {
  const { state: snapshot } = useViewState(browserTransport, WATCH_ALL);
  useDocumentTheme(snapshot?.settings?.theme);
  const now = useNow(false);
  const [history, setHistory] = useState<UsageHistory | null>(null);
  const signedIn = snapshot?.auth.status === 'signed-in';
  // Several accounts signed in: each session names its account, and the page offers a filter.
  const accountKeys = useMemo(() => (snapshot?.accounts ?? []).map((a) => a.key), [snapshot?.accounts]);
  const accountsSeen = accountKeys.join(' ');

  useEffect(() => {
    if (!signedIn) return;
    let alive = true;
    const load = () =>
      browserApi
        .request<UsageHistory>({ type: 'getUsageHistory' })
        .then((h) => alive && setHistory(h))
        .catch(() => undefined);
    void load();
    const id = setInterval(load, HISTORY_EVERY_MS);
    return () => {
      alive = false;
      clearInterval(id);
    };
    // An account added or signed out: its month is read (or dropped) at once.
  }, [signedIn, accountsSeen]);

  const sessions = useMemo(
    () => mergeUsage(snapshot?.sessions ?? [], history?.sessions ?? []),
    [snapshot?.sessions, history],
  );
  let status: string | null = null;
  if (snapshot && !signedIn) status = 'Sign in from the toolbar popup to see your usage.';
  else if (signedIn && !history) status = 'Reading the last 30 days from GitHub…';
  else if (history?.error && accountKeys.length > 1)
    status = `For an account whose history could not be read, only the sessions the extension follows are shown. ${history.error}`;
  else if (history?.error) status = `Only the sessions the extension follows are shown: ${history.error}`;
  else if (history && history.pending > 0)
    status = `${history.pending} older tasks are still to be read; they are added over the next minutes.`;

  return (
    <UsageView
      sessions={sessions}
      now={now}
      loading={!snapshot}
      status={status}
      accounts={accountKeys}
      onOpen={(sessionId) =>
        void browserApi.request({ type: 'openSession', sessionId, newTab: true }).catch(() => undefined)
      }
    />
  );
}
