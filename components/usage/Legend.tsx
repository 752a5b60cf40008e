/** A chart's legend: a swatch and a name per series (names are text nodes). */
export function Legend({ items }: { items: ReadonlyArray<{ key: string; label: string; color: string }> }) {
  if (items.length === 0) return null;
  return (
    <ul class="as-chart-legend">
      {items.map((s) => (
        <li key={s.key}>
          <span class="as-chart-swatch" style={{ background: s.color }} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  );
}
