/**
 * GitHub Actions job log of a Copilot cloud agent run → steps, turns and tool rows.
 * Both engine formats: 2026 "cca-engine" (`[cca-engine] turn=N …`, metadata only) and the older readable
 * transcript (`copilot: …`, indented `function:` blocks, `Invoking tool: … with params: {json}`), parsed by
 * indentation (never a YAML library). Pure, never throws. See ../../../shared/reference/session-logs.md §2.
 *
 * Trust: the session id comes only from `COPILOT_AGENT_SESSION_ID:` in a step's env dump BEFORE the agent step
 * starts. Inside the agent step (between `::stop-commands::TOKEN` and `::TOKEN::`) the runner ignores workflow
 * commands, so `##[group]`/`##[error]`/env dumps printed there are the agent's text, not runner markers.
 */
import { stripAnsi } from './ansi';
import { markUnfinished, toolCallEntry } from './titles';
import type {
  ErrorEntry,
  LogEntry,
  MessageEntry,
  ParsedLog,
  ParseStats,
  StepEntry,
  SummaryEntry,
  TurnEntry,
} from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EM_DASH = ' \u2014 ';

interface Line {
  no: number;
  time: number | null;
  text: string;
}

/** Two ASCII digits at `i` as a number, or -1. */
function digits2(raw: string, i: number): number {
  const a = raw.charCodeAt(i) - 48;
  const b = raw.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

// Consecutive lines mostly share their second: the date part is computed once per distinct second. The second's
// 19 characters are kept as char codes, not as a slice: a slice would keep the whole log alive after the parse.
const lastSecond = new Uint16Array(19);
let lastSecondSet = false;
let lastSecondMs = 0;

function isLastSecond(s: string, at: number): boolean {
  if (!lastSecondSet) return false;
  for (let i = 18; i >= 0; i--) if (s.charCodeAt(at + i) !== lastSecond[i]) return false;
  return true;
}

/** What `readTimestamp` found: the time (or null) and where the line's text starts. */
interface Stamp {
  time: number | null;
  textStart: number;
}

/**
 * The timestamp of the line `s[start, end)` (`YYYY-MM-DDTHH:MM:SS[.fffffff]Z<space>`), read in place: the parser
 * reads the lines of a 10 MB log without making a string per raw line. Without a timestamp the text is the line.
 */
function readTimestamp(s: string, start: number, end: number, out: Stamp): Stamp {
  out.time = null;
  out.textStart = start;
  const len = end - start;
  if (
    len < 20 ||
    s.charCodeAt(start + 4) !== 45 ||
    s.charCodeAt(start + 10) !== 84 ||
    s.charCodeAt(start + 13) !== 58
  ) {
    return out;
  }
  // The first `Z` from column 19, and no further than column 40.
  let z = -1;
  for (let i = 19, last = Math.min(len - 1, 40); i <= last; i++) {
    if (s.charCodeAt(start + i) === 90) {
      z = i;
      break;
    }
  }
  if (z === -1) return out;
  let frac = 0;
  if (z > 20 && s.charCodeAt(start + 19) === 46) {
    // Milliseconds from the first three fraction digits; every fraction character must be a digit.
    for (let i = 20; i < z; i++) {
      const d = s.charCodeAt(start + i) - 48;
      if (d < 0 || d > 9) return out;
      if (i < 23) frac += d * (i === 20 ? 100 : i === 21 ? 10 : 1);
    }
  } else if (z > 19) return out;
  let base: number;
  if (isLastSecond(s, start)) base = lastSecondMs;
  else {
    const c = digits2(s, start);
    const yy = digits2(s, start + 2);
    const mo = digits2(s, start + 5);
    const d = digits2(s, start + 8);
    const h = digits2(s, start + 11);
    const mi = digits2(s, start + 14);
    const sec = digits2(s, start + 17);
    if (c < 0 || yy < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return out;
    if (s.charCodeAt(start + 7) !== 45 || s.charCodeAt(start + 16) !== 58) return out;
    base = Date.UTC(c * 100 + yy, mo - 1, d, h, mi, sec);
    if (!Number.isFinite(base)) return out;
    for (let i = 0; i < 19; i++) lastSecond[i] = s.charCodeAt(start + i);
    lastSecondSet = true;
    lastSecondMs = base;
  }
  out.time = base + frac;
  out.textStart = start + z + (z + 1 < len && s.charCodeAt(start + z + 1) === 32 ? 2 : 1);
  return out;
}

/** `2026-06-26T12:24:44.0023641Z text` → time (epoch ms) and text. Lines without a timestamp are kept as is. */
export function splitTimestamp(raw: string): { time: number | null; text: string } {
  const { time, textStart } = readTimestamp(raw, 0, raw.length, { time: null, textStart: 0 });
  return { time, text: textStart === 0 ? raw : raw.slice(textStart) };
}

/** A readable step title from the first script line of `##[group]Run <first line>`. */
export function stepTitle(firstLine: string): string {
  const line = stripAnsi(firstLine).trim();
  const echo = /^echo\s+(["'])(.+?)\1/.exec(line);
  if (echo?.[2]) {
    const msg = echo[2].replace(/\.+$/, '').trim();
    if (/^processing requests?$/i.test(msg)) return 'Processing Request';
    if (msg !== '') return msg;
  }
  const short = line.length > 100 ? `${line.slice(0, 99)}…` : line;
  return `Run ${short}`;
}

const ENGINE = '[cca-engine] ';

/** Engine chatter that carries nothing for a reader (counted as ignored, still in the raw log). */
function isEngineNoise(payload: string): boolean {
  return (
    payload.includes('checkQuota callback') ||
    /^\[session=[^\]]*\] MCP server '[^']*': connected$/.test(payload) ||
    /^(assistant\.turn_end|session\.idle)$/.test(payload)
  );
}

interface AgentState {
  stopToken: string | null;
  /** Offset of the start of the real resume line (`::TOKEN::`): the LAST one in the log, since the agent's output can
   * print a fake one (the token is masked as *** in logs) but cannot print after its step has ended. */
  endIndex: number;
  started: boolean;
}

export function parseActionsJobLog(text: string): ParsedLog {
  const entries: LogEntry[] = [];
  const meta: ParsedLog['meta'] = {
    sessionId: null,
    model: null,
    prompt: null,
    branch: null,
    prTitle: null,
    turns: null,
  };
  const stats: ParseStats = { events: 0, produced: 0, merged: 0, ignored: 0, skipped: 0 };
  let format: ParsedLog['format'] = 'actions-unknown';
  if (typeof text !== 'string') return { format, entries, skipped: 0, meta, stats };

  // The lines are read in place (no split): one string per line, its text, and none for the raw line.
  const body = text;
  const bodyStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  // ---- state ----
  type Phase = 'preamble' | 'steps' | 'agent' | 'after-agent';
  let phase = 'preamble' as Phase;
  let step: StepEntry | null = null; // the current runner step (or preamble)
  let inHeader = false; // between ##[group]Run and ##[endgroup]
  let inEnv = false;
  let headerScript: string[] = [];
  let isAgentStep = false;
  let agentSeenSinceHeader = false;
  const agent: AgentState = { stopToken: null, endIndex: -1, started: false };
  let fold: StepEntry | null = null; // open fold inside the agent step
  let foldContext = 'Launcher and firewall setup';
  const turns = new Map<number, TurnEntry>();
  /** Per turn, per tool name: its rows still waiting for their completion, oldest first (a scan of every row of the
   * turn per completion is quadratic on long sessions). */
  const openTools = new Map<TurnEntry, Map<string, TurnEntry['tools']>>();
  const openRows = (turn: TurnEntry, name: string): TurnEntry['tools'] => {
    let byName = openTools.get(turn);
    if (!byName) {
      byName = new Map();
      openTools.set(turn, byName);
    }
    let rows = byName.get(name);
    if (!rows) {
      rows = [];
      byName.set(name, rows);
    }
    return rows;
  };
  let currentTurn: TurnEntry | null = null;
  let openTurn = false;
  /** `chars`: the length of `lines.join('\n')`, kept as lines come (joining each time is quadratic). */
  let promptCapture: { want: number; lines: string[]; chars: number; line: Line } | null = null;
  let sawEngine = false;
  let transcript: TranscriptState = { pendingInvocations: [], block: null, message: null };

  const add = (e: LogEntry): void => {
    entries.push(e);
    if (fold && e !== fold) fold = null;
  };
  const newStep = (line: Line, title: string, status: StepEntry['status'] = 'success'): StepEntry => {
    const s: StepEntry = { kind: 'step', id: `L${line.no}`, time: line.time, title, lines: [], status };
    entries.push(s);
    fold = null;
    return s;
  };
  const setContext = (title: string): void => {
    if (foldContext !== title) {
      foldContext = title;
      fold = null;
    }
  };
  const addToFold = (line: Line, raw: string): 'produced' | 'merged' => {
    if (fold) {
      fold.lines.push(raw);
      return 'merged';
    }
    fold = { kind: 'step', id: `L${line.no}`, time: line.time, title: foldContext, lines: [raw], status: null };
    entries.push(fold);
    return 'produced';
  };
  const turnFor = (n: number, line: Line): { turn: TurnEntry; created: boolean } => {
    const existing = turns.get(n);
    if (existing) return { turn: existing, created: false };
    const turn: TurnEntry = {
      kind: 'turn',
      id: `turn-${n}`,
      time: line.time,
      turn: n,
      model: null,
      inputTokens: null,
      outputTokens: null,
      messageChars: null,
      toolCallCount: null,
      tools: [],
    };
    turns.set(n, turn);
    add(turn);
    return { turn, created: true };
  };
  const error = (line: Line, message: string): 'produced' => {
    add({ kind: 'error', id: `L${line.no}`, time: line.time, message } satisfies ErrorEntry);
    return 'produced';
  };

  // ---- engine (2026) ----
  const handleEngine = (line: Line, payload: string): 'produced' | 'merged' | 'ignored' => {
    sawEngine = true;
    const t = /^turn=(\d+) ([\w.]+)(?::\s?(.*))?$/.exec(payload);
    if (t) {
      format = 'actions-2026';
      const n = Number(t[1]);
      const event = t[2] ?? '';
      const arg = t[3] ?? '';
      switch (event) {
        case 'assistant.turn_start': {
          const { created } = turnFor(n, line);
          currentTurn = turns.get(n) ?? null;
          openTurn = true;
          setContext(`Output during turn ${n}`);
          return created ? 'produced' : 'merged';
        }
        case 'assistant.usage': {
          const { turn, created } = turnFor(n, line);
          const m = /model=(\S+)/.exec(arg);
          const i = /input=(\d+)/.exec(arg);
          const o = /output=(\d+)/.exec(arg);
          if (m?.[1]) turn.model = m[1];
          if (i?.[1]) turn.inputTokens = Number(i[1]);
          if (o?.[1]) turn.outputTokens = Number(o[1]);
          return created ? 'produced' : 'merged';
        }
        case 'assistant.message': {
          const { turn, created } = turnFor(n, line);
          const c = /(\d+) chars?/.exec(arg);
          const k = /(\d+) tool call/.exec(arg);
          if (c?.[1]) turn.messageChars = Number(c[1]);
          if (k?.[1]) turn.toolCallCount = Number(k[1]);
          return created ? 'produced' : 'merged';
        }
        case 'tool.execution_start': {
          const { turn, created } = turnFor(n, line);
          const dash = arg.indexOf(EM_DASH);
          const name = (dash === -1 ? arg : arg.slice(0, dash)).trim();
          const row = { name, arg: dash === -1 ? null : arg.slice(dash + EM_DASH.length), success: null };
          turn.tools.push(row);
          openRows(turn, name).push(row);
          return created ? 'produced' : 'merged';
        }
        case 'tool.execution_complete': {
          const { turn, created } = turnFor(n, line);
          const m = /^(.*?) success=(true|false)\b/.exec(arg);
          const name = (m?.[1] ?? arg).trim();
          const success = m?.[2] === undefined ? null : m[2] === 'true';
          const row = openRows(turn, name).shift();
          if (row) row.success = success;
          else turn.tools.push({ name, arg: null, success });
          return created ? 'produced' : 'merged';
        }
        case 'assistant.turn_end':
          if (currentTurn?.turn === n) {
            openTurn = false;
            setContext(`Output after turn ${n}`);
          }
          return 'ignored';
        case 'session.idle':
          return 'ignored';
        case 'session.error':
          return error(line, arg || 'Session error');
        default:
          return addToFold(line, line.text);
      }
    }
    const problem = /^Problem statement \((\d+) chars?[^)]*\):\s*-*\s*$/.exec(payload);
    if (problem) {
      promptCapture = { want: Number(problem[1]), lines: [], chars: 0, line };
      return addToFold(line, line.text);
    }
    const err = /^(Error|Fatal): ?(.*)$/.exec(payload);
    if (err) return error(line, `${err[1]}: ${err[2] ?? ''}`.trim());
    const pr = /^PR: "(.*)"\s*$/.exec(payload);
    if (pr) {
      const prTitle = pr[1] ?? '';
      if (meta.prTitle === null) meta.prTitle = prTitle;
      add({ kind: 'summary', id: `L${line.no}`, time: line.time, prTitle, markdown: '' } satisfies SummaryEntry);
      return 'produced';
    }
    const complete = /^Main session complete after (\d+) turns?/.exec(payload);
    if (complete) {
      meta.turns = Number(complete[1]);
      setContext('After the session');
      return addToFold(line, line.text);
    }
    const model = meta.model === null ? /^Model resolution:.*resolved="([^"]+)"/.exec(payload) : null;
    if (model?.[1]) meta.model = model[1];
    const branch = meta.branch === null ? /^Job \S+ .*\bbranch=(\S+)/.exec(payload) : null;
    if (branch?.[1]) meta.branch = branch[1];
    if (isEngineNoise(payload)) return 'ignored';
    if (!openTurn && turns.size === 0) setContext('Engine startup');
    return addToFold(line, line.text);
  };

  // ---- older transcript format ----
  const transcriptFormat = (): void => {
    format = format === 'actions-2026' ? format : 'actions-transcript';
  };
  const handleTranscript = (
    line: Line,
    trimmedStart: string,
    indent: number,
  ): 'produced' | 'merged' | 'ignored' | null => {
    const tr = transcript;
    // An open function: block takes every deeper-indented line (and blank lines).
    if (tr.block) {
      if (trimmedStart === '' || indent > tr.block.indent) {
        tr.block.lines.push({ indent, text: trimmedStart });
        return 'merged';
      }
      finishFunctionBlock(tr, tr.block, entries, add);
      tr.block = null;
    }
    const said = trimmedStart.startsWith('copilot:') ? /^copilot:\s?(.*)$/.exec(trimmedStart) : null;
    const isFunction = trimmedStart === 'function:';
    const invoking =
      said || isFunction || !trimmedStart.startsWith('Invoking tool: ')
        ? null
        : /^Invoking tool: (\S+) with params: (.*)$/.exec(trimmedStart);
    if (tr.message) {
      const msg = tr.message;
      // A message runs until the next item: its continuation lines may be indented or not (both are seen), blank
      // lines inside it are paragraph breaks, blank lines after it belong to nothing.
      if (trimmedStart === '') {
        msg.blanks++;
        return 'ignored';
      }
      if (!said && !isFunction && !invoking && !looksLikeRunnerLine(trimmedStart)) {
        const text = indent > msg.indent ? trimmedStart : line.text;
        msg.entry.markdown += `${msg.blanks > 0 ? '\n\n' : '\n'}${text}`;
        msg.blanks = 0;
        return 'merged';
      }
      tr.message = null;
    }
    if (said) {
      transcriptFormat();
      const entry: MessageEntry = { kind: 'message', id: `L${line.no}`, time: line.time, markdown: said[1] ?? '' };
      add(entry);
      tr.message = { indent, entry, blanks: 0 };
      return 'produced';
    }
    if (isFunction) {
      transcriptFormat();
      tr.block = { indent, line, lines: [] };
      return 'produced'; // the entry is created when the block ends
    }
    if (invoking) {
      transcriptFormat();
      // `server/tool` is answered by a `function:` block named `server-tool`: one name for both.
      const name = mcpName(invoking[1] ?? '');
      add(toolCallEntry({ id: `L${line.no}`, time: line.time, name, rawArgs: invoking[2] ?? '' }));
      tr.pendingInvocations.push({ name, index: entries.length - 1 });
      return 'produced';
    }
    // Blank lines between transcript items: nothing to show (never an empty one-line step).
    if (trimmedStart === '' && !fold) return 'ignored';
    return null;
  };

  /** Calls that were invoked and never answered before the agent step ended. */
  const closeInvocations = (): void => {
    for (const p of transcript.pendingInvocations) {
      const e = entries[p.index];
      if (e) entries[p.index] = markUnfinished(e);
    }
    transcript.pendingInvocations = [];
  };

  const handleAgentLine = (line: Line): 'produced' | 'merged' | 'ignored' => {
    const t = line.text;
    if (agent.stopToken !== null && lineStart === agent.endIndex) {
      endAgent(line);
      return addToFold(line, t);
    }
    if (promptCapture) {
      const trimmed = t.trimStart();
      if (!/^\[[A-Za-z][\w .-]*\] /.test(trimmed) && promptCapture.chars < promptCapture.want) {
        promptCapture.chars += (promptCapture.lines.length > 0 ? 1 : 0) + t.length;
        promptCapture.lines.push(t);
        return 'merged';
      }
      finishPrompt();
    }
    const trimmedStart = t.trimStart();
    const indent = t.length - trimmedStart.length;
    if (trimmedStart.startsWith(ENGINE)) {
      if (transcript.block) {
        finishFunctionBlock(transcript, transcript.block, entries, add);
        transcript.block = null;
      }
      return handleEngine(line, trimmedStart.slice(ENGINE.length).trimEnd());
    }
    const tr = handleTranscript(line, trimmedStart, indent);
    if (tr !== null) return tr;
    if (!sawEngine && !openTurn) setContext('Launcher and firewall setup');
    return addToFold(line, t);
  };

  const finishPrompt = (): void => {
    if (!promptCapture) return;
    const lines = promptCapture.lines;
    while (lines.length > 0 && (lines[0] ?? '').trim() === '') lines.shift();
    while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
    const prompt = lines.join('\n');
    if (meta.prompt === null && prompt !== '') {
      meta.prompt = prompt;
      const line = promptCapture.line;
      const m: MessageEntry = {
        kind: 'message',
        id: `L${line.no}:prompt`,
        time: line.time,
        markdown: prompt,
        role: 'user',
      };
      add(m);
    }
    promptCapture = null;
  };

  const endAgent = (_line: Line): void => {
    finishPrompt();
    if (transcript.block) finishFunctionBlock(transcript, transcript.block, entries, add);
    closeInvocations();
    transcript = { pendingInvocations: [], block: null, message: null };
    phase = 'after-agent';
    setContext('Processing Request (end)');
    fold = null;
  };

  // ---- runner lines (outside the agent region) ----
  const handleRunnerLine = (line: Line): 'produced' | 'merged' | 'ignored' => {
    const t = line.text;
    if (t.startsWith('##[group]Run ')) {
      step = newStep(line, stepTitle(t.slice(13)));
      step.lines.push(t);
      inHeader = true;
      inEnv = false;
      headerScript = [];
      isAgentStep = false;
      agentSeenSinceHeader = false;
      if (phase === 'preamble' || phase === 'after-agent') phase = 'steps';
      return 'produced';
    }
    if (!step) {
      step = newStep(line, 'Set up job');
    }
    step.lines.push(t);
    if (phase === 'preamble') {
      if (t.startsWith('Complete job name:')) phase = 'steps';
      return step.lines.length === 1 ? 'produced' : 'merged';
    }
    if (inHeader) {
      if (t === '##[endgroup]') {
        inHeader = false;
        inEnv = false;
        isAgentStep = headerScript.some((s) => /echo\s+["']Processing requests?\.\.\.["']/.test(stripAnsi(s)));
        if (isAgentStep) step.title = 'Processing Request';
        return 'merged';
      }
      if (t === 'env:') inEnv = true;
      else if (inEnv && t.startsWith('  ')) {
        const m = /^\s+COPILOT_AGENT_SESSION_ID:\s*(\S+)\s*$/.exec(t);
        if (m?.[1] && !agent.started && meta.sessionId === null && UUID.test(m[1])) meta.sessionId = m[1].toLowerCase();
      } else if (!inEnv) headerScript.push(t);
      return 'merged';
    }
    if (t.startsWith('##[error]')) {
      if (step) step.status = 'failure';
      return error(line, t.slice(9) || 'Error');
    }
    const wf = /^::error(?: [^:]*)?::(.*)$/.exec(t);
    if (wf && phase !== 'after-agent') return error(line, wf[1] ?? 'Error');
    if (isAgentStep && !agentSeenSinceHeader) {
      const stop = /^::stop-commands::(.+)$/.exec(t);
      if (stop || /^Processing requests?\.\.\.$/.test(t)) {
        agentSeenSinceHeader = true;
        agent.stopToken = stop?.[1] ?? null;
        agent.started = true;
        agent.endIndex = agent.stopToken === null ? -1 : findResumeLine(body, lineStart, `::${agent.stopToken}::`);
        phase = 'agent';
        setContext('Launcher and firewall setup');
        fold = null;
      }
    }
    return 'merged';
  };

  let lineStart = bodyStart;
  const stamp: Stamp = { time: null, textStart: 0 };
  // As `split('\n')` without its last piece when that is empty (a log ending with a newline).
  for (let no = 1, start = bodyStart; start <= body.length; no++) {
    let end = body.indexOf('\n', start);
    const lastPiece = end === -1;
    if (lastPiece) {
      if (start === body.length) break;
      end = body.length;
    }
    lineStart = start;
    start = end + 1;
    if (end > lineStart && body.charCodeAt(end - 1) === 13) end--; // CRLF
    const { time, textStart } = readTimestamp(body, lineStart, end, stamp);
    const line: Line = { no, time, text: body.slice(textStart, end) };
    stats.events++;
    let outcome: 'produced' | 'merged' | 'ignored' | 'skipped';
    try {
      outcome = phase === 'agent' ? handleAgentLine(line) : handleRunnerLine(line);
    } catch {
      outcome = 'skipped';
    }
    stats[outcome]++;
    if (lastPiece) break;
  }
  try {
    finishPrompt();
    if (transcript.block) finishFunctionBlock(transcript, transcript.block, entries, add);
    transcript.block = null;
    closeInvocations();
  } catch {
    // never throw
  }
  if (phase === 'agent' && step) (step as StepEntry).status = 'in_progress';
  if (format === 'actions-unknown' && turns.size > 0) format = 'actions-2026';
  return { format, entries, skipped: stats.skipped, meta, stats };
}

/** Offset of the start of the last line after the one starting at `from` whose text is `marker`; -1 if none. */
function findResumeLine(body: string, from: number, marker: string): number {
  const stamp: Stamp = { time: null, textStart: 0 };
  for (let pos = body.length; pos > from; ) {
    const at = body.lastIndexOf(marker, pos);
    if (at === -1) return -1;
    const start = body.lastIndexOf('\n', at - 1) + 1;
    if (start <= from) return -1;
    let end = body.indexOf('\n', at);
    if (end === -1) end = body.length;
    if (end > start && body.charCodeAt(end - 1) === 13) end--;
    const { textStart } = readTimestamp(body, start, end, stamp);
    if (end - textStart === marker.length && body.startsWith(marker, textStart)) return start;
    pos = start - 1;
  }
  return -1;
}

// ---- transcript helpers ----

interface BlockLine {
  indent: number;
  text: string;
}

interface TranscriptState {
  pendingInvocations: Array<{ name: string; index: number }>;
  block: { indent: number; line: Line; lines: BlockLine[] } | null;
  message: { indent: number; entry: MessageEntry; blanks: number } | null;
}

/** `github-mcp-server/actions_get` (as invoked) → `github-mcp-server-actions_get` (as its answer names it). */
export function mcpName(name: string): string {
  const slash = name.indexOf('/');
  return slash > 0 ? `${name.slice(0, slash)}-${name.slice(slash + 1)}` : name;
}

/** A line printed by the runner or the launcher, not by the agent's message: it ends a message. */
function looksLikeRunnerLine(trimmed: string): boolean {
  return trimmed.startsWith('##[') || trimmed.startsWith('::') || /^\[[A-Za-z][\w .:-]*\] /.test(trimmed);
}

/** A YAML-like scalar: "quoted" (JSON escapes), 'quoted', or plain. */
function scalar(s: string): string {
  const v = s.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // fall through
    }
    return v.slice(1, -1);
  }
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

