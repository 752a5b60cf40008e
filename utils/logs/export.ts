/**
 * Export a parsed log as Markdown, and the plain text of one entry ("copy one step", search). The raw export is
 * the log text itself. Pure; output text keeps the log's content as text (fenced where it is code or output).
 */
import { createTwoFilesPatch } from 'diff';
import { sanitizeDisplayText, stripAnsi } from './ansi';
import type { CommitEntry, LogEntry, ParsedLog, PlanChange, ToolEntry } from './types';

interface ExportHeader {
  title: string;
  state?: string | null;
  url?: string | null;
  /** e.g. "octocat" */
  startedBy?: string | null;
  /** ISO time or a readable string */
  startedAt?: string | null;
  runUrl?: string | null;
  /** Where the log came from ("Copilot API log", "Actions job log"). */
  source?: string | null;
}

/** Unified diff for an edit entry (`diff` library), with paths as shown. */
export function unifiedDiff(d: NonNullable<ToolEntry['diff']>): string {
  try {
    return createTwoFilesPatch(`a/${d.path}`, `b/${d.path}`, d.oldText, d.newText, undefined, undefined, { context: 3 })
      .split('\n')
      .filter((l) => !l.startsWith('====='))
      .join('\n')
      .trimEnd();
  } catch {
    return `--- a/${d.path}\n+++ b/${d.path}\n${d.oldText
      .split('\n')
      .map((l) => `-${l}`)
      .join('\n')}\n${d.newText
      .split('\n')
      .map((l) => `+${l}`)
      .join('\n')}`;
  }
}

const clean = (s: string): string => sanitizeDisplayText(stripAnsi(s));

function turnLine(e: Extract<LogEntry, { kind: 'turn' }>): string {
  const parts = [`Turn ${e.turn}`];
  if (e.model) parts.push(e.model);
  if (e.inputTokens !== null || e.outputTokens !== null) {
    parts.push(`${e.inputTokens ?? '?'} in / ${e.outputTokens ?? '?'} out tokens`);
  }
  if (e.messageChars !== null) parts.push(`message ${e.messageChars} chars`);
  if (e.toolCallCount !== null) parts.push(`${e.toolCallCount} tool call(s)`);
  return parts.join(' · ');
}

const toolRow = (r: { name: string; arg: string | null; success: boolean | null }): string =>
  `${r.name}${r.arg ? ` \u2014 ${r.arg}` : ''}${r.success === null ? '' : r.success ? ' (ok)' : ' (failed)'}`;

/** "Commit abc1234: first line of the message". */
export function commitTitle(e: CommitEntry): string {
  const first = e.message.split('\n', 1)[0] ?? '';
  return `Commit ${e.sha.slice(0, 7)}: ${first}`;
}

/** Body of a commit: the rest of its message and its files (with patches when `patches`). */
export function commitBody(e: CommitEntry, patches: boolean): string[] {
  const parts: string[] = [];
  const rest = e.message.split('\n').slice(1).join('\n').trim();
  if (rest) parts.push(rest);
  if (e.author) parts.push(`Author: ${e.author}`);
  for (const f of e.files ?? []) {
    parts.push(`${f.status} ${f.path} (+${f.additions} -${f.deletions})`);
    if (patches && f.patch) parts.push(f.patch);
  }
  return parts;
}

/** The changes of a live plan revision, one line each. */
export function planChangeLines(changes: PlanChange[] | undefined): string[] {
  const words: Record<PlanChange['change'], string> = {
    done: 'Done',
    added: 'New',
    removed: 'Removed',
    reopened: 'Reopened',
    edited: 'Edited',
  };
  return (changes ?? []).map((c) => `${words[c.change]}: ${c.text}`);
}

/** Title of an entry as the drawer shows it. */
export function entryTitle(e: LogEntry): string {
  switch (e.kind) {
    case 'commit':
      return commitTitle(e);
    case 'setup':
    case 'tool':
    case 'progress':
    case 'step':
      return e.title;
    case 'message':
      return e.role === 'user' ? 'Prompt' : 'Message';
    case 'reasoning':
      return 'Thought';
    case 'summary':
      return `Pull request: ${e.prTitle}`;
    case 'error':
      return 'Error';
    case 'turn':
      return turnLine(e);
  }
}

