/**
 * Host access withdrawn by the user (Firefox lets them, per site, at any time; issue 18): the background checks
 * `permissions.contains` for the GitHub host before syncing or signing in, says so in clear words, keeps the account
 * and the sessions, and recovers when access is given back.
 */

import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createMemoryTokenStore } from '../../../utils/auth/token-store';
import { Engine } from '../../../utils/background/engine';
import type { EngineBrowser } from '../../../utils/background/engine-deps';
import { hostPermissionOrigins } from '../../../utils/github/hosts';
import { FakeGitHub, TOKEN } from './fake-github';
import { FAST, makeClock, settle } from './helpers';

beforeEach(() => {
  fakeBrowser.reset();
});

function engineWithAccess() {
  const clock = makeClock();
  const gh = new FakeGitHub(clock.now);
  const access = { granted: true, asked: [] as string[] };
  const engine = new Engine({
    browser: fakeBrowser as unknown as EngineBrowser,
    tokens: createMemoryTokenStore(),
    fetch: gh.fetch,
    now: clock.now,
    random: () => 0.5,
    timing: FAST,
    hostPermission: async (host) => {
      access.asked.push(host);
      return access.granted;
    },
  });
  return { engine, gh, access };
}

describe('host access', () => {
  it('github.com needs its web and API hosts; a data-residency host its own two', () => {
    expect(hostPermissionOrigins('github.com')).toEqual(['https://github.com/*', 'https://api.github.com/*']);
    expect(hostPermissionOrigins('octo.ghe.com')).toEqual(['https://octo.ghe.com/*', 'https://api.octo.ghe.com/*']);
  });

  it('withdrawn: the sync says so without calling GitHub, keeps the sessions, and recovers once given back', async () => {
    const { engine, gh, access } = engineWithAccess();
    await engine.ready;
    await engine.signIn(TOKEN, 'github.com');
    await settle(engine);
    const sessions = engine.snapshot().sessions.length;
    expect(access.asked).toContain('github.com');

    access.granted = false;
    const before = gh.requests.length;
    await engine.sync('manual');
    const snap = engine.snapshot();
    expect(snap.lastError).toMatchObject({
      kind: 'missing-permission',
      message: 'The extension is not allowed to reach github.com: its access was withdrawn.',
      permission: 'access to github.com',
    });
    expect(snap.lastError?.fix).toContain('Allow access to github.com');
    expect(gh.requests.length).toBe(before);
    expect(snap.auth.status).toBe('signed-in');
    expect(snap.sessions.length).toBe(sessions);

    access.granted = true;
    await engine.sync('manual');
    expect(engine.snapshot().lastError).toBeNull();
  });

  it('signing in without access: a clear refusal, the token is not kept', async () => {
    const { engine, access } = engineWithAccess();
    await engine.ready;
    access.granted = false;
    await expect(engine.signIn(TOKEN, 'github.com')).rejects.toMatchObject({
      appError: { kind: 'missing-permission', message: 'The extension is not yet allowed to reach github.com.' },
    });
    expect(engine.snapshot().auth.status).toBe('signed-out');
  });
});
