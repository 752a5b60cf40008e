/**
 * The log shapes real users meet (../../../../shared/reference/real-github-2026.md §5), one fixture each, with what a
 * reader must see: the older Actions transcript format (unindented continuation lines, blank lines between items,
 * `server/tool` answered by a `server-tool` block, a generic tool's arguments beside its output) and a Copilot API log
 * with broken tool calls (arguments that are not JSON, calls that never finish, unknown tools, an unreadable call).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayText, toolArgsText, toolStatusLabel } from '../../../components/log/model';
import { LogFeed } from '../../../entrypoints/drawer/feed';
import { mcpName, parseActionsJobLog } from '../../../utils/logs/actions';
import { createCopilotLogParser, parseCopilotLog } from '../../../utils/logs/copilot-api';
import { toMarkdown } from '../../../utils/logs/export';
import type { LogEntry, ToolEntry } from '../../../utils/logs/types';
import type { LogChunk } from '../../../utils/model/log';
import { label, readFixture } from './helpers';

const OLDER = readFixture('actions-transcript-older.log');
const MALFORMED = readFixture('copilot-api-malformed.txt');

const tools = (entries: LogEntry[]): ToolEntry[] => entries.filter((e): e is ToolEntry => e.kind === 'tool');
const byTool = (entries: LogEntry[], name: string): ToolEntry[] => tools(entries).filter((e) => e.tool === name);

describe('older transcript format (actions-transcript-older.log)', () => {
  const parsed = parseActionsJobLog(OLDER);
  const agent = parsed.entries.filter((e) => e.kind !== 'step');

  it('reads as the older format with the trusted session id', () => {
    expect(parsed.format).toBe('actions-transcript');
    expect(parsed.meta.sessionId).toBe('7c1d9e40-52ab-4f8e-9d31-6b0e2a4c8f57');
    expect(parsed.skipped).toBe(0);
  });

  it('keeps unindented continuation lines in their message, blank lines inside as paragraph breaks', () => {
    const messages = parsed.entries.filter((e) => e.kind === 'message');
    expect(messages.map((m) => (m.kind === 'message' ? m.markdown : ''))).toEqual([
      "I'll look at the failing workflow run first.\nThis repository builds with `make`, so the job log should say which target broke.\n\nLet me fetch the run and its job logs.",
      "The job id was wrong.\nI'll list the jobs of run 4242 instead.",
      'The run was cut off before the tests finished.',
    ]);
  });

  it('makes no entry of a blank line (no empty one-line steps)', () => {
    for (const e of parsed.entries) {
      if (e.kind === 'step') expect(e.lines.some((l) => l.trim() !== '')).toBe(true);
    }
    expect(agent.map(label)).toEqual([
      "I'll look at the failing workflow run first.",
      'GitHub: actions get',
      'Get GitHub Actions job logs',
      'The job id was wrong.',
      'List GitHub Actions workflow jobs',
      'Bash: Run the tests',
      'The run was cut off before the tests finished.',
    ]);
  });

  it('joins `server/tool` and its `server-tool` answer into one finished entry', () => {
    expect(mcpName('github-mcp-server/actions_get')).toBe('github-mcp-server-actions_get');
    expect(mcpName('bash')).toBe('bash');
    const get = byTool(parsed.entries, 'github-mcp-server-actions_get');
    expect(get).toHaveLength(1);
    expect(get[0]?.status).toBe('done');
    expect(get[0]?.output).toContain('"conclusion":"failure"');
    expect(get[0]?.args).toMatchObject({ method: 'get_workflow_run', resource_id: '4242' });
    expect(tools(parsed.entries).filter((t) => t.status === 'requested')).toEqual([]);
  });

  it("shows a generic tool's arguments with its output (they explain its failure)", () => {
    const logs = byTool(parsed.entries, 'github-mcp-server-get_job_logs')[0];
    expect(logs).toBeDefined();
    if (!logs) return;
    expect(toolArgsText(logs)).toBe('owner: octo-demo\nrepo: widgets\njob_id: 999\nfailed_only: true');
    expect(logs.output).toContain('404 Not Found');
    const text = displayText(logs);
    expect(text.indexOf('job_id: 999')).toBeGreaterThan(-1);
    expect(text.indexOf('job_id: 999')).toBeLessThan(text.indexOf('404 Not Found'));
  });

  it('marks a call invoked and never answered before the step ended as unfinished, not running', () => {
    const bash = byTool(parsed.entries, 'bash');
    expect(bash).toHaveLength(1);
    expect(bash[0]?.status).toBe('unfinished');
    expect(bash[0]?.command).toBe('make test');
    if (bash[0]) expect(toolStatusLabel(bash[0])).toBe('did not finish');
  });
});

describe('Copilot API log with broken tool calls (copilot-api-malformed.txt)', () => {
  const parsed = parseCopilotLog(MALFORMED);
  const all = tools(parsed.entries);
  const get = (id: string) => all.find((t) => t.id === id);

  it('drops nothing: every call and every answer has an entry', () => {
    expect(all.map((t) => t.id)).toEqual([
      'toolu_bad_json',
      'toolu_unknown',
      'toolu_unknown_ok',
      'toolu_never',
      'toolu_never_view',
      'chatcmpl-m10:0:call0',
      'toolu_orphan',
    ]);
    expect(parsed.skipped).toBe(0);
  });

  it('never shows a call as done with empty content', () => {
    for (const t of all) if (t.status === 'done') expect((t.output ?? '').trim()).not.toBe('');
  });

  it('shows arguments that are not JSON as failed, with the raw input', () => {
    const bad = get('toolu_bad_json');
    expect(bad?.status).toBe('failed');
    expect(bad?.args).toBeNull();
    if (bad) expect(toolArgsText(bad)).toBe('{"command": "cat build.sh", "description": "Show the build scr');
  });

  it('shows calls that never finish as unfinished once the log is complete, running while it grows', () => {
    expect(get('toolu_never')?.status).toBe('unfinished');
    expect(get('toolu_never_view')?.status).toBe('unfinished');
    const live = createCopilotLogParser();
    live.push(MALFORMED);
    expect(tools(live.snapshot().entries).find((t) => t.id === 'toolu_never')?.status).toBe('requested');
  });

  it('shows unknown tools with their input: an empty answer is not done, a real answer is', () => {
    const unknown = get('toolu_unknown');
    expect(unknown?.status).toBe('unfinished');
    if (unknown) expect(toolArgsText(unknown)).toBe('level: 3\ndry_run: true');
    const ok = get('toolu_unknown_ok');
    expect(ok?.status).toBe('done');
    expect(ok?.output).toBe('indexed 12 files');
    if (ok) expect(displayText(ok)).toContain('scope: src');
  });

  it('keeps an unreadable call and an answer to an unknown call, as failed', () => {
    expect(get('chatcmpl-m10:0:call0')).toMatchObject({ status: 'failed', rawArgs: '"not-an-object"' });
    expect(get('toolu_orphan')).toMatchObject({ status: 'failed' });
  });

  it('says so in the Markdown export', () => {
    const md = toMarkdown(parsed, { title: 't' });
    expect(md).toContain('Status: did not finish');
    expect(md).toContain('Status: failed');
  });
});

/** Split text at random boundaries. */
const chunked = (text: string): fc.Arbitrary<string[]> =>
  fc.uniqueArray(fc.nat({ max: text.length }), { maxLength: 25 }).map((cuts) => {
    const sorted = [0, ...cuts.sort((a, b) => a - b), text.length];
    const parts: string[] = [];
    for (let i = 1; i < sorted.length; i++) parts.push(text.slice(sorted[i - 1], sorted[i]));
    return parts;
  });

describe('a whole parse equals a parse fed in random chunks', () => {
  it('Copilot API parser, broken calls', () => {
    const whole = parseCopilotLog(MALFORMED);
    fc.assert(
      fc.property(chunked(MALFORMED), (chunks) => {
        const p = createCopilotLogParser();
        for (const c of chunks) p.push(c);
        p.end();
        expect(p.snapshot()).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });

  it('the drawer feed on an Actions job log (older format) delivered in random chunks', async () => {
    const whole = parseActionsJobLog(OLDER).entries;
    await fc.assert(
      fc.asyncProperty(chunked(OLDER), async (chunks) => {
        let offset = 0;
        const feed = new LogFeed('s', async () => {
          throw new Error('unused');
        });
        for (let i = 0; i < chunks.length; i++) {
          const text = chunks[i] ?? '';
          const chunk: LogChunk = {
            sessionId: 's',
            source: 'actions-log',
            text,
            offset,
            reset: false,
            complete: i === chunks.length - 1,
            error: null,
            runUrl: null,
          };
          expect(feed.apply(chunk)).toBe(true);
          offset += text.length;
        }
        expect(feed.model.entries).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});
