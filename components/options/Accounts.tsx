/**
 * Several accounts at once (issue 16, utils/background/accounts.ts): the accounts signed in, each with its own
 * Sign out, and "Add another account" — a token or GitHub's device flow, on github.com or a SUBDOMAIN.ghe.com host.
 * Each account keeps its own token; the popup lists every account's sessions, each row naming its account.
 */
import { useState } from 'preact/hooks';
import { isDataResidencyHost, normalizeHost } from '../../utils/github/hosts';
import type { AppError } from '../../utils/model/errors';
import type { AccountSummary } from '../../utils/model/state';
import { accountLabel } from '../../utils/sessions/selectors';
import { errorOf, type ViewTransport } from '../../utils/view-state/client';
import { ErrorNote } from '../ErrorNote';
import { HostAccessButton } from '../HostAccess';
import { Octicon } from '../Octicon';
import { SignIn } from '../popup/SignIn';
import { safeHttps } from '../popup/sections';

export function Accounts({
  api,
  accounts,
  ask,
}: {
  api: ViewTransport;
  /** Present when several accounts are signed in; empty with one. */
  accounts: AccountSummary[];
  ask: (host: string) => Promise<boolean>;
}) {
  const [host, setHost] = useState('github.com');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [added, setAdded] = useState(0);
  const [open, setOpen] = useState(false);
  const normal = normalizeHost(host);
  const signOut = async (key: string) => {
    setBusy(key);
    setError(null);
    try {
      await api.request({ type: 'signOut', account: key });
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="as-card" aria-labelledby="opt-accounts" data-testid="accounts">
      <h2 id="opt-accounts">Accounts</h2>
      {accounts.length > 1 ? (
        <ul class="as-accounts">
          {accounts.map((a) => {
            const avatar = safeHttps(a.info.avatarUrl);
            const label = accountLabel(a.key);
            return (
              <li key={a.key} class="as-user as-account" data-account={a.key}>
                {avatar ? (
                  <img class="as-avatar as-avatar-sm" src={avatar} alt="" width={28} height={28} />
                ) : (
                  <span class="as-avatar as-avatar-sm">
                    <Octicon name="person" size={16} />
                  </span>
                )}
                <div class="as-user-text">
                  <p class="as-account-login">{a.info.login}</p>
                  <p class="as-hint">
                    {a.info.host}
                    {a.lastError ? ` · ${a.lastError.message}` : ''}
                  </p>
                </div>
                <button
                  type="button"
                  class="as-btn as-btn-sm"
                  onClick={() => void signOut(a.key)}
                  disabled={busy !== null}
                  aria-label={`Sign out ${label}`}
                  data-action="sign-out-account"
                >
                  <Octicon name="sign-out" />
                  Sign out
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="as-hint">
          Follow another account’s sessions beside this one — a second github.com user, or your company’s
          SUBDOMAIN.ghe.com — each with its own token. The list shows every account’s sessions, each row naming its
          account.
        </p>
      )}
      {error && <ErrorNote error={error} />}
      <details
        class="as-replace"
        data-testid="add-account"
        onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
      >
        <summary>Add another account</summary>
        {/* The form only while open: one sign-in form on the page at a time otherwise. */}
        {open && (
          <>
            <label class="as-label" for="opt-add-host">
              Host
            </label>
            <input
              id="opt-add-host"
              class="as-input"
              value={host}
              spellcheck={false}
              autocomplete="off"
              aria-invalid={normal ? undefined : 'true'}
              aria-describedby={normal ? undefined : 'opt-add-host-err'}
              onInput={(e) => setHost((e.target as HTMLInputElement).value)}
            />
            {!normal && (
              <p id="opt-add-host-err" class="as-field-error">
                Use github.com or your SUBDOMAIN.ghe.com host.
              </p>
            )}
            {normal && isDataResidencyHost(normal) && (
              <p class="as-hint">
                <HostAccessButton host={normal} ask={ask} onGranted={() => undefined} />
              </p>
            )}
            {normal && (
              <SignIn
                key={`${normal}-${added}`}
                api={api}
                host={normal}
                add
                idPrefix="options-add"
                onSignedIn={() => setAdded((n) => n + 1)}
              />
            )}
          </>
        )}
      </details>
    </section>
  );
}
