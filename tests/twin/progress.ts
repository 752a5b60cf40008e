/**
 * What a running agent publishes on GitHub's public REST surfaces, derived from the scenario's session log (the same
 * events the Copilot API log serves): each finished `report_progress` call pushes a commit to the session's branch
 * (its `commitMessage`, the files `create`/`str_replace` touched since the previous one) and rewrites the PR
 * description with its `prDescription`. Pure functions of the world at scenario time t; HTTP shapes follow GitHub's
 * OpenAPI description (commit, diff-entry).
 */
import { iso } from './clock';
import { argsOf, deltasOf } from './log-events';
import { API, simpleUser, WEB } from './shapes';
import { type Repo, type Session, shaFor, type World } from './world';

type Json = Record<string, unknown>;

export interface FileChange {
  path: string;
  status: 'added' | 'modified';
  oldText: string;
  newText: string;
}

export interface AgentCommit {
  sha: string;
  session: Session | null;
  index: number;
  at: number;
  message: string;
  description: string;
  files: FileChange[];
}

const RUNNER = /^\/home\/runner\/work\/[^/]+\/[^/]+\//;
const CHECKOUT_ROOT = /^\/home\/runner\/work\/[^/]+\/[^/]+\/?$/;

interface Call {
  name: string;
  args: Record<string, unknown>;
  done: boolean;
}

/** Tool calls per event index (finished ones carry content: the shape of session-logs.md §1). */
function callsOf(event: string): Call[] {
  const out: Call[] = [];
  for (const delta of deltasOf(event)) {
    if (delta.calls.length === 0) continue;
    const done = delta.content !== '';
    // unreadable arguments change nothing on GitHub
    for (const fn of delta.calls) out.push({ name: fn.name, args: argsOf(fn.arguments) ?? {}, done });
  }
  return out;
}

const cache = new WeakMap<Session, Array<Omit<AgentCommit, 'at'> & { event: number }>>();

/** Every commit the session's log will push, with the index of the event that pushes it. */
function plannedCommits(s: Session): Array<Omit<AgentCommit, 'at'> & { event: number }> {
  const hit = cache.get(s);
  if (hit) return hit;
  const out: Array<Omit<AgentCommit, 'at'> & { event: number }> = [];
  let files = new Map<string, FileChange>();
  s.logEvents.forEach((event, i) => {
    for (const call of callsOf(event)) {
      if (!call.done) continue;
      const path = typeof call.args.path === 'string' ? call.args.path : '';
      const rel = path.replace(RUNNER, '');
      const command = typeof call.args.command === 'string' ? call.args.command : '';
      if (call.name === 'create' || (call.name.startsWith('str_replace') && command === 'create')) {
        if (path && !CHECKOUT_ROOT.test(path)) {
          const text = typeof call.args.file_text === 'string' ? call.args.file_text : '';
          files.set(rel, { path: rel, status: 'added', oldText: '', newText: text });
        }
      } else if (call.name === 'str_replace' || (call.name === 'str_replace_editor' && command === 'str_replace')) {
        if (path) {
          const prev = files.get(rel);
          const oldStr = typeof call.args.old_str === 'string' ? call.args.old_str : '';
          const newStr = typeof call.args.new_str === 'string' ? call.args.new_str : '';
          files.set(rel, {
            path: rel,
            status: prev?.status ?? 'modified',
            oldText: prev?.oldText ?? oldStr,
            newText: prev ? prev.newText.replace(oldStr, newStr) : newStr,
          });
        }
      } else if (call.name === 'report_progress') {
        const index = out.length;
        out.push({
          sha: shaFor(`${s.id}/commit/${index}`),
          session: s,
          index,
          event: i,
          message: typeof call.args.commitMessage === 'string' ? call.args.commitMessage : 'Progress update',
          description: typeof call.args.prDescription === 'string' ? call.args.prDescription : '',
          files: [...files.values()],
        });
        files = new Map();
      }
    }
  });
  cache.set(s, out);
  return out;
}

