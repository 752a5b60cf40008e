/** The usage page's wiring: the state the background publishes, a clock, and the "open this session" intent. */
import { browserApi } from '../../components/popup/api';
import { useNow } from '../../components/popup/useNow';
import { useSnapshot } from '../../components/popup/useSnapshot';
import { UsageView } from '../../components/usage/UsageView';

export function UsagePage() {
  const { snapshot } = useSnapshot(browserApi);
  const now = useNow(false);
  return (
    <UsageView
      sessions={snapshot?.sessions ?? []}
      now={now}
      loading={!snapshot}
      onOpen={(sessionId) =>
        void browserApi.request({ type: 'openSession', sessionId, newTab: true }).catch(() => undefined)
      }
    />
  );
}
