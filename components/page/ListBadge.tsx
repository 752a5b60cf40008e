import { useLayoutEffect } from 'preact/hooks';

import { STATE_LABELS } from '../../utils/sessions/model';
import { StateBadge } from '../StateBadge';
import type { ListPrState } from './types';

/** A small badge next to a PR in a list: the latest session's state; links to the PR with the drawer open. */
export function ListBadge({ info, href, host }: { info: ListPrState; href: string | null; host: HTMLElement }) {
  useLayoutEffect(() => {
    host.dataset.state = info.state;
    if (info.sessionId) host.dataset.sessionId = info.sessionId;
  }, [host, info.state, info.sessionId]);
  const label = `Agent session: ${STATE_LABELS[info.state]}${info.count > 1 ? ` (${info.count} sessions)` : ''}`;
  // No times in lists: the state is what matters there.
  const badge = (
    <StateBadge
      session={{ state: info.state, createdAt: '', completedAt: null, updatedAt: '', usage: null }}
      now={0}
      compact
      showTime={false}
    />
  );
  return href ? (
    <a class="as-list-link" href={href} title={label} aria-label={label}>
      {badge}
    </a>
  ) : (
    <span title={label} role="img" aria-label={label}>
      {badge}
    </span>
  );
}