/** When event `i` of the session's log becomes visible (the inverse of World.logEventCount). */
function eventTime(world: World, s: Session, i: number, t: number): number {
  const n = s.logEvents.length;
  const start = world.startedAt(s, t) ?? s.createdAt;
  const end = world.scheduledEnd(s);
  const span = end != null && end > start ? end - start : s.logDuration;
  return start + Math.ceil(((i + 1) / n) * span);
}

/** The session's commits pushed by time t, oldest first. */
export function agentCommits(world: World, s: Session, t: number): AgentCommit[] {
  const visible = world.logEventCount(s, t);
  return plannedCommits(s)
    .filter((c) => c.event < visible)
    .map(({ event, ...c }) => ({ ...c, at: Math.min(t, eventTime(world, s, event, t)) }));
}

/** Commits on `branch` of `repo` by time t (every session working on it), oldest first. */
export function branchCommits(world: World, repo: Repo, branch: string, t: number): AgentCommit[] {
  const out: AgentCommit[] = [];
  for (const task of world.tasks) {
    if (task.repo !== repo) continue;
    for (const s of task.sessions) if (s.createdAt <= t && s.headRef === branch) out.push(...agentCommits(world, s, t));
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The PR description at t: the last `prDescription` a session on the PR reported, else the scenario's body. */
export function liveBody(world: World, sessions: Session[], body: string, t: number): string {
  let latest: AgentCommit | null = null;
  for (const s of sessions) {
    for (const c of agentCommits(world, s, t)) if (c.description && (!latest || c.at >= latest.at)) latest = c;
  }
  return latest ? latest.description : body;
}

function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length;
}

function patchOf(f: FileChange): string {
  const oldLines = f.oldText === '' ? [] : f.oldText.split('\n');
  const newLines = f.newText === '' ? [] : f.newText.split('\n');
  const head = `@@ -${oldLines.length ? 1 : 0},${oldLines.length} +${newLines.length ? 1 : 0},${newLines.length} @@`;
  return [head, ...oldLines.map((l) => `-${l}`), ...newLines.map((l) => `+${l}`)].join('\n');
}

function gitUser(c: AgentCommit): Json {
  return { name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com', date: iso(c.at) };
}

/** The `commit` schema (the list form has no stats/files). */
export function commitJson(world: World, repo: Repo, c: AgentCommit, parent: string, full: boolean): Json {
  const a = `${API}/repos/${repo.fullName}`;
  const bot = simpleUser(world.copilotUser());
  const out: Json = {
    url: `${a}/commits/${c.sha}`,
    sha: c.sha,
    node_id: `C_kwDO${c.sha.slice(0, 16)}`,
    html_url: `${WEB}/${repo.fullName}/commit/${c.sha}`,
    comments_url: `${a}/commits/${c.sha}/comments`,
    commit: {
      url: `${a}/git/commits/${c.sha}`,
      author: gitUser(c),
      committer: gitUser(c),
      message: c.message,
      comment_count: 0,
      tree: { sha: shaFor(`${c.sha}/tree`), url: `${a}/git/trees/${shaFor(`${c.sha}/tree`)}` },
      verification: { verified: true, reason: 'valid', signature: null, payload: null, verified_at: iso(c.at) },
    },
    author: bot,
    committer: bot,
    parents: [{ sha: parent, url: `${a}/commits/${parent}`, html_url: `${WEB}/${repo.fullName}/commit/${parent}` }],
  };
  if (!full) return out;
  let additions = 0;
  let deletions = 0;
  const files = c.files.map((f) => {
    const add = lineCount(f.newText);
    const del = lineCount(f.oldText);
    additions += add;
    deletions += del;
    const blob = shaFor(`${c.sha}/${f.path}`);
    return {
      sha: blob,
      filename: f.path,
      status: f.status,
      additions: add,
      deletions: del,
      changes: add + del,
      blob_url: `${WEB}/${repo.fullName}/blob/${c.sha}/${f.path}`,
      raw_url: `${WEB}/${repo.fullName}/raw/${c.sha}/${f.path}`,
      contents_url: `${a}/contents/${f.path}?ref=${c.sha}`,
      patch: patchOf(f),
    };
  });
  return { ...out, stats: { additions, deletions, total: additions + deletions }, files };
}