/** Lines of a `|` block: every following line indented deeper than `parentIndent` (and blank lines). */
function takeBlock(lines: BlockLine[], from: number, parentIndent: number): { text: string; next: number } {
  let j = from;
  const body: BlockLine[] = [];
  while (j < lines.length) {
    const l = lines[j];
    if (!l) break;
    if (l.text !== '' && l.indent <= parentIndent) break;
    body.push(l);
    j++;
  }
  while (body.length > 0 && body[body.length - 1]?.text === '') body.pop();
  const minIndent = Math.min(...body.filter((l) => l.text !== '').map((l) => l.indent), Number.POSITIVE_INFINITY);
  const text = body
    .map((l) => (l.text === '' ? '' : ' '.repeat(Math.max(0, l.indent - minIndent)) + l.text))
    .join('\n');
  return { text, next: j };
}

function finishFunctionBlock(
  tr: TranscriptState,
  block: NonNullable<TranscriptState['block']>,
  entries: LogEntry[],
  add: (e: LogEntry) => void,
): void {
  const lines = block.lines;
  let name = '';
  const args: Record<string, string> = {};
  let result: string | null = null;
  let i = 0;
  const keyIndent = lines.find((l) => l.text !== '')?.indent ?? block.indent + 2;
  while (i < lines.length) {
    const l = lines[i];
    if (!l) break;
    if (l.text === '' || l.indent !== keyIndent) {
      i++;
      continue;
    }
    const m = /^([\w.-]+):\s?(.*)$/.exec(l.text);
    if (!m) {
      i++;
      continue;
    }
    const key = m[1] ?? '';
    const value = m[2] ?? '';
    i++;
    if (key === 'name') name = scalar(value);
    else if (key === 'args') {
      // map of deeper-indented key: value (values may be `|` blocks)
      while (i < lines.length) {
        const a = lines[i];
        if (!a) break;
        if (a.text !== '' && a.indent <= keyIndent) break;
        if (a.text === '') {
          i++;
          continue;
        }
        const am = /^([\w.-]+):\s?(.*)$/.exec(a.text);
        i++;
        if (!am) continue;
        const v = am[2] ?? '';
        if (v === '|' || v === '|-' || v === '>') {
          const b = takeBlock(lines, i, a.indent);
          args[am[1] ?? ''] = b.text;
          i = b.next;
        } else args[am[1] ?? ''] = scalar(v);
      }
    } else if (key === 'result') {
      if (value === '|' || value === '|-' || value === '>') {
        const b = takeBlock(lines, i, keyIndent);
        result = b.text;
        i = b.next;
      } else result = scalar(value);
    }
  }
  const rawArgs = JSON.stringify(args);
  // A preceding `Invoking tool: <name>` for the same tool is this call: complete it instead of adding another.
  const pendingAt = tr.pendingInvocations.findIndex((p) => p.name === mcpName(name));
  if (pendingAt !== -1) {
    const p = tr.pendingInvocations[pendingAt];
    tr.pendingInvocations.splice(pendingAt, 1);
    const prev = p ? entries[p.index] : undefined;
    if (p && prev) {
      entries[p.index] = toolCallEntry({
        id: prev.id,
        time: prev.time,
        name,
        rawArgs: prev.kind === 'tool' && prev.args ? prev.rawArgs : rawArgs,
        output: result,
      });
      return;
    }
  }
  add(toolCallEntry({ id: `L${block.line.no}`, time: block.line.time, name, rawArgs, output: result }));
}
