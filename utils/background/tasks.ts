/**
 * Starting a task (Agent tasks API `POST /agents/repos/{o}/{r}/tasks`): the request, its refusals explained, and the
 * new task mapped into queued sessions the engine adds to its list; and the repositories the New task form offers.
 */

import { type ApiTask, createTask } from '../github/agent-tasks';
import type { GitHubClient } from '../github/client';
import { toAppError } from '../github/errors';
import { getRepoByName, type RepoInfo } from '../github/repos';
import type { NewTaskInput, RecentRepo } from '../messages/protocol';
import type { AppError } from '../model/errors';
import { appError, GitHubError } from '../model/errors';
import type { AuthInfo } from '../model/state';
import { tasksToSessions } from '../sessions/joins';
import { COPILOT_AGENT, type Session } from '../sessions/model';
import { resolveRepos } from './join-sync';
import type { EngineData } from './store';

interface StartTaskContext {
  client: GitHubClient | null;
  auth: AuthInfo | null;
  /** The engine's saved caches (read only): the repository the task names is resolved against them and returned. */
  data: Pick<EngineData, 'repos' | 'prs'>;
  now: () => number;
}

/** Creates the task; its sessions (queued), the first of them, and the task id. */
export async function startTask(
  input: NewTaskInput,
  ctx: StartTaskContext,
): Promise<{ sessions: Session[]; first: Session; taskId: string; repos: Record<string, RepoInfo> }> {
  const { client, auth } = ctx;
  if (!client || !auth)
    throw new GitHubError(
      appError('bad-token', 'Sign in to start tasks.', { fix: 'Open the extension’s options and add a token.' }),
    );
  let task: ApiTask;
  try {
    task = (
      await createTask(client, input.owner, input.repo, {
        prompt: input.prompt,
        create_pull_request: input.createPullRequest,
        ...(input.baseRef ? { base_ref: input.baseRef } : {}),
        ...(input.model ? { model: input.model } : {}),
        ...(input.customAgent ? { custom_agent: input.customAgent } : {}),
      })
    ).data;
  } catch (e) {
    // GitHub answers 404 both for a repository that does not exist (or the token cannot see) and for an account
    // without the agent: one read of the repository tells which, so a typo is not blamed on the plan.
    if ((e as { status?: unknown })?.status === 404 && (await repoMissing(client, input.owner, input.repo)))
      throw new GitHubError(
        appError('not-found', `There is no repository ${input.owner}/${input.repo} that this token can see.`, {
          fix: 'Check the owner and name (owner/name). For a private repository, the token needs access to it.',
          status: 404,
        }),
      );
    throw new GitHubError(startTaskError(e, input, auth.host, ctx.now()));
  }
  const found = await resolveRepos(
    client,
    ctx.data.repos,
    [task.repository?.id].filter((x): x is number => typeof x === 'number'),
  ).catch(() => ({}));
  const repos = { ...ctx.data.repos, ...found };
  const sessions = tasksToSessions(
    task.sessions?.length
      ? [task]
      : [
          {
            ...task,
            sessions: [
              {
                id: task.id,
                state: 'queued',
                created_at: task.created_at,
                prompt: input.prompt,
                base_ref: input.baseRef ?? null,
              },
            ],
          },
        ],
    { client, host: auth.host, viewer: { id: auth.id, login: auth.login }, caches: { repos, prs: ctx.data.prs } },
    new Map(),
    true,
  );
  const repoInfo = Object.values(repos).find(
    (r) => r.fullName.toLowerCase() === `${input.owner}/${input.repo}`.toLowerCase(),
  );
  const created = sessions.map((s) => ({
    ...s,
    state: 'queued' as const,
    agent: s.agent ?? COPILOT_AGENT,
    repo:
      s.repo ??
      (repoInfo
        ? { id: repoInfo.id, owner: repoInfo.owner, name: repoInfo.name, fullName: repoInfo.fullName }
        : { id: null, owner: input.owner, name: input.repo, fullName: `${input.owner}/${input.repo}` }),
  }));
  const first = created[0];
  if (!first) throw new GitHubError(appError('github-error', 'GitHub accepted the task but returned no session.'));
  return { sessions: created, first, taskId: task.id, repos: found };
}

/** Repositories for the New task form: those of recent sessions first, then every one the user may push to. */
export function recentRepos(sessions: readonly Session[], repos: Record<string, RepoInfo>): RecentRepo[] {
  const seen = new Map<string, RecentRepo>();
  for (const s of [...sessions].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))) {
    if (s.repo && !seen.has(s.repo.fullName.toLowerCase()))
      seen.set(s.repo.fullName.toLowerCase(), { owner: s.repo.owner, name: s.repo.name, fullName: s.repo.fullName });
  }
  for (const r of Object.values(repos)) {
    if (!seen.has(r.fullName.toLowerCase()) && r.canPush !== false)
      seen.set(r.fullName.toLowerCase(), { owner: r.owner, name: r.name, fullName: r.fullName });
  }
  return [...seen.values()].slice(0, 50);
}

/** True only when GitHub says the repository is not there for this token (404); any other answer: false. */
async function repoMissing(client: GitHubClient, owner: string, repo: string): Promise<boolean> {
  try {
    await getRepoByName(client, owner, repo);
    return false;
  } catch (e) {
    return (e as { status?: unknown })?.status === 404;
  }
}

/** startTask refusals, explained. */
function startTaskError(e: unknown, input: NewTaskInput, host: string, now: number): AppError {
  const err = toAppError(e, { host, permission: 'Agent tasks: write', now });
  const raw = ((e as { response?: { data?: { message?: string } } })?.response?.data?.message ?? '').toLowerCase();
  if (err.kind === 'not-available') {
    if (/not enabled|disabled|opt/.test(raw))
      return {
        ...err,
        message: `Copilot cloud agent is not enabled for ${input.owner}/${input.repo}.`,
        fix: 'An owner can enable it in the repository’s or organization’s Copilot settings.',
      };
    return {
      ...err,
      message:
        'Starting tasks is not available: the plan does not include the Agent tasks API here, or the agent is not enabled for this repository.',
    };
  }
  if (err.kind === 'validation') {
    if (/prompt/.test(raw) && /(long|length|too many|exceed)/.test(raw))
      return { ...err, message: 'The prompt is too long for GitHub.', fix: 'Shorten it and try again.' };
    if (/(ref|branch)/.test(raw))
      return {
        ...err,
        message: `The base branch “${input.baseRef ?? ''}” does not exist in ${input.owner}/${input.repo}.`,
        fix: 'Pick an existing branch.',
      };
    if (/not enabled|disabled/.test(raw))
      return {
        ...err,
        message: `Copilot cloud agent is not enabled for ${input.owner}/${input.repo}.`,
        fix: 'An owner can enable it in the repository’s Copilot settings.',
      };
  }
  if (err.kind === 'missing-permission') return { ...err, permission: err.permission ?? 'Agent tasks: write' };
  return err;
}
