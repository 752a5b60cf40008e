/**
 * The last days' sessions on one time axis: a bar per session from its start to its end (to now while it runs),
 * coloured by outcome, in as few lanes as overlaps allow. Each bar names its session on hover and to screen readers;
 * the list under the chart holds the same sessions as text.
 */
import { formatDuration, STATE_LABELS } from '../../utils/sessions/model';
import { OUTCOME_LABELS, type Outcome, type Timeline as TimelineData } from '../../utils/sessions/usage';
import { OUTCOME_COLORS } from './colors';
import { Legend } from './Legend';

const LEGEND: Outcome[] = ['ready', 'live', 'idle', 'cancelled', 'timed-out', 'failed'];
const W = 720;
const when = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
const LANE = 14;
const PAD = { top: 4, right: 8, bottom: 22, left: 8 };

export function Timeline({ data, onOpen }: { data: TimelineData; onOpen: (id: string) => void }) {
  const span = Math.max(1, data.to - data.from);
  const plotW = W - PAD.left - PAD.right;
  const x = (t: number) => PAD.left + ((t - data.from) / span) * plotW;
  const lanes = Math.max(1, data.lanes);
  const H = PAD.top + lanes * LANE + PAD.bottom;
  const days: number[] = [];
  for (let d = new Date(data.from); d.getTime() <= data.to; d.setDate(d.getDate() + 1)) days.push(d.getTime());

  return (
    <figure class="as-chart">
      <figcaption class="as-chart-title">Sessions in the last 7 days</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${data.items.length} sessions in the last 7 days, ${data.items.filter((i) => i.live).length} still running.`}
      >
        {days.map((d) => (
          <g key={d}>
            <line class="as-chart-grid" x1={x(d)} x2={x(d)} y1={PAD.top} y2={H - PAD.bottom} />
            <text class="as-chart-tick" x={x(d) + 3} y={H - 6}>
              {new Date(d).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric' })}
            </text>
          </g>
        ))}
        {data.items.map((it) => (
          <rect
            key={it.id}
            class={`as-timeline-bar${it.live ? ' as-timeline-live' : ''}`}
            x={x(it.start)}
            y={PAD.top + it.lane * LANE + 2}
            width={Math.max(4, x(it.end) - x(it.start))}
            height={LANE - 4}
            rx={2}
            fill={OUTCOME_COLORS[it.outcome]}
          >
            <title>{`${it.title} · ${it.repo ?? 'no repository'} · ${STATE_LABELS[it.state]} · ${formatDuration(it.end - it.start)}`}</title>
          </rect>
        ))}
      </svg>
      <Legend
        items={LEGEND.filter((o) => data.items.some((it) => it.outcome === o)).map((o) => ({
          key: o,
          label: OUTCOME_LABELS[o],
          color: OUTCOME_COLORS[o],
        }))}
      />
      {data.hidden > 0 ? <p class="as-chart-note">{data.hidden} older sessions are not drawn.</p> : null}
      <details class="as-chart-table">
        <summary>Show as a list</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">State</th>
              <th scope="col">Session</th>
            </tr>
          </thead>
          <tbody>
            {[...data.items].reverse().map((it) => (
              <tr key={it.id}>
                <td>{when(it.start)}</td>
                <td>{formatDuration(it.end - it.start)}</td>
                <td>{STATE_LABELS[it.state]}</td>
                <td>
                  <button type="button" class="as-link-button" onClick={() => onOpen(it.id)}>
                    {it.title}
                  </button>
                  {it.repo ? <span class="as-chart-repo"> {it.repo}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
