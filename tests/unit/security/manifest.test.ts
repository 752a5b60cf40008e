// @vitest-environment node
/**
 * Security review → tests: the manifest asks for the minimum (docs/security.md justifies each entry), has no
 * externally_connectable (web pages cannot message the background), a strict CSP (no remote code), and the content
 * script runs on github.com only. The built manifest and HTML are checked again in tests/e2e/security.spec.ts.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '../../../wxt.config';
import { EXPECTED_HOSTS, EXPECTED_PERMISSIONS } from './expected-manifest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

type Manifest = Record<string, unknown> & {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  optional_permissions?: string[];
  content_security_policy?: { extension_pages?: string; sandbox?: string };
  web_accessible_resources?: Array<{ resources: string[]; matches: string[]; use_dynamic_url?: boolean }>;
};

async function manifestFor(browser: 'chrome' | 'firefox'): Promise<Manifest> {
  const m = config.manifest;
  if (typeof m !== 'function') return m as Manifest;
  return (await (m as (env: unknown) => Manifest | Promise<Manifest>)({
    browser,
    manifestVersion: 3,
    mode: 'production',
    command: 'build',
  })) as Manifest;
}

describe('manifest (wxt.config.ts)', () => {
  for (const browser of ['chrome', 'firefox'] as const) {
    it(`${browser}: exactly the expected permissions; GitHub, Copilot API and job-log blob hosts; *.ghe.com optional`, async () => {
      const m = await manifestFor(browser);
      expect([...(m.permissions ?? [])].sort()).toEqual(EXPECTED_PERMISSIONS);
      expect([...(m.host_permissions ?? [])].sort()).toEqual(EXPECTED_HOSTS);
      expect(m.optional_host_permissions).toEqual(['https://*.ghe.com/*']);
      expect(m.optional_permissions ?? []).toEqual([]);
      for (const forbidden of ['externally_connectable', 'content_scripts', 'key', 'update_url', 'sandbox'])
        expect(m[forbidden], forbidden).toBeUndefined();
      // No wildcard hosts beyond the optional ghe.com one and Azure blob storage (Actions job logs, read without the token).
      for (const h of m.host_permissions ?? [])
        if (h !== 'https://*.blob.core.windows.net/*') expect(h).toMatch(/^https:\/\/[a-z.]+\/\*$/);
    });

    it(`${browser}: CSP allows only the extension's own scripts`, async () => {
      const csp = (await manifestFor(browser)).content_security_policy?.extension_pages ?? '';
      const directives = Object.fromEntries(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([name, ...values]) => [name, values]),
      );
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*|data:|blob:/);
    });

    it(`${browser}: only the drawer page is web-accessible, only to GitHub pages, in Chrome only by its dynamic URL`, async () => {
      const war = (await manifestFor(browser)).web_accessible_resources ?? [];
      expect(war).toEqual([
        {
          resources: ['drawer.html'],
          matches: ['https://github.com/*', 'https://*.ghe.com/*'],
          ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
        },
      ]);
    });
  }
});

describe('content scripts', () => {
  it('the only content script matches https://github.com/* and nothing broader', async () => {
    const dir = join(ROOT, 'entrypoints');
    const contentEntries = readdirSync(dir).filter((n) => /\.content(\.[tj]sx?)?$|\.content$/.test(n));
    expect(contentEntries).toEqual(['github.content']);
    const source = readFileSync(join(dir, 'github.content/index.ts'), 'utf8');
    const matches = /matches:\s*\[([^\]]*)\]/.exec(source)?.[1] ?? '';
    const list = [...matches.matchAll(/'([^']+)'|"([^"]+)"/g)].map((x) => x[1] ?? x[2]);
    expect(list).toEqual(['https://github.com/*']);
    expect(source).not.toMatch(/allFrames:\s*true|matchAboutBlank|world:\s*['"]MAIN/);
  });
});

describe('job-log download (issue 17 #7)', () => {
  it('Chrome ≥ 119 is required: it drops Authorization on the 302 to the blob host', async () => {
    expect((await manifestFor('chrome')).minimum_chrome_version).toBe('119');
    expect((await manifestFor('firefox')).minimum_chrome_version).toBeUndefined();
  });
});
