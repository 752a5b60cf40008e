/**
 * The account: the token and the API client made from it, sign-in (token checks, host checks, the optional host
 * permission), sign-out, the device flow and the settings. What an account change does to the rest of the state
 * (forget the old account's data, save, push, sync) goes through `AccountHost`, which the engine implements.
 */
import { DeviceFlow, idleDeviceState } from '../auth/device-flow';
import type { TokenStore } from '../auth/token-store';
import { looksLikeToken, tokenKind, validateToken } from '../auth/validate';
import { createGitHubClient, type GitHubClient, type RequestStats } from '../github/client';
import { toAppError } from '../github/errors';
import { EtagCache } from '../github/etag-cache';
import { normalizeHost } from '../github/hosts';
import { appError, GitHubError } from '../model/errors';
import { DEFAULT_SETTINGS, type Settings } from '../model/settings';
import type { AuthInfo, DeviceFlowState } from '../model/state';
import { type EngineData, emptyData } from './store';

interface AccountDeps {
  tokens: TokenStore;
  fetch: typeof fetch;
  now: () => number;
  clientId: string | null;
  stats: RequestStats;
  retryBaseMs: number;
  /** Checks the optional host permission of a data-residency host. */
  hostPermission?: (host: string) => Promise<boolean>;
}

/** What an account change asks of the engine. */
interface AccountHost {
  data: EngineData;
  /** The ETag cache the live client shares (kept across restarts). */
  readonly etags: EtagCache;
  /** Forgets what was learnt for the previous account: ETags, stop statuses, logs, other users' sessions. */
  forgetAccount(): void;
  save(): Promise<void>;
  clearStore(): Promise<void>;
  clearNotification(id: string): Promise<unknown>;
  updateBadge(): Promise<void>;
  arm(): Promise<void>;
  pushState(): void;
  sync(reason: 'signin'): Promise<void>;
  /** The Agent tasks API refused at sign-in: sync from the fallback, asking the API again in an hour. */
  fallbackUntilProbe(): void;
}

const NOT_GITHUB = 'That host is not GitHub: use github.com or your SUBDOMAIN.ghe.com host.';

export class Account {
  private token: string | null = null;
  client: GitHubClient | null = null;
  private device: DeviceFlow;
  private deviceHost = 'github.com';

  constructor(
    private readonly deps: AccountDeps,
    private readonly host: AccountHost,
  ) {
    this.device = this.newDeviceFlow();
  }

  private newDeviceFlow(): DeviceFlow {
    return new DeviceFlow(this.deps.clientId, this.deps.fetch, this.deps.now);
  }

  private makeClient(token: string, host: string, etags: EtagCache): GitHubClient {
    return createGitHubClient({
      token,
      host,
      fetch: this.deps.fetch,
      etags,
      stats: this.deps.stats,
      now: this.deps.now,
      retryBaseMs: this.deps.retryBaseMs,
    });
  }

  /** At start: the saved token with the saved account, or forget the account when the token is gone. */
  async restore(): Promise<void> {
    const stored = await this.deps.tokens.get().catch(() => null);
    const data = this.host.data;
    if (stored && data.auth) {
      this.token = stored.token;
      this.client = this.makeClient(stored.token, stored.host, this.host.etags);
    } else if (!stored && data.auth) {
      // The token is gone (storage cleared): forget the account, keep settings.
      this.host.data = emptyData(data.settings);
    }
  }

