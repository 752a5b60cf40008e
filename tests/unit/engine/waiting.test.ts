/** Issue 20 #3: what a waiting session waits for, from the agent's last PR comment since it started. */
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../utils/sessions/model';
import { agentQuestion } from '../../../utils/sessions/waiting';
import { cleanSession } from '../../../utils/text/sanitize';

const session = { createdAt: '2026-06-10T10:00:00Z', agent: { name: 'Copilot', slug: 'copilot-swe-agent' } };
const comment = (at: string, login: string, body: string, type = 'Bot') => ({
  event: 'commented',
  created_at: at,
  body,
  html_url: `https://github.com/o/r/pull/1#issuecomment-${Date.parse(at)}`,
  user: { login, type },
});

describe('agentQuestion', () => {
  it('picks the agent’s latest comment since the session started, with its https link', () => {
    const q = agentQuestion(
      [
        comment('2026-06-10T09:00:00Z', 'Copilot', 'Old question from an earlier session'),
        comment('2026-06-10T10:05:00Z', 'Copilot', 'First question'),
        comment('2026-06-10T10:20:00Z', 'Copilot', 'Should I mock the clock?'),
        comment('2026-06-10T10:30:00Z', 'octo-demo', 'A person’s comment', 'User'),
        { event: 'labeled', created_at: '2026-06-10T10:40:00Z' },
      ],
      session,
    );
    expect(q).toEqual({
      text: 'Should I mock the clock?',
      url: 'https://github.com/o/r/pull/1#issuecomment-1781086800000',
      at: '2026-06-10T10:20:00.000Z',
    });
  });
  it('nothing from the agent since it started: unknown (the views say a plain sentence)', () => {
    expect(agentQuestion([comment('2026-06-10T09:00:00Z', 'Copilot', 'Before')], session)).toBeNull();
    expect(agentQuestion([comment('2026-06-10T10:10:00Z', 'mallory', 'I am Copilot', 'User')], session)).toBeNull();
    expect(agentQuestion([], session)).toBeNull();
  });
  it('a third-party agent’s bot by its name; a link that is not https is dropped', () => {
    const q = agentQuestion(
      [{ ...comment('2026-06-10T10:10:00Z', 'codex[bot]', 'Which branch?'), html_url: 'javascript:alert(1)' }],
      { ...session, agent: { name: 'Codex', slug: 'openai-codex' } },
    );
    expect(q).toMatchObject({ text: 'Which branch?', url: null });
  });
  it('its text enters the state cleaned and capped, as text', () => {
    const s = cleanSession({
      id: 'x',
      title: 't',
      prompt: null,
      model: null,
      error: null,
      headRef: null,
      baseRef: null,
      agent: { slug: 'a', name: 'Copilot' },
      creator: { id: null, login: null },
      repo: null,
      pr: null,
      waitingFor: { text: `<img src=x onerror=alert(1)>\u202e\n${'a'.repeat(400)}`, url: 'http://evil', at: 'now' },
    } as unknown as Session);
    expect(s.waitingFor?.text.length).toBeLessThanOrEqual(280);
    expect(s.waitingFor?.text).not.toContain('\u202e');
    expect(s.waitingFor?.text).not.toContain('\n');
    expect(s.waitingFor?.url).toBeNull();
  });
});
