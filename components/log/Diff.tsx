import { useMemo } from 'preact/hooks';
import { diffLines } from './model';
import { T } from './Text';

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
