import { structuredPatch } from 'diff';
import { useMemo } from 'preact/hooks';
import { T } from './Text';

/** Unified diff lines of an edit, computed once per edit. */
export function diffLines(
  path: string,
  oldText: string,
  newText: string,
): Array<{ kind: '+' | '-' | ' ' | '@'; text: string }> {
  const out: Array<{ kind: '+' | '-' | ' ' | '@'; text: string }> = [];
  let patch: ReturnType<typeof structuredPatch> | undefined;
  try {
    patch = structuredPatch(path, path, oldText, newText, '', '', { context: 3 });
  } catch {
    patch = undefined;
  }
  if (!patch) {
    for (const l of oldText.split('\n')) out.push({ kind: '-', text: l });
    for (const l of newText.split('\n')) out.push({ kind: '+', text: l });
    return out;
  }
  for (const h of patch.hunks) {
    out.push({ kind: '@', text: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@` });
    for (const l of h.lines) {
      if (l.startsWith('\\')) continue;
      const k = l[0];
      out.push({ kind: k === '+' || k === '-' ? k : ' ', text: l.slice(1) });
    }
  }
  return out;
}

export function Diff({ path, oldText, newText }: { path: string; oldText: string; newText: string }) {
  const lines = useMemo(() => diffLines(path, oldText, newText), [path, oldText, newText]);
  return (
    <pre class="as-diff">
      {lines.map((l, i) => (
        <div
          key={i}
          class={`as-diff-line as-diff-${l.kind === '+' ? 'add' : l.kind === '-' ? 'del' : l.kind === '@' ? 'hunk' : 'ctx'}`}
        >
          <span class="as-diff-sign" aria-hidden="true">
            {l.kind === '@' ? '' : l.kind}
          </span>
          <T text={l.text} />
        </div>
      ))}
    </pre>
  );
}
