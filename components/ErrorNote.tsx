import type { ComponentChildren } from 'preact';
import { isSafeLink } from '../utils/github/hosts';
import type { AppError } from '../utils/model/errors';
import { Octicon } from './Octicon';

const LINK_WORDS: Partial<Record<AppError['kind'], string>> = {
  'bad-token': 'Create a new token',
  'expired-token': 'Renew the token',
  'missing-permission': 'Add the permission',
  'org-policy': 'Open the organisation’s policy',
  'sso-required': 'Authorise single sign-on',
};

/**
 * An error in the background's words, with its fix, the missing permission, when requests resume and a link
 * (https only). The one way errors are shown: popup, options, drawer page and the PR page's shadow roots (styles in
 * components/controls.css). Text nodes only, never markup. `children` are extra actions (Retry, the run link).
 * `compact` is the small form for the PR header and popup rows.
 */
export function ErrorNote({
  error,
  children,
  role = 'alert',
  compact = false,
  class: className,
}: {
  error: AppError;
  children?: ComponentChildren;
  role?: 'alert' | 'status' | null;
  compact?: boolean;
  class?: string;
}) {
  const link = isSafeLink(error.link) ? error.link : null;
  // The time requests resume, unless the message says it already (GitHub's rate limit in toAppError's words).
  const retryAt = error.retryAt && !/resumes? at/i.test(error.message) ? Date.parse(error.retryAt) : Number.NaN;
  return (
    <div
      class={`as-note as-note--error${compact ? ' as-note--compact' : ''}${className ? ` ${className}` : ''}`}
      role={role ?? undefined}
      data-error-kind={error.kind}
    >
      <Octicon name="alert" size={compact ? 14 : 16} />
      <div class="as-note-body">
        <p class="as-note-msg">{error.message}</p>
        {error.permission && <p class="as-note-fix">Missing permission: {error.permission}</p>}
        {!Number.isNaN(retryAt) && (
          <p class="as-note-fix">Requests resume at {new Date(retryAt).toLocaleTimeString()}.</p>
        )}
        {error.fix && <p class="as-note-fix">{error.fix}</p>}
        {(link || children) && (
          <p class="as-note-actions">
            {link && (
              <a href={link} target="_blank" rel="noopener noreferrer">
                {LINK_WORDS[error.kind] ?? 'How to fix it'}
                <Octicon name="link-external" size={12} />
              </a>
            )}
            {children}
          </p>
        )}
      </div>
    </div>
  );
}
