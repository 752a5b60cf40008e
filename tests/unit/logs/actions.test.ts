import { describe, expect, it } from 'vitest';
import { parseActionsJobLog, splitTimestamp, stepTitle } from '../../../utils/logs/actions';
import type { StepEntry, ToolEntry, TurnEntry } from '../../../utils/logs/types';
import { label, readFixture } from './helpers';

const JOB = readFixture('copilot-job-2026-06.log');
const SYNTH = readFixture('actions-transcript-synthetic.log');

describe('parseActionsJobLog: the real June 2026 job log (golden)', () => {
  const parsed = parseActionsJobLog(JOB);
  const turns = parsed.entries.filter((e): e is TurnEntry => e.kind === 'turn');

  it('finds the trusted facts', () => {
    expect(parsed.format).toBe('actions-2026');
    expect(parsed.meta).toMatchObject({
      sessionId: 'df23daeb-385c-448c-8d5e-ecbf9a46cc25',
      branch: 'copilot/add-labs-readme-md',
      model: 'gpt-5.4',
      prTitle: 'Add labs README index scaffold',
      turns: 11,
    });
  });

  it('reads the prompt after "Problem statement (528 chars, source=job): ----" up to the next tagged line', () => {
    const prompt = parsed.meta.prompt ?? '';
    expect(prompt.startsWith('*This section details on the original issue you should resolve*\n\n<issue_title>')).toBe(
      true,
    );
    expect(prompt).toContain('- No other files should be modified</issue_description>');
    // The log itself cuts the 528-char prompt ("…sect..."): we keep what is there and nothing after it.
    expect(prompt.endsWith('## Comments on the Issue (you are @copilot in this sect...')).toBe(true);
    expect(prompt).not.toContain('[Engine SDK]');
    expect(prompt.length).toBeLessThanOrEqual(528);
    expect(parsed.entries.find((e) => e.kind === 'message')).toMatchObject({ role: 'user', markdown: prompt });
  });

  it('has the 11 session turns with token usage, then the PR-summary turn', () => {
    expect(turns.map((t) => t.turn)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(turns.slice(0, 11).map((t) => [t.inputTokens, t.outputTokens, t.messageChars, t.toolCallCount])).toEqual([
      [20010, 379, 0, 2],
      [20518, 186, 0, 3],
      [20838, 209, 255, 2],
      [21152, 354, 301, 2],
      [21632, 97, 0, 1],
      [21990, 441, 359, 1],
      [22474, 154, 0, 2],
      [22690, 245, 275, 1],
      [22963, 136, 0, 1],
      [23220, 279, 199, 3],
      [23778, 294, 549, 0],
    ]);
    expect(turns.every((t) => t.model === 'gpt-5.4')).toBe(true);
    for (const t of turns) expect(t.tools).toHaveLength(t.toolCallCount ?? -1);
  });

  it('has the tool rows (name, argument after the em dash, success)', () => {
    const rows = turns.flatMap((t) => t.tools.map((r) => [t.turn, r.name, r.arg?.slice(0, 24) ?? null, r.success]));
    expect(rows).toEqual([
      [1, 'report_intent', null, true],
      [1, 'report_progress', null, true],
      [2, 'glob', '*', true],
      [2, 'glob', '.*', true],
      [2, 'bash', 'cd /home/runner/work/cop', true],
      [3, 'view', '/home/runner/work/copilo', true],
      [3, 'bash', 'cd /home/runner/work/cop', true],
      [4, 'report_intent', null, true],
      [4, 'bash', 'cd /home/runner/work/cop', true],
      [5, 'github-mcp-server-issue_read', null, true],
      [6, 'apply_patch', null, true],
      [7, 'view', '/home/runner/work/copilo', true],
      [7, 'bash', 'cd /home/runner/work/cop', true],
      [8, 'runtime-tools-secret_scanning', null, true],
      [9, 'report_progress', null, true],
      [10, 'report_intent', null, true],
      [10, 'bash', 'cd /home/runner/work/cop', true],
      [10, 'parallel_validation', null, true],
    ]);
    expect(turns[2]?.tools[1]?.arg).toBe(
      'cd /home/runner/work/copilot-agents-lab-sandbox/copilot-agents-lab-sandbox && git status --short && git branch --show-cu\u2026',
    );
  });

  it('segments the job into readable steps and folds the launcher dump', () => {
    expect(parsed.entries.map((e) => [e.kind, label(e)])).toEqual([
      ['step', 'Set up job'],
      [
        'step',
        `Run NONCE=$(jq -r '.inputs.COPILOT_AGENT_INPUTS | fromjson | .COPILOT_JOB_NONCE' "$GITHUB_EVENT_PATH")`,
      ],
      ['step', 'Run set -euo pipefail'],
      ['step', 'Starting MCP servers'],
      ['step', 'Run MKCERT_CA_SRC="/opt/copilot-runtime/mkcert-ca"'],
      ['step', 'Processing Request'],
      ['step', 'Launcher and firewall setup'],
      ['step', 'Engine startup'],
      ['message', '*This section details on the original issue you should resol'],
      ['step', 'Engine startup'],
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => ['turn', `Turn ${n}`]),
      ['step', 'Output during turn 10'],
      ['turn', 'Turn 11'],
      ['step', 'Output after turn 11'],
      ['step', 'After the session'],
      ['turn', 'Turn 12'],
      ['summary', 'Add labs README index scaffold'],
      ['step', 'Output after turn 12'],
      ['step', 'Processing Request (end)'],
      ['step', 'Run rm -rf "/home/runner/work/_temp/runtime-logs/mkcert" 2>/dev/null || true'],
      ['step', 'Cleaning up'],
    ]);
    const launcher = parsed.entries[6] as StepEntry;
    expect(launcher.lines[0]).toBe('Processing requests...');
    expect(launcher.lines.length).toBeGreaterThan(600);
    expect((parsed.entries[0] as StepEntry).lines.at(-1)).toBe('Complete job name: copilot');
  });

  it('shows the failed `git show` stack trace inside its step, not as a session error', () => {
    expect(parsed.entries.filter((e) => e.kind === 'error')).toEqual([]);
    const out = parsed.entries.find((e): e is StepEntry => e.kind === 'step' && e.title === 'Output during turn 10');
    expect(out?.lines).toContain('Error: Command failed with exit code 128: git show REDACTED');
    expect(out?.lines).toContain('code_review completed in 8451ms (success)');
  });

  it('accounts for every line', () => {
    const lines = JOB.split('\n').filter((_, i, a) => i < a.length - 1 || a[i] !== '').length;
    expect(lines).toBe(1125);
    const s = parsed.stats;
    expect(s?.events).toBe(1125);
    expect((s?.produced ?? 0) + (s?.merged ?? 0) + (s?.ignored ?? 0) + (s?.skipped ?? 0)).toBe(1125);
    expect(parsed.skipped).toBe(0);
    // Lines kept in step entries + structured lines + ignored engine chatter = all lines.
    const kept = parsed.entries.reduce((n, e) => n + (e.kind === 'step' ? e.lines.length : 0), 0);
    // 989 lines shown in steps/folds; the other 136 are structured (turn events, prompt, PR) or engine chatter.
    expect(kept).toBe(989);
    expect(s?.ignored).toBe(52); // checkQuota / "MCP server … connected" / turn_end / session.idle
  });
});

