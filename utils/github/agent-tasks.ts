/** Agent tasks REST API (public preview): list, detail, per-repo list, create. Shapes per GitHub's OpenAPI. */
import type { ApiResponse, GitHubClient } from './client';

export interface ApiArtifact {
  provider?: string;
  type: 'pull' | 'branch' | string;
  data?: { id?: number; global_id?: string; head_ref?: string; base_ref?: string } | null;
}

export interface ApiAgentSession {
  id: string;
  name?: string | null;
  user?: { id: number; login?: string } | null;
  owner?: { id: number } | null;
  repository?: { id: number } | null;
  task_id?: string | null;
  state: string;
  created_at: string;
  updated_at?: string | null;
  completed_at?: string | null;
  prompt?: string | null;
  head_ref?: string | null;
  base_ref?: string | null;
  model?: string | null;
  error?: { message?: string } | string | null;
  /** `ai_credits` (nano units) for sessions since 2026-06-01, `premium_requests` before. */
  usage?: { type?: string; amount?: number } | null;
  /** Not in the public description; honoured when present (third-party agents). */
  agent?: { slug?: string; name?: string } | null;
}

export interface ApiTask {
  id: string;
  url?: string;
  html_url?: string | null;
  name?: string | null;
  creator?: { id: number; login?: string } | null;
  creator_type?: string;
  owner?: { id: number } | null;
  repository?: { id: number } | null;
  state: string;
  session_count?: number;
  artifacts?: ApiArtifact[] | null;
  archived_at?: string | null;
  created_at: string;
  updated_at?: string | null;
  custom_agent?: { id?: string | number; name?: string } | null;
  sessions?: ApiAgentSession[];
  agent?: { slug?: string; name?: string } | null;
}

interface TaskList {
  tasks: ApiTask[];
  total_active_count?: number;
  total_archived_count?: number;
}

export function listTasks(client: GitHubClient, perPage = 50, archived = false): Promise<ApiResponse<TaskList>> {
  return client.get<TaskList>('GET /agents/tasks', {
    sort: 'updated_at',
    direction: 'desc',
    per_page: perPage,
    ...(archived ? { is_archived: true } : {}),
  });
}

/**
 * One page of the viewer's tasks created or updated since `since`, newest first by creation (the usage history).
 * `per_page` is at most 100; a page shorter than that is the last.
 */
export function listTasksSince(
  client: GitHubClient,
  opts: { since: string; page: number; perPage?: number; archived?: boolean },
): Promise<ApiResponse<TaskList>> {
  return client.get<TaskList>('GET /agents/tasks', {
    sort: 'created_at',
    direction: 'desc',
    since: opts.since,
    per_page: opts.perPage ?? 100,
    page: opts.page,
    ...(opts.archived ? { is_archived: true } : {}),
  });
}

export function getTask(client: GitHubClient, taskId: string): Promise<ApiResponse<ApiTask>> {
  return client.get<ApiTask>('GET /agents/tasks/{task_id}', { task_id: taskId });
}

export function listRepoTasks(
  client: GitHubClient,
  owner: string,
  repo: string,
  perPage = 30,
): Promise<ApiResponse<TaskList>> {
  return client.get<TaskList>('GET /agents/repos/{owner}/{repo}/tasks', {
    owner,
    repo,
    sort: 'updated_at',
    direction: 'desc',
    per_page: perPage,
  });
}

export function getRepoTask(
  client: GitHubClient,
  owner: string,
  repo: string,
  taskId: string,
): Promise<ApiResponse<ApiTask>> {
  return client.get<ApiTask>('GET /agents/repos/{owner}/{repo}/tasks/{task_id}', { owner, repo, task_id: taskId });
}

/**
 * A fine-grained token without "Agent tasks" gets an empty user-level list (it filters by what the token may read)
 * while repository routes answer 403 naming the permission. When the list is empty, one repository route (the most
 * recently pushed repository the token reaches) tells which: returns that refusal, or null when nothing is missing.
 */
export async function agentTasksPermissionRefusal(client: GitHubClient): Promise<unknown | null> {
  const repos = await client.get<Array<{ name: string; owner: { login: string } }>>('GET /user/repos', {
    per_page: 1,
    sort: 'pushed',
  });
  const r = Array.isArray(repos.data) ? repos.data[0] : undefined;
  if (!r) return null;
  try {
    await listRepoTasks(client, r.owner.login, r.name, 1);
    return null;
  } catch (e) {
    const status = (e as { status?: unknown } | null)?.status;
    return status === 403 ? e : null;
  }
}

interface CreateTaskBody {
  prompt: string;
  model?: string;
  custom_agent?: string;
  create_pull_request?: boolean;
  base_ref?: string;
  head_ref?: string;
}

export function createTask(
  client: GitHubClient,
  owner: string,
  repo: string,
  body: CreateTaskBody,
): Promise<ApiResponse<ApiTask>> {
  return client.send<ApiTask>('POST /agents/repos/{owner}/{repo}/tasks', { owner, repo, ...body });
}