  async signIn(tokenInput: string, hostInput: string): Promise<AuthInfo> {
    const token = tokenInput.trim();
    const host = normalizeHost(hostInput);
    if (!host) throw new GitHubError(appError('validation', NOT_GITHUB));
    if (!looksLikeToken(token))
      throw new GitHubError(
        appError('bad-token', 'That does not look like a GitHub token (ghp_…, github_pat_… or gho_…).', {
          fix: 'Copy the whole token from GitHub’s token page.',
          link: 'https://github.com/settings/tokens/new?scopes=repo&description=Agent%20Sessions',
        }),
      );
    if (this.deps.hostPermission && !(await this.deps.hostPermission(host))) {
      throw new GitHubError(
        appError('missing-permission', `The extension is not yet allowed to reach ${host}.`, {
          fix: `Click “Allow access to ${host}” in the extension’s popup or options, then sign in again.`,
          permission: `access to ${host}`,
        }),
      );
    }
    const result = await validateToken(this.makeClient(token, host, new EtagCache()), token, host);
    const previous = this.host.data;
    const sameAccount = previous.auth?.id === result.info.id && previous.auth.host === host;
    await this.deps.tokens.set({ token, host, savedAt: new Date(this.deps.now()).toISOString() });
    if (!sameAccount) {
      this.host.data = emptyData({ ...previous.settings, host });
      this.host.forgetAccount();
    }
    this.token = token;
    this.client = this.makeClient(token, host, this.host.etags);
    const data = this.host.data;
    data.auth = result.info;
    data.settings = { ...data.settings, host };
    data.capi = {
      api: result.copilot.api,
      available: result.copilot.available,
      login: result.info.login,
      checkedAt: new Date(this.deps.now()).toISOString(),
    };
    data.lastError = null;
    data.backoff = { failures: 0, until: null };
    if (result.agentTasksAvailable === false) {
      data.source = 'fallback';
      data.sourceReason = result.agentTasksReason;
      this.host.fallbackUntilProbe();
    }
    await this.host.save();
    await this.host.updateBadge();
    this.host.pushState();
    void this.host.sync('signin');
    return result.info;
  }

  async signOut(): Promise<void> {
    await this.deps.tokens.clear().catch(() => {});
    const { settings, sessions } = this.host.data;
    this.token = null;
    this.client = null;
    this.host.data = emptyData(settings);
    this.host.forgetAccount();
    this.device = this.newDeviceFlow();
    await this.host.clearStore().catch(() => {});
    await this.host.save();
    for (const s of sessions.slice(0, 50)) await this.host.clearNotification(s.id).catch(() => false);
    await this.host.updateBadge();
    this.host.pushState();
  }

  async setSettings(patch: Partial<Settings>): Promise<Settings> {
    const next: Settings = { ...DEFAULT_SETTINGS, ...this.host.data.settings, ...patch };
    // Keys a patch leaves out of `notify` (an older page: no PR events) keep their stored values.
    if (patch.notify) next.notify = { ...DEFAULT_SETTINGS.notify, ...this.host.data.settings.notify, ...patch.notify };
    if (patch.host !== undefined) {
      const host = normalizeHost(patch.host);
      if (!host) throw new GitHubError(appError('validation', NOT_GITHUB));
      next.host = host;
    }
    if (next.pollIdleSec < next.pollActiveSec) next.pollIdleSec = next.pollActiveSec;
    this.host.data.settings = next;
    await this.host.save();
    await this.host.arm();
    this.host.pushState();
    return next;
  }

  async deviceFlowStart(hostInput: string): Promise<DeviceFlowState> {
    const host = normalizeHost(hostInput);
    if (!host) throw new GitHubError(appError('validation', NOT_GITHUB));
    this.device = this.newDeviceFlow();
    this.deviceHost = host;
    return await this.device.start(host);
  }

  async deviceFlowPoll(): Promise<DeviceFlowState> {
    if (!this.device.available)
      return {
        ...idleDeviceState(),
        error: appError('not-available', 'Signing in with GitHub is not available in this build.', {
          fix: 'Paste a personal access token instead.',
        }),
      };
    const { state, token } = await this.device.poll();
    if (token) {
      try {
        await this.signIn(token, this.deviceHost);
      } catch (e) {
        return { ...state, phase: 'error', error: toAppError(e, { host: this.deviceHost }) };
      }
    }
    return state;
  }

  /** For tests and the bench: the token kind without exposing the token. */
  get tokenKind(): string | null {
    return this.token ? tokenKind(this.token) : null;
  }
}
