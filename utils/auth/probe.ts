/**
 * What a fine-grained token may do. GitHub does not tell anyone a fine-grained token's permissions (no scopes
 * header), so each one is asked of one repository the token reaches, with requests that cannot change anything:
 * - Actions: read — `GET /repos/{o}/{r}/actions/runs?per_page=1` (200 yes, 403 no);
 * - Actions: write — `POST /repos/{o}/{r}/actions/runs/0/cancel`: run 0 never exists, so a token with the permission
 *   gets 404 and one without it 403 naming `actions=write` (GitHub checks a fine-grained token's permission before
 *   it looks for the run; docs/fidelity.md, issue 20);
 * - Agent tasks: write — `POST /agents/repos/{o}/{r}/tasks` with no body at all, which cannot start a task (the
 *   prompt is required): 400 or 422 with the permission, 403 naming `agent_tasks=write` without it.
 * Anything else (a 5xx, an organisation's policy, Copilot not enabled there) leaves the answer unknown (null).
 * Runs once, when the person signs in.
 */
import type { GitHubClient } from '../github/client';

export interface FineGrainedProbe {
  /** The repository asked, `owner/name`, or null when the token reaches none. */
  repo: string | null;
  /** Some repository the token reaches is private. */
  privateRepos: boolean;
  actionsRead: boolean | null;
  actionsWrite: boolean | null;
  agentTasksWrite: boolean | null;
}

interface RepoItem {
  name?: unknown;
  private?: unknown;
  owner?: { login?: unknown } | null;
  permissions?: { push?: unknown } | null;
}

function refusal(e: unknown, permission: string): boolean | null {
  const err = e as { status?: unknown; response?: { headers?: Record<string, unknown> } } | null;
  const status = err?.status;
  const accepted = String(err?.response?.headers?.['x-accepted-github-permissions'] ?? '');
  if (status === 403 && accepted.split(/[,;]\s*/).some((p) => p.trim().startsWith(`${permission}=`))) return false;
  return null;
}

/** `ok`: the refusals that mean the permission is there (null: a 2xx answer means it). */
async function ask(run: () => Promise<unknown>, ok: number[] | null, permission: string): Promise<boolean | null> {
  try {
    await run();
    return ok === null ? true : null;
  } catch (e) {
    const status = (e as { status?: unknown } | null)?.status;
    if (ok?.includes(status as number)) return true;
    return refusal(e, permission);
  }
}

export async function probeFineGrained(client: GitHubClient): Promise<FineGrainedProbe> {
  const none: FineGrainedProbe = {
    repo: null,
    privateRepos: false,
    actionsRead: null,
    actionsWrite: null,
    agentTasksWrite: null,
  };
  const list = await client
    .get<RepoItem[]>('GET /user/repos', { per_page: 100, sort: 'pushed' }, { conditional: false })
    .catch(() => null);
  const repos = (Array.isArray(list?.data) ? list.data : []).filter(
    (r): r is RepoItem & { name: string; owner: { login: string } } =>
      typeof r?.name === 'string' && typeof r.owner?.login === 'string',
  );
  // A repository the person may push to, so a refusal is the token's and not the person's role.
  const r = repos.find((x) => x.permissions?.push === true) ?? repos[0];
  if (!r) return none;
  const owner = r.owner.login;
  const repo = r.name;
  const [actionsRead, actionsWrite, agentTasksWrite] = await Promise.all([
    ask(() => client.get('GET /repos/{owner}/{repo}/actions/runs', { owner, repo, per_page: 1 }), null, 'actions'),
    ask(
      () => client.send('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', { owner, repo, run_id: 0 }),
      [404],
      'actions',
    ),
    ask(() => client.send('POST /agents/repos/{owner}/{repo}/tasks', { owner, repo }), [400, 422], 'agent_tasks'),
  ]);
  return {
    repo: `${owner}/${repo}`,
    privateRepos: repos.some((x) => x.private === true),
    actionsRead,
    // A 404 for run 0 says nothing when the token cannot even read Actions.
    actionsWrite: actionsRead === false ? false : actionsWrite,
    agentTasksWrite,
  };
}
