import { describe, expect, it } from 'vitest';
import {
  CONTENT_SCRIPT_FILE,
  GHE_SCRIPT_ID,
  type GheDeps,
  syncGheContentScript,
} from '../../../utils/background/ghe-content-script';

function fakeDeps(granted: string[]) {
  const registered = new Map<string, { id: string; matches?: string[]; js?: string[] }>();
  const deps: GheDeps = {
    scripting: {
      async getRegisteredContentScripts(filter) {
        return [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id));
      },
      async registerContentScripts(scripts) {
        for (const s of scripts) registered.set(s.id as string, s as { id: string; matches?: string[] });
      },
      async unregisterContentScripts(filter) {
        for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
      },
    },
    permissions: { contains: async ({ origins }) => origins.every((o) => granted.includes(o)) },
  };
  return { deps, registered };
}

describe('content script for a data-residency host', () => {
  it('registers the built script for the configured, granted ghe.com host only', async () => {
    const { deps, registered } = fakeDeps(['https://acme.ghe.com/*']);
    expect(await syncGheContentScript(deps, 'acme.ghe.com')).toBe('registered');
    expect(registered.get(GHE_SCRIPT_ID)).toMatchObject({
      matches: ['https://acme.ghe.com/*'],
      js: [CONTENT_SCRIPT_FILE],
    });
  });

  it('registers nothing before the user granted the host', async () => {
    const { deps, registered } = fakeDeps([]);
    expect(await syncGheContentScript(deps, 'acme.ghe.com')).toBe('removed');
    expect(registered.size).toBe(0);
  });

  it('moves to a new host and removes the script when going back to github.com', async () => {
    const { deps, registered } = fakeDeps(['https://acme.ghe.com/*', 'https://other.ghe.com/*']);
    await syncGheContentScript(deps, 'acme.ghe.com');
    await syncGheContentScript(deps, 'other.ghe.com');
    expect(registered.get(GHE_SCRIPT_ID)?.matches).toEqual(['https://other.ghe.com/*']);
    expect(await syncGheContentScript(deps, 'github.com')).toBe('removed');
    expect(registered.size).toBe(0);
  });

  it('never registers for hosts that are not ghe.com, and never throws', async () => {
    const { deps, registered } = fakeDeps(['https://evil.example/*']);
    expect(await syncGheContentScript(deps, 'evil.example')).toBe('removed');
    expect(registered.size).toBe(0);
    const broken: GheDeps = {
      scripting: {
        getRegisteredContentScripts: () => Promise.reject(new Error('boom')),
        registerContentScripts: () => Promise.resolve(),
        unregisterContentScripts: () => Promise.resolve(),
      },
      permissions: deps.permissions,
    };
    expect(await syncGheContentScript(broken, 'acme.ghe.com')).toBe('none');
  });
});
