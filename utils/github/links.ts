/** Links we build for people (token pages, settings, docs). Always https. Pure. */
import { FINE_GRAINED_PARAMS } from '../auth/requirements';
import { webOrigin } from './hosts';

const TOKEN_DESCRIPTION = 'Agent Sessions';

/** Classic token page, pre-filled with the `repo` scope and a description. */
export function classicTokenLink(host = 'github.com'): string {
  return `${webOrigin(host)}/settings/tokens/new?scopes=repo&description=${encodeURIComponent(TOKEN_DESCRIPTION).replace(/%20/g, '%20')}`;
}

/**
 * Fine-grained token page, pre-filled with a name, a description and the permissions (GitHub's template URL
 * parameters: one per permission, `read` or `write`; Metadata: Read comes with any of them). The repository access
 * cannot be pre-filled. docs/fidelity.md, issue 20.
 */
export function fineGrainedTokenLink(host = 'github.com'): string {
  const params = new URLSearchParams({
    name: TOKEN_DESCRIPTION,
    description: 'Agent Sessions for GitHub: see, stop and start Copilot agent sessions',
    ...FINE_GRAINED_PARAMS,
  });
  return `${webOrigin(host)}/settings/personal-access-tokens/new?${params.toString().replace(/\+/g, '%20')}`;
}

/** Where a person edits existing tokens. */
export function tokenSettingsLink(
  host = 'github.com',
  kind: 'classic' | 'fine-grained' | 'oauth' | 'unknown' = 'unknown',
): string {
  if (kind === 'fine-grained') return `${webOrigin(host)}/settings/personal-access-tokens`;
  if (kind === 'oauth') return `${webOrigin(host)}/settings/applications`;
  return `${webOrigin(host)}/settings/tokens`;
}

export function orgTokenPolicyLink(org: string, host = 'github.com'): string {
  return `${webOrigin(host)}/organizations/${encodeURIComponent(org)}/settings/personal-access-tokens`;
}

export function orgOAuthPolicyLink(org: string, host = 'github.com'): string {
  return `${webOrigin(host)}/organizations/${encodeURIComponent(org)}/settings/oauth_application_policy`;
}

export const GITHUB_STATUS = 'https://www.githubstatus.com';
export const RATE_LIMIT_DOCS = 'https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api';
export const AGENTS_HOME = (host = 'github.com') => `${webOrigin(host)}/copilot/agents`;

export function runLink(host: string, fullName: string, runId: number): string {
  return `${webOrigin(host)}/${fullName}/actions/runs/${runId}`;
}
