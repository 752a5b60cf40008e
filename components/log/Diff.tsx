import { useMemo } from 'preact/hooks';
import { diffLines } from './model';
import { T } from './Text';

type DiffLine = ReturnType<typeof diffLines>[number];
/** Per edit (the entry's diff object): a row scrolled out and back in does not diff the file again. */
const computed = new WeakMap<object, DiffLine[]>();

export function Diff({ diff }: { diff: { path: string; oldText: string; newText: string } }) {
  const lines = useMemo(() => {
    const known = computed.get(diff);
    if (known) return known;
    const made = diffLines(diff.path, diff.oldText, diff.newText);
    computed.set(diff, made);
    return made;
  }, [diff]);
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
