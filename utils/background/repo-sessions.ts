/**
 * A repository's sessions, everyone's (issue 16): `GET /agents/repos/{owner}/{repo}/tasks` without `creator_id`
 * lists every collaborator's tasks (REST description, agent-tasks/list-tasks-for-repo). Read-only rows for the
 * popup's repository filter: the task's name and state, who started it, GitHub's page for it. Asked for by a click,
 * never polled. Creators are named from the logins already known, then up to MAX_LOGIN_LOOKUPS lookups.
 */
import { listRepoTasks } from '../github/agent-tasks';
import type { GitHubClient } from '../github/client';
import { loginById } from '../github/users';
import type { RepoSessions, RepoTaskRow } from '../messages/protocol';
import { appError, GitHubError } from '../model/errors';
import { isSessionState } from '../sessions/model';
import { cleanLine } from '../text/sanitize';
import { MAX_LOGIN_LOOKUPS } from './logins';

export async function repoSessions(
  client: GitHubClient | null,
  owner: string,
  repo: string,
  known: Readonly<Record<string, string>>,
): Promise<RepoSessions> {
  if (!client)
    throw new GitHubError(
      appError('bad-token', 'Sign in to see a repository’s sessions.', { fix: 'Open the options.' }),
    );
  const tasks = (await listRepoTasks(client, owner, repo, 50)).data?.tasks ?? [];
  const logins = new Map(Object.entries(known));
  const missing = [
    ...new Set(tasks.map((t) => t.creator?.id).filter((id): id is number => typeof id === 'number')),
  ].filter((id) => !logins.has(String(id)));
  for (const id of missing.slice(0, MAX_LOGIN_LOOKUPS)) {
    const login = await loginById(client, id).catch(() => null);
    if (login) logins.set(String(id), login);
  }
  const rows = tasks.map((t): RepoTaskRow => {
    const creatorId = t.creator?.id;
    return {
      id: String(t.id),
      name: cleanLine(t.name ?? '', 200) || 'Agent task',
      state: isSessionState(t.state) ? t.state : 'queued',
      creator: creatorId != null ? (logins.get(String(creatorId)) ?? null) : null,
      url: typeof t.html_url === 'string' && t.html_url.startsWith('https://') ? t.html_url : null,
      updatedAt: t.updated_at ?? t.created_at,
      sessions: typeof t.session_count === 'number' ? t.session_count : 1,
      archived: !!t.archived_at,
    };
  });
  return { repo: `${owner}/${repo}`, rows };
}
