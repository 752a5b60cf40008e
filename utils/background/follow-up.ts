/**
 * "Ask Copilot for changes" (issue 16): posts `@copilot <text>` as a comment on the session's pull request, the
 * documented way to iterate on an agent's PR (github/docs "Asking Copilot to make changes to an existing pull
 * request"). Only after the account check (the page's login is the token's), only for a session with a PR; then a
 * sync at once and twice more while GitHub starts the new session, so it is picked up and followed.
 */
import type { GitHubClient } from '../github/client';
import { appError, GitHubError } from '../model/errors';
import type { AuthInfo } from '../model/state';
import { followUpBody } from '../sessions/handoffs';
import type { Session } from '../sessions/model';
import { cleanLine } from '../text/sanitize';

interface FollowUpContext {
  client: GitHubClient | null;
  auth: AuthInfo | null;
  session: Session | undefined;
  /** A sync now (the new session is picked up), then again shortly. */
  refresh: () => Promise<void>;
  later?: (fn: () => void, ms: number) => void;
}

/** Delays of the syncs after the comment, while GitHub starts the session. */
const FOLLOW_UP_SYNCS_MS = [4_000, 12_000] as const;

export async function askForChanges(
  req: { text: string; pageLogin: string | null },
  ctx: FollowUpContext,
): Promise<{ body: string; commentUrl: string | null }> {
  const { client, auth, session } = ctx;
  if (!client || !auth)
    throw new GitHubError(
      appError('bad-token', 'Sign in to ask Copilot for changes.', {
        fix: 'Open the extension’s options and add a token.',
      }),
    );
  if (req.pageLogin && req.pageLogin.toLowerCase() !== auth.login.toLowerCase())
    throw new GitHubError(
      appError(
        'validation',
        `You are signed in on GitHub as @${cleanLine(req.pageLogin, 39)}, but the extension’s token belongs to @${auth.login}. Nothing was posted.`,
        {
          fix: `Sign in on GitHub as @${auth.login}, or sign the extension in with @${cleanLine(req.pageLogin, 39)}’s token.`,
        },
      ),
    );
  if (!session?.repo || !session.pr)
    throw new GitHubError(
      appError('validation', 'This session has no pull request to comment on. Nothing was posted.', {
        fix: 'Create a pull request from its branch first.',
      }),
    );
  if (!req.text.trim())
    throw new GitHubError(appError('validation', 'Write what Copilot should change. Nothing was posted.'));
  const body = followUpBody(req.text);
  const res = await client.send<{ html_url?: unknown }>('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner: session.repo.owner,
    repo: session.repo.name,
    issue_number: session.pr.number,
    body,
  });
  const url =
    typeof res.data?.html_url === 'string' && res.data.html_url.startsWith('https://') ? res.data.html_url : null;
  await ctx.refresh().catch(() => undefined);
  const later = ctx.later ?? ((fn, ms) => setTimeout(fn, ms));
  for (const ms of FOLLOW_UP_SYNCS_MS) later(() => void ctx.refresh().catch(() => undefined), ms);
  return { body, commentUrl: url };
}
