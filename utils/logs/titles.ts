/**
 * Tool call → entry, titled the way the GitHub CLI renders it (cli/cli `pkg/cmd/agent-task/shared/log.go`):
 * "View README.md", "View repository", "Bash: <description>", "Progress update: <commit message>",
 * "Create: os_info.sh", "Edit: README.md", "Run CodeQL analysis", "Call to <tool>". Pure, never throws.
 * Shared by the Copilot API parser and the older Actions transcript format.
 */
import type { LogEntry, ProgressEntry, ReasoningEntry, SetupEntry, ToolEntry } from './types';

const RUNNER_WORK = '/home/runner/work/';

/**
 * A runner checkout path (`/home/runner/work/<repo>/<repo>/src/a.ts`) relative to the repository (`src/a.ts`).
 * The checkout root itself gives '' (render it as "repository"); other paths are returned unchanged.
 */
function relativePath(path: string): string {
  if (!path.startsWith(RUNNER_WORK)) return path;
  const parts = path
    .slice(RUNNER_WORK.length)
    .split('/')
    .filter((p) => p !== '');
  return parts.length <= 2 ? '' : parts.slice(2).join('/');
}

/** `relativePath`, with the repository root shown as "repository" (as the CLI does). */
function displayPath(path: string): string {
  const rel = relativePath(path);
  return rel === '' ? 'repository' : rel;
}

/** Generic titles the CLI knows (log.go `genericToolCallNamesToTitles`). */
const GENERIC_TITLES: Record<string, string> = {
  codeql_checker: 'Run CodeQL analysis',
  reply_to_comment: 'Reply to comment',
  'playwright-browser_navigate': 'Navigate Playwright web browser to a URL',
  'playwright-browser_navigate_back': 'Navigate back in Playwright web browser',
  'playwright-browser_navigate_forward': 'Navigate forward in Playwright web browser',
  'playwright-browser_click': 'Click element in Playwright web browser',
  'playwright-browser_take_screenshot': 'Take screenshot of Playwright web browser',
  'playwright-browser_type': 'Type in Playwright web browser',
  'playwright-browser_wait_for': 'Wait for text to appear/disappear in Playwright web browser',
  'playwright-browser_evaluate': 'Run JavaScript in Playwright web browser',
  'playwright-browser_snapshot': 'Take snapshot of page in Playwright web browser',
  'playwright-browser_resize': 'Resize Playwright web browser window',
  'playwright-browser_close': 'Close Playwright web browser',
  'playwright-browser_press_key': 'Press key in Playwright web browser',
  'playwright-browser_select_option': 'Select option in Playwright web browser',
  'playwright-browser_handle_dialog': 'Interact with dialog in Playwright web browser',
  'playwright-browser_console_messages': 'Get console messages from Playwright web browser',
  'playwright-browser_drag': 'Drag mouse between elements in Playwright web browser',
  'playwright-browser_file_upload': 'Upload file in Playwright web browser',
  'playwright-browser_hover': 'Hover mouse over element in Playwright web browser',
  'playwright-browser_network_requests': 'Get network requests from Playwright web browser',
  'github-mcp-server-get_file_contents': 'Get file contents from GitHub',
  'github-mcp-server-get_pull_request': 'Get pull request from GitHub',
  'github-mcp-server-get_issue': 'Get issue from GitHub',
  'github-mcp-server-get_pull_request_files': 'Get pull request changed files from GitHub',
  'github-mcp-server-list_pull_requests': 'List pull requests on GitHub',
  'github-mcp-server-list_branches': 'List branches on GitHub',
  'github-mcp-server-get_pull_request_diff': 'Get pull request diff from GitHub',
  'github-mcp-server-get_pull_request_comments': 'Get pull request comments from GitHub',
  'github-mcp-server-get_commit': 'Get commit from GitHub',
  'github-mcp-server-search_repositories': 'Search repositories on GitHub',
  'github-mcp-server-search_code': 'Search code on GitHub',
  'github-mcp-server-get_issue_comments': 'Get issue comments from GitHub',
  'github-mcp-server-list_issues': 'List issues on GitHub',
  'github-mcp-server-search_pull_requests': 'Search pull requests on GitHub',
  'github-mcp-server-list_commits': 'List commits on GitHub',
  'github-mcp-server-get_pull_request_status': 'Get pull request status from GitHub',
  'github-mcp-server-search_issues': 'Search issues on GitHub',
  'github-mcp-server-get_pull_request_reviews': 'Get pull request reviews from GitHub',
  'github-mcp-server-download_workflow_run_artifact': 'Download GitHub Actions workflow run artifact',
  'github-mcp-server-get_job_logs': 'Get GitHub Actions job logs',
  'github-mcp-server-get_workflow_run': 'Get GitHub Actions workflow run',
  'github-mcp-server-get_workflow_run_logs': 'Get GitHub Actions workflow run logs',
  'github-mcp-server-get_workflow_run_usage': 'Get GitHub Actions workflow usage',
  'github-mcp-server-list_workflow_jobs': 'List GitHub Actions workflow jobs',
  'github-mcp-server-list_workflow_run_artifacts': 'List GitHub Actions workflow run artifacts',
  'github-mcp-server-list_workflow_runs': 'List GitHub Actions workflow runs',
  'github-mcp-server-list_workflows': 'List GitHub Actions workflows',
};

