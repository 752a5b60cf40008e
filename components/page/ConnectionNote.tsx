import { connectionOf, connectionText } from '../../utils/sessions/selectors';
import { useNow } from './hooks';
import type { PrView } from './types';

/**
 * When a page's data stopped being live (issue 20 #7): the time of the last sync while GitHub refuses the token (the
 * badges' clocks stop there), else null.
 */
export function frozenAt(view: Pick<PrView, 'connectionError' | 'syncedAt'>): number | null {
  if (connectionOf(view.connectionError) !== 'refused' || !view.syncedAt) return null;
  const t = Date.parse(view.syncedAt);
  return Number.isNaN(t) ? null : t;
}

/**
 * The PR header's plain line about the connection, calm: "Not connected · data from 5 min ago" (a link to the
 * extension's options, where a new token goes) or "Waiting for GitHub · resumes at 10:42 · data from just now"
 * (nothing to click: it resumes by itself). Nothing while connected.
 */
export function ConnectionNote({
  view,
  onOpenOptions,
}: {
  view: Pick<PrView, 'connectionError' | 'syncedAt'>;
  onOpenOptions: () => void;
}) {
  const connection = connectionOf(view.connectionError);
  const now = useNow(connection === 'refused' || connection === 'busy');
  const text = connectionText(view.connectionError, view.syncedAt, now);
  if (!text) return null;
  if (connection === 'refused')
    return (
      <button
        type="button"
        class="as-btn-link as-note as-conn"
        data-action="open-options"
        data-connection="refused"
        title="GitHub refuses the extension’s token: what is shown is not live. Opens the extension’s options, where a new token goes."
        onClick={onOpenOptions}
      >
        {text}
      </button>
    );
  return (
    <output
      class="as-note as-conn"
      data-connection={connection}
      title="GitHub asked the extension to wait (or did not answer); it tries again by itself."
    >
      {text}
    </output>
  );
}
