/** The "Allow access" button shown with a missing host permission (issue 18). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostAccessButton, needsHostAccess } from '../../../components/HostAccess';
import { click, flush, mount } from '../popup/helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('HostAccessButton', () => {
  it('is for host access only, not a token permission', () => {
    const base = { message: 'm', fix: null, link: null } as const;
    expect(needsHostAccess({ ...base, kind: 'missing-permission', permission: 'access to github.com' })).toBe(true);
    expect(needsHostAccess({ ...base, kind: 'missing-permission', permission: 'Actions: write' })).toBe(false);
    expect(needsHostAccess({ ...base, kind: 'offline' })).toBe(false);
    expect(needsHostAccess(null)).toBe(false);
  });

  it('asks for the host in the click, then calls onGranted; says so plainly when refused', async () => {
    const ask = vi.fn(async (_host: string) => true);
    const onGranted = vi.fn();
    const m = await mount(<HostAccessButton host="github.com" ask={ask} onGranted={onGranted} />);
    cleanup = m.unmount;
    const button = m.root.querySelector('[data-action="allow-host"]')!;
    expect(button.textContent).toBe('Allow access to github.com');
    await click(button);
    await flush();
    expect(ask).toHaveBeenCalledWith('github.com');
    expect(onGranted).toHaveBeenCalledTimes(1);

    ask.mockResolvedValueOnce(false);
    await click(button);
    await flush();
    expect(onGranted).toHaveBeenCalledTimes(1);
    expect(m.root.textContent).toContain('Access was not granted');
  });
});
