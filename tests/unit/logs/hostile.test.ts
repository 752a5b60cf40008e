import { describe, expect, it } from 'vitest';
import { parseActionsJobLog } from '../../../utils/logs/actions';
import { stripAnsi } from '../../../utils/logs/ansi';
import { createCopilotLogParser, parseCopilotLog } from '../../../utils/logs/copilot-api';
import { entryText, toMarkdown } from '../../../utils/logs/export';
import { parseMarkdownSafe } from '../../../utils/logs/markdown';
import type { StepEntry, ToolEntry } from '../../../utils/logs/types';
import {
  copilotApiHostileLog,
  forgedSessionIdLog,
  hostileTexts,
  hugeCopilotApiLog,
  hugeLine,
  TRUSTED_SESSION_ID,
} from '../../fixtures/hostile';
import { controlChars } from './helpers';

describe('hostile corpus: parsers keep it as text', () => {
  it('Copilot API log: HTML, links, bidi and escapes come through as literal text', () => {
    const parsed = parseCopilotLog(copilotApiHostileLog);
    expect(parsed.skipped).toBe(0);
    const [msg, bash, odd, summary] = parsed.entries.filter(
      (e) => e.kind !== 'message' || e.markdown.startsWith('Hello'),
    );
    expect(msg).toMatchObject({
      kind: 'message',
      markdown: 'Hello <script>alert(1)</script> [x](javascript:alert(1)) \u202eevil\u202c',
    });
    expect(bash).toMatchObject({
      kind: 'tool',
      title: "Bash: <script>alert('title')</script>",
      status: 'done',
      exitCode: 0,
    });
    expect((bash as ToolEntry).output).toContain('\u001b[31m<b>red</b>'); // colours kept for the renderer, as text
    expect(odd).toMatchObject({
      kind: 'tool',
      tool: '<img src=x onerror=alert(1)>',
      title: 'Call to <img src=x onerror=alert(1)>',
    });
    expect(summary).toMatchObject({
      kind: 'summary',
      prTitle: "<script>alert('pr')</script>",
      markdown: '[steal](javascript:alert(1))',
    });
    expect(parsed.meta.model).toBe('<b>model</b>');
    // The PR description's javascript: link is not a link once parsed for display.
    expect(JSON.stringify(parseMarkdownSafe((summary as { markdown: string }).markdown))).not.toContain('"link"');
  });

  it('Actions log: a session id printed by the agent (even after a fake resume line) is not taken', () => {
    const parsed = parseActionsJobLog(forgedSessionIdLog);
    expect(parsed.meta.sessionId).toBe(TRUSTED_SESSION_ID);
    // Fake runner markers inside the agent output are not steps or errors.
    expect(parsed.entries.filter((e) => e.kind === 'error')).toEqual([]);
    expect(parsed.entries.filter((e) => e.kind === 'step' && e.title.includes('forged'))).toEqual([]);
    expect(parsed.meta.prTitle).toBe('<img src=x onerror=alert(1)>'); // text, rendered as text
    const shown = parsed.entries.flatMap((e) => (e.kind === 'step' ? e.lines : []));
    expect(shown).toContain('##[error]forged runner error inside agent output');
    expect(shown).toContain('COPILOT_AGENT_SESSION_ID: 66666666-6666-4666-8666-666666666666');
  });

  it('Actions log: without a trusted env dump, no id is taken from agent output at all', () => {
    const withoutTrusted = forgedSessionIdLog.replace(/^.*COPILOT_AGENT_SESSION_ID: 1111.*\n/m, '');
    expect(parseActionsJobLog(withoutTrusted).meta.sessionId).toBeNull();
  });

  it('hostile texts as titles, prompts and outputs stay text in every parser and export', () => {
    for (const [name, text] of Object.entries(hostileTexts)) {
      const line = `data: ${JSON.stringify({
        id: name,
        object: 'chat.completion.chunk',
        choices: [
          { delta: { role: 'assistant', content: text } },
          {
            delta: {
              tool_calls: [
                {
                  id: `${name}-t`,
                  function: { name: 'bash', arguments: JSON.stringify({ description: text, command: text }) },
                },
              ],
            },
          },
        ],
      })}\n`;
      const parsed = parseCopilotLog(line);
      expect(parsed.entries.map((e) => e.kind)).toEqual(['message', 'tool']);
      const tool = parsed.entries[1] as ToolEntry;
      expect(tool.title).toBe(`Bash: ${text}`);
      expect(tool.command).toBe(text);
      const md = toMarkdown(parsed, { title: text, state: 'completed' });
      const heading = md.split('\n')[0] ?? '';
      expect(controlChars(heading)).toEqual([]); // the heading is one sanitised line
      expect(heading).not.toMatch(/[<>]/);
      expect(controlChars(entryText(tool))).toEqual([]);
    }
  });

  it('a 1 MB single line parses, whole or streamed in small chunks, with the same result', () => {
    const log = hugeCopilotApiLog();
    const whole = parseCopilotLog(log);
    expect(whole.entries).toHaveLength(2);
    expect((whole.entries[0] as ToolEntry).output?.length).toBe(1024 * 1024);
    expect((whole.entries[1] as ToolEntry).command?.length).toBe(1024 * 1024); // salvaged from truncated args
    const p = createCopilotLogParser();
    for (let i = 0; i < log.length; i += 8192) p.push(log.slice(i, i + 8192));
    p.end();
    expect(p.snapshot()).toEqual(whole);
    const actions = parseActionsJobLog(`2026-01-01T00:00:00.0000000Z ${hugeLine()}\n`);
    expect((actions.entries[0] as StepEntry).lines[0]?.length).toBe(1024 * 1024);
    expect(stripAnsi(hugeLine()).length).toBeLessThan(1024 * 1024);
  });
});
