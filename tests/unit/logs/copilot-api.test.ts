import { describe, expect, it } from 'vitest';
import { createCopilotLogParser, normalizeTime, parseCopilotLog } from '../../../utils/logs/copilot-api';
import type { LogEntry, ToolEntry } from '../../../utils/logs/types';
import { label, readFixture } from './helpers';

const LOG = readFixture('session-log-2025-09.txt');

/** The GitHub CLI's rendering of this log (cli/cli testdata/log-1-want.txt), headings in order. */
const CLI_HEADINGS = [
  "Start 'github-mcp-server' MCP server",
  "Start 'playwright' MCP server",
  'View repository',
  'Bash: Check current directory and list all files',
  'View .github',
  'View README.md',
  'Bash: Check if there are any existing scripts or build files',
  'View .github/workflows',
  'Thought',
  'Progress update: Initial plan: Add shell script to print OS information',
  'Create: os_info.sh',
  'Bash: Make script executable and test it',
  'Edit: README.md',
  'Bash: Check file permissions and final status',
  'View README.md',
  'Bash: Final test of the script',
  'Progress update: Add os_info.sh shell script to display OS information',
  'Run CodeQL analysis',
];

describe('parseCopilotLog: the real September 2025 log (golden)', () => {
  const parsed = parseCopilotLog(LOG);

  it('produces the full ordered list of (kind, title)', () => {
    expect(parsed.entries.map((e) => [e.kind, label(e)])).toEqual([
      ['setup', "Start 'github-mcp-server' MCP server"],
      ['setup', "Start 'playwright' MCP server"],
      ['message', "I'll help you implement a shell script to print OS informati"],
      ['tool', 'View repository'],
      ['tool', 'Bash: Check current directory and list all files'],
      ['message', 'Let me check the README and any existing workflow files to u'],
      ['tool', 'View README.md'],
      ['tool', 'View .github'],
      ['tool', 'View .github/workflows'],
      ['tool', 'Bash: Check if there are any existing scripts or build files'],
      ['reasoning', 'Thought'],
      ['message', 'Now let me report my plan and create the shell script:'],
      ['progress', 'Progress update: Initial plan: Add shell script to print OS information'],
      ['message', 'Now let me create the shell script with comprehensive OS inf'],
      ['tool', 'Create: os_info.sh'],
      ['message', 'Now let me make the script executable and test it:'],
      ['tool', 'Bash: Make script executable and test it'],
      ['message', 'Great! The script works perfectly. Now let me update the REA'],
      ['tool', 'Edit: README.md'],
      ['message', 'Let me verify the changes look good:'],
      ['tool', 'View README.md'],
      ['tool', 'Bash: Check file permissions and final status'],
      ['message', 'Perfect! Let me test the script one more time to make sure e'],
      ['tool', 'Bash: Final test of the script'],
      ['message', 'Excellent! Now let me commit all the changes:'],
      ['progress', 'Progress update: Add os_info.sh shell script to display OS information'],
      ['message', 'Perfect! I have successfully implemented the shell script to'],
      ['tool', 'Run CodeQL analysis'],
      ['message', 'Excellent! The security analysis shows no vulnerabilities. '],
      ['summary', 'Add shell script to display comprehensive OS information'],
    ]);
  });

  it('accounts for every one of the 32 events: 16 created entries, 16 merged tool results, none skipped', () => {
    const dataLines = LOG.split('\n').filter((l) => l.startsWith('data: ')).length;
    expect(dataLines).toBe(32);
    expect(parsed.stats).toEqual({ events: 32, produced: 16, merged: 16, ignored: 0, skipped: 0 });
    expect(parsed.skipped).toBe(0);
    // Every tool call was finished exactly once: no entry is still "requested".
    const tools = parsed.entries.filter((e): e is ToolEntry => e.kind === 'tool');
    expect(tools).toHaveLength(13); // + 2 setup, 1 think, 2 report_progress = the 18 calls the CLI renders
    expect(tools.every((t) => t.status === 'done' && t.output !== null)).toBe(true);
    expect(new Set(parsed.entries.map((e) => e.id)).size).toBe(parsed.entries.length);
  });

  it('finds the facts listed in the fixture README', () => {
    expect(parsed.meta.model).toBe('Claude Sonnet 4');
    expect(parsed.meta.prTitle).toBe('Add shell script to display comprehensive OS information');
    expect(parsed.meta.branch).toBe('copilot/add-os-information-shell-script-3');
    expect(parsed.meta.sessionId).toBeNull(); // never taken from a Copilot API log
    const setups = parsed.entries.filter((e) => e.kind === 'setup');
    expect(setups).toHaveLength(2);
    expect(setups[0]?.kind === 'setup' && setups[0].output).toMatch(/^MCP server started successfully/);
    const plan = parsed.entries.find((e) => e.kind === 'progress');
    expect(plan?.kind === 'progress' && plan.markdown).toContain('- [ ] Create shell script `os_info.sh`');
    expect(plan?.kind === 'progress' && plan.output).toContain('Progress reported successfully.');
    const thought = parsed.entries.find((e) => e.kind === 'reasoning');
    expect(thought?.kind === 'reasoning' && thought.text).toMatch(/^Looking at the repository structure/);
    const create = parsed.entries.find((e): e is ToolEntry => e.kind === 'tool' && e.tool === 'create');
    expect(create?.file?.path).toBe('os_info.sh');
    expect(create?.file?.text).toMatch(/^#!\/bin\/bash\n/);
    const edit = parsed.entries.find((e): e is ToolEntry => e.kind === 'tool' && e.tool === 'str_replace');
    expect(edit?.diff).toMatchObject({ path: 'README.md', oldText: '# foo' });
    expect(edit?.diff?.newText).toContain('## OS Information Script');
    const summary = parsed.entries.at(-1);
    expect(summary?.kind === 'summary' && summary.markdown).toMatch(/^This PR adds a new shell script `os_info.sh`/);
    expect(summary?.kind === 'summary' && summary.markdown).not.toContain('<pr_description>');
  });

  it('renders the opening like the GitHub CLI: view of the root, bash with command, output and exit code', () => {
    const [view, bash] = parsed.entries.filter((e): e is ToolEntry => e.kind === 'tool');
    expect(view?.title).toBe('View repository');
    expect(view?.output).toBe('.git\n.github\nREADME.md');
    expect(bash?.title).toBe('Bash: Check current directory and list all files');
    expect(bash?.command).toBe('cd /home/runner/work/foo/foo && pwd && ls -la');
    expect(bash?.output).toMatch(/^\/home\/runner\/work\/foo\/foo\ntotal 20\n/);
    expect(bash?.exitCode).toBe(0);
    expect(bash?.time).toBe(1757413049000); // created in seconds → ms
    expect(parsed.entries[0]?.time).toBe(1757413024352); // created in ms stays
  });

  it('reports tool completions in the order the GitHub CLI renders them', () => {
    const p = createCopilotLogParser();
    const order: string[] = [];
    const titleOf = (e: LogEntry): string | null =>
      e.kind === 'reasoning'
        ? 'Thought'
        : e.kind === 'tool' || e.kind === 'progress' || e.kind === 'setup'
          ? e.title
          : null;
    for (const line of LOG.split(/(?<=\n)/)) {
      const { added, updated } = p.push(line);
      for (const e of added) if (e.kind === 'setup' && e.output) order.push(e.title);
      for (const e of updated) order.push(titleOf(e) ?? e.kind);
    }
    p.end();
    // A finished think call repeats the thought: the entry is unchanged, so compare the rest in order.
    expect(order.filter((t) => t !== 'Thought')).toEqual(CLI_HEADINGS.filter((t) => t !== 'Thought'));
  });
});

describe('createCopilotLogParser: live behaviour', () => {
  it('keeps a partial last line for the next push and reports a finished call as an update of the same id', () => {
    const p = createCopilotLogParser();
    const req =
      'data: {"id":"a","created":1757413049,"model":"","object":"chat.completion.chunk","choices":[{"delta":{"role":"assistant","tool_calls":[{"id":"c1","type":"function","index":0,"function":{"name":"bash","arguments":"{\\"command\\":\\"npm test\\",\\"description\\":\\"Run tests\\"}"}}]},"finish_reason":"tool_calls"}]}\n\n';
    const done =
      'data: {"id":"a","created":"1757413052000","model":"gpt-5","object":"chat.completion.chunk","choices":[{"delta":{"content":"FAIL\\n<exited with exit code 1>","tool_calls":[{"id":"c1","type":"function","index":0,"function":{"name":"bash","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}\n\n';
    const cut = 40;
    expect(p.push(req.slice(0, cut))).toEqual({ added: [], updated: [] });
    const r1 = p.push(req.slice(cut));
    expect(r1.added).toHaveLength(1);
    expect(r1.added[0]).toMatchObject({ id: 'c1', kind: 'tool', status: 'requested', title: 'Bash: Run tests' });
    const r2 = p.push(done);
    expect(r2.added).toEqual([]);
    expect(r2.updated).toHaveLength(1);
    expect(r2.updated[0]).toMatchObject({ id: 'c1', status: 'failed', exitCode: 1, command: 'npm test' });
    expect(p.meta.model).toBe('gpt-5');
    p.end();
    expect(p.snapshot().entries).toHaveLength(1);
    expect(p.stats).toEqual({ events: 2, produced: 1, merged: 1, ignored: 0, skipped: 0 });
  });

  it('salvages path/command from truncated arguments and keeps the raw text', () => {
    const line = `data: ${JSON.stringify({
      id: 'x',
      object: 'chat.completion.chunk',
      choices: [
        {
          delta: {
            tool_calls: [
              { id: 't', function: { name: 'bash', arguments: '{"command":"ls -la /home/runner/work/r/r/sr' } },
            ],
          },
        },
      ],
    })}\n`;
    const parsed = parseCopilotLog(line);
    const tool = parsed.entries[0] as ToolEntry;
    expect(tool.args).toBeNull();
    expect(tool.rawArgs).toBe('{"command":"ls -la /home/runner/work/r/r/sr');
    expect(tool.command).toBe('ls -la /home/runner/work/r/r/sr');
    expect(tool.title).toBe('Run Bash command');
  });

  it('handles the other shapes and skips and counts unknown ones', () => {
    const lines = [
      { error: { code: 'rate_limited', message: 'Too many requests' } },
      { role: 'user', content: 'Please also update the docs' },
      { copilot_usage: { total_nano_aiu: 5 } },
      { something: 'else' },
      { id: 'm', agentId: 'sub-1', choices: [{ delta: { role: 'assistant', content: 'From a sub-agent' } }] },
      { id: 'r', choices: [{ delta: { reasoning_text: 'Thinking about it' } }] },
      {
        id: 'e',
        choices: [
          { delta: { role: 'assistant', content: '<error>Session failed: timeout</error>' }, finish_reason: 'stop' },
        ],
      },
      { id: 'w', warning: 'Approaching the token limit' },
      {
        id: 'q',
        choices: [
          {
            delta: {
              role: 'assistant',
              tool_calls: [
                { id: 'k', function: { name: 'github-mcp-server-get_issue', arguments: '{"issue_number":1}' } },
              ],
            },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'k', content: '{"title":"Bug"}' },
    ]
      .map((o) => `data: ${JSON.stringify(o)}`)
      .concat(['data: {not json', 'garbage line', 'data: [DONE]'])
      .join('\n\n');
    const parsed = parseCopilotLog(lines);
    expect(parsed.entries.map((e) => [e.kind, label(e)])).toEqual([
      ['error', 'rate_limited: Too many requests'],
      ['message', 'Please also update the docs'],
      ['message', 'From a sub-agent'],
      ['reasoning', 'Thought'],
      ['error', 'Session failed: timeout'],
      ['step', 'Warning: Approaching the token limit'],
      ['tool', 'Get issue from GitHub'],
    ]);
    expect(parsed.entries[1]).toMatchObject({ role: 'user' });
    expect(parsed.entries[2]).toMatchObject({ agentId: 'sub-1' });
    expect(parsed.entries[6]).toMatchObject({ status: 'done', output: '{"title":"Bug"}' });
    expect(parsed.skipped).toBe(3); // {something}, broken JSON, garbage line
    expect(parsed.stats).toEqual({ events: 13, produced: 7, merged: 1, ignored: 2, skipped: 3 });
  });
});

describe('normalizeTime', () => {
  it('reads seconds, milliseconds, microseconds and strings', () => {
    expect(normalizeTime(1757413049)).toBe(1757413049000);
    expect(normalizeTime(1757413024352)).toBe(1757413024352);
    expect(normalizeTime(1757413024352000)).toBe(1757413024352);
    expect(normalizeTime('1757413049')).toBe(1757413049000);
    expect(normalizeTime('2025-09-09T10:17:04Z')).toBe(Date.UTC(2025, 8, 9, 10, 17, 4));
    expect(normalizeTime('soon')).toBeNull();
    expect(normalizeTime(null)).toBeNull();
    expect(normalizeTime(-5)).toBeNull();
  });
});
