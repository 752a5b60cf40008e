/**
 * Copilot API session log (`GET {copilot-api}/agents/sessions/{id}/logs`): `data: {json}` events separated by blank
 * lines. Pure, never throws, linear in the input: each push scans only the new chunk, tool calls are found through
 * a Map from call id to entry index. See ../../../shared/reference/session-logs.md §1.
 */
import { completeToolEntry, markUnfinished, toolCallEntry } from './titles';
import type {
  ErrorEntry,
  IncrementalParser,
  LogEntry,
  MessageEntry,
  ParsedLog,
  ParseStats,
  StepEntry,
  SummaryEntry,
} from './types';

type PushResult = { added: LogEntry[]; updated: LogEntry[] };

interface CopilotLogParser extends IncrementalParser {
  /** The whole log so far (entries in order, meta, counts). Cheap: no re-parse. */
  snapshot(): ParsedLog;
  readonly stats: ParseStats;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** `created` in seconds, milliseconds, microseconds, or a (numeric or ISO) string → epoch ms; null if unreadable. */
export function normalizeTime(v: unknown): number | null {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && v.trim() !== '') {
    const t = v.trim();
    n = /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Date.parse(t);
  } else return null;
  if (!Number.isFinite(n) || n <= 0) return null;
  if (n < 1e11)
    n *= 1000; // seconds (until year 5138)
  else if (n >= 1e14) n /= 1000; // microseconds
  return Math.round(n);
}

/** `<pr_title>…</pr_title>` and `<pr_description>…</pr_description>` of the final message. */
function extractPrSummary(content: string): { prTitle: string; markdown: string } | null {
  const t0 = content.indexOf('<pr_title>');
  if (t0 === -1) return null;
  const t1 = content.indexOf('</pr_title>', t0);
  const prTitle = content.slice(t0 + 10, t1 === -1 ? undefined : t1).trim();
  const rest = t1 === -1 ? '' : content.slice(t1 + 11);
  const d0 = rest.indexOf('<pr_description>');
  let markdown: string;
  if (d0 === -1) markdown = rest.trim();
  else {
    const d1 = rest.indexOf('</pr_description>', d0);
    markdown = rest.slice(d0 + 16, d1 === -1 ? undefined : d1).trim();
  }
  return { prTitle, markdown };
}

/** Split `<error>…</error>` blocks out of a message: the errors and the remaining text. */
function splitErrors(content: string): { errors: string[]; rest: string } {
  const errors: string[] = [];
  let rest = '';
  let from = 0;
  for (;;) {
    const a = content.indexOf('<error>', from);
    if (a === -1) break;
    const b = content.indexOf('</error>', a);
    rest += content.slice(from, a);
    errors.push(content.slice(a + 7, b === -1 ? undefined : b).trim());
    from = b === -1 ? content.length : b + 8;
  }
  rest += content.slice(from);
  return { errors, rest };
}

const emptyMeta = (): ParsedLog['meta'] => ({
  sessionId: null,
  model: null,
  prompt: null,
  branch: null,
  prTitle: null,
  turns: null,
});

