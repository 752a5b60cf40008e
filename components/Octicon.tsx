import { OCTICONS } from './octicon-paths';

/** A Primer octicon (16px grid) built from path data: no markup parsing, works in shadow roots and pages. */
export function Octicon({
  name,
  size = 16,
  label,
  class: className,
}: {
  name: string;
  size?: number;
  label?: string;
  class?: string;
}) {
  const icon = OCTICONS[name] ?? OCTICONS.info!;
  return (
    <svg
      class={`octicon octicon-${name}${className ? ` ${className}` : ''}`}
      width={size}
      height={size}
      viewBox={`0 0 ${icon.width} 16`}
      fill="currentColor"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : 'true'}
      focusable="false"
    >
      {icon.d.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
