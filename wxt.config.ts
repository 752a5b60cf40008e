import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Host permissions are the API hosts the background talks to and the pages the content script augments.
// `*.ghe.com` (GitHub Enterprise Cloud with data residency) is optional: asked for at run time.
export default defineConfig({
  srcDir: '.',
  // WXT_OUT_DIR lets parallel builds (tests, bench) use their own folders.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  vite: () => ({
    plugins: [preact()],
    // WXT_SOURCEMAP=1: source maps, to see what a bundle is made of (not for release builds).
    build: { target: 'es2022', sourcemap: process.env.WXT_SOURCEMAP === '1' },
  }),
  hooks: {
    // The github.com content script gets only the octicons it uses (components/page/octicon-paths.ts), which keeps
    // its bundle under 30 KB gzip. Other entrypoints keep the full set.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((e) => e.name === 'github')) return;
      // Terser for the content script only: it loads on every github.com page and has a 30 KB gzip budget; terser's
      // two passes make it ~3 % smaller than esbuild's minifier (measured: 31,075 → ~30,100 B gzip). The other
      // bundles keep esbuild (faster builds; their size has no budget).
      config.build = {
        ...config.build,
        minify: 'terser',
        terserOptions: { ecma: 2020, compress: { passes: 2 }, format: { comments: false } },
      };
      const subset = fileURLToPath(new URL('./components/page/octicon-paths.ts', import.meta.url));
      config.plugins = [
        ...(config.plugins ?? []),
        {
          name: 'content-script-octicons',
          enforce: 'pre',
          resolveId(source, importer) {
            if (source === './octicon-paths' && importer && /[\\/]components[\\/]Octicon\.tsx$/.test(importer))
              return subset;
            return null;
          },
        },
      ];
    },
  },
  manifest: ({ browser }) => ({
    name: 'Agent Sessions for GitHub',
    description:
      "Live status, logs, notifications and one-click stop for GitHub Copilot's cloud agent sessions, on the pages where you review code.",
    // `scripting`: the content script for the one *.ghe.com host the user configured (utils/background/ghe-content-script.ts).
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    host_permissions: [
      'https://github.com/*',
      'https://api.github.com/*',
      'https://api.githubcopilot.com/*',
      'https://api.individual.githubcopilot.com/*',
      'https://api.business.githubcopilot.com/*',
      'https://api.enterprise.githubcopilot.com/*',
      // A finished job's log: GitHub answers 302 to a short-lived Azure blob URL, read without the token.
      'https://*.blob.core.windows.net/*',
    ],
    optional_host_permissions: ['https://*.ghe.com/*'],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'",
    },
    web_accessible_resources: [
      {
        resources: ['drawer.html'],
        matches: ['https://github.com/*', 'https://*.ghe.com/*'],
        // Chrome: loadable only through a per-session URL, so a page cannot frame it by the extension's id (issue 17
        // #8). Firefox has no `use_dynamic_url` (its extension origin is already a per-install random UUID).
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    action: { default_title: 'Agent Sessions for GitHub' },
    // Chrome 119 drops Authorization on a cross-origin redirect (the job log's 302 to the blob host, issue 17 #7).
    ...(browser === 'firefox' ? {} : { minimum_chrome_version: '119' }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'agent-sessions@agent-sessions-for-github.dev',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
