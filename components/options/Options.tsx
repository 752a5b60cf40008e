/**
 * The options page: account (sign-in, the token's user and capabilities, sign out) and settings. Every change
 * goes to the background as `setSettings`; current values come from the snapshot.
 */
import { useEffect, useState } from 'preact/hooks';
import { requestHostPermission } from '../../utils/auth/host';
import { requirement } from '../../utils/auth/requirements';
import { isDataResidencyHost, normalizeHost } from '../../utils/github/hosts';
import { tokenSettingsLink } from '../../utils/github/links';
import type { AppError } from '../../utils/model/errors';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/model/settings';
import type { AuthInfo, Capability } from '../../utils/model/state';
import { formatAge } from '../../utils/sessions/model';
import { connectionOf } from '../../utils/sessions/selectors';
import { browserTransport, errorOf, type ViewTransport } from '../../utils/view-state/client';
import { useDocumentTheme, useViewState } from '../../utils/view-state/useViewState';
import { ErrorNote } from '../ErrorNote';
import { HostAccessButton, needsHostAccess } from '../HostAccess';
import { Octicon } from '../Octicon';
import { SignIn } from '../popup/SignIn';
import { safeHttps } from '../popup/sections';
import { useNow } from '../popup/useNow';
import { Accounts } from './Accounts';
import { PageCompat } from './PageCompat';

const MIN_POLL_SEC = 30;

const KIND_LABEL: Record<AuthInfo['tokenKind'], string> = {
  classic: 'Personal access token (classic)',
  'fine-grained': 'Fine-grained personal access token',
  oauth: 'OAuth app (device sign-in)',
  unknown: 'Token of unknown kind',
};

/** Asks for a data-residency host's permission; must be called from the click handler (a user gesture). */
type PermissionAsker = (host: string) => Promise<boolean>;

function expiryText(expiresAt: string | null): string {
  if (!expiresAt) return 'Does not expire';
  const t = Date.parse(expiresAt);
  if (Number.isNaN(t)) return 'Unknown';
  const days = Math.round((t - Date.now()) / 86_400_000);
  const date = new Date(t).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  if (days < 0) return `Expired on ${date}`;
  return `${date} (in ${days} day${days === 1 ? '' : 's'})`;
}

function FixLink({ href, text }: { href: string | null | undefined; text: string | null | undefined }) {
  const safe = safeHttps(href);
  if (!safe) return null;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer" data-link="capability-fix">
      {text || 'Open on GitHub'}
      <Octicon name="link-external" size={12} />
    </a>
  );
}

/** What a capability needs from this kind of token, in the words of GitHub's token page. */
function needsText(id: Capability['id'], kind: AuthInfo['tokenKind']): string {
  const r = requirement(id);
  return kind === 'fine-grained' ? r.fineGrained.join(', ') : `${r.classic} (scope)`;
}

