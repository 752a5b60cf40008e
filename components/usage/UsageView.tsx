/**
 * The usage page: what the agents did and cost over the last 30 days, per day, by repository or by outcome, and the
 * last 7 days' sessions on a timeline. Takes sessions and a clock; the entrypoint brings the state.
 */
import { useMemo, useState } from 'preact/hooks';
import type { UsageSession as Session } from '../../utils/model/usage';
import { accountLabel } from '../../utils/sessions/selectors';
import {
  dailyUsage,
  sessionTimeline,
  type UsageGroupBy,
  type UsageSeries,
  usageOfAccount,
} from '../../utils/sessions/usage';
import { BarChart, type BarSeries } from './BarChart';
import { OUTCOME_COLORS, seriesColor } from './colors';
import { Timeline } from './Timeline';

type Metric = 'sessions' | 'credits' | 'premium';

const METRIC_LABEL: Record<Metric, string> = {
  sessions: 'Sessions',
  credits: 'AI credits',
  premium: 'Premium requests',
};

const number = (digits: number) => (v: number) =>
  v.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 });

function toBars(series: UsageSeries[], metric: Metric, by: UsageGroupBy): BarSeries[] {
  return series.map((s, i) => ({
    key: s.key,
    label: s.label,
    values: s[metric],
    color: by === 'outcome' ? OUTCOME_COLORS[s.key as keyof typeof OUTCOME_COLORS] : seriesColor(s.key, i),
  }));
}

interface Props {
  sessions: readonly Session[];
  now: number;
  onOpen: (sessionId: string) => void;
  /** Shown while the first state has not arrived. */
  loading?: boolean;
  /** Where the history stands (reading, partial, refused), in words; null when complete. */
  status?: string | null;
  /** The signed-in accounts' keys (`host/login`) when more than one is signed in: an account filter is offered. */
  accounts?: readonly string[];
}

const NO_ACCOUNTS: readonly string[] = [];

export function UsageView({ sessions: all, now, onOpen, loading, status, accounts = NO_ACCOUNTS }: Props) {
  const [by, setBy] = useState<UsageGroupBy>('repo');
  const [metric, setMetric] = useState<Metric>('sessions');
  const [account, setAccount] = useState('');
  const sessions = useMemo(() => usageOfAccount(all, account, accounts), [all, account, accounts]);
  const usage = useMemo(() => dailyUsage(sessions, now, { by, days: 30 }), [sessions, now, by]);
  const timeline = useMemo(() => sessionTimeline(sessions, now, { days: 7 }), [sessions, now]);
  const { totals } = usage;
  const metrics: Metric[] = ['sessions', 'credits', ...(totals.premium > 0 ? (['premium'] as const) : [])];
  const shown = metrics.includes(metric) ? metric : 'sessions';

  return (
    <main class="as-usage">
      <header class="as-usage-head">
        <h1>Usage</h1>
        <p class="as-usage-sum" data-testid="usage-summary">
          {loading
            ? 'Loading your sessions…'
            : `${totals.sessions} session${totals.sessions === 1 ? '' : 's'} in the last 30 days · ${number(2)(totals.credits)} AI credits` +
              (totals.premium > 0 ? ` · ${number(2)(totals.premium)} premium requests` : '') +
              (totals.unknownCost > 0 ? ` · ${totals.unknownCost} without a reported cost` : '')}
        </p>
        {status ? (
          <output class="as-usage-status" data-testid="usage-status">
            {status}
          </output>
        ) : null}
      </header>
      <div class="as-usage-controls">
        {accounts.length > 1 ? (
          <select
            class="as-select as-usage-account"
            aria-label="Filter by account"
            value={accounts.includes(account) ? account : ''}
            onChange={(e) => setAccount((e.target as HTMLSelectElement).value)}
            data-testid="usage-account"
          >
            <option value="">All accounts</option>
            {accounts.map((key) => (
              <option key={key} value={key}>
                {accountLabel(key)}
              </option>
            ))}
          </select>
        ) : null}
        <fieldset class="as-segmented">
          <legend>Group by</legend>
          {(['repo', 'outcome'] as const).map((v) => (
            <label key={v}>
              <input type="radio" name="by" value={v} checked={by === v} onChange={() => setBy(v)} />
              {v === 'repo' ? 'Repository' : 'Outcome'}
            </label>
          ))}
        </fieldset>
        <fieldset class="as-segmented">
          <legend>Show</legend>
          {metrics.map((v) => (
            <label key={v}>
              <input type="radio" name="metric" value={v} checked={shown === v} onChange={() => setMetric(v)} />
              {METRIC_LABEL[v]}
            </label>
          ))}
        </fieldset>
      </div>
      <BarChart
        title={`${METRIC_LABEL[shown]} per day, last 30 days, by ${by === 'repo' ? 'repository' : 'outcome'}`}
        days={usage.days}
        series={toBars(usage.series, shown, by)}
        format={number(shown === 'sessions' ? 0 : 2)}
      />
      <Timeline data={timeline} onOpen={onOpen} />
      <p class="as-usage-note">
        Costs are what GitHub reports per session: AI credits for sessions since June 2026, premium requests before.
        Sessions count on the day they started, in your time zone.
      </p>
    </main>
  );
}
