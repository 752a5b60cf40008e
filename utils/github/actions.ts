/** GitHub Actions: the agent's runs, their jobs and steps, job logs (302 to a blob, followed without the token), cancel. */

import { appError, GitHubError } from '../model/errors';
import type { GitHubClient } from './client';

export interface ApiRun {
  id: number;
  name?: string | null;
  event: string;
  path?: string | null;
  head_branch: string | null;
  status: string | null; // queued | in_progress | completed | waiting | requested | pending
  conclusion: string | null;
  created_at: string;
  updated_at?: string;
  run_started_at?: string | null;
  html_url?: string;
  pull_requests?: Array<{ id: number; number: number }>;
  actor?: { login: string } | null;
}

export interface ApiJob {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  html_url?: string;
  steps?: Array<{
    name: string;
    status: string;
    conclusion: string | null;
    number: number;
    started_at?: string | null;
    completed_at?: string | null;
  }>;
}

interface RunFilter {
  event?: string;
  branch?: string;
  status?: string;
  perPage?: number;
}

export async function listRuns(
  client: GitHubClient,
  owner: string,
  repo: string,
  f: RunFilter = {},
): Promise<ApiRun[]> {
  const params: Record<string, unknown> = { owner, repo, per_page: f.perPage ?? 30 };
  if (f.event) params.event = f.event;
  if (f.branch) params.branch = f.branch;
  if (f.status) params.status = f.status;
  const res = await client.get<{ workflow_runs: ApiRun[] }>('GET /repos/{owner}/{repo}/actions/runs', params);
  return res.data.workflow_runs ?? [];
}

export async function getRun(client: GitHubClient, owner: string, repo: string, runId: number): Promise<ApiRun> {
  const res = await client.get<ApiRun>('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
    owner,
    repo,
    run_id: runId,
  });
  return res.data;
}

/** GitHub's clock from an answer's `Date` header (ms), or null. */
function serverTimeOf(headers: Record<string, string | undefined> | undefined): number | null {
  const t = Date.parse(headers?.date ?? '');
  return Number.isFinite(t) ? t : null;
}

/** A run plus GitHub's clock at the answer (the stop watcher measures its waits on it too). */
export async function getRunTimed(
  client: GitHubClient,
  owner: string,
  repo: string,
  runId: number,
): Promise<{ run: ApiRun; serverTime: number | null }> {
  const res = await client.get<ApiRun>('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
    owner,
    repo,
    run_id: runId,
  });
  return { run: res.data, serverTime: serverTimeOf(res.headers) };
}

export async function listJobs(client: GitHubClient, owner: string, repo: string, runId: number): Promise<ApiJob[]> {
  const res = await client.get<{ jobs: ApiJob[] }>('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
    owner,
    repo,
    run_id: runId,
  });
  return res.data.jobs ?? [];
}

/** POST cancel → 202 (with GitHub's clock at the answer). A 409 means the run already ended. */
export async function cancelRun(
  client: GitHubClient,
  owner: string,
  repo: string,
  runId: number,
  force = false,
): Promise<{ status: number; serverTime: number | null }> {
  const route = force
    ? 'POST /repos/{owner}/{repo}/actions/runs/{run_id}/force-cancel'
    : 'POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel';
  const res = await client.send(route, { owner, repo, run_id: runId });
  return { status: res.status, serverTime: serverTimeOf(res.headers) };
}

/**
 * A completed job's log text, in one request (issue 17 #7). GitHub answers 302 to a short-lived blob URL; the
 * browser follows it, and the Fetch standard drops Authorization on the cross-origin hop (Chrome ≥ 119, hence
 * `minimum_chrome_version`; Firefox ≥ 111). `redirect: 'manual'` cannot work in browsers (an opaque redirect hides
 * the Location), so it is not used. A fetch that hands back the 3xx itself (Node, the unit tests' fake) is followed
 * here with a plain fetch that carries no Authorization header.
 * Returns null when the log does not exist yet (404 BlobNotFound: the job has not completed).
 */
export async function getJobLog(
  client: GitHubClient,
  owner: string,
  repo: string,
  jobId: number,
): Promise<string | null> {
  const url = `${client.apiBase}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/jobs/${jobId}/logs`;
  const headers = { accept: 'application/vnd.github+json' };
  let res = await client.authedFetch(url, { redirect: 'follow', headers });
  if (res.status >= 300 && res.status < 400) {
    const location = res.headers.get('location');
    if (!location?.startsWith('https://'))
      throw new GitHubError(appError('github-error', 'GitHub gave no address for the job log.'));
    res = await client.plainFetch(location);
  }
  if (res.status === 404) return null;
  if (res.status === 410) return null;
  if (!res.ok) {
    throw Object.assign(new Error(`Job log answered ${res.status}`), {
      status: res.status,
      response: { headers: Object.fromEntries(res.headers.entries()), data: null, url },
      request: { url },
    });
  }
  return await res.text();
}
