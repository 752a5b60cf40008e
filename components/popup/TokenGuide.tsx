/**
 * The short guided path to a working token (issue 20 #4): a pre-filled fine-grained token link, the exact
 * permissions each capability needs (from utils/auth/requirements.ts, the list the capability check uses), the
 * repository access to choose, and the classic alternative. Shared by the popup's and the options page's sign-in.
 */
import { REQUIREMENTS } from '../../utils/auth/requirements';
import { classicTokenLink, fineGrainedTokenLink } from '../../utils/github/links';
import { Octicon } from '../Octicon';

function External({ href, children, link }: { href: string; children: string; link: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" data-link={link}>
      {children}
      <Octicon name="link-external" size={12} />
    </a>
  );
}

function PermissionList() {
  return (
    <table class="as-needs" data-testid="token-permissions">
      <caption class="as-visually-hidden">Permissions each feature needs</caption>
      <thead>
        <tr>
          <th scope="col">To</th>
          <th scope="col">Fine-grained token: repository permissions</th>
        </tr>
      </thead>
      <tbody>
        {REQUIREMENTS.map((r) => (
          <tr key={r.id} data-needs={r.id}>
            <th scope="row">{r.label}</th>
            <td>{r.fineGrained.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TokenGuide({ host, compact = false }: { host: string; compact?: boolean }) {
  const permissions = (
    <>
      <PermissionList />
      <p class="as-hint">
        Repository access: <strong>All repositories</strong>, or the ones where you use Copilot. With public
        repositories only, sessions in private repositories do not show.
      </p>
    </>
  );
  return (
    <ol class="as-guide" data-testid="token-guide">
      <li>
        <External href={fineGrainedTokenLink(host)} link="new-fine-grained-token">
          Create a fine-grained token
        </External>{' '}
        — the link fills in its name and permissions; choose the repository access, then Generate token.
        {compact ? (
          <details class="as-guide-more">
            <summary>Which permissions?</summary>
            {permissions}
          </details>
        ) : (
          permissions
        )}
        <span class="as-hint as-block">
          Or a{' '}
          <External href={classicTokenLink(host)} link="new-token">
            classic token
          </External>{' '}
          with the repo scope (it covers everything above).
        </span>
      </li>
      <li>Paste the token here and sign in. The extension then shows what the token can do and what is missing.</li>
    </ol>
  );
}