const BASH_SESSION_TITLES: Record<string, string> = {
  write_bash: 'Send input to Bash session',
  read_bash: 'Read logs from Bash session',
  stop_bash: 'Stop Bash session',
  async_bash: 'Start or send input to long-running Bash session',
  read_async_bash: 'View logs from long-running Bash session',
  stop_async_bash: 'Stop long-running Bash session',
};

const KNOWN_TOOLS = new Set([
  'run_setup',
  'run_custom_setup_step',
  'think',
  'report_progress',
  'view',
  'bash',
  'create',
  'str_replace',
  'str_replace_editor',
  'edit',
  ...Object.keys(BASH_SESSION_TITLES),
]);

/** A tool this viewer knows how to show (the CLI's own renderings, its generic list, GitHub MCP, Playwright). */
function isKnownTool(name: string): boolean {
  return (
    KNOWN_TOOLS.has(name) ||
    GENERIC_TITLES[name] !== undefined ||
    name.startsWith('github-mcp-server-') ||
    name.startsWith('playwright-browser_')
  );
}

/** Title for a tool without a dedicated rendering; the tool name stays visible (in the title or `tool`). */
function genericTitle(name: string): string {
  if (name === '') return 'Generic tool call';
  const known = GENERIC_TITLES[name];
  if (known !== undefined) return known;
  if (name.startsWith('github-mcp-server-')) return `GitHub: ${name.slice(18).replace(/_/g, ' ')}`;
  if (name.startsWith('playwright-browser_')) return `Playwright: ${name.slice(19).replace(/_/g, ' ')}`;
  return `Call to ${name}`;
}

/** Fields we try to recover from malformed or truncated `function.arguments`. */
const SALVAGE_KEYS = [
  'name',
  'path',
  'command',
  'description',
  'thought',
  'commitMessage',
  'prDescription',
  'file_text',
  'old_str',
  'new_str',
  'sessionId',
  'input',
] as const;

/**
 * Read one string field out of broken JSON (`{"path":"/a/b", "command":"ls -` → command "ls -"), by a linear
 * scan (no regex backtracking on megabyte arguments). Returns null when the key is absent.
 */
function salvageStringField(raw: string, key: string): string | null {
  const needle = `"${key}"`;
  let at = raw.indexOf(needle);
  while (at !== -1) {
    let i = at + needle.length;
    while (i < raw.length && (raw[i] === ' ' || raw[i] === '\n' || raw[i] === '\t' || raw[i] === '\r')) i++;
    if (raw[i] === ':') {
      i++;
      while (i < raw.length && (raw[i] === ' ' || raw[i] === '\n' || raw[i] === '\t' || raw[i] === '\r')) i++;
      if (raw[i] === '"') return decodeJsonString(raw, i + 1);
    }
    at = raw.indexOf(needle, at + 1);
  }
  return null;
}

