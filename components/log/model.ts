/**
 * The drawer's log model, without DOM: the entry list updated by id (live appends and finished tool calls),
 * fold rules, search over what the view shows, and the live-follow state machine. Pure, unit-tested.
 */
import { structuredPatch } from 'diff';
import { markdownText } from '../../utils/logs/markdown';
import type { LogEntry, ToolEntry } from '../../utils/logs/types';
import { commitBody, commitTitle, parseMarkdownSafe, planChangeLines, sanitizeDisplayText, stripAnsi } from './deps';

/** Outputs longer than this are folded behind "Show N more lines". */
export const FOLD_LINES = 20;

export class LogModel {
  entries: LogEntry[] = [];
  /** Bumped on every change: the view re-renders on it. */
  version = 0;
  private index = new Map<string, number>();

  reset(entries: LogEntry[] = []): void {
    this.entries = [];
    this.index.clear();
    this.apply({ added: entries, updated: [] });
  }

  /** Appends new entries and replaces updated ones (same id). Returns how many entries were appended. */
  apply(change: { added: LogEntry[]; updated: LogEntry[] }): number {
    const before = this.entries.length;
    for (const e of [...change.added, ...change.updated]) {
      const at = this.index.get(e.id);
      if (at === undefined) {
        this.index.set(e.id, this.entries.length);
        this.entries.push(e);
      } else this.entries[at] = e;
    }
    if (change.added.length || change.updated.length) this.version++;
    return this.entries.length - before;
  }

  indexOf(id: string): number {
    return this.index.get(id) ?? -1;
  }
}

/** Entries whose body is hidden until opened. */
function defaultOpen(entry: LogEntry): boolean {
  return !(entry.kind === 'setup' || entry.kind === 'reasoning' || entry.kind === 'step');
}

export function isCollapsible(entry: LogEntry): boolean {
  switch (entry.kind) {
    case 'setup':
      return !!entry.output;
    case 'reasoning':
    case 'step':
      return true;
    case 'commit':
      return !!(entry.files?.length || entry.message.includes('\n'));
    case 'tool':
      return !!(entry.command || entry.output || entry.diff || entry.file || toolArgsText(entry));
    case 'progress':
      return !!(entry.markdown || entry.output);
    case 'turn':
      return entry.tools.length > 0;
    default:
      return false;
  }
}

export type FoldMode = 'default' | 'expanded' | 'collapsed';

export function isOpen(entry: LogEntry, mode: FoldMode, overrides: ReadonlyMap<string, boolean>): boolean {
  const o = overrides.get(entry.id);
  if (o !== undefined) return o;
  if (mode === 'expanded') return true;
  if (mode === 'collapsed') return !isCollapsible(entry);
  return defaultOpen(entry);
}

/** Splits an output into the visible head and how many lines are folded. */
export function foldText(text: string, full: boolean): { shown: string; hidden: number } {
  if (full) return { shown: text, hidden: 0 };
  let at = -1;
  for (let i = 0; i < FOLD_LINES; i++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1) return { shown: text, hidden: 0 };
  }
  let hidden = 0;
  for (let i = at; i !== -1; i = text.indexOf('\n', i + 1)) hidden++;
  if (text.endsWith('\n')) hidden--;
  return hidden <= 0 ? { shown: text, hidden: 0 } : { shown: text.slice(0, at), hidden };
}

/**
 * The arguments of a tool call shown beside its output when no dedicated rendering shows them (a generic or unknown
 * tool, or a call whose arguments are not JSON): `key: value` lines, or the raw text. Null when there is nothing.
 */
export function toolArgsText(e: ToolEntry): string | null {
  if (e.args === null) return e.rawArgs.trim() === '' ? null : e.rawArgs;
  if (e.command !== null || e.diff || e.file) return null;
  if (e.tool === 'view' || e.title.startsWith('View ')) return null;
  const keys = Object.keys(e.args);
  if (keys.length === 0) return null;
  return keys
    .map((k) => {
      const v = e.args?.[k];
      return `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`;
    })
    .join('\n');
}

/** The words for a tool call that is not simply done. */
export function toolStatusLabel(e: ToolEntry): string | null {
  switch (e.status) {
    case 'requested':
      return 'running…';
    case 'unfinished':
      return 'did not finish';
    case 'failed':
      return e.exitCode !== null ? `exit ${e.exitCode}` : 'failed';
    default:
      return e.exitCode !== null && e.exitCode !== 0 ? `exit ${e.exitCode}` : null;
  }
}

/** The heading the view shows for an entry. */
export function entryHeading(e: LogEntry): string {
  switch (e.kind) {
    case 'setup':
    case 'tool':
    case 'progress':
    case 'step':
      return e.title;
    case 'message':
      return e.role === 'user' ? 'User' : 'Copilot';
    case 'reasoning':
      return 'Reasoning';
    case 'summary':
      return e.prTitle;
    case 'error':
      return 'Error';
    case 'commit':
      return commitTitle(e);
    case 'turn': {
      const tokens =
        e.inputTokens != null || e.outputTokens != null
          ? ` · ${(e.inputTokens ?? 0).toLocaleString('en')} in / ${(e.outputTokens ?? 0).toLocaleString('en')} out`
          : '';
      return `Turn ${e.turn}${e.model ? ` · ${e.model}` : ''}${tokens}`;
    }
  }
}

