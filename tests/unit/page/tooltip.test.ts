import { describe, expect, it } from 'vitest';
import { cleanText, sessionLabel, sessionTooltip } from '../../../utils/page/tooltip';
import { at, session } from './fake-client';

describe('tooltip text', () => {
  it('says model, times, usage in its unit and the error of failed sessions', () => {
    const s = session({
      id: 'x',
      state: 'failed',
      createdAt: at(0),
      completedAt: at(3),
      error: 'The agent ran out of time\nretry',
      usage: { unit: 'premium-requests', amount: 4 },
    });
    const t = sessionTooltip(s, Date.parse(at(10)));
    expect(t).toMatch(/^Copilot session · Failed/);
    expect(t).toContain('Model: claude-sonnet-4.5');
    expect(t).toContain('took 3m 00s');
    expect(t).toContain('Usage: 4 premium requests');
    expect(t).toContain('Error: The agent ran out of time retry');
    expect(sessionLabel(session({ id: 'y', createdAt: at(0) }), Date.parse(at(2)))).toBe(
      'Copilot session: In progress, 2m 00s',
    );
  });
  it('flattens control and bidi characters and caps length', () => {
    expect(cleanText('a\u202eb\u0007c\n\nd')).toBe('a[U+202E RLO]bc d');
    expect(cleanText('x'.repeat(500), 10)).toHaveLength(10);
  });
});