/** Incremental parser: feed what grew (`push`), `end()` when the log is complete. */
export function createCopilotLogParser(): CopilotLogParser {
  const entries: LogEntry[] = [];
  const byId = new Map<string, number>();
  const meta = emptyMeta();
  const stats: ParseStats = { events: 0, produced: 0, merged: 0, ignored: 0, skipped: 0 };
  let pending: string[] = [];
  let lineNo = 0;
  // Per push: which entries were added or changed (an entry added then updated in the same push is "added").
  let added: LogEntry[] = [];
  let addedIds = new Set<string>();
  let updatedIds = new Set<string>();

  const dupCount = new Map<string, number>();
  const uniqueId = (id: string): string => {
    if (!byId.has(id)) return id;
    let n = dupCount.get(id) ?? 1;
    let candidate: string;
    do {
      n++;
      candidate = `${id}#${n}`;
    } while (byId.has(candidate));
    dupCount.set(id, n);
    return candidate;
  };

  const add = (e: LogEntry): void => {
    e.id = uniqueId(e.id);
    byId.set(e.id, entries.length);
    entries.push(e);
    added.push(e);
    addedIds.add(e.id);
  };

  const replace = (index: number, e: LogEntry): void => {
    entries[index] = e;
    if (!addedIds.has(e.id)) updatedIds.add(e.id);
  };

  // The event being handled (set by handleEvent; helpers below read it, so no closure is created per event).
  let evTime: number | null = null;
  let evAgent: string | undefined;
  let evMerged = false;

  const addTagged = (e: LogEntry): void => {
    if (evAgent) e.agentId = evAgent;
    add(e);
  };

  const applyToolResult = (callId: string, content: string): boolean => {
    const at = byId.get(callId);
    const current = at === undefined ? undefined : entries[at];
    if (at === undefined || current === undefined) return false;
    if (current.kind === 'progress' && meta.branch === null) {
      const m = /^\$ git push\b[^\n]*? origin (\S+)$/m.exec(content.slice(0, 2000));
      if (m?.[1]) meta.branch = m[1];
    }
    replace(at, completeToolEntry(current, content, evTime));
    evMerged = true;
    return true;
  };

  const handleMessage = (content: string, role: string | null, idBase: string): void => {
    if (content.trim() === '') return;
    const summary = extractPrSummary(content);
    if (summary) {
      if (meta.prTitle === null && summary.prTitle !== '') meta.prTitle = summary.prTitle;
      const e: SummaryEntry = { kind: 'summary', id: idBase, time: evTime, ...summary };
      addTagged(e);
      return;
    }
    const { errors, rest } = content.includes('<error>') ? splitErrors(content) : { errors: [], rest: content };
    for (let i = 0; i < errors.length; i++) {
      const e: ErrorEntry = { kind: 'error', id: `${idBase}:error${i}`, time: evTime, message: errors[i] ?? '' };
      addTagged(e);
    }
    if (rest.trim() !== '') {
      const m: MessageEntry = { kind: 'message', id: idBase, time: evTime, markdown: rest };
      if (role === 'user') m.role = 'user';
      addTagged(m);
    }
  };

  /** A tool answer whose call we never saw: kept (never dropped), failed when it says nothing. */
  const orphanResult = (callId: string, content: string): void => {
    const e = toolCallEntry({ id: callId, time: evTime, name: '', rawArgs: '', output: content || null });
    addTagged(
      e.kind === 'tool' && content === '' ? { ...e, status: 'failed', title: 'Answer to an unknown tool call' } : e,
    );
  };

  const handleToolCall = (tc: unknown, ti: number, idBase: string, content: string): boolean => {
    if (!isObj(tc)) {
      // Not a call object: keep what came, as an unreadable (failed) call with its raw text.
      let raw: string;
      try {
        raw = JSON.stringify(tc) ?? String(tc);
      } catch {
        raw = String(tc);
      }
      const e = toolCallEntry({ id: `${idBase}:call${ti}`, time: evTime, name: '', rawArgs: raw });
      addTagged(e.kind === 'tool' ? { ...e, status: 'failed', title: 'Unreadable tool call' } : e);
      return false;
    }
    const fn = isObj(tc.function) ? tc.function : {};
    const index = typeof tc.index === 'number' ? tc.index : ti;
    const callId = str(tc.id) ?? `${idBase}:call${index}`;
    if (byId.has(callId)) {
      if (content !== '') applyToolResult(callId, content);
      return true; // known call: merged, or repeated without news
    }
    const name = str(fn.name) ?? '';
    const rawArgs = str(fn.arguments) ?? (isObj(fn.arguments) ? JSON.stringify(fn.arguments) : '');
    addTagged(toolCallEntry({ id: callId, time: evTime, name, rawArgs, output: content || null }));
    return false;
  };

  const handleChoice = (choice: unknown, idBase: string): boolean => {
    if (!isObj(choice)) return false;
    const delta = isObj(choice.delta) ? choice.delta : isObj(choice.message) ? choice.message : null;
    if (!delta) return false;
    const content = str(delta.content) ?? '';
    const dRole = str(delta.role);
    const reasoning = str(delta.reasoning_text) ?? str(delta.reasoning);
    let metaOnly = false;
    if (reasoning && reasoning.trim() !== '') {
      const last = entries[entries.length - 1];
      if (!(last && last.kind === 'reasoning' && last.text === reasoning)) {
        addTagged({ kind: 'reasoning', id: `${idBase}:reasoning`, time: evTime, text: reasoning });
      }
    }
    if (dRole === 'tool') {
      const callId = str(delta.tool_call_id);
      if (!(callId && applyToolResult(callId, content))) orphanResult(callId ?? `${idBase}:tool`, content);
      return false;
    }
    const calls = Array.isArray(delta.tool_calls) ? delta.tool_calls : null;
    if (!calls || calls.length === 0) {
      handleMessage(content, dRole, idBase);
      return false;
    }
    for (let ti = 0; ti < calls.length; ti++) if (handleToolCall(calls[ti], ti, idBase, content)) metaOnly = true;
    return metaOnly;
  };

  /** One `data:` payload. Returns the outcome for the accounting. */
  const handleEvent = (payload: string, line: number): 'produced' | 'merged' | 'ignored' | 'skipped' => {
    if (payload === '[DONE]') return 'ignored';
    let obj: unknown;
    try {
      obj = JSON.parse(payload);
    } catch {
      return 'skipped';
    }
    if (!isObj(obj)) return 'skipped';
    const before = entries.length;
    let metaOnly = false;
    evMerged = false;
    evTime = normalizeTime(obj.created);
    evAgent = str(obj.agentId) ?? str(obj.agent_id) ?? undefined;
    const evId = str(obj.id) ?? `line-${line}`;
    const model = str(obj.model);
    if (meta.model === null && model && model.trim() !== '') meta.model = model.trim();

    // Top-level error object: {error: {code, message}} or {error: "…"}.
    if (obj.error !== undefined && obj.error !== null) {
      const err = obj.error;
      const message = isObj(err)
        ? [str(err.code) ?? (typeof err.code === 'number' ? String(err.code) : null), str(err.message)]
            .filter(Boolean)
            .join(': ')
        : String(err);
      addTagged({ kind: 'error', id: `${evId}:error`, time: evTime, message: message || 'Unknown error' });
    }

    // Top-level tool result / user message: {role: "tool", tool_call_id, content}, {role: "user", content}.
    const role = str(obj.role);
    if (role === 'tool') {
      const callId = str(obj.tool_call_id);
      const content = str(obj.content) ?? '';
      if (!(callId && applyToolResult(callId, content))) orphanResult(callId ?? `${evId}:tool`, content);
    } else if (role === 'user' || role === 'assistant' || role === 'system') {
      const content = str(obj.content);
      if (content !== null) handleMessage(content, role, `${evId}:${role}`);
    }

    // Warnings: {warning: "…"} / {warnings: ["…"]}.
    if (obj.warnings !== undefined || obj.warning !== undefined) {
      const warnings: unknown[] = Array.isArray(obj.warnings) ? obj.warnings : [obj.warning ?? obj.warnings];
      for (let i = 0; i < warnings.length; i++) {
        const w = warnings[i];
        const text = typeof w === 'string' ? w : isObj(w) ? (str(w.message) ?? JSON.stringify(w)) : String(w);
        const step: StepEntry = {
          kind: 'step',
          id: `${evId}:warning${i}`,
          time: evTime,
          title: `Warning: ${firstLine(text)}`,
          lines: text.split('\n'),
          status: null,
        };
        addTagged(step);
      }
    }

    if (Array.isArray(obj.choices)) {
      for (let ci = 0; ci < obj.choices.length; ci++) {
        if (handleChoice(obj.choices[ci], `${evId}:${ci}`)) metaOnly = true;
      }
    }

    if (obj.usage !== undefined || obj.copilot_usage !== undefined) metaOnly = true;
    if (entries.length > before) return 'produced';
    if (evMerged) return 'merged';
    if (metaOnly || Array.isArray(obj.choices) || str(obj.object) === 'chat.completion.chunk') return 'ignored';
    return 'skipped';
  };

  const handleLine = (raw: string): void => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return; // event separator
    stats.events++;
    let outcome: 'produced' | 'merged' | 'ignored' | 'skipped';
    if (line.startsWith('data:')) {
      const payload = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
      try {
        outcome = handleEvent(payload.trim(), lineNo);
      } catch {
        outcome = 'skipped';
      }
    } else if (line.startsWith(':') || /^(event|id|retry):/.test(line)) {
      outcome = 'ignored'; // SSE comment / fields
    } else {
      outcome = 'skipped';
    }
    stats[outcome]++;
  };

  const drain = (): PushResult => {
    const updated: LogEntry[] = [];
    for (const id of updatedIds) {
      const at = byId.get(id);
      const e = at === undefined ? undefined : entries[at];
      if (e) updated.push(e);
    }
    // Entries added in this push may have been replaced since: report their latest version.
    const addedNow = added.map((e) => {
      const at = byId.get(e.id);
      return (at === undefined ? undefined : entries[at]) ?? e;
    });
    added = [];
    addedIds = new Set();
    updatedIds = new Set();
    return { added: addedNow, updated };
  };

  const processText = (text: string): void => {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl === -1) break;
      handleLine(text.slice(from, nl));
      from = nl + 1;
    }
    if (from < text.length) pending = [text.slice(from)];
  };

  return {
    push(chunk: string): PushResult {
      if (typeof chunk !== 'string' || chunk === '') return drain();
      const nl = chunk.indexOf('\n');
      if (nl === -1) {
        pending.push(chunk); // still inside one line: do not re-scan what we hold
        return drain();
      }
      const head = pending.length > 0 ? pending.join('') + chunk.slice(0, nl + 1) : chunk.slice(0, nl + 1);
      pending = [];
      handleLine(head.slice(0, -1));
      processText(chunk.slice(nl + 1));
      return drain();
    },
    end(): PushResult {
      if (pending.length > 0) {
        const last = pending.join('');
        pending = [];
        handleLine(last);
      }
      // The log is complete: a call still waiting for its answer never got one.
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (e?.kind === 'tool' && e.status === 'requested') replace(i, markUnfinished(e));
      }
      return drain();
    },
    get skipped() {
      return stats.skipped;
    },
    get meta() {
      return meta;
    },
    get stats() {
      return stats;
    },
    snapshot(): ParsedLog {
      return {
        format: 'copilot-api',
        entries: entries.slice(),
        skipped: stats.skipped,
        meta: { ...meta },
        stats: { ...stats },
      };
    },
  };
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return (nl === -1 ? text : text.slice(0, nl)).slice(0, 200);
}

/** Parse a whole Copilot API log. Never throws. */
export function parseCopilotLog(text: string): ParsedLog {
  const p = createCopilotLogParser();
  p.push(typeof text === 'string' ? text : '');
  p.end();
  return p.snapshot();
}
