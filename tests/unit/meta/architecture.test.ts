/**
 * The module map's rules (docs/DEVELOPING.md "Architecture"), read from the source: `utils/sessions` is pure (no
 * network code reaches it), the engine stays one short file, and the shared components never reach into an
 * entrypoint. Imports are read syntactically (TypeScript's parser), as scripts/unused-exports.ts does.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...filesUnder(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

interface Import {
  spec: string;
  /** Repository-relative file, or null for a package. */
  file: string | null;
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    let target: string | null = null;
    if (spec.startsWith('.')) {
      const base = join(dirname(file), spec);
      target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => existsSync(join(ROOT, p))) ?? base;
    }
    out.push({ spec, file: target, typeOnly });
  };
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings : null;
      const typeOnly =
        !!clause?.isTypeOnly ||
        (!!named && !clause?.name && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly));
      add(st.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      add(st.moduleSpecifier.text, st.isTypeOnly);
    }
  }
  const dynamic = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(dynamic)) add(m[1] as string, false);
  return out;
}

/** Every file a file's code (not its types) loads, transitively, inside the repository; packages by name. */
function valueClosure(start: string): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    const f = todo.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    if (!f.endsWith('.ts') && !f.endsWith('.tsx')) continue;
    for (const i of importsOf(f)) if (!i.typeOnly) todo.push(i.file ?? i.spec);
  }
  return seen;
}

const NETWORK = [/^@octokit\//, /^octokit$/, /^utils\/github\/client\.ts$/, /^utils\/background\//];

describe('architecture', () => {
  it('utils/sessions is pure: no network code, no background, no API client', () => {
    const files = filesUnder('utils/sessions');
    expect(files.length).toBeGreaterThan(3);
    const problems: string[] = [];
    for (const f of files) {
      for (const i of importsOf(f)) {
        const target = i.file ?? i.spec;
        if (target.startsWith('utils/background/')) problems.push(`${f} imports ${i.spec}`);
        // From the API layer only its types (erased at build) and the pure link builders.
        if (target.startsWith('utils/github/') && !i.typeOnly && target !== 'utils/github/links.ts')
          problems.push(`${f} imports code from ${i.spec}`);
      }
      for (const reached of valueClosure(f))
        if (NETWORK.some((re) => re.test(reached))) problems.push(`${f} reaches ${reached}`);
      const text = readFileSync(join(ROOT, f), 'utf8');
      if (/\bfetch\s*\(|XMLHttpRequest|WebSocket/.test(text)) problems.push(`${f} does network I/O`);
    }
    expect(problems).toEqual([]);
  });

  it('the engine stays under 400 lines (its parts live beside it in utils/background/)', () => {
    const lines = readFileSync(join(ROOT, 'utils/background/engine.ts'), 'utf8').split('\n').length;
    expect(lines).toBeLessThan(400);
  });

  it('components import nothing from entrypoints/', () => {
    const files = filesUnder('components');
    expect(files.length).toBeGreaterThan(10);
    const problems = files.flatMap((f) =>
      importsOf(f)
        .filter((i) => (i.file ?? i.spec).startsWith('entrypoints/') || /(^|\/)entrypoints\//.test(i.spec))
        .map((i) => `${relative(ROOT, join(ROOT, f))} imports ${i.spec}`),
    );
    expect(problems).toEqual([]);
  });
});
