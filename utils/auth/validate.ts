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
import { type FineGrainedProbe, probeFineGrained } from './probe';
import { requirement } from './requirements';

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
  ok: boolean | null,
  missing: string | null = null,
  fix: string | null = null,
  link: { href: string; text: string } | null = null,
): Capability {
  return {
    id,
    label: requirement(id).label,
    ok,
    missing,
    fix,
    link: link?.href ?? null,
    linkText: link?.text ?? null,
  };
}

/** Classic and OAuth tokens: GitHub lists the scopes, so every answer is known. */
function scopedCapabilities(
  host: string,
  kind: TokenKind,
  hasRepo: boolean,
  agentTasksAvailable: boolean | null,
  agentTasksError: string | null,
  copilot: boolean,
): Capability[] {
  const newToken = { href: classicTokenLink(host), text: 'Create a token with the repo scope' };
  const noRepo = (id: Capability['id']) =>
    cap(id, false, 'repo (scope)', 'The token has no repo scope. Create a new classic token with it.', newToken);
  const list =
    agentTasksAvailable !== false
      ? cap('listSessions', true)
      : cap(
          'listSessions',
          true,
          'Agent tasks API',
          `${agentTasksError ?? 'The Agent tasks API is not available.'} Sessions are found through pull requests and Actions runs instead.`,
        );
  const logs = copilot
    ? cap('readLogs', true)
    : hasRepo
      ? cap('readLogs', true, null, 'Logs come from Actions runs (the full log once each session ends).')
      : noRepo('readLogs');
  const start = !hasRepo
    ? noRepo('startTasks')
    : agentTasksAvailable === false
      ? cap(
          'startTasks',
          false,
          'Agent tasks API',
          'Starting tasks needs the Agent tasks API, which this account does not have.',
        )
      : cap('startTasks', true);
  return [list, logs, hasRepo ? cap('stopSessions', true) : noRepo('stopSessions'), start].map((c) =>
    kind === 'oauth' && c.link ? { ...c, link: tokenSettingsLink(host, kind), linkText: 'Your authorised apps' } : c,
  );
}

/** Fine-grained tokens: each permission as the probe found it (null only when GitHub's answer said nothing). */
function fineGrainedCapabilities(
  host: string,
  kind: TokenKind,
  probe: FineGrainedProbe | null,
  agentTasksAvailable: boolean | null,
  agentTasksError: string | null,
  copilot: boolean,
): Capability[] {
  const edit = { href: tokenSettingsLink(host, kind), text: 'Edit the token on GitHub' };
  const noRepo = probe && !probe.repo;
  const unknownWhy = noRepo
    ? 'The token reaches no repository. Give it access to the repositories where you use Copilot.'
    : 'GitHub did not answer the check; it is tried again when you use it.';
  const need = (id: Capability['id'], missing: string, permission: string, ok: boolean | null): Capability =>
    ok === true
      ? cap(id, true)
      : ok === false
        ? cap(id, false, missing, `Edit the token and set ${permission}.`, edit)
        : cap(id, null, missing, unknownWhy, noRepo ? edit : null);
  const list =
    agentTasksAvailable !== false
      ? cap('listSessions', true)
      : cap(
          'listSessions',
          true,
          'Agent tasks: Read',
          `${agentTasksError ?? 'The Agent tasks API is not available.'} Sessions are found through pull requests and Actions runs instead; give the token “Agent tasks: Read” if your plan includes it.`,
          edit,
        );
  const logs = copilot
    ? cap('readLogs', true)
    : need('readLogs', 'Actions: Read', '“Actions” to “Read”', probe?.actionsRead ?? null);
  const stop = need(
    'stopSessions',
    'Actions: Read and write',
    '“Actions” to “Read and write”',
    probe?.actionsWrite ?? null,
  );
  const start =
    agentTasksAvailable === false
      ? cap(
          'startTasks',
          false,
          'Agent tasks: Read and write',
          'Starting tasks needs the Agent tasks API and “Agent tasks: Read and write”.',
          { href: fineGrainedTokenLink(host), text: 'Create a token with these permissions' },
        )
      : need(
          'startTasks',
          'Agent tasks: Read and write',
          '“Agent tasks” to “Read and write”',
          probe?.agentTasksWrite ?? null,
        );
  return [list, logs, stop, start];
}

interface ValidationResult {
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
  const probe = kind === 'fine-grained' ? await probeFineGrained(client) : null;
  const capabilities = scoped
    ? scopedCapabilities(host, kind, !!hasRepo, agentTasksAvailable, agentTasksError, copilot.available)
    : fineGrainedCapabilities(host, kind, probe, agentTasksAvailable, agentTasksError, copilot.available);
  const privateRepos = scoped ? !!hasRepo : probe ? probe.privateRepos : null;

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
      privateRepos,
    },
    copilot,
    agentTasksAvailable,
    agentTasksReason,
  };
}
