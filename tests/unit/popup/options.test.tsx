import { afterEach, describe, expect, it, vi } from 'vitest';
import { Options } from '../../../components/options/Options';
import { DEFAULT_SETTINGS } from '../../../utils/model/settings';
import { makeSnapshot } from './fixtures';
import { change, click, flush, mockApi, mount, typeInto } from './helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

function signedIn() {
  const snap = makeSnapshot();
  if (snap.auth.status === 'signed-in') {
    snap.auth.info.avatarUrl = 'https://avatars.githubusercontent.com/u/1';
    snap.auth.info.tokenKind = 'fine-grained';
    snap.auth.info.expiresAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
    snap.auth.info.capabilities = [
      { id: 'listSessions', label: 'List sessions', ok: true, missing: null, fix: null },
      { id: 'readLogs', label: 'Read logs', ok: null, missing: null, fix: null },
      {
        id: 'stopSessions',
        label: 'Stop sessions',
        ok: false,
        missing: 'Actions: write',
        fix: 'Edit the token and give it Actions: read and write.',
      },
      { id: 'startTasks', label: 'Start tasks', ok: true, missing: null, fix: null },
    ];
  }
  return snap;
}

async function open(api = mockApi({ state: signedIn() }), askPermission = vi.fn(async (_host: string) => true)) {
  const m = await mount(<Options api={api} askPermission={askPermission} />);
  cleanup = m.unmount;
  return { root: m.root, api, askPermission };
}

describe('options page', () => {
  it('shows the token user, kind, expiry and the capability table', async () => {
    const { root } = await open();
    expect(root.querySelector('[data-testid="login"]')!.textContent).toBe('octo-demo');
    expect(root.textContent).toContain('Fine-grained personal access token');
    expect(root.querySelector('[data-testid="expiry"]')!.textContent).toMatch(/in (9|10) days/);
    const rowsEl = root.querySelectorAll('[data-capability]');
    expect(rowsEl.length).toBe(4);
    const stop = root.querySelector('[data-capability="stopSessions"]')!;
    expect(stop.getAttribute('data-ok')).toBe('false');
    expect(stop.textContent).toContain('Actions: write');
    expect(stop.textContent).toContain('Edit the token');
    expect(root.querySelector('[data-capability="readLogs"]')!.getAttribute('data-ok')).toBe('unknown');
  });

  it('signs out', async () => {
    const { root, api } = await open();
    await click(root.querySelector('[data-action="sign-out"]')!);
    expect(api.requests).toContainEqual({ type: 'signOut' });
  });

  it('signed out: shows the sign-in', async () => {
    const { root } = await open(mockApi({ state: makeSnapshot({ auth: { status: 'signed-out' } }) }));
    expect(root.querySelector('[data-testid="sign-in"]')).not.toBeNull();
  });

  it('validates the host; asks for a ghe.com host permission before saving', async () => {
    const { root, api, askPermission } = await open();
    const input = root.querySelector<HTMLInputElement>('[data-testid="host"]')!;
    await typeInto(input, 'evil.example.com');
    await click(root.querySelector('[data-action="save-host"]')!);
    expect(root.textContent).toContain('Use github.com or your GitHub Enterprise Cloud host');
    expect(api.requests.some((r) => r.type === 'setSettings')).toBe(false);

    await typeInto(input, 'https://Octo-Corp.ghe.com/');
    await click(root.querySelector('[data-action="save-host"]')!);
    expect(askPermission).toHaveBeenCalledWith('octo-corp.ghe.com');
    await flush();
    expect(api.requests).toContainEqual({ type: 'setSettings', settings: { host: 'octo-corp.ghe.com' } });
  });

  it('does not change the host when the permission is refused', async () => {
    const { root, api } = await open(
      undefined,
      vi.fn(async (_host: string) => false),
    );
    await typeInto(root.querySelector<HTMLInputElement>('[data-testid="host"]')!, 'octo.ghe.com');
    await click(root.querySelector('[data-action="save-host"]')!);
    await flush();
    expect(root.textContent).toContain('needs access to octo.ghe.com');
    expect(api.requests.some((r) => r.type === 'setSettings')).toBe(false);
  });

  it('saves notifications, features, stop confirmation and theme through setSettings', async () => {
    const { root, api } = await open();
    await change(root.querySelector<HTMLInputElement>('input[name="notify-failed"]')!, false);
    expect(api.requests).toContainEqual({
      type: 'setSettings',
      settings: { notify: { ...DEFAULT_SETTINGS.notify, failed: false } },
    });
    await change(root.querySelector<HTMLInputElement>('input[name="feature-drawer"]')!, false);
    expect(api.requests).toContainEqual({
      type: 'setSettings',
      settings: { features: { ...DEFAULT_SETTINGS.features, drawer: false } },
    });
    const confirm = root.querySelector<HTMLInputElement>('input[name="confirm-stop"]')!;
    expect(confirm.checked).toBe(false);
    await change(confirm, true);
    expect(api.requests).toContainEqual({ type: 'setSettings', settings: { confirmStop: true } });
    await change(root.querySelector<HTMLInputElement>('input[name="theme"][value="dark"]')!, true);
    expect(api.requests).toContainEqual({ type: 'setSettings', settings: { theme: 'dark' } });
    await flush();
    expect(root.querySelector('[data-testid="options-status"]')!.textContent).toContain('saved');
  });

  it('polling cadence: at least 30 seconds', async () => {
    const { root, api } = await open();
    await typeInto(root.querySelector<HTMLInputElement>('[data-testid="poll-active"]')!, '10');
    await click(root.querySelector('[data-action="save-polling"]')!);
    expect(root.textContent).toContain('at least 30');
    expect(api.requests.some((r) => r.type === 'setSettings')).toBe(false);
    await typeInto(root.querySelector<HTMLInputElement>('[data-testid="poll-active"]')!, '45');
    await typeInto(root.querySelector<HTMLInputElement>('[data-testid="poll-idle"]')!, '600');
    await click(root.querySelector('[data-action="save-polling"]')!);
    expect(api.requests).toContainEqual({ type: 'setSettings', settings: { pollActiveSec: 45, pollIdleSec: 600 } });
  });
});
