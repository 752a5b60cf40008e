/** Bundle sizes of the built Chrome extension (issue 2; content-script target from issue 5: ≤ 30 KB gzip). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleSizes } from './bundle';
import type { BenchContext, BenchResult } from './lib';

const TARGETS: Record<string, number | null> = { background: null, content: 30_720, popup: null };

export default async function bundle(ctx: BenchContext): Promise<BenchResult[]> {
  const sizes = bundleSizes(ctx.extensionDir);
  const results: BenchResult[] = [];
  for (const name of ['background', 'content', 'popup'] as const) {
    const size = sizes[name];
    if (!size) throw new Error(`No ${name} entry in ${ctx.extensionDir}/manifest.json`);
    results.push({
      id: `bundle.${name}.gzipBytes`,
      value: size.gzipBytes,
      unit: 'B',
      target: TARGETS[name] ?? null,
      better: 'lower',
      note: `${size.files.length} file(s), ${size.bytes} B raw${size.dynamic.length ? `, +${size.dynamic.length} lazy chunk(s) not counted` : ''}`,
    });
  }
  const content = sizes.content;
  if (content) {
    const octokit = content.files.some((f) =>
      /octokit-(core|rest)\.js|@octokit\//.test(readFileSync(join(ctx.extensionDir, f), 'utf8')),
    );
    if (octokit) results[1]!.note += '; Octokit chunk in the content script!';
  }
  return results;
}
