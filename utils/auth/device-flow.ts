/**
 * OAuth device flow (only when the build has `WXT_GITHUB_CLIENT_ID`): POST /login/device/code, then poll
 * /login/oauth/access_token, honouring authorization_pending, slow_down (+5 s), expired_token and access_denied.
 */

import { webOrigin } from '../github/hosts';
import { appError, GitHubError } from '../model/errors';
import type { DeviceFlowState } from '../model/state';

const DEVICE_SCOPE = 'repo';

export function idleDeviceState(): DeviceFlowState {
  return { phase: 'idle', userCode: null, verificationUri: null, expiresAt: null, error: null };
}

export class DeviceFlow {
  state: DeviceFlowState = idleDeviceState();
  private deviceCode: string | null = null;
  private intervalSec = 5;
  private nextPollAt = 0;
  private host = 'github.com';

  constructor(
    private readonly clientId: string | null,
    private readonly fetchFn: typeof fetch,
    private readonly now: () => number = Date.now,
  ) {}

  get available(): boolean {
    return !!this.clientId;
  }

  private async post(path: string, body: Record<string, string>): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await this.fetchFn(`${webOrigin(this.host)}${path}`, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'omit',
      });
    } catch {
      throw new GitHubError(
        appError('offline', 'GitHub cannot be reached to sign in.', { fix: 'Check your connection and try again.' }),
      );
    }
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok && !data.error)
      throw new GitHubError(
        appError('github-error', `GitHub answered ${res.status} during sign-in.`, { status: res.status }),
      );
    return data;
  }

  async start(host: string): Promise<DeviceFlowState> {
    if (!this.clientId)
      throw new GitHubError(
        appError('not-available', 'Signing in with GitHub is not available in this build.', {
          fix: 'Paste a personal access token instead.',
          link: 'https://github.com/settings/tokens/new?scopes=repo&description=Agent%20Sessions',
        }),
      );
    this.host = host;
    const data = await this.post('/login/device/code', { client_id: this.clientId, scope: DEVICE_SCOPE });
    if (typeof data.device_code !== 'string' || typeof data.user_code !== 'string') {
      throw new GitHubError(
        appError(
          'github-error',
          `GitHub did not start the sign-in${typeof data.error_description === 'string' ? `: ${data.error_description}` : '.'}`,
        ),
      );
    }
    this.deviceCode = data.device_code;
    this.intervalSec = typeof data.interval === 'number' ? data.interval : 5;
    this.nextPollAt = this.now() + this.intervalSec * 1000;
    const expiresIn = typeof data.expires_in === 'number' ? data.expires_in : 900;
    const uri =
      typeof data.verification_uri === 'string' && data.verification_uri.startsWith('https://')
        ? data.verification_uri
        : `${webOrigin(host)}/login/device`;
    this.state = {
      phase: 'pending',
      userCode: data.user_code,
      verificationUri: uri,
      expiresAt: new Date(this.now() + expiresIn * 1000).toISOString(),
      error: null,
    };
    return this.state;
  }

  /** Polls once when due; returns the state and, when done, the token (never stored here). */
  async poll(): Promise<{ state: DeviceFlowState; token: string | null }> {
    const s = this.state;
    if ((s.phase !== 'pending' && s.phase !== 'slow-down') || !this.deviceCode || !this.clientId)
      return { state: s, token: null };
    if (s.expiresAt && Date.parse(s.expiresAt) <= this.now()) {
      this.state = {
        ...s,
        phase: 'expired',
        error: appError('validation', 'The code expired before it was entered.', { fix: 'Start again.' }),
      };
      return { state: this.state, token: null };
    }
    if (this.now() < this.nextPollAt) return { state: s, token: null };
    const data = await this.post('/login/oauth/access_token', {
      client_id: this.clientId,
      device_code: this.deviceCode,
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    });
    this.nextPollAt = this.now() + this.intervalSec * 1000;
    if (typeof data.access_token === 'string') {
      this.deviceCode = null;
      this.state = { ...s, phase: 'done', error: null };
      return { state: this.state, token: data.access_token };
    }
    switch (data.error) {
      case 'authorization_pending':
        this.state = { ...s, phase: 'pending' };
        break;
      case 'slow_down':
        this.intervalSec = (typeof data.interval === 'number' ? data.interval : this.intervalSec) + 5;
        this.nextPollAt = this.now() + this.intervalSec * 1000;
        this.state = { ...s, phase: 'slow-down' };
        break;
      case 'expired_token':
        this.deviceCode = null;
        this.state = {
          ...s,
          phase: 'expired',
          error: appError('validation', 'The code expired before it was entered.', { fix: 'Start again.' }),
        };
        break;
      case 'access_denied':
        this.deviceCode = null;
        this.state = {
          ...s,
          phase: 'denied',
          error: appError('validation', 'Sign-in was cancelled on GitHub.', {
            fix: 'Start again if that was a mistake.',
          }),
        };
        break;
      default:
        this.state = {
          ...s,
          phase: 'error',
          error: appError(
            'github-error',
            `GitHub refused the sign-in: ${typeof data.error_description === 'string' ? data.error_description : String(data.error ?? 'unknown error')}`,
          ),
        };
    }
    return { state: this.state, token: null };
  }

  /** Seconds between polls GitHub currently asks for. */
  get interval(): number {
    return this.intervalSec;
  }
}
