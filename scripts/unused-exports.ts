/**
 * Finds exported symbols of the extension's code (utils/, components/, entrypoints/) that no other file imports.
 * Syntactic, with the TypeScript parser (no type checker, so it takes a second): every import, re-export, dynamic
 * `import('…')` and `import('…').Name` type of the whole project (tests, benches, scripts and the twin included)
 * marks what it names as used. Entrypoints' default exports are WXT's.
 * `node --import tsx scripts/unused-exports.ts` prints them; tests/unit/meta/unused-exports.test.ts keeps the list empty.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const CHECKED = /^(utils|components|entrypoints)\//;
const SKIP_DIRS = new Set([
  'node_modules',
  '.output',
  '.wxt',
  '.git',
  'dist',
  'test-results',
  'playwright-report',
  'docs',
]);
const ALL = '*';

export interface UnusedExport {
  /** `path: name` */
  where: string;
  /** Also unused inside its own file (dead code), not just needlessly exported. */
  dead: boolean;
}

function sourceFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    if (SKIP_DIRS.has(name)) continue;
    const rel = dir ? `${dir}/${name}` : name;
    const st = statSync(path.join(root, rel));
    if (st.isDirectory()) out.push(...sourceFiles(root, rel));
    else if (/\.(ts|tsx|mts)$/.test(name) && !/\.d\.(ts|mts)$/.test(name)) out.push(rel);
  }
  return out;
}

function resolveSpecifier(root: string, from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec.replace(/\?.*$/, '')));
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`])
    if (existsSync(path.join(root, c)) && statSync(path.join(root, c)).isFile()) return c;
  return null;
}

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** Exported names of a file with their declaration name nodes. */
function exportsOf(file: ts.SourceFile): Map<string, ts.Node | null> {
  const out = new Map<string, ts.Node | null>();
  for (const st of file.statements) {
    if (ts.isExportAssignment(st)) out.set('default', null);
    else if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause))
      for (const el of st.exportClause.elements) out.set(el.name.text, null);
    else if (hasExport(st)) {
      if (isDefault(st)) out.set('default', null);
      else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) out.set(d.name.text, d.name);
      } else {
        const name = (st as { name?: ts.Node }).name;
        if (name && ts.isIdentifier(name)) out.set(name.text, name);
      }
    }
  }
  return out;
}

export function findUnusedExports(root: string): UnusedExport[] {
  const files = sourceFiles(root);
  const parsed = new Map<string, ts.SourceFile>();
  for (const f of files)
    parsed.set(
      f,
      ts.createSourceFile(
        f,
        readFileSync(path.join(root, f), 'utf8'),
        ts.ScriptTarget.Latest,
        true,
        f.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
      ),
    );
  const used = new Map<string, Set<string>>();
  const use = (file: string | null, name: string) => {
    if (!file) return;
    const set = used.get(file) ?? new Set<string>();
    set.add(name);
    used.set(file, set);
  };
  for (const [rel, file] of parsed) {
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const target = resolveSpecifier(root, rel, node.moduleSpecifier.text);
        const c = node.importClause;
        if (c?.name) use(target, 'default');
        if (c?.namedBindings) {
          if (ts.isNamespaceImport(c.namedBindings)) use(target, ALL);
          else for (const el of c.namedBindings.elements) use(target, (el.propertyName ?? el.name).text);
        }
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const target = resolveSpecifier(root, rel, node.moduleSpecifier.text);
        if (!node.exportClause || ts.isNamespaceExport(node.exportClause)) use(target, ALL);
        else for (const el of node.exportClause.elements) use(target, (el.propertyName ?? el.name).text);
      } else if (ts.isImportTypeNode(node)) {
        const arg = node.argument;
        if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) {
          const target = resolveSpecifier(root, rel, arg.literal.text);
          const q = node.qualifier;
          if (q) use(target, (ts.isQualifiedName(q) ? q.left : q).getText(file).split('.')[0]!);
          else use(target, ALL);
        }
      } else if (
        ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
          (ts.isPropertyAccessExpression(node.expression) && node.expression.getText(file) === 'vi.importActual')) &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        use(resolveSpecifier(root, rel, node.arguments[0].text), ALL);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const out: UnusedExport[] = [];
  for (const [rel, file] of parsed) {
    if (!CHECKED.test(rel)) continue;
    const names = used.get(rel);
    if (names?.has(ALL)) continue;
    let local: Map<string, number> | null = null;
    for (const [name, decl] of exportsOf(file)) {
      if (names?.has(name)) continue;
      if (rel.startsWith('entrypoints/') && name === 'default') continue;
      if (!local) {
        const counts = new Map<string, number>();
        const count = (node: ts.Node): void => {
          if (ts.isIdentifier(node)) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
          ts.forEachChild(node, count);
        };
        count(file);
        local = counts;
      }
      // The declaration's own name is one occurrence; any other is a use in the file.
      const dead = decl ? (local.get(name) ?? 0) <= 1 : false;
      out.push({ where: `${rel}: ${name}`, dead });
    }
  }
  return out.sort((a, b) => a.where.localeCompare(b.where));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const unused = findUnusedExports(process.cwd());
  for (const u of unused)
    console.log(`${u.where}${u.dead ? ' (used nowhere)' : ' (used only in its own file: drop `export`)'}`);
  console.log(unused.length ? `${unused.length} unused exports` : 'no unused exports');
  process.exitCode = unused.some((u) => u.dead) ? 1 : 0;
}
