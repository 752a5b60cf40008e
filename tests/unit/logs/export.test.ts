import { describe, expect, it } from 'vitest';
import { parseActionsJobLog } from '../../../utils/logs/actions';
import { parseCopilotLog } from '../../../utils/logs/copilot-api';
import { entryText, entryTitle, toMarkdown, unifiedDiff } from '../../../utils/logs/export';
import type { ToolEntry } from '../../../utils/logs/types';
import { readFixture } from './helpers';

const api = parseCopilotLog(readFixture('session-log-2025-09.txt'));
const job = parseActionsJobLog(readFixture('copilot-job-2026-06.log'));

describe('entryText', () => {
  it('gives the plain text of a bash step: title, command, output', () => {
    const bash = api.entries.find((e): e is ToolEntry => e.kind === 'tool' && e.tool === 'bash');
    expect(bash && entryText(bash).split('\n').slice(0, 3)).toEqual([
      'Bash: Check current directory and list all files',
      '$ cd /home/runner/work/foo/foo && pwd && ls -la',
      '/home/runner/work/foo/foo',
    ]);
  });

  it('gives an edit as a unified diff and a turn as its metadata and tool rows', () => {
    const edit = api.entries.find((e): e is ToolEntry => e.kind === 'tool' && e.tool === 'str_replace');
    const text = edit ? entryText(edit) : '';
    expect(text).toContain('--- a/README.md\n+++ b/README.md');
    expect(text).toContain('+## OS Information Script');
    expect(edit?.diff && unifiedDiff(edit.diff)).toMatch(/^--- a\/README\.md/);
    const turn2 = job.entries.find((e) => e.kind === 'turn' && e.turn === 2);
    expect(turn2 && entryText(turn2).split('\n')).toEqual([
      'Turn 2 · gpt-5.4 · 20518 in / 186 out tokens · message 0 chars · 3 tool call(s)',
      'glob \u2014 * (ok)',
      'glob \u2014 .* (ok)',
      'bash \u2014 cd /home/runner/work/copilot-agents-lab-sandbox/copilot-agents-lab-sandbox && pwd && find . -maxdepth 2 -type f | sort (ok)',
    ]);
  });

  it('strips ANSI from step lines', () => {
    const step = job.entries.find((e) => e.kind === 'step' && e.title === 'Run set -euo pipefail');
    const text = step ? entryText(step) : '';
    expect(text).toContain('\nset -euo pipefail\n');
    expect(text).not.toContain('\u001b');
  });
});

describe('toMarkdown', () => {
  it('exports the header facts and every entry, in order', () => {
    const md = toMarkdown(api, {
      title: 'Add OS info script',
      state: 'completed',
      url: 'https://github.com/o/r/pull/1/agent-sessions/x',
    });
    expect(
      md.startsWith(
        '# Add OS info script\n\n- State: completed\n- Session: https://github.com/o/r/pull/1/agent-sessions/x\n- Model: Claude Sonnet 4\n',
      ),
    ).toBe(true);
    let at = 0;
    for (const e of api.entries) {
      const next = md.indexOf(`\n### ${entryTitle(e)}\n`, at);
      expect(next, entryTitle(e)).toBeGreaterThan(at);
      at = next;
    }
    expect(md).toContain('\n### View repository\n');
    expect(md).toContain('\n### Pull request: Add shell script to display comprehensive OS information\n');
    expect(md).toContain('```sh\n$ cd /home/runner/work/foo/foo && pwd && ls -la\n```');
  });

  it('fences output that itself contains fences with a longer fence', () => {
    const md = toMarkdown(api, { title: 't' });
    // The PR description contains ``` blocks; the exported summary keeps them inside its own text, and created
    // files / outputs with ``` get a longer fence.
    expect(md).toContain('Exit code: 0');
    const job2 = toMarkdown(job, { title: 'job' });
    expect(job2).toContain('- Session id: df23daeb-385c-448c-8d5e-ecbf9a46cc25');
    expect(job2).toContain('## Prompt');
  });
});
