/**
 * Token validation: who the token is, its kind, expiry, scopes, and a capability table that says for each feature
 * whether it works and, when not, which permission is missing and how to add it.
 */

import { agentTasksPermissionRefusal } from '../github/agent-tasks';
import type { GitHubClient } from '../github/client';
import { type CapiProbe, probeCopilotApi } from '../github/copilot-api';
import { toAppError } from '../github/errors';
import { classicTokenLink, fineGrainedTokenLink, tokenSettingsLink } from '../github/links';
import type { AppError } from '../model/errors';
import type { AuthInfo, Capability, TokenKind } from '../model/state';

export function tokenKind(token: string): TokenKind {
  if (token.startsWith('github_pat_')) return 'fine-grained';
  if (token.startsWith('ghp_')) return 'classic';
  if (token.startsWith('gho_') || token.startsWith('ghu_')) return 'oauth';
  return 'unknown';
}

/** Rough shape check before any request: a token is 12–255 visible ASCII characters without spaces. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_]{12,255}$/.test(token);
}

function parseExpiry(header: string | undefined): string | null {
  if (!header) return null;
  // "2026-07-01 12:00:00 UTC" or ISO
  const t = Date.parse(header.replace(/ UTC$/, 'Z').replace(' ', 'T'));
  const t2 = Number.isNaN(t) ? Date.parse(header) : t;
  return Number.isNaN(t2) ? null : new Date(t2).toISOString();
}

function cap(
  id: Capability['id'],
  label: string,
  ok: boolean | null,
  missing: string | null = null,
  fix: string | null = null,
): Capability {
  return { id, label, ok, missing, fix };
}

export interface ValidationResult {
  info: AuthInfo;
  copilot: CapiProbe;
  agentTasksAvailable: boolean | null;
  /** Why the Agent tasks API cannot be used (GitHub's answer in words, the permission and its link), or null. */
  agentTasksReason: AppError | null;
}

/** Validates the token against GitHub: throws GitHubError-compatible errors (use toAppError) for 401 etc. */
export async function validateToken(client: GitHubClient, token: string, host: string): Promise<ValidationResult> {
  const user = await client.get<{ login: string; id: number; avatar_url?: string }>(
    'GET /user',
    {},
    { conditional: false },
  );
  const kind = tokenKind(token);
  const scopesHeader = user.headers['x-oauth-scopes'];
  const scopes =
    typeof scopesHeader === 'string'
      ? scopesHeader
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null;
  const expiresAt = parseExpiry(user.headers['github-authentication-token-expiration']);

  // Set in \`refused\` too (a closure): typed wide so the checks below are not narrowed away.
  let agentTasksAvailable = null as boolean | null;
  let agentTasksError = null as string | null;
  let agentTasksReason = null as AppError | null;
  const refused = (e: unknown): boolean => {
    const err = toAppError(e, { host, tokenKind: kind === 'unknown' ? undefined : kind });
    if (err.kind !== 'not-available' && err.kind !== 'missing-permission' && err.kind !== 'not-found') return false;
    agentTasksAvailable = false;
    agentTasksError = err.message;
    agentTasksReason = err;
    return true;
  };
  try {
    const list = await client.get<{ tasks?: unknown[] }>('GET /agents/tasks', { per_page: 1 }, { conditional: false });
    agentTasksAvailable = true;
    if (kind === 'fine-grained' && !(Array.isArray(list.data?.tasks) && list.data.tasks.length > 0)) {
      const refusal = await agentTasksPermissionRefusal(client).catch(() => null);
      if (refusal) refused(refusal);
    }
  } catch (e) {
    if (!refused(e)) throw e;
  }
  const copilot = await probeCopilotApi(client).catch((): CapiProbe => ({ login: null, api: null, available: false }));

  const scoped = kind === 'classic' || kind === 'oauth' || (scopes != null && kind === 'unknown');
  const hasRepo = scopes ? scopes.includes('repo') : null;
  const capabilities: Capability[] = [];
  const settings = tokenSettingsLink(host, kind);

  // List sessions: the Agent tasks API, else pull requests + timelines + Actions runs.
  if (agentTasksAvailable) capabilities.push(cap('listSessions', 'List sessions', true));
  else
    capabilities.push(
      cap(
        'listSessions',
        'List sessions',
        true,
        kind === 'fine-grained' ? 'Agent tasks: read' : 'Agent tasks API',
        `${agentTasksError ?? 'The Agent tasks API is not available.'} Sessions are found through pull requests and Actions runs instead${
          kind === 'fine-grained' ? '; add “Agent tasks: read” to the token if your plan includes it' : ''
        }.`,
      ),
    );

  // Logs: the Copilot API, else Actions job logs (needs Actions: read / repo).
  if (copilot.available) capabilities.push(cap('readLogs', 'Read logs', true));
  else if (scoped)
    capabilities.push(
      hasRepo
        ? cap('readLogs', 'Read logs', true, null, 'Logs come from Actions runs (full log after each session ends).')
        : cap(
            'readLogs',
            'Read logs',
            false,
            'repo (scope)',
            `Create a token with the \`repo\` scope: ${classicTokenLink(host)}`,
          ),
    );
  else
    capabilities.push(
      cap(
        'readLogs',
        'Read logs',
        null,
        'Actions: read',
        `Logs come from Actions runs: give the token “Actions: read” (${settings}).`,
      ),
    );

  // Stop and start: classic/OAuth scopes say it; fine-grained permissions are only known when tried.
  if (scoped) {
    capabilities.push(
      hasRepo
        ? cap('stopSessions', 'Stop sessions', true)
        : cap(
            'stopSessions',
            'Stop sessions',
            false,
            'repo (scope)',
            `Create a token with the \`repo\` scope: ${classicTokenLink(host)}`,
          ),
    );
    capabilities.push(
      hasRepo && agentTasksAvailable !== false
        ? cap('startTasks', 'Start tasks', true)
        : cap(
            'startTasks',
            'Start tasks',
            false,
            hasRepo ? 'Agent tasks API' : 'repo (scope)',
            hasRepo
              ? 'Starting tasks needs the Agent tasks API, which this account does not have.'
              : `Create a token with the \`repo\` scope: ${classicTokenLink(host)}`,
          ),
    );
  } else {
    capabilities.push(
      cap(
        'stopSessions',
        'Stop sessions',
        null,
        'Actions: write',
        `Give the token “Actions: write” on your repositories (${settings}).`,
      ),
    );
    capabilities.push(
      agentTasksAvailable === false
        ? cap(
            'startTasks',
            'Start tasks',
            false,
            'Agent tasks: write',
            `Needs the Agent tasks API and “Agent tasks: write” (${fineGrainedTokenLink(host)}).`,
          )
        : cap(
            'startTasks',
            'Start tasks',
            null,
            'Agent tasks: write',
            `Give the token “Agent tasks: write” (${settings}).`,
          ),
    );
  }

  return {
    info: {
      login: user.data.login,
      id: user.data.id,
      avatarUrl:
        typeof user.data.avatar_url === 'string' && user.data.avatar_url.startsWith('https://')
          ? user.data.avatar_url
          : null,
      tokenKind: kind,
      expiresAt,
      scopes,
      host,
      copilotApi: copilot.available ? copilot.api : null,
      capabilities,
    },
    copilot,
    agentTasksAvailable,
    agentTasksReason,
  };
}
