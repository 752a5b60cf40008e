/** Chart colours: Primer roles for outcomes (they follow light and dark), a categorical set for repositories. */
import type { Outcome } from '../../utils/sessions/usage';

export const OUTCOME_COLORS: Record<Outcome, string> = {
  ready: 'var(--as-success-fg)',
  live: 'var(--as-accent-fg)',
  idle: 'var(--as-chart-idle)',
  cancelled: 'var(--as-fg-muted)',
  'timed-out': 'var(--as-attention-fg)',
  failed: 'var(--as-danger-fg)',
};

/** `--as-series-0` … `--as-series-5` (usage.css); "other" repositories are grey. */
export function seriesColor(key: string, index: number): string {
  if (key === 'other' || key === 'none') return 'var(--as-fg-muted)';
  return `var(--as-series-${index % 6})`;
}
