import { cleanText } from '../../utils/page/tooltip';
import { Octicon } from '../Octicon';
import { frozenAt } from './ConnectionNote';
import { SessionBadge } from './SessionBadge';
import type { OpenSession, PrView } from './types';

/** The floating summary shown when no anchor of the page matched (an unknown layout). */
export function FallbackSummary({
  view,
  onDismiss,
  onOpen,
}: {
  view: PrView;
  onDismiss: () => void;
  onOpen: OpenSession;
}) {
  return (
    <section class="as-floating" aria-label="Agent sessions on this pull request" data-testid="agent-sessions-fallback">
      <div class="as-floating-head">
        <span>
          <Octicon name="copilot" /> Agent sessions
        </span>
        <button type="button" class="as-icon-btn" aria-label="Dismiss agent sessions summary" onClick={onDismiss}>
          <Octicon name="x" />
        </button>
      </div>
      <ul>
        {view.sessions
          .slice()
          .reverse()
          .map((s) => (
            <li key={s.id} data-session-id={s.id} data-state={s.state}>
              <SessionBadge session={s} onOpen={onOpen} frozenAt={frozenAt(view)} />
              <span class="as-title">{cleanText(s.title, 80)}</span>
            </li>
          ))}
      </ul>
    </section>
  );
}
