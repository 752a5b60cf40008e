/**
 * The twin's generated Actions job log (sessions without a recorded one): written in the real 2026 engine format
 * from the session's own events, so the drawer shows a finished session's whole log with the Copilot API refused.
 */
import { describe, expect, it } from 'vitest';
import { parseActionsJobLog } from '../../../utils/logs/actions';
import type { TurnEntry } from '../../../utils/logs/types';
import { generatedJobLog, turnsOf } from '../../twin/job-log';
import { readFixture, splitLogEvents } from '../../twin/world';

const EVENTS = splitLogEvents(readFixture('fixtures/logs/session-log-2025-09.txt'));
const T0 = Date.UTC(2026, 5, 26, 12, 0, 0);
const input = {
  sessionId: '5e1f0a42-1111-4a11-9a11-000000000001',
  prompt: 'Add a dark mode toggle.\nFollow the system theme.',
  model: 'claude-sonnet-4.5',
  events: EVENTS,
  prTitle: 'Add dark mode toggle',
  startedAt: T0,
  endedAt: T0 + 18 * 60_000,
  failed: false,
};

describe('generatedJobLog', () => {
  const text = generatedJobLog(input);
  const parsed = parseActionsJobLog(text);
  const turns = parsed.entries.filter((e): e is TurnEntry => e.kind === 'turn');

  it('reads as the 2026 format with the session id, prompt, model, PR title and turn count', () => {
    expect(parsed.format).toBe('actions-2026');
    expect(parsed.meta).toMatchObject({
      sessionId: input.sessionId,
      model: input.model,
      prompt: input.prompt,
      prTitle: input.prTitle,
      turns: turnsOf(EVENTS).length,
    });
    expect(turns.length).toBe(turnsOf(EVENTS).length);
    expect(turns.length).toBeGreaterThan(5);
  });

  it('has each turn’s tools with their argument, all finished, none left running', () => {
    const tools = turns.flatMap((t) => t.tools);
    expect(tools.length).toBeGreaterThan(5);
    expect(tools.some((t) => t.name === 'view' && t.arg?.includes('/home/runner/work/foo/foo'))).toBe(true);
    expect(tools.filter((t) => t.success === null)).toEqual([]);
  });

  it('a call logged only with its result was still started by its turn (start, then completion)', () => {
    const ev = (delta: unknown) => `data: ${JSON.stringify({ choices: [{ delta }] })}\n\n`;
    const turns = turnsOf([
      ev({ content: 'Looking at the repository.' }),
      ev({ content: 'file list', tool_calls: [{ function: { name: 'view', arguments: '{"path":"/src"}' } }] }),
    ]);
    expect(turns).toEqual([
      { chars: 26, starts: [{ name: 'view', arg: '/src' }], completes: [{ name: 'view', ok: true }] },
    ]);
  });

  it('carries metadata only, like the real log: no message text, no tool output', () => {
    expect(text).not.toContain('I\u2019ll help you');
    expect(text).not.toContain("I'll help you");
    expect(text).not.toContain('MCP server started successfully');
  });

  it('is the same text for the same input, and a failed run ends with the runner’s error and no PR line', () => {
    expect(generatedJobLog(input)).toBe(text);
    const failed = generatedJobLog({ ...input, failed: true });
    expect(failed).toContain('##[error]Process completed with exit code 1.');
    expect(failed).not.toContain('PR: "');
    expect(parseActionsJobLog(failed).entries.some((e) => e.kind === 'error')).toBe(true);
  });
});