function CapabilityTable({ caps, kind }: { caps: Capability[]; kind: AuthInfo['tokenKind'] }) {
  if (caps.length === 0) return <p class="as-hint">Capabilities are being checked…</p>;
  return (
    <table class="as-caps" data-testid="capabilities">
      <caption class="as-visually-hidden">What this token allows</caption>
      <thead>
        <tr>
          <th scope="col">Capability</th>
          <th scope="col">Needs</th>
          <th scope="col">This token</th>
          <th scope="col">How to fix</th>
        </tr>
      </thead>
      <tbody>
        {caps.map((c) => (
          <tr key={c.id} data-capability={c.id} data-ok={c.ok === null ? 'unknown' : String(c.ok)}>
            <th scope="row">{c.label}</th>
            <td data-role="needs">{needsText(c.id, kind)}</td>
            <td>
              {c.ok === true ? (
                <span class="as-cap-ok">
                  <Octicon name="check" />
                  Has it
                </span>
              ) : c.ok === false ? (
                <span class="as-cap-no">
                  <Octicon name="x" />
                  Missing{c.missing ? `: ${c.missing}` : ''}
                </span>
              ) : (
                <span class="as-cap-unknown">Not checked</span>
              )}
            </td>
            <td data-role="fix">
              {c.ok === true && !c.fix ? (
                '—'
              ) : (
                <>
                  {c.fix}
                  {c.fix && c.link ? ' ' : ''}
                  <FixLink href={c.link} text={c.linkText} />
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A token that reaches no private repository hides the sessions there: said before anyone misses them. */
function PrivateReposNote({ info }: { info: AuthInfo }) {
  if (info.privateRepos !== false) return null;
  return (
    <p class="as-note as-note--attention" role="note" data-testid="no-private-repos">
      <Octicon name="eye-closed" />
      <span>
        {info.tokenKind === 'fine-grained'
          ? 'This token reaches no private repository, so sessions in private repositories do not show. If you have some, give the token access to them (Repository access: All repositories, or select them).'
          : 'This token has no repo scope, so it cannot see private repositories: sessions there do not show.'}{' '}
        <FixLink href={tokenSettingsLink(info.host, info.tokenKind)} text="Edit the token on GitHub" />
      </span>
    </p>
  );
}

/** The connection as the background last found it (issue 20 #7): the age of the data, and what GitHub said. */
interface ConnectionFacts {
  lastError: AppError | null;
  lastSyncAt: string | null;
  syncing: boolean;
}

function ConnectionLine({ facts }: { facts: ConnectionFacts }) {
  const connection = connectionOf(facts.lastError);
  // The age is a minute-grained text: a 30 s tick is enough, and it stops meaning "live" once GitHub refuses.
  const now = useNow(false);
  const age = formatAge(facts.lastSyncAt, now);
  const text =
    connection === 'refused'
      ? `Not connected: GitHub refuses this token. Data from ${age}.`
      : connection === 'busy'
        ? `Waiting for GitHub (it retries by itself). Data from ${age}.`
        : facts.syncing
          ? 'Connected · syncing…'
          : `Connected · synced ${age}`;
  return (
    <dd data-testid="connection" data-connection={connection} class={`as-connection as-connection--${connection}`}>
      <Octicon name={connection === 'refused' ? 'x' : connection === 'busy' ? 'hourglass' : 'check'} />
      {text}
    </dd>
  );
}

function Account({
  api,
  info,
  host,
  facts,
  accountKey,
}: {
  api: ViewTransport;
  info: AuthInfo | null;
  host: string;
  facts: ConnectionFacts;
  /** Several accounts signed in: Sign out here signs out this (the first) account only. */
  accountKey?: string;
}) {
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!info) {
    return (
      <section class="as-card" aria-labelledby="opt-account" data-testid="account">
        <h2 id="opt-account">Account</h2>
        <p class="as-hint">
          Sign in to see your agent sessions. The token stays in this browser’s extension storage and is only used by
          the extension’s background.
        </p>
        <SignIn api={api} host={host} idPrefix="options-signin" />
      </section>
    );
  }
  const avatar = safeHttps(info.avatarUrl);
  const refused = connectionOf(facts.lastError) === 'refused';
  const signOut = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.request({ type: 'signOut', ...(accountKey ? { account: accountKey } : {}) });
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="as-card" aria-labelledby="opt-account" data-testid="account">
      <h2 id="opt-account">Account</h2>
      <div class="as-user">
        {avatar ? (
          <img class="as-avatar" src={avatar} alt="" width={40} height={40} />
        ) : (
          <span class="as-avatar">
            <Octicon name="person" size={24} />
          </span>
        )}
        <div class="as-user-text">
          <p class="as-user-login" data-testid="login">
            {info.login}
          </p>
          <p class="as-hint">
            {KIND_LABEL[info.tokenKind]} on {info.host}
          </p>
        </div>
        <button type="button" class="as-btn" onClick={signOut} disabled={busy} data-action="sign-out">
          <Octicon name="sign-out" />
          Sign out
        </button>
      </div>
      <dl class="as-facts">
        <dt>Connection</dt>
        <ConnectionLine facts={facts} />
        <dt>Expires</dt>
        <dd data-testid="expiry">{expiryText(info.expiresAt)}</dd>
        {info.scopes && (
          <>
            <dt>Scopes</dt>
            <dd>{info.scopes.length ? info.scopes.join(', ') : 'none'}</dd>
          </>
        )}
        <dt>Copilot API</dt>
        <dd>{info.copilotApi ? 'Available (logs and premium requests)' : 'Not available to this token'}</dd>
      </dl>
      {refused ? (
        <div class="as-newtoken" data-testid="new-token">
          <h3>Enter a new token</h3>
          <p class="as-hint">
            GitHub no longer accepts this token (revoked, expired or blocked), so what it could do is not shown. Sign in
            with a new one; your settings stay.
          </p>
          <SignIn api={api} host={info.host} idPrefix="options-newtoken" />
        </div>
      ) : (
        <>
          <h3>What this token can do</h3>
          <CapabilityTable caps={info.capabilities} kind={info.tokenKind} />
          <PrivateReposNote info={info} />
          <details class="as-replace" data-testid="replace-token">
            <summary>Use a different token</summary>
            <SignIn api={api} host={info.host} idPrefix="options-replace" />
          </details>
        </>
      )}
      <p class="as-hint">
        <a href={tokenSettingsLink(info.host, info.tokenKind)} target="_blank" rel="noopener noreferrer">
          Manage your tokens on GitHub
          <Octicon name="link-external" size={12} />
        </a>
      </p>
      {error && <ErrorNote error={error} />}
    </section>
  );
}

function Toggle({
  label,
  checked,
  onChange,
  hint,
  name,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: string;
  name: string;
}) {
  return (
    <label class="as-toggle">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        onChange={(e) => onChange((e.target as HTMLInputElement).checked)}
      />
      <span>
        {label}
        {hint && <span class="as-hint as-block">{hint}</span>}
      </span>
    </label>
  );
}

/** One switch of a settings group: its key in the group, its words. */
interface SwitchDef<K extends string> {
  key: K;
  label: string;
  hint?: string;
}

/** A group's switches (`notify`, `features`): each saves the group with its own value changed. */
function Toggles<K extends string>({
  prefix,
  defs,
  values,
  onChange,
}: {
  prefix: string;
  defs: readonly SwitchDef<K>[];
  values: Record<K, boolean>;
  onChange: (next: Record<K, boolean>) => void;
}) {
  return (
    <>
      {defs.map((d) => (
        <Toggle
          key={d.key}
          name={`${prefix}-${d.key}`}
          label={d.label}
          hint={d.hint}
          checked={values[d.key]}
          onChange={(v) => onChange({ ...values, [d.key]: v })}
        />
      ))}
    </>
  );
}

type NotifyKey = keyof Settings['notify'];
const NOTIFY_SESSION: readonly SwitchDef<NotifyKey>[] = [
  { key: 'completed', label: 'A session is ready for review' },
  { key: 'failed', label: 'A session failed' },
  { key: 'timedOut', label: 'A session timed out' },
  { key: 'waiting', label: 'A session is waiting for you' },
];
const NOTIFY_PR: readonly SwitchDef<NotifyKey>[] = [
  { key: 'prReviewed', label: 'Copilot finished reviewing the pull request' },
  {
    key: 'prChecksFailed',
    label: 'Checks failed on the pull request',
    hint: 'Once for each new commit whose checks fail.',
  },
  { key: 'prMergedClosed', label: 'The pull request was merged or closed' },
];
const PAGE_FEATURES: readonly SwitchDef<keyof Settings['features']>[] = [
  { key: 'badges', label: 'Status badges on pull requests' },
  { key: 'listBadges', label: 'Badges in pull request lists' },
  { key: 'drawer', label: 'Session log drawer' },
];

const WATCH_ALL = { kind: 'all' } as const;

export function Options({
  api = browserTransport,
  askPermission = requestHostPermission,
}: {
  api?: ViewTransport;
  askPermission?: PermissionAsker;
}) {
  const { state: snapshot, error: backgroundError, retry } = useViewState(api, WATCH_ALL, { ask: true });
  useDocumentTheme(snapshot?.settings?.theme);
  // Changes show at once; the background's next snapshot confirms them.
  const [local, setLocal] = useState<Partial<Settings>>({});
  const settings: Settings = { ...(snapshot?.settings ?? DEFAULT_SETTINGS), ...local };
  // Drop a local change once the background's settings show it (pushes unrelated to it keep it).
  useEffect(() => {
    const confirmed = snapshot?.settings;
    if (!confirmed) return;
    setLocal((prev) => {
      const next: Partial<Settings> = {};
      for (const [k, v] of Object.entries(prev)) {
        if (JSON.stringify(confirmed[k as keyof Settings]) !== JSON.stringify(v)) Object.assign(next, { [k]: v });
      }
      return Object.keys(next).length === Object.keys(prev).length ? prev : next;
    });
  }, [snapshot?.settings]);
  const [status, setStatus] = useState('');
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [host, setHost] = useState(settings.host);
  const [hostError, setHostError] = useState<string | null>(null);
  const [active, setActive] = useState(String(settings.pollActiveSec));
  const [idle, setIdle] = useState(String(settings.pollIdleSec));
  const [pollError, setPollError] = useState<string | null>(null);

  // Keep the text fields in step with the background unless the user is editing them.
  useEffect(() => setHost(settings.host), [settings.host]);
  useEffect(() => setActive(String(settings.pollActiveSec)), [settings.pollActiveSec]);
  useEffect(() => setIdle(String(settings.pollIdleSec)), [settings.pollIdleSec]);

  const save = async (patch: Partial<Settings>, what: string) => {
    setSaveError(null);
    setLocal((prev) => ({ ...prev, ...patch }));
    try {
      await api.request({ type: 'setSettings', settings: patch });
      setStatus(`${what} saved.`);
    } catch (e) {
      setSaveError(errorOf(e));
      setLocal({});
      setStatus('');
    }
  };

  const saveHost = (e: Event) => {
    e.preventDefault();
    const normal = normalizeHost(host);
    if (!normal) {
      setHostError('Use github.com or your GitHub Enterprise Cloud host, like octo-corp.ghe.com.');
      return;
    }
    setHostError(null);
    setHost(normal);
    if (isDataResidencyHost(normal)) {
      // Ask in the click handler itself: browsers only grant permissions during a user gesture.
      askPermission(normal)
        .then((granted) => {
          if (granted) return save({ host: normal }, 'Host');
          setHostError(`The extension needs access to ${normal} to work there. Nothing was changed.`);
        })
        .catch(() => setHostError(`Could not ask for access to ${normal}.`));
    } else void save({ host: normal }, 'Host');
  };

  const savePolling = (e: Event) => {
    e.preventDefault();
    const a = Number(active);
    const i = Number(idle);
    if (!Number.isInteger(a) || !Number.isInteger(i) || a < MIN_POLL_SEC || i < MIN_POLL_SEC) {
      setPollError(`Use whole seconds, at least ${MIN_POLL_SEC}.`);
      return;
    }
    if (i < a) {
      setPollError('The idle interval should not be shorter than the active one.');
      return;
    }
    setPollError(null);
    void save({ pollActiveSec: a, pollIdleSec: i }, 'Polling');
  };

  const info = snapshot?.auth.status === 'signed-in' ? snapshot.auth.info : null;

  return (
    <div class="as-options">
      <header class="as-options-head">
        <h1>
          <Octicon name="copilot" size={24} />
          Agent Sessions for GitHub
        </h1>
      </header>
      {!snapshot && backgroundError && (
        <ErrorNote error={backgroundError}>
          <button type="button" class="as-btn as-btn-sm" onClick={retry}>
            Retry
          </button>
        </ErrorNote>
      )}
      {!snapshot && !backgroundError && (
        <p class="as-hint" aria-busy="true">
          Loading…
        </p>
      )}
      {snapshot && (
        <>
          <Account
            api={api}
            info={info}
            host={settings.host}
            facts={{ lastError: snapshot.lastError, lastSyncAt: snapshot.lastSyncAt, syncing: snapshot.syncing }}
            accountKey={snapshot.accounts?.[0]?.key}
          />
          {info && <Accounts api={api} accounts={snapshot.accounts ?? []} ask={askPermission} />}
          {snapshot.lastError && info && (
            <ErrorNote
              error={snapshot.lastError}
              role="status"
              class={connectionOf(snapshot.lastError) === 'busy' ? 'as-note--calm' : undefined}
            >
              {needsHostAccess(snapshot.lastError) && (
                <HostAccessButton
                  host={settings.host}
                  ask={askPermission}
                  onGranted={() => void api.request({ type: 'refresh', reason: 'manual' }).catch(() => undefined)}
                />
              )}
            </ErrorNote>
          )}

          <section class="as-card" aria-labelledby="opt-host">
            <h2 id="opt-host">GitHub host</h2>
            <form class="as-inline-form" onSubmit={saveHost} noValidate>
              <label class="as-label" for="opt-host-input">
                Host
              </label>
              <div class="as-field-row">
                <input
                  id="opt-host-input"
                  class="as-input"
                  value={host}
                  spellcheck={false}
                  autocomplete="off"
                  aria-invalid={hostError ? 'true' : undefined}
                  aria-describedby="opt-host-hint"
                  onInput={(e) => setHost((e.target as HTMLInputElement).value)}
                  data-testid="host"
                />
                <button type="submit" class="as-btn" data-action="save-host">
                  Save
                </button>
              </div>
              <p id="opt-host-hint" class="as-hint">
                github.com, or a GitHub Enterprise Cloud with data residency host (SUBDOMAIN.ghe.com).
              </p>
              {hostError && (
                <p class="as-field-error" role="alert">
                  {hostError}
                </p>
              )}
            </form>
          </section>

          <section class="as-card" aria-labelledby="opt-notify">
            <h2 id="opt-notify">Notifications</h2>
            <Toggles
              prefix="notify"
              defs={NOTIFY_SESSION}
              values={settings.notify}
              onChange={(notify) => save({ notify }, 'Notifications')}
            />
            <fieldset class="as-radios as-subgroup" aria-describedby="opt-notify-pr-hint" data-testid="notify-pr">
              <legend class="as-legend" id="opt-notify-pr">
                On the agent’s pull request
              </legend>
              <p id="opt-notify-pr-hint" class="as-hint">
                Off until you turn them on. While one is on, the extension looks at your agents’ open pull requests
                every 5 minutes (every minute while checks run), one GitHub request for up to 50 of them.
              </p>
              <Toggles
                prefix="notify"
                defs={NOTIFY_PR}
                values={settings.notify}
                onChange={(notify) => save({ notify }, 'Notifications')}
              />
            </fieldset>
          </section>

          <section class="as-card" aria-labelledby="opt-poll">
            <h2 id="opt-poll">Polling</h2>
            <form onSubmit={savePolling} noValidate>
              <div class="as-grid2">
                <div>
                  <label class="as-label" for="opt-poll-active">
                    While a session runs (seconds)
                  </label>
                  <input
                    id="opt-poll-active"
                    class="as-input"
                    type="number"
                    min={MIN_POLL_SEC}
                    step={1}
                    value={active}
                    onInput={(e) => setActive((e.target as HTMLInputElement).value)}
                    data-testid="poll-active"
                  />
                </div>
                <div>
                  <label class="as-label" for="opt-poll-idle">
                    When all is idle (seconds)
                  </label>
                  <input
                    id="opt-poll-idle"
                    class="as-input"
                    type="number"
                    min={MIN_POLL_SEC}
                    step={1}
                    value={idle}
                    onInput={(e) => setIdle((e.target as HTMLInputElement).value)}
                    data-testid="poll-idle"
                  />
                </div>
              </div>
              <p class="as-hint">
                At least {MIN_POLL_SEC} seconds. Unchanged data costs no rate limit (conditional requests).
              </p>
              {pollError && (
                <p class="as-field-error" role="alert">
                  {pollError}
                </p>
              )}
              <button type="submit" class="as-btn" data-action="save-polling">
                Save polling
              </button>
            </form>
          </section>

          <section class="as-card" aria-labelledby="opt-features">
            <h2 id="opt-features">On GitHub pages</h2>
            <Toggles
              prefix="feature"
              defs={PAGE_FEATURES}
              values={settings.features}
              onChange={(features) => save({ features }, 'Page features')}
            />
          </section>

          <section class="as-card" aria-labelledby="opt-stop">
            <h2 id="opt-stop">Stopping sessions</h2>
            <Toggle
              name="confirm-stop"
              label="Ask for confirmation before stopping a session"
              hint="Off: one click stops it. Commits already pushed are kept either way."
              checked={settings.confirmStop}
              onChange={(v) => save({ confirmStop: v }, 'Stop confirmation')}
            />
          </section>

          <section class="as-card" aria-labelledby="opt-theme">
            <h2 id="opt-theme">Theme</h2>
            <fieldset class="as-radios">
              <legend class="as-visually-hidden">Theme</legend>
              {(
                [
                  ['auto', 'Follow the system (and GitHub on its pages)'],
                  ['light', 'Light'],
                  ['dark', 'Dark'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} class="as-toggle">
                  <input
                    type="radio"
                    name="theme"
                    value={value}
                    checked={settings.theme === value}
                    onChange={() => save({ theme: value }, 'Theme')}
                  />
                  <span>{label}</span>
                </label>
              ))}
            </fieldset>
          </section>
          {saveError && <ErrorNote error={saveError} />}
        </>
      )}
      <PageCompat />
      <output class="as-visually-hidden" aria-live="polite" data-testid="options-status">
        {status}
      </output>
    </div>
  );
}