function decodeJsonString(raw: string, start: number): string {
  const out: string[] = [];
  let runStart = start;
  let i = start;
  while (i < raw.length) {
    const c = raw.charCodeAt(i);
    if (c === 34 /* " */) break;
    if (c !== 92 /* \ */) {
      i++;
      continue;
    }
    out.push(raw.slice(runStart, i));
    const e = raw[i + 1];
    if (e === undefined) {
      i = raw.length;
      runStart = i;
      break;
    }
    if (e === 'u') {
      const hex = raw.slice(i + 2, i + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) out.push(String.fromCharCode(Number.parseInt(hex, 16)));
      i += 2 + hex.length;
    } else {
      out.push(e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === 'b' ? '\b' : e === 'f' ? '\f' : e);
      i += 2;
    }
    runStart = i;
  }
  out.push(raw.slice(runStart, Math.min(i, raw.length)));
  return out.join('');
}

interface ToolArgs {
  /** The parsed object when `function.arguments` was valid JSON (an object); otherwise null. */
  args: Record<string, unknown> | null;
  /** String fields: from `args`, or salvaged from broken JSON. */
  fields: Record<string, string>;
}

function parseToolArgs(raw: string): ToolArgs {
  const fields: Record<string, string> = {};
  let args: Record<string, unknown> | null = null;
  const trimmed = raw.trim();
  if (trimmed !== '') {
    try {
      const v: unknown = JSON.parse(trimmed);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) args = v as Record<string, unknown>;
    } catch {
      args = null;
    }
  }
  if (args) {
    for (const [k, v] of Object.entries(args)) if (typeof v === 'string') fields[k] = v;
  } else if (trimmed.includes('"')) {
    for (const k of SALVAGE_KEYS) {
      const v = salvageStringField(trimmed, k);
      if (v !== null) fields[k] = v;
    }
  }
  return { args, fields };
}

/** `<exited with exit code N>` (the last one) → N. */
function exitCodeOf(output: string | null): number | null {
  if (!output) return null;
  const marker = '<exited with exit code ';
  const at = output.lastIndexOf(marker);
  if (at === -1) return null;
  const m = /^(-?\d{1,4})>/.exec(output.slice(at + marker.length, at + marker.length + 8));
  return m?.[1] !== undefined ? Number(m[1]) : null;
}

/**
 * The CLI's `stripDiffFormat`: a `view` result comes as a diff of the file; drop the headers and the one-column
 * +/-/space prefix so the file (or directory listing) reads as text. Non-diffs are returned unchanged.
 */
function stripDiffFormat(text: string): string {
  const lines = text.split('\n');
  const hunk = lines.findIndex((l) => l.startsWith('@@'));
  if (hunk === -1) return text;
  const body = lines
    .slice(hunk + 1)
    .map((l) => (l.startsWith('+') || l.startsWith('-') || l.startsWith(' ') ? l.slice(1) : l));
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  return body.join('\n');
}

type ToolCallEntry = SetupEntry | ReasoningEntry | ProgressEntry | ToolEntry;

interface ToolCallInput {
  id: string;
  time: number | null;
  name: string;
  rawArgs: string;
  /** Output when already finished (run_setup objects carry it in the same event). */
  output?: string | null;
}

/** Build the entry for a tool call (requested; pass `output` when it already finished). */
export function toolCallEntry(input: ToolCallInput): ToolCallEntry {
  const { id, time, name, rawArgs } = input;
  const { args, fields } = parseToolArgs(rawArgs);
  let entry: ToolCallEntry;
  switch (name) {
    case 'run_setup':
    case 'run_custom_setup_step':
      entry = { kind: 'setup', id, time, title: fields.name || 'Setup step', output: null };
      break;
    case 'think':
      entry = { kind: 'reasoning', id, time, text: fields.thought ?? rawArgs };
      break;
    case 'report_progress':
      entry = {
        kind: 'progress',
        id,
        time,
        title: fields.commitMessage ? `Progress update: ${fields.commitMessage}` : 'Progress update',
        markdown: fields.prDescription ?? '',
        output: null,
      };
      break;
    default:
      entry = plainToolEntry(id, time, name, rawArgs, args, fields);
  }
  return input.output ? completeToolEntry(entry, input.output, time) : entry;
}

