/**
 * A stacked bar chart in SVG: one bar per day, one colour per series, a y axis with round ticks, a legend, and the
 * same numbers as a table for screen readers and for copying. Labels are text nodes; nothing here is HTML from data.
 * Written here rather than taken from a chart library: see docs/DEVELOPING.md, "Charts".
 */
import { niceScale } from '../../utils/sessions/usage';
import { Legend } from './Legend';

export interface BarSeries {
  key: string;
  label: string;
  values: number[];
  /** A CSS colour, usually `var(--as-…)`. */
  color: string;
}

interface Props {
  title: string;
  /** Local midnights, one per bar. */
  days: number[];
  series: BarSeries[];
  format: (value: number) => string;
}

const W = 720;
const H = 200;
const PAD = { top: 8, right: 8, bottom: 24, left: 40 };

const dayLabel = (ms: number) => new Date(ms).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });

export function BarChart({ title, days, series, format }: Props) {
  const totals = days.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const { max, step } = niceScale(Math.max(0, ...totals));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step / 2; v += step) ticks.push(v);
  const labelEvery = Math.ceil(days.length / 8);
  const sum = totals.reduce((a, b) => a + b, 0);
  const peak = Math.max(0, totals.indexOf(Math.max(...totals)));
  const peakDay = days[peak] ?? 0;
  const peakTotal = totals[peak] ?? 0;

  return (
    <figure class="as-chart">
      <figcaption class="as-chart-title">{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={
          sum > 0
            ? `${title}: ${format(sum)} over ${days.length} days, most on ${dayLabel(peakDay)} (${format(peakTotal)}).`
            : `${title}: none in the last ${days.length} days.`
        }
      >
        {ticks.map((v) => (
          <g key={v}>
            <line class="as-chart-grid" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text class="as-chart-tick" x={PAD.left - 6} y={y(v) + 4} text-anchor="end">
              {format(v)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          let base = 0;
          const x = PAD.left + i * slot + (slot - barW) / 2;
          return (
            <g key={d}>
              {series.map((s) => {
                const v = s.values[i] ?? 0;
                if (v <= 0) return null;
                const top = y(base + v);
                const h = y(base) - top;
                base += v;
                return (
                  <rect key={s.key} x={x} y={top} width={barW} height={Math.max(1, h)} fill={s.color}>
                    <title>{`${dayLabel(d)} · ${s.label}: ${format(v)}`}</title>
                  </rect>
                );
              })}
              {(days.length - 1 - i) % labelEvery === 0 ? (
                <text class="as-chart-tick" x={x + barW / 2} y={H - 6} text-anchor="middle">
                  {dayLabel(d)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <Legend items={series} />
      <details class="as-chart-table">
        <summary>Show as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {series.map((s) => (
                <th scope="col" key={s.key}>
                  {s.label}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d, i) =>
              (totals[i] ?? 0) > 0 ? (
                <tr key={d}>
                  <th scope="row">{dayLabel(d)}</th>
                  {series.map((s) => (
                    <td key={s.key}>{format(s.values[i] ?? 0)}</td>
                  ))}
                  <td>{format(totals[i] ?? 0)}</td>
                </tr>
              ) : null,
            )}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