describe('parseActionsJobLog: the older transcript format (synthetic fixture)', () => {
  const parsed = parseActionsJobLog(SYNTH);

  it('declares itself synthetic in its first line', () => {
    expect(SYNTH.split('\n')[0]).toMatch(/^# SYNTHETIC fixture .*session-logs\.md/);
  });

  it('reads messages, function blocks and tool invocations by indentation', () => {
    expect(parsed.format).toBe('actions-transcript');
    expect(parsed.meta.sessionId).toBe('0b6f1c2e-8d4a-4f3b-9c1e-2a7d5e9f4b10');
    expect(parsed.entries.map((e) => [e.kind, label(e)])).toEqual([
      ['step', 'Set up job'],
      ['step', 'Starting MCP servers'],
      ['step', 'Processing Request'],
      ['step', 'Launcher and firewall setup'],
      ['message', "I'll start by exploring the repository structure to understa"],
      ['tool', 'View repository'],
      ['tool', 'Bash: Run the tests'],
      ['message', 'The test fails because `range()` includes its upper bound.'],
      ['tool', 'Edit: src/range.ts'],
      ['reasoning', 'Thought'],
      ['progress', 'Progress update: Fix off-by-one in range()'],
      ['message', 'I fixed the off-by-one error in `range()`; the tests pass now'.slice(0, 60)],
      ['step', 'Processing Request (end)'],
      ['step', 'Cleaning up'],
    ]);
    const tools = parsed.entries.filter((e): e is ToolEntry => e.kind === 'tool');
    expect(tools[0]?.output).toBe('.github\nREADME.md\npackage.json\nsrc');
    expect(tools[1]).toMatchObject({
      command: 'cd /home/runner/work/demo/demo && npm test',
      status: 'failed',
      exitCode: 1,
    });
    expect(tools[1]?.output).toContain('\n\n FAIL  src/range.test.ts');
    expect(tools[2]?.diff).toEqual({
      path: 'src/range.ts',
      oldText: '  for (let i = start; i <= end; i++) {',
      newText: '  for (let i = start; i < end; i++) {',
    });
    const msg = parsed.entries[7];
    expect(msg?.kind === 'message' && msg.markdown).toBe(
      "The test fails because `range()` includes its upper bound.\nI'll fix the loop condition in `src/range.ts`.",
    );
    const progress = parsed.entries[10];
    expect(progress?.kind === 'progress' && progress.markdown).toBe(
      '- [x] Reproduce the failing test\n- [x] Exclude the upper bound in `range()`',
    );
    expect(parsed.stats?.events).toBe(SYNTH.trimEnd().split('\n').length);
  });
});

describe('helpers', () => {
  it('splits timestamps and titles steps', () => {
    expect(splitTimestamp('2026-06-26T12:24:44.0023641Z hello')).toEqual({
      time: Date.UTC(2026, 5, 26, 12, 24, 44, 2),
      text: 'hello',
    });
    expect(splitTimestamp('no timestamp')).toEqual({ time: null, text: 'no timestamp' });
    expect(stepTitle('echo "Processing requests..." && \\')).toBe('Processing Request');
    expect(stepTitle('echo "Cleaning up..." && \\')).toBe('Cleaning up');
    expect(stepTitle('set -euo pipefail')).toBe('Run set -euo pipefail');
  });

  it('reports ##[error] and engine errors outside the agent output as errors', () => {
    const log = [
      'Complete job name: copilot',
      '##[group]Run echo "Processing requests..." && \\',
      '\u001b[36;1mecho "Processing requests..." && \\\u001b[0m',
      '##[endgroup]',
      '::stop-commands::***',
      'Processing requests...',
      '[cca-engine] turn=1 assistant.turn_start',
      '[cca-engine] turn=1 session.error: model overloaded',
      '[cca-engine] Fatal: cannot continue',
      '::***::',
      '##[error]Process completed with exit code 1.',
    ]
      .map((l) => `2026-01-01T00:00:00.0000000Z ${l}`)
      .join('\n');
    const parsed = parseActionsJobLog(`\uFEFF${log}`);
    expect(parsed.entries.filter((e) => e.kind === 'error').map(label)).toEqual([
      'model overloaded',
      'Fatal: cannot continue',
      'Process completed with exit code 1.',
    ]);
  });
});

describe('reading a log in place (issue 15: the 10 MB parse)', () => {
  const agentLog = (eol: string, end = '') =>
    [
      'Complete job name: copilot',
      '##[group]Run echo "Processing requests..." && \\',
      'echo "Processing requests..." && \\',
      '##[endgroup]',
      '::stop-commands::***',
      '[cca-engine] turn=1 assistant.turn_start',
      '[cca-engine] turn=1 tool.execution_start: bash \u2014 ls',
      '[cca-engine] turn=1 tool.execution_start: bash \u2014 pwd',
      '[cca-engine] turn=1 tool.execution_start: view \u2014 README.md',
      '[cca-engine] turn=1 tool.execution_complete: bash success=false',
      '[cca-engine] turn=1 tool.execution_complete: view success=true',
      '[cca-engine] turn=1 tool.execution_complete: bash success=true',
      '[cca-engine] turn=1 tool.execution_complete: grep success=true',
      '::***::',
      'after the agent',
    ]
      .map((l, i) => `2026-01-01T00:00:0${i % 3}.${i}000000Z ${l}`)
      .join(eol) + end;

  it('gives the same entries for LF, CRLF, a final newline and a BOM', () => {
    const lf = parseActionsJobLog(agentLog('\n'));
    for (const variant of [
      agentLog('\r\n'),
      agentLog('\n', '\n'),
      agentLog('\r\n', '\r\n'),
      `\uFEFF${agentLog('\n')}`,
    ]) {
      expect(parseActionsJobLog(variant).entries).toEqual(lf.entries);
    }
    expect(lf.stats?.events).toBe(15);
  });

  it('completes the oldest open row of a tool, per name, and keeps a completion without a start', () => {
    const parsed = parseActionsJobLog(agentLog('\n'));
    const turn = parsed.entries.find((e): e is TurnEntry => e.kind === 'turn');
    expect(turn?.tools).toEqual([
      { name: 'bash', arg: 'ls', success: false },
      { name: 'bash', arg: 'pwd', success: true },
      { name: 'view', arg: 'README.md', success: true },
      { name: 'grep', arg: null, success: true },
    ]);
  });

  it('ends the agent step at its resume line, the last one, CRLF or not', () => {
    for (const eol of ['\n', '\r\n']) {
      const parsed = parseActionsJobLog(agentLog(eol));
      const steps = parsed.entries.filter((e): e is StepEntry => e.kind === 'step');
      expect(steps.at(-1)?.title).toBe('Processing Request (end)');
      expect(steps.at(-1)?.lines).toEqual(['::***::']);
    }
  });

  it('reads timestamps with any fraction, and leaves malformed ones in the text', () => {
    expect(splitTimestamp('2026-06-26T12:24:44Z a').time).toBe(Date.UTC(2026, 5, 26, 12, 24, 44));
    expect(splitTimestamp('2026-06-26T12:24:44.5Z b')).toEqual({
      time: Date.UTC(2026, 5, 26, 12, 24, 44, 500),
      text: 'b',
    });
    expect(splitTimestamp('2026-06-26T12:24:44.12a4Z c')).toEqual({ time: null, text: '2026-06-26T12:24:44.12a4Z c' });
    expect(splitTimestamp('2026-06-26T12:24:44.0023641Zd')).toEqual({
      time: Date.UTC(2026, 5, 26, 12, 24, 44, 2),
      text: 'd',
    });
    expect(splitTimestamp('2026-06-26T12:24:44.0023641Z')).toEqual({
      time: Date.UTC(2026, 5, 26, 12, 24, 44, 2),
      text: '',
    });
    const far = `2026-06-26T12:24:44.${'0'.repeat(30)}Z e`;
    expect(splitTimestamp(far)).toEqual({ time: null, text: far });
  });
});
