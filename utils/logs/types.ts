/**
 * What the log parsers produce and the drawer renders. Both parsers (Copilot API `data:` log, Actions job log)
 * map into these entries so that one view renders either. Parsers are pure and never throw: what they cannot
 * read is counted in `skipped`, never dropped silently. Additive changes only: the drawer depends on this.
 */

/**
 * `requested`: asked for, no answer yet (the log is still growing); `unfinished`: the log is complete and the call
 * never got an answer; `failed`: the tool reported a failure, or its call could not be read (arguments that are not
 * JSON, an answer with nothing in it for a tool we do not know): shown with its raw input, never as done.
 */
type ToolStatus = 'requested' | 'done' | 'failed' | 'unfinished';

interface EntryBase {
  /** Stable within one log: the tool call id, chunk id + index, or line number. Used as a list key. */
  id: string;
  /** Epoch milliseconds when known (normalised from seconds, milliseconds or strings). */
  time: number | null;
  /** Sub-agent that produced the entry (Copilot API objects tagged `agentId`); absent for the main agent. */
  agentId?: string;
  /** Built from GitHub's public live surfaces (job steps, the PR description, commits) while the session runs; the
   * job log replaces these entries when the job ends. */
  live?: boolean;
}

export interface SetupEntry extends EntryBase {
  kind: 'setup';
  title: string;
  output: string | null;
}

export interface MessageEntry extends EntryBase {
  kind: 'message';
  /** Markdown from the agent: render safely (no raw HTML, links only to https:). */
  markdown: string;
  /** Who wrote it; absent means the assistant (`{role: "user"}` objects carry 'user'). */
  role?: 'assistant' | 'user';
}

export interface ReasoningEntry extends EntryBase {
  kind: 'reasoning';
  text: string;
}

export interface ToolEntry extends EntryBase {
  kind: 'tool';
  /** Tool name as the agent called it: `bash`, `view`, `str_replace`, `github-mcp-server-get_issue`, ... */
  tool: string;
  /** Title as the GitHub CLI would render it: "View src/app.ts", "Bash: run the tests", "Edit src/app.ts". */
  title: string;
  status: ToolStatus;
  /** Parsed arguments when `function.arguments` was valid JSON; otherwise null and `rawArgs` holds the text. */
  args: Record<string, unknown> | null;
  rawArgs: string;
  /** For bash-like tools: the command line. */
  command: string | null;
  /** The tool's output (may contain ANSI colour codes: render them as colours, never as markup). */
  output: string | null;
  /** For edits: the file path (relative to the repo) and a unified diff when one can be built. */
  diff: { path: string; oldText: string; newText: string } | null;
  /** For create: the path and the file's content. */
  file: { path: string; text: string } | null;
  /** Exit code parsed from `<exited with exit code N>` when present. */
  exitCode: number | null;
}

export interface ProgressEntry extends EntryBase {
  kind: 'progress';
  /** "Progress update: <commit message>" */
  title: string;
  /** The PR description, often a Markdown checklist. */
  markdown: string;
  /** The tool's output once the call finished (e.g. the `git push` transcript); absent/null while requested. */
  output?: string | null;
  /** Live plan: how its checklist changed since the previous look (done, added, removed, reopened, edited). */
  changes?: PlanChange[];
}

export interface PlanChange {
  change: 'done' | 'added' | 'removed' | 'reopened' | 'edited';
  text: string;
}

/** A commit the agent pushed to its branch (live progress). `patch` per file: shown on demand. */
export interface CommitEntry extends EntryBase {
  kind: 'commit';
  sha: string;
  message: string;
  author: string | null;
  /** https URL of the commit on GitHub (built by the background from GitHub's answer). */
  url: string | null;
  files: Array<{ path: string; status: string; additions: number; deletions: number; patch: string | null }> | null;
}

export interface SummaryEntry extends EntryBase {
  kind: 'summary';
  /** From the final `<pr_title>` message, or `PR: "<title>"` in an Actions log. */
  prTitle: string;
  markdown: string;
}

export interface ErrorEntry extends EntryBase {
  kind: 'error';
  message: string;
}

/** Actions 2026 format: one agent turn with its metadata (no prose is available in that format). */
export interface TurnEntry extends EntryBase {
  kind: 'turn';
  turn: number;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  messageChars: number | null;
  toolCallCount: number | null;
  tools: Array<{ name: string; arg: string | null; success: boolean | null }>;
}

/** An Actions step (segment of the job log) or a folded block such as the firewall dump. */
export interface StepEntry extends EntryBase {
  kind: 'step';
  title: string;
  /** The step's raw lines (ANSI kept), for folding. */
  lines: string[];
  status: 'success' | 'failure' | 'cancelled' | 'skipped' | 'in_progress' | 'queued' | null;
}

export type LogEntry =
  | SetupEntry
  | MessageEntry
  | ReasoningEntry
  | ToolEntry
  | ProgressEntry
  | SummaryEntry
  | ErrorEntry
  | TurnEntry
  | StepEntry
  | CommitEntry;

export interface ParsedLog {
  format: 'copilot-api' | 'actions-2026' | 'actions-transcript' | 'actions-unknown';
  entries: LogEntry[];
  /** Lines or events that could not be read (malformed JSON, unknown shapes). Shown in the UI. */
  skipped: number;
  /** Facts found in the log: the session id (from the trusted env dump only), model, prompt, branch, PR title. */
  meta: {
    sessionId: string | null;
    model: string | null;
    prompt: string | null;
    branch: string | null;
    prTitle: string | null;
    turns: number | null;
  };
  /** How every input event/line was accounted for (entries + merged updates + ignored + skipped = events). */
  stats?: ParseStats;
}

/**
 * Accounting for one parse, so nothing is dropped silently. Copilot API log: one event = one `data:` line;
 * Actions log: one event = one log line. `produced` events created at least one entry, `merged` events only updated
 * existing entries (a finished tool call), `ignored` events carried only metadata or control (`[DONE]`, usage-only,
 * blank separators are not counted), `skipped` could not be read (same number as `ParsedLog.skipped`).
 */
export interface ParseStats {
  events: number;
  produced: number;
  merged: number;
  ignored: number;
  skipped: number;
}

/**
 * Incremental parsing for live logs: feed only what grew; a partial last line is kept for the next call.
 * `push` returns the entries that are new or changed (a tool call that finished replaces its `requested` entry:
 * same id). The drawer appends/replaces by id.
 */
export interface IncrementalParser {
  push(chunk: string): { added: LogEntry[]; updated: LogEntry[] };
  /** Flush the partial last line (log complete). */
  end(): { added: LogEntry[]; updated: LogEntry[] };
  readonly skipped: number;
  readonly meta: ParsedLog['meta'];
}