/** Unified diff lines of an edit, computed once per edit. */
export function diffLines(
  path: string,
  oldText: string,
  newText: string,
): Array<{ kind: '+' | '-' | ' ' | '@'; text: string }> {
  const out: Array<{ kind: '+' | '-' | ' ' | '@'; text: string }> = [];
  let patch: ReturnType<typeof structuredPatch> | undefined;
  try {
    patch = structuredPatch(path, path, oldText, newText, '', '', { context: 3 });
  } catch {
    patch = undefined;
  }
  if (!patch) {
    for (const l of oldText.split('\n')) out.push({ kind: '-', text: l });
    for (const l of newText.split('\n')) out.push({ kind: '+', text: l });
    return out;
  }
  for (const h of patch.hunks) {
    out.push({ kind: '@', text: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@` });
    for (const l of h.lines) {
      if (l.startsWith('\\')) continue;
      const k = l[0];
      out.push({ kind: k === '+' || k === '-' ? k : ' ', text: l.slice(1) });
    }
  }
  return out;
}

const md = (text: string): string => markdownText(parseMarkdownSafe(text));

/** The text the view displays for an entry (heading + body, ANSI stripped), in display order. Search runs on it. */
export function displayText(e: LogEntry): string {
  const parts = [entryHeading(e)];
  switch (e.kind) {
    case 'setup':
      if (e.output) parts.push(stripAnsi(e.output));
      break;
    case 'message':
      parts.push(md(e.markdown));
      break;
    case 'reasoning':
      parts.push(e.text);
      break;
    case 'tool':
      if (e.command !== null) parts.push(e.command);
      if (toolArgsText(e) !== null) parts.push(toolArgsText(e) ?? '');
      if (e.diff) parts.push(...diffLines(e.diff.path, e.diff.oldText, e.diff.newText).map((l) => l.text));
      if (e.file) parts.push(e.file.text);
      if (e.output && !e.diff && !e.file) parts.push(stripAnsi(e.output));
      break;
    case 'progress':
      parts.push(...planChangeLines(e.changes));
      parts.push(md(e.markdown));
      if (e.output) parts.push(stripAnsi(e.output));
      break;
    case 'commit':
      parts.push(...commitBody(e, false));
      break;
    case 'summary':
      parts.push(md(e.markdown));
      break;
    case 'error':
      parts.push(e.message);
      break;
    case 'turn':
      for (const t of e.tools) parts.push(t.arg ? `${t.name} — ${t.arg}` : t.name);
      break;
    case 'step':
      parts.push(stripAnsi(e.lines.join('\n')));
      break;
  }
  return parts.join('\n');
}

const searchCache = new WeakMap<LogEntry, string>();
/** What search looks through: the entry's displayed text (ANSI stripped, sanitized), lower-cased. Cached. */
function searchText(entry: LogEntry): string {
  let t = searchCache.get(entry);
  if (t === undefined) {
    t = sanitizeDisplayText(displayText(entry)).toLowerCase();
    searchCache.set(entry, t);
  }
  return t;
}

export function countOccurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

interface SearchResult {
  query: string;
  total: number;
  /** Per matching entry: its index in the list and the global number of its first match. */
  hits: Array<{ index: number; first: number; count: number }>;
}

export function search(entries: readonly LogEntry[], rawQuery: string): SearchResult {
  const query = rawQuery.trim().toLowerCase();
  const hits: SearchResult['hits'] = [];
  let total = 0;
  if (query) {
    for (let i = 0; i < entries.length; i++) {
      const count = countOccurrences(searchText(entries[i]!), query);
      if (count) {
        hits.push({ index: i, first: total, count });
        total += count;
      }
    }
  }
  return { query, total, hits };
}

/** The entry holding global match `n` (0-based) and the match's number inside that entry. */
export function locateMatch(result: SearchResult, n: number): { index: number; within: number } | null {
  if (!result.total) return null;
  const k = ((n % result.total) + result.total) % result.total;
  let lo = 0;
  let hi = result.hits.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (result.hits[mid]!.first <= k) lo = mid;
    else hi = mid - 1;
  }
  const hit = result.hits[lo]!;
  return { index: hit.index, within: k - hit.first };
}

/** Live follow: the view sticks to the end until the user scrolls up; then new entries are counted. */
export interface FollowState {
  follow: boolean;
  unseen: number;
}
type FollowAction =
  | { type: 'append'; count: number }
  | { type: 'scroll'; top: number; prevTop: number; atBottom: boolean }
  | { type: 'jump' }
  | { type: 'leave' };

export function followReducer(state: FollowState, action: FollowAction): FollowState {
  switch (action.type) {
    case 'append':
      return state.follow || action.count <= 0 ? state : { follow: false, unseen: state.unseen + action.count };
    case 'scroll':
      if (action.top < action.prevTop - 2 && !action.atBottom)
        return state.follow ? { ...state, follow: false } : state;
      if (action.atBottom) return state.follow && state.unseen === 0 ? state : { follow: true, unseen: 0 };
      return state;
    case 'jump':
      return { follow: true, unseen: 0 };
    case 'leave':
      return state.follow ? { ...state, follow: false } : state;
  }
}

export function jumpLabel(state: FollowState): string {
  return state.unseen > 0 ? `Jump to latest (${state.unseen} new)` : 'Jump to latest';
}
