/**
 * Sign-in, shared by the popup and the options page: paste a token (with a link to create one pre-filled), or
 * GitHub's device flow when this build has an OAuth app (the background answers `not-available` otherwise).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppError } from '../../utils/model/errors';
import type { AuthInfo, DeviceFlowState } from '../../utils/model/state';
import { errorOf, type ViewTransport } from '../../utils/view-state/client';
import { ErrorNote } from '../ErrorNote';
import { Octicon } from '../Octicon';
import { safeHttps } from './sections';
import { TokenGuide } from './TokenGuide';

const POLL_MS = 5_000;

/** Device sign-in needs the build's own OAuth app (`WXT_GITHUB_CLIENT_ID`); without one it is not offered at all. */
const DEVICE_FLOW_BUILT = !!import.meta.env.WXT_GITHUB_CLIENT_ID;

export function SignIn({
  api,
  host,
  idPrefix = 'signin',
  onSignedIn,
  deviceFlow = DEVICE_FLOW_BUILT,
  compact = false,
  add = false,
}: {
  api: Pick<ViewTransport, 'request'>;
  host: string;
  idPrefix?: string;
  onSignedIn?: (info: AuthInfo | null) => void;
  /** Whether this build can sign in with GitHub (device flow). */
  deviceFlow?: boolean;
  /** The popup's narrow form: the permission list folds away. */
  compact?: boolean;
  /** Adds another account beside those signed in (options page, utils/background/accounts.ts). */
  add?: boolean;
}) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [device, setDevice] = useState<DeviceFlowState | null>(null);
  const [deviceAvailable, setDeviceAvailable] = useState(deviceFlow);
  const [deviceError, setDeviceError] = useState<AppError | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  useEffect(
    () => () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    const value = token.trim();
    if (!value) {
      setError({
        kind: 'validation',
        message: 'Paste a personal access token first.',
        fix: 'Create one with the link above.',
        link: null,
      });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const info = await api.request<AuthInfo>({ type: 'signIn', token: value, host, ...(add ? { add } : {}) });
      if (!alive.current) return;
      setToken('');
      onSignedIn?.(info ?? null);
    } catch (err) {
      if (alive.current) setError(errorOf(err));
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const poll = (delay: number) => {
    timer.current = setTimeout(async () => {
      try {
        const st = await api.request<DeviceFlowState>({ type: 'deviceFlowPoll' });
        if (!alive.current) return;
        setDevice(st);
        if (st.phase === 'done') {
          onSignedIn?.(null);
          return;
        }
        if (st.phase === 'pending') poll(POLL_MS);
        else if (st.phase === 'slow-down') poll(delay + POLL_MS);
        else if (st.error) setDeviceError(st.error);
      } catch (err) {
        if (alive.current) setDeviceError(errorOf(err));
      }
    }, delay);
  };

  const startDevice = async () => {
    setDeviceError(null);
    if (timer.current) clearTimeout(timer.current);
    try {
      const st = await api.request<DeviceFlowState>({ type: 'deviceFlowStart', host, ...(add ? { add } : {}) });
      if (!alive.current) return;
      setDevice(st);
      if (st.error) setDeviceError(st.error);
      else poll(POLL_MS);
    } catch (err) {
      if (!alive.current) return;
      const e = errorOf(err);
      if (e.kind === 'not-available') setDeviceAvailable(false);
      else setDeviceError(e);
    }
  };

  const verify = safeHttps(device?.verificationUri);
  const tokenId = `${idPrefix}-token`;
  const hintId = `${idPrefix}-token-hint`;
  return (
    <div class="as-signin" data-testid="sign-in">
      <TokenGuide host={host} compact={compact} />
      <form class="as-signin-token" onSubmit={submit}>
        <label for={tokenId} class="as-label">
          Personal access token
        </label>
        <div class="as-field-row">
          <input
            id={tokenId}
            class="as-input"
            type="password"
            autocomplete="off"
            spellcheck={false}
            placeholder="ghp_… or github_pat_…"
            aria-describedby={hintId}
            value={token}
            onInput={(e) => setToken((e.target as HTMLInputElement).value)}
            disabled={busy}
          />
          <button type="submit" class="as-btn as-btn-primary" disabled={busy} data-action="sign-in">
            {busy ? 'Checking…' : 'Sign in'}
          </button>
        </div>
        <p id={hintId} class="as-hint">
          A fine-grained token (github_pat_…) or a classic one (ghp_…). It stays in this browser’s extension storage.
        </p>
        {error && <ErrorNote error={error} />}
      </form>
      {deviceAvailable ? (
        <div class="as-signin-device">
          {!device || device.phase === 'expired' || device.phase === 'denied' || device.phase === 'error' ? (
            <button type="button" class="as-btn" onClick={startDevice} data-action="device-flow">
              <Octicon name="mark-github" />
              Sign in with GitHub
            </button>
          ) : device.phase === 'done' ? (
            <output>Signed in.</output>
          ) : (
            <output class="as-device-code">
              <p>
                Enter this code at{' '}
                {verify ? (
                  <a href={verify} target="_blank" rel="noopener noreferrer">
                    {verify.replace(/^https:\/\//, '')}
                  </a>
                ) : (
                  'GitHub'
                )}
                :
              </p>
              <p class="as-code" data-testid="device-code">
                {device.userCode}
              </p>
              <button
                type="button"
                class="as-btn"
                onClick={() => void navigator.clipboard?.writeText(device.userCode ?? '').catch(() => undefined)}
              >
                <Octicon name="copy" />
                Copy code
              </button>
              <p class="as-hint">Waiting for you to approve…</p>
            </output>
          )}
          {device?.phase === 'expired' && <p class="as-hint">The code expired. Start again.</p>}
          {device?.phase === 'denied' && <p class="as-hint">The sign-in was denied on GitHub.</p>}
          {deviceError && <ErrorNote error={deviceError} />}
        </div>
      ) : null}
    </div>
  );
}
