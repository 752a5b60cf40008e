/**
 * Server side of the twin's React partials: `reactPartial(name, props)` renders a partial with react-dom/server
 * inside `<react-partial>` with its props embedded for hydration; `partialsScript()` is the browser bundle of
 * client.ts (React's production build, bundled once per process with esbuild).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { PARTIALS } from './partials';

export const PARTIALS_SCRIPT_PATH = '/_assets/twin-react-partials.js';

/** `</script>` and friends cannot end the embedded JSON early. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function reactPartial(name: keyof typeof PARTIALS & string, props: object): string {
  const component = PARTIALS[name];
  if (!component) throw new Error(`unknown partial ${name}`);
  const markup = renderToString(createElement(component, props));
  return `<react-partial partial-name="${name}" data-ssr="true" data-attempted-ssr="true"><script type="application/json" data-target="react-partial.embeddedData">${scriptSafeJson({ props })}</script><div data-target="react-partial.reactRoot">${markup}</div></react-partial>`;
}

let bundle: Promise<string> | null = null;

export function partialsScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [path.join(path.dirname(fileURLToPath(import.meta.url)), 'client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  bundle.catch(() => {
    bundle = null;
  });
  return bundle;
}
