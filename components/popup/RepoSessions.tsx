/**
 * A repository's sessions, everyone's, read-only (issue 16): offered under the popup's filters when one repository
 * is chosen. Read on the user's click (one request, plus a few login lookups), never polled; no Stop, no read marks.
 */
import { useEffect, useState } from 'preact/hooks';
import type { RepoSessions as RepoSessionsData } from '../../utils/messages/protocol';
import type { AppError } from '../../utils/model/errors';
import { formatAge, STATE_LABELS, STATE_LOOK } from '../../utils/sessions/model';
import { errorOf } from '../../utils/view-state/client';
import { ErrorNote } from '../ErrorNote';
import { Octicon } from '../Octicon';
import type { ViewApi } from './api';

export function RepoSessions({
  repo,
  api,
  now,
  account,
}: {
  repo: string;
  api: ViewApi;
  now: number;
  /** Several accounts signed in: the one that reads the repository (`host/login`). */
  account?: string | undefined;
}) {
  const [open, setOpen] = useState(false);
  const [data, setData] = useState<RepoSessionsData | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    setOpen(false);
    setData(null);
    setError(null);
  }, [repo]);
  const [owner = '', name = ''] = repo.split('/');
  const load = async () => {
    setError(null);
    try {
      setData(
        await api.request<RepoSessionsData>({
          type: 'getRepoSessions',
          owner,
          repo: name,
          ...(account ? { account } : {}),
        }),
      );
    } catch (e) {
      setError(errorOf(e));
    }
  };
  return (
    <div class="as-repo-sessions as-pad-x" data-role="repo-sessions">
      <button
        type="button"
        class="as-btn-link"
        aria-expanded={open}
        data-action="repo-sessions"
        onClick={() => {
          const next = !open;
          setOpen(next);
          if (next && !data) void load();
        }}
      >
        <Octicon name={open ? 'chevron-down' : 'chevron-right'} size={12} /> Everyone’s sessions in {repo}
      </button>
      {open && error && <ErrorNote error={error} compact />}
      {open && !error && !data && <p class="as-muted">Reading {repo}’s sessions…</p>}
      {open && data && data.rows.length === 0 && <p class="as-muted">No sessions in {repo}.</p>}
      {open && data && data.rows.length > 0 && (
        <ul class="as-repo-list" aria-label={`Sessions in ${repo}, everyone’s (read-only)`}>
          {data.rows.map((r) => (
            <li key={r.id} data-task-id={r.id} data-state={r.state}>
              <span class={`as-repo-state as-role-${STATE_LOOK[r.state].role}`}>
                <Octicon name={STATE_LOOK[r.state].icon} size={12} /> {STATE_LABELS[r.state]}
              </span>{' '}
              {r.url ? (
                <a href={r.url} target="_blank" rel="noopener noreferrer" title={r.name}>
                  {r.name}
                </a>
              ) : (
                <span title={r.name}>{r.name}</span>
              )}
              <span class="as-muted">
                {` · ${r.creator ? r.creator : 'someone'} · ${formatAge(r.updatedAt, now)}`}
                {r.sessions > 1 ? ` · ${r.sessions} sessions` : ''}
                {r.archived ? ' · archived' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
