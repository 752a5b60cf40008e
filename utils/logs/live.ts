/**
 * Live progress → log entries, so a running session's drawer has the log's model (search, export, folding): the
 * job's steps with status and timing, each revision of the agent's plan (the PR description's checklist, with what
 * changed since the previous look) and the commits it pushed. Pure; times are epoch ms.
 */
import type { CommitEntry, LogEntry, PlanChange, ProgressEntry, StepEntry } from './types';

interface LiveStep {
  name: string;
  status: string;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

interface LiveCommitInput {
  sha: string;
  message: string;
  author: string | null;
  date: string | null;
  url: string | null;
  files: CommitEntry['files'];
}

/** One revision of the plan as the drawer saw it. */
export interface PlanRevision {
  body: string;
  /** When it was seen (or the PR's updated_at). */
  at: number | null;
  changes: PlanChange[];
  /** The first revision compared with what the user saw last time the drawer was open. */
  sinceLastLook?: boolean;
}

interface ChecklistItem {
  text: string;
  checked: boolean;
}

const ITEM = /^\s*[-*+] \[([ xX])\]\s+(.*?)\s*$/;

/** `- [x] Done thing` / `- [ ] Next thing` lines of a Markdown description. */
export function checklist(body: string): ChecklistItem[] {
  const out: ChecklistItem[] = [];
  for (const line of body.split('\n')) {
    const m = ITEM.exec(line);
    if (m?.[2] !== undefined) out.push({ text: m[2], checked: m[1] !== ' ' });
  }
  return out;
}

/** What changed in the checklist from `before` to `after` (an edit of prose only says "edited"). */
export function planChanges(before: string | null, after: string): PlanChange[] {
  if (before === null || before === after) return [];
  const a = checklist(before);
  const b = checklist(after);
  const prev = new Map(a.map((i) => [i.text, i.checked]));
  const next = new Set(b.map((i) => i.text));
  const out: PlanChange[] = [];
  for (const item of b) {
    const was = prev.get(item.text);
    if (was === undefined) out.push({ change: 'added', text: item.text });
    else if (!was && item.checked) out.push({ change: 'done', text: item.text });
    else if (was && !item.checked) out.push({ change: 'reopened', text: item.text });
  }
  for (const item of a) if (!next.has(item.text)) out.push({ change: 'removed', text: item.text });
  if (out.length === 0) out.push({ change: 'edited', text: 'The description changed' });
  return out;
}

/** "3 of 5 done" for a checklist, else null. */
export function planSummary(body: string): string | null {
  const items = checklist(body);
  if (items.length === 0) return null;
  return `${items.filter((i) => i.checked).length} of ${items.length} done`;
}

const ms = (iso: string | null): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

/** "4s", "3m 05s", "1h 02m". */
function shortDuration(d: number): string {
  const s = Math.max(0, Math.round(d / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

function stepStatus(s: LiveStep): StepEntry['status'] {
  if (s.status === 'completed') {
    switch (s.conclusion) {
      case 'failure':
      case 'timed_out':
        return 'failure';
      case 'cancelled':
        return 'cancelled';
      case 'skipped':
        return 'skipped';
      default:
        return 'success';
    }
  }
  return s.status === 'in_progress' ? 'in_progress' : 'queued';
}

export function stepEntry(s: LiveStep, index: number, now: number): StepEntry {
  const start = ms(s.startedAt);
  const end = ms(s.completedAt);
  const status = stepStatus(s);
  let timing = '';
  if (start !== null && end !== null && status !== 'skipped') timing = ` · ${shortDuration(end - start)}`;
  else if (start !== null && status === 'in_progress') timing = ` · running for ${shortDuration(now - start)}`;
  const lines: string[] = [`Status: ${status?.replace('_', ' ') ?? 'unknown'}`];
  if (s.startedAt) lines.push(`Started: ${s.startedAt}`);
  if (s.completedAt) lines.push(`Completed: ${s.completedAt}`);
  return {
    kind: 'step',
    id: `live-step-${index + 1}`,
    time: start,
    title: `${s.name}${timing}`,
    lines,
    status,
    live: true,
  };
}

function planEntry(rev: PlanRevision, index: number): ProgressEntry {
  const summary = planSummary(rev.body);
  const title =
    index === 0 && !rev.sinceLastLook
      ? `Plan${summary ? ` · ${summary}` : ''}`
      : `Plan updated${summary ? ` · ${summary}` : ''}`;
  const e: ProgressEntry = {
    kind: 'progress',
    id: `live-plan-${index + 1}`,
    time: rev.at,
    title,
    markdown: rev.body,
    output: null,
    live: true,
  };
  if (rev.changes.length > 0) e.changes = rev.changes;
  return e;
}

function commitEntry(c: LiveCommitInput): CommitEntry {
  return {
    kind: 'commit',
    id: `live-commit-${c.sha}`,
    time: ms(c.date),
    sha: c.sha,
    message: c.message,
    author: c.author,
    url: c.url && c.url.startsWith('https://') ? c.url : null,
    files: c.files,
    live: true,
  };
}

/**
 * The live entries in time order (entries without a time — queued steps — last, in their own order). Ties keep
 * the input order: steps, then plan revisions, then commits.
 */
export function liveEntries(input: {
  steps: LiveStep[];
  plans: PlanRevision[];
  commits: LiveCommitInput[];
  now: number;
}): LogEntry[] {
  const all: LogEntry[] = [
    ...input.steps.map((s, i) => stepEntry(s, i, input.now)),
    // A description with no text yet (the agent has not reported) is no plan: no empty entry.
    ...input.plans.filter((p) => p.body.trim() !== '').map((p, i) => planEntry(p, i)),
    ...input.commits.map(commitEntry),
  ];
  const timed = all.map((e, i) => ({ e, i })).filter((x) => x.e.time !== null);
  const untimed = all.filter((e) => e.time === null);
  timed.sort((a, b) => (a.e.time ?? 0) - (b.e.time ?? 0) || a.i - b.i);
  return [...timed.map((x) => x.e), ...untimed];
}
