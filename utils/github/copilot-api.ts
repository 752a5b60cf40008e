/**
 * The Copilot API ("CAPI"): undocumented, per-user host from GraphQL `viewer.copilotEndpoints.api`. Probed once per
 * token; where it answers it gives premium requests, the workflow run id, logs and abort. We send no
 * `Copilot-Integration-Id` (never another product's), so today GitHub answers every token we can hold with a 400
 * ("missing required Copilot-Integration-Id header"; "Personal Access Tokens are not supported"). A 400/401/403/404
 * marks it unavailable: remembered, re-probed rarely (CAPI_REPROBE_MS), never shown as an error.
 */
import type { GitHubClient } from './client';

export interface CapiSession {
  id: string;
  name?: string;
  user_id?: number;
  agent_id?: number;
  state?: string;
  owner_id?: number;
  repo_id?: number;
  resource_type?: string;
  resource_id?: number;
  resource_global_id?: string;
  created_at?: string;
  last_updated_at?: string;
  completed_at?: string | null;
  premium_requests?: number;
  workflow_run_id?: number;
  error?: { code?: string; message?: string } | string | null;
  task_id?: string;
}

/** How long a "Copilot API unavailable" answer is trusted before one quiet re-probe. */
export const CAPI_REPROBE_MS = 24 * 60 * 60_000;

/** Statuses that mean "this token cannot use the Copilot API" (not a failure to show). */
function isCapiRefusal(status: number): boolean {
  return status === 400 || status === 401 || status === 403 || status === 404;
}

export class CapiUnavailable extends Error {
  constructor(readonly status: number) {
    super(`Copilot API answered ${status}`);
  }
}

export interface CapiProbe {
  login: string | null;
  api: string | null;
  available: boolean;
}

function isCapiHost(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && /^api(\.[a-z0-9-]+)?\.githubcopilot\.com$/.test(u.hostname);
  } catch {
    return false;
  }
}

async function capi(client: GitHubClient, api: string, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await client.authedFetch(`${api}${path}`, {
    ...init,
    headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  if (isCapiRefusal(res.status)) throw new CapiUnavailable(res.status);
  if (!res.ok) {
    throw Object.assign(new Error(`Copilot API answered ${res.status}`), {
      status: res.status,
      response: { headers: Object.fromEntries(res.headers.entries()), data: null },
      request: { url: `${api}${path}` },
    });
  }
  return res;
}

/** Finds the viewer's Copilot API host and checks once that it answers to this token. */
export async function probeCopilotApi(client: GitHubClient): Promise<CapiProbe> {
  let login: string | null = null;
  let api: string | null = null;
  try {
    const res = await client.graphql<{ viewer: { login: string; copilotEndpoints?: { api?: string } | null } }>(
      'query { viewer { login copilotEndpoints { api } } }',
    );
    login = res.viewer?.login ?? null;
    api = res.viewer?.copilotEndpoints?.api ?? null;
  } catch {
    return { login, api: null, available: false };
  }
  if (!api || !isCapiHost(api)) return { login, api: null, available: false };
  api = api.replace(/\/+$/, '');
  try {
    await capi(client, api, '/agents/sessions?page_size=1&page_number=1&sort=last_updated_at,desc');
    return { login, api, available: true };
  } catch {
    return { login, api, available: false };
  }
}

export async function listCapiSessions(client: GitHubClient, api: string, pageSize = 50): Promise<CapiSession[]> {
  const res = await capi(client, api, `/agents/sessions?page_size=${pageSize}&page_number=1&sort=last_updated_at,desc`);
  const body = (await res.json()) as { sessions?: CapiSession[] };
  return Array.isArray(body.sessions) ? body.sessions : [];
}

/** The whole log, every time (callers slice what grew). */
export async function getCapiLog(client: GitHubClient, api: string, id: string): Promise<string> {
  const res = await capi(client, api, `/agents/sessions/${encodeURIComponent(id)}/logs`);
  return await res.text();
}

/** Stop a task through the Copilot API (`steer` abort) → 202. */
export async function abortCapiTask(client: GitHubClient, api: string, taskId: string): Promise<number> {
  const res = await capi(client, api, `/agents/tasks/${encodeURIComponent(taskId)}/steer`, {
    method: 'POST',
    body: JSON.stringify({ type: 'abort' }),
  });
  return res.status;
}
