/**
 * Bundle sizes of a built extension folder: each entry's JavaScript plus every chunk it imports statically
 * (followed through the HTML's script tags / modulepreload links and `import … from` / `import "…"` / `export … from`
 * in the built files), gzip level 9 per file (each file is loaded separately), summed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface EntrySize {
  entry: string;
  files: string[];
  bytes: number;
  gzipBytes: number;
  /** Chunks loaded only through dynamic import() (not counted). */
  dynamic: string[];
}

const STATIC_IMPORT = /(?:^|[;\n}\s])(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function resolveSpecifier(dir: string, from: string, specifier: string): string | null {
  if (/^(https?:|data:|chrome-extension:)/.test(specifier)) return null;
  const path = specifier.startsWith('/') ? join(dir, specifier) : resolve(dirname(from), specifier);
  return existsSync(path) ? normalize(path) : null;
}

function scriptsOfHtml(dir: string, htmlPath: string): string[] {
  const html = readFileSync(htmlPath, 'utf8');
  const found: string[] = [];
  for (const match of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/g)) found.push(match[1]!);
  for (const match of html.matchAll(/<link\b[^>]*rel=["']modulepreload["'][^>]*href=["']([^"']+)["']/g))
    found.push(match[1]!);
  return found.map((s) => resolveSpecifier(dir, htmlPath, s)).filter((p): p is string => p !== null);
}

export function entrySize(dir: string, entry: string, roots: string[]): EntrySize {
  const seen = new Set<string>();
  const dynamic = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(STATIC_IMPORT)) {
      const next = resolveSpecifier(dir, file, match[1]!);
      if (next?.endsWith('.js')) queue.push(next);
    }
    for (const match of code.matchAll(DYNAMIC_IMPORT)) {
      const next = resolveSpecifier(dir, file, match[1]!);
      if (next) dynamic.add(next);
    }
  }
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of seen) {
    const content = readFileSync(file);
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  const rel = (p: string) => relative(dir, p);
  return {
    entry,
    files: [...seen].map(rel),
    bytes,
    gzipBytes,
    dynamic: [...dynamic].filter((d) => !seen.has(d)).map(rel),
  };
}

interface Manifest {
  background?: { service_worker?: string; scripts?: string[] };
  content_scripts?: Array<{ js?: string[] }>;
  action?: { default_popup?: string };
  options_ui?: { page?: string };
}

/** Sizes of background, content scripts (all of them together), popup, options and drawer. */
export function bundleSizes(dir: string): Record<string, EntrySize> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const at = (p: string) => normalize(join(dir, p));
  const result: Record<string, EntrySize> = {};
  const background = manifest.background?.service_worker
    ? [manifest.background.service_worker]
    : (manifest.background?.scripts ?? []);
  if (background.length) result.background = entrySize(dir, 'background', background.map(at));
  const content = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []);
  if (content.length) result.content = entrySize(dir, 'content', [...new Set(content)].map(at));
  const pages: Record<string, string | undefined> = {
    popup: manifest.action?.default_popup,
    options: manifest.options_ui?.page,
    drawer: existsSync(at('drawer.html')) ? 'drawer.html' : undefined,
  };
  for (const [name, html] of Object.entries(pages)) {
    if (html && existsSync(at(html))) result[name] = entrySize(dir, name, scriptsOfHtml(dir, at(html)));
  }
  return result;
}
