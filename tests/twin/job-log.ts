/**
 * The Actions job log of a session that has no recorded one, written from the session's own log events (the Copilot
 * API events the twin serves) in the 2026 engine format of the real log (tests/fixtures/logs/copilot-job-2026-06.log,
 * docs/fidelity.md "Actions job log"): the runner's setup lines, the `Processing requests` step with the problem
 * statement, one `[cca-engine] turn=N …` block per assistant turn (usage, message size and tool-call count, each
 * tool's start with its argument after an em dash and its completion), `PR: "<title>"` when the session has a PR,
 * `Main session complete after N turns`, then the clean-up step. Like the real log it carries metadata only: no
 * message text and no tool output. Pure: the same session and times give the same text.
 */

import { argsOf, deltasOf } from './log-events';

const EM_DASH = ' \u2014 ';

interface Turn {
  chars: number;
  starts: Array<{ name: string; arg: string }>;
  completes: Array<{ name: string; ok: boolean }>;
}

/** What one tool call's argument reads as in the engine's line (the real log: a command, a path, a pattern). */
function argSummary(raw: unknown): string {
  const args = argsOf(raw) ?? {};
  for (const key of ['command', 'path', 'pattern', 'query', 'url', 'description', 'name']) {
    const v = args[key];
    if (typeof v === 'string' && v.trim()) return v.replace(/\s+/g, ' ').trim().slice(0, 200);
  }
  return '';
}

/** The session's assistant turns: a turn starts with a message or with calls; results complete the current turn. */
export function turnsOf(events: readonly string[]): Turn[] {
  const turns: Turn[] = [];
  let current: Turn | null = null;
  for (const event of events) {
    let opened = false;
    for (const { content, calls } of deltasOf(event)) {
      if (calls.length > 0 && content !== '') {
        // A call's result (setup steps before the first turn are not turns). A call that appears only with its
        // result (logs that skip the start) was still started by its turn: the engine logs both.
        for (const fn of calls) {
          if (!current) continue;
          const started = current.starts.filter((x) => x.name === fn.name).length;
          const done = current.completes.filter((x) => x.name === fn.name).length;
          if (started <= done) current.starts.push({ name: fn.name, arg: argSummary(fn.arguments) });
          current.completes.push({ name: fn.name, ok: !/^(error|failed)\b/i.test(content) });
        }
        continue;
      }
      if (!opened && (content !== '' || calls.length > 0)) {
        current = { chars: 0, starts: [], completes: [] };
        turns.push(current);
        opened = true;
      }
      if (!current) continue;
      current.chars += content.length;
      for (const fn of calls) current.starts.push({ name: fn.name, arg: argSummary(fn.arguments) });
    }
  }
  return turns;
}

export interface JobLogInput {
  sessionId: string;
  prompt: string;
  model: string;
  events: readonly string[];
  /** The PR's title when the session has one (the engine's `PR: "…"` line). */
  prTitle: string | null;
  startedAt: number;
  endedAt: number;
  failed: boolean;
}

export function generatedJobLog(input: JobLogInput): string {
  const lines: string[] = [];
  const stamp = (ms: number): string => new Date(ms).toISOString().replace('Z', '0000Z');
  const at = (ms: number, text: string) => lines.push(`${stamp(ms)} ${text}`);
  const start = input.startedAt;
  const end = Math.max(input.endedAt, start + 10_000);
  lines.push(`\uFEFF${stamp(start)} Current runner version: '2.335.1'`);
  at(start, 'Complete job name: copilot');
  const t0 = start + 1000;
  // The agent step's header as the real log has it: the script (ANSI-coloured) echoes the stop token and
  // "Processing requests..."; the runner masks the token as *** and the step resumes commands at `::***::`.
  const script = (line: string) => at(t0, `\u001b[36;1m${line}\u001b[0m`);
  at(t0, '##[group]Run echo "::stop-commands::$STOP_TOKEN"');
  script('echo "::stop-commands::$STOP_TOKEN"');
  script('echo "Processing requests..." && \\');
  script('"/home/runner/work/_temp/***-action-main/ebpf/launch.sh"');
  at(t0, 'shell: /usr/bin/bash -e {0}');
  at(t0, 'env:');
  at(t0, `  COPILOT_AGENT_SESSION_ID: ${input.sessionId}`);
  at(t0, '##[endgroup]');
  at(t0, '::stop-commands::***');
  at(t0, 'Processing requests...');
  const prompt = input.prompt.replace(/\r/g, '');
  at(t0, `[cca-engine] Problem statement (${prompt.length} chars, source=job): ----`);
  for (const p of prompt.split('\n')) at(t0, p);
  at(
    t0,
    `[cca-engine] Model resolution: env="auto" settings="sweagent-capi:${input.model}" \u2192 resolved="${input.model}"`,
  );
  const turns = turnsOf(input.events);
  const span = Math.max(1, end - t0 - 2000);
  turns.forEach((turn, i) => {
    const n = i + 1;
    const from = t0 + 1000 + Math.floor((i / Math.max(1, turns.length)) * span);
    const to = t0 + 1000 + Math.floor(((i + 1) / Math.max(1, turns.length)) * span) - 1;
    at(from, `[cca-engine] turn=${n} assistant.turn_start`);
    at(
      from + 1,
      `[cca-engine] turn=${n} assistant.usage: model=${input.model} input=${20_000 + 400 * n} output=${150 + (turn.chars % 300)}`,
    );
    at(from + 1, `[cca-engine] turn=${n} assistant.message: ${turn.chars} chars, ${turn.starts.length} tool call(s)`);
    for (const s of turn.starts)
      at(from + 2, `[cca-engine] turn=${n} tool.execution_start: ${s.name}${s.arg ? `${EM_DASH}${s.arg}` : ''}`);
    for (const c of turn.completes)
      at(to - 1, `[cca-engine] turn=${n} tool.execution_complete: ${c.name} success=${c.ok}`);
    at(to, `[cca-engine] turn=${n} assistant.turn_end`);
  });
  if (!input.failed && input.prTitle !== null) at(end - 1000, `[cca-engine] PR: "${input.prTitle.replace(/"/g, "'")}"`);
  at(end - 500, `[cca-engine] Main session complete after ${turns.length} turns`);
  at(end, '::***::');
  // A failed agent step: the runner's own error once the step resumed commands (outside the agent's output).
  if (input.failed) at(end, '##[error]Process completed with exit code 1.');
  at(end, '##[group]Run echo "Cleaning up..."');
  at(end, '##[endgroup]');
  at(end, 'Cleaning up...');
  at(end, 'Cleaning up orphan processes');
  return `${lines.join('\n')}\n`;
}
