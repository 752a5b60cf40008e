import { describe, expect, it } from 'vitest';
import { assignTextEvents } from '../../../utils/page/mapping';
import { at, session } from './fake-client';

describe('assignTextEvents', () => {
  const a = session({ id: 'a', createdAt: at(0) });
  const b = session({ id: 'b', createdAt: at(30), agent: { slug: 'codex', name: 'Codex' } });
  const c = session({ id: 'c', createdAt: at(60) });

  it('maps the n-th unlinked event to the n-th free session by time', () => {
    const events = [
      { time: null, agent: 'Copilot' },
      { time: null, agent: 'Copilot' },
    ];
    const m = assignTextEvents(events, [c, a, b], new Set(['b']));
    expect(events.map((e) => m.get(e)?.id)).toEqual(['a', 'c']);
  });

  it('prefers the nearest session in time (same agent) and leaves extra events unmapped', () => {
    const e1 = { time: Date.parse(at(31)), agent: 'Codex' };
    const e2 = { time: null, agent: 'Copilot' };
    const e3 = { time: null, agent: 'Copilot' };
    const e4 = { time: null, agent: 'Copilot' };
    const m = assignTextEvents([e2, e1, e3, e4], [a, b, c], new Set());
    expect(m.get(e1)?.id).toBe('b');
    expect(m.get(e2)?.id).toBe('a');
    expect(m.get(e3)?.id).toBe('c');
    expect(m.has(e4)).toBe(false);
  });
});