function plainToolEntry(
  id: string,
  time: number | null,
  name: string,
  rawArgs: string,
  args: Record<string, unknown> | null,
  f: Record<string, string>,
): ToolEntry {
  const base: ToolEntry = {
    kind: 'tool',
    id,
    time,
    tool: name,
    title: genericTitle(name),
    status: 'requested',
    args,
    rawArgs,
    command: null,
    output: null,
    diff: null,
    file: null,
    exitCode: null,
  };
  const path = f.path ?? null;
  switch (name) {
    case 'view':
      return { ...base, title: path !== null ? `View ${displayPath(path)}` : 'View file' };
    case 'bash':
      return {
        ...base,
        title: f.description ? `Bash: ${f.description}` : 'Run Bash command',
        command: f.command ?? null,
      };
    case 'write_bash':
    case 'read_bash':
    case 'stop_bash':
    case 'async_bash':
    case 'read_async_bash':
    case 'stop_async_bash':
      return {
        ...base,
        title: BASH_SESSION_TITLES[name] ?? genericTitle(name),
        command: f.command ?? f.input ?? null,
      };
    case 'create':
      return createOrEdit(base, 'create', path, f);
    case 'str_replace':
    case 'str_replace_editor':
    case 'edit':
      return createOrEdit(base, f.command ?? 'str_replace', path, f);
    default:
      return base;
  }
}

function createOrEdit(base: ToolEntry, command: string, path: string | null, f: Record<string, string>): ToolEntry {
  const rel = path !== null ? relativePath(path) : '';
  const shown = path !== null ? displayPath(path) : 'file';
  if (command === 'view') return { ...base, title: `View ${shown}` };
  if (command === 'create') {
    return { ...base, title: `Create: ${shown}`, file: { path: rel, text: f.file_text ?? '' } };
  }
  return { ...base, title: `Edit: ${shown}`, diff: { path: rel, oldText: f.old_str ?? '', newText: f.new_str ?? '' } };
}

/** The tool finished: attach its output (a new object; the original is not mutated). */
export function completeToolEntry<E extends LogEntry>(entry: E, output: string, time: number | null): E {
  switch (entry.kind) {
    case 'setup':
      return { ...entry, output };
    case 'progress':
      return { ...entry, output };
    case 'reasoning':
      // The finished `think` call repeats the thought as its output (the CLI omits it): keep the thought.
      return entry.text.trim() === '' ? { ...entry, text: output } : entry;
    case 'tool': {
      const exitCode = exitCodeOf(output);
      // Arguments that are not JSON, or an empty answer from a tool we do not know: the call cannot be trusted to
      // have done anything, so it is never shown as done (its raw input stays visible).
      const unreadable = entry.args === null && entry.rawArgs.trim() !== '';
      const emptyUnknown = output.trim() === '' && !isKnownTool(entry.tool);
      const failed =
        unreadable || emptyUnknown || (exitCode !== null && exitCode !== 0) || output.trimStart().startsWith('<error>');
      const shown = entry.tool === 'view' || entry.title.startsWith('View ') ? stripDiffFormat(output) : output;
      return {
        ...entry,
        output: shown,
        exitCode,
        status: failed ? 'failed' : 'done',
        time: entry.time ?? time,
      };
    }
    default:
      return entry;
  }
}

/** The log is complete and this call never got its answer: `requested` becomes `unfinished` (others unchanged). */
export function markUnfinished<E extends LogEntry>(entry: E): E {
  return entry.kind === 'tool' && entry.status === 'requested' ? { ...entry, status: 'unfinished' } : entry;
}