/** Plain text of one entry: for "copy one step" and for search. ANSI removed, controls made visible. */
export function entryText(e: LogEntry): string {
  const parts: string[] = [];
  switch (e.kind) {
    case 'setup':
      parts.push(e.title, e.output ?? '');
      break;
    case 'message':
      parts.push(e.markdown);
      break;
    case 'reasoning':
      parts.push(e.text);
      break;
    case 'tool':
      parts.push(e.title);
      if (e.command) parts.push(`$ ${e.command}`);
      if (e.file) parts.push(e.file.text);
      if (e.diff) parts.push(unifiedDiff(e.diff));
      if (e.output) parts.push(e.output);
      if (!e.command && !e.file && !e.diff && e.rawArgs && e.rawArgs !== '{}') parts.push(e.rawArgs);
      break;
    case 'progress':
      parts.push(e.title, ...planChangeLines(e.changes), e.markdown, e.output ?? '');
      break;
    case 'summary':
      parts.push(e.prTitle, e.markdown);
      break;
    case 'error':
      parts.push(`Error: ${e.message}`);
      break;
    case 'turn':
      parts.push(turnLine(e), ...e.tools.map(toolRow));
      break;
    case 'step':
      parts.push(e.title, ...e.lines);
      break;
    case 'commit':
      parts.push(commitTitle(e), ...commitBody(e, true));
      break;
  }
  return clean(parts.filter((p) => p !== '').join('\n'));
}

/** A fenced block whose fence is longer than any backtick run inside. */
function fence(text: string, lang = ''): string {
  let longest = 2;
  for (const m of text.matchAll(/`{3,}/g)) longest = Math.max(longest, m[0].length);
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text.replace(/\n$/, '')}\n${f}`;
}

/** One line of untrusted text safe for a Markdown heading. */
const oneLine = (s: string): string =>
  clean(s)
    .replace(/\s+/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .trim();

function entryMarkdown(e: LogEntry): string {
  const out: string[] = [`### ${oneLine(entryTitle(e))}`];
  switch (e.kind) {
    case 'setup':
      if (e.output) out.push(fence(clean(e.output)));
      break;
    case 'message':
    case 'progress':
    case 'summary':
      if (e.kind === 'progress' && e.changes?.length)
        out.push(
          planChangeLines(e.changes)
            .map((l) => `- ${oneLine(l)}`)
            .join('\n'),
        );
      if (e.markdown) out.push(clean(e.markdown));
      if (e.kind === 'progress' && e.output) out.push(fence(clean(e.output)));
      break;
    case 'reasoning':
      out.push(clean(e.text));
      break;
    case 'tool': {
      if (e.command) out.push(fence(`$ ${clean(e.command)}`, 'sh'));
      if (e.file) out.push(fence(clean(e.file.text)));
      if (e.diff) out.push(fence(clean(unifiedDiff(e.diff)), 'diff'));
      if (e.output) out.push(fence(clean(e.output)));
      if (!e.command && !e.file && !e.diff && e.rawArgs && e.rawArgs !== '{}')
        out.push(fence(clean(e.rawArgs), 'json'));
      if (e.exitCode !== null) out.push(`Exit code: ${e.exitCode}`);
      if (e.status === 'unfinished') out.push('Status: did not finish');
      else if (e.status === 'failed' && e.exitCode === null) out.push('Status: failed');
      break;
    }
    case 'error':
      out.push(fence(clean(e.message)));
      break;
    case 'turn':
      if (e.tools.length > 0) out.push(e.tools.map((r) => `- ${oneLine(toolRow(r))}`).join('\n'));
      break;
    case 'step':
      if (e.lines.length > 0) out.push(fence(clean(e.lines.join('\n'))));
      break;
    case 'commit': {
      const rest = commitBody(e, false);
      if (e.url) out.push(oneLine(e.url));
      if (rest.length > 0) out.push(rest.map((l) => `- ${oneLine(l)}`).join('\n'));
      const patches = (e.files ?? []).filter((f) => f.patch).map((f) => `${f.path}\n${f.patch}`);
      if (patches.length > 0) out.push(fence(clean(patches.join('\n')), 'diff'));
      break;
    }
  }
  return out.join('\n\n');
}

/** The whole parsed log as a Markdown document. */
export function toMarkdown(parsed: ParsedLog, header: ExportHeader): string {
  const m = parsed.meta;
  const facts: Array<[string, string | null | undefined]> = [
    ['State', header.state],
    ['Session', header.url],
    ['Actions run', header.runUrl],
    ['Started by', header.startedBy],
    ['Started', header.startedAt],
    ['Source', header.source],
    ['Model', m.model],
    ['Branch', m.branch],
    ['Pull request title', m.prTitle],
    ['Turns', m.turns === null ? null : String(m.turns)],
    ['Session id', m.sessionId],
  ];
  const lines = [`# ${oneLine(header.title) || 'Agent session'}`, ''];
  for (const [k, v] of facts) if (v) lines.push(`- ${k}: ${oneLine(v)}`);
  lines.push(
    `- Entries: ${parsed.entries.length}${parsed.skipped > 0 ? ` (${parsed.skipped} unreadable lines skipped)` : ''}`,
  );
  if (m.prompt) lines.push('', '## Prompt', '', fence(clean(m.prompt)));
  lines.push('', '## Log', '');
  for (const e of parsed.entries) lines.push(entryMarkdown(e), '');
  return `${lines.join('\n').trimEnd()}\n`;
}
