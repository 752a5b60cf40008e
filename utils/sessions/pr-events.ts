/**
 * Events on the agent's PR (issue 16), pure: which open agent PRs to look at now, and what a fresh look at them means
 * against what was seen before — Copilot's code review submitted (once per review), checks failed (once per head
 * commit), merged, closed (once each). The first look at a PR is a silent baseline; kinds turned off are seen but
 * never notified; keys already notified never notify again (they are persisted, so a restart repeats nothing).
 */
import type { PrStatus, RollupState } from '../github/pr-status';
import type { Settings } from '../model/settings';
import { cleanLine } from '../text/sanitize';
import type { PullRef, Session } from './model';

/** What was last seen of one PR (persisted in the engine's state). */
export interface PrWatch extends Omit<PrStatus, 'nodeId' | 'copilotReviews'> {
  /** The head commit whose failed checks were seen (notified or baselined): never twice for one commit. */
  failedOid: string | null;
  /** Copilot reviews already seen (ids, newest last, bounded). */
  reviews: string[];
  /** When it was last looked at (ms); `gone`: GitHub no longer resolves it (deleted, or access lost). */
  checkedAt: number;
  gone?: boolean;
}

type PrEventKind = 'reviewed' | 'checks-failed' | 'merged' | 'closed';

interface PrEvent {
  kind: PrEventKind;
  nodeId: string;
  /** Remembered once notified (and the notification's id, with PR_NOTIFICATION_PREFIX). */
  key: string;
  /** The review's state for `reviewed` (COMMENTED, APPROVED, CHANGES_REQUESTED). */
  detail: string | null;
}

/** A notification decided and persisted before it is shown (shown again after a restart; same id = one). */
export interface PrNotice {
  id: string;
  nodeId: string;
  title: string;
  message: string;
  url: string;
}

export const PR_NOTIFICATION_PREFIX = 'pr-event:';
/** How often an open agent PR is looked at: every 5 minutes, every minute while its checks run. */
export const PR_EVENTS_SLOW_MS = 5 * 60_000;
export const PR_EVENTS_FAST_MS = 60_000;
/** A sync landing a little early still counts (polls are 30 s apart while active). */
const SLACK_MS = 5_000;
/** At most this many PRs are watched (the most recently updated sessions'): two GraphQL requests at most. */
export const MAX_WATCHED_PRS = 100;
const MAX_REVIEWS = 40;

export function prEventsEnabled(settings: Settings): boolean {
  const n = settings.notify;
  return !!(n.prReviewed || n.prChecksFailed || n.prMergedClosed);
}

function kindEnabled(kind: PrEventKind, settings: Settings): boolean {
  if (kind === 'reviewed') return !!settings.notify.prReviewed;
  if (kind === 'checks-failed') return !!settings.notify.prChecksFailed;
  return !!settings.notify.prMergedClosed;
}

function checksRunning(c: RollupState | null): boolean {
  return c === 'PENDING' || c === 'EXPECTED';
}

function checksFailed(c: RollupState | null): boolean {
  return c === 'FAILURE' || c === 'ERROR';
}

/** How long after its last look a PR is looked at again. */
function prCadence(w: PrWatch): number {
  return checksRunning(w.checks) ? PR_EVENTS_FAST_MS : PR_EVENTS_SLOW_MS;
}

/**
 * The open agent PRs of these sessions (most recently updated first, at most MAX_WATCHED_PRS) that are due a look:
 * never seen, or seen longer ago than their cadence. A PR seen merged, closed or gone is not looked at again.
 */
export function prsDue(sessions: readonly Session[], watch: Readonly<Record<string, PrWatch>>, now: number): string[] {
  const watched: string[] = [];
  const seen = new Set<string>();
  const sorted = [...sessions].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  for (const s of sorted) {
    const id = s.pr?.nodeId;
    if (!id || s.pr?.state !== 'open' || seen.has(id)) continue;
    seen.add(id);
    const w = watch[id];
    if (w && (w.state !== 'open' || w.gone)) continue;
    watched.push(id);
    if (watched.length >= MAX_WATCHED_PRS) break;
  }
  return watched.filter((id) => {
    const w = watch[id];
    return !w || now - w.checkedAt >= prCadence(w) - SLACK_MS;
  });
}

/** Watch entries of PRs no session names any more are dropped (the state stays bounded). */
export function pruneWatch(
  watch: Readonly<Record<string, PrWatch>>,
  sessions: readonly Session[],
): Record<string, PrWatch> {
  const ids = new Set(sessions.map((s) => s.pr?.nodeId).filter((x): x is string => !!x));
  return Object.fromEntries(Object.entries(watch).filter(([id]) => ids.has(id)));
}

function fresh(s: PrStatus, now: number, prev: PrWatch | undefined): PrWatch {
  const reviews = [...new Set([...(prev?.reviews ?? []), ...s.copilotReviews.map((r) => r.id)])].slice(-MAX_REVIEWS);
  return {
    number: s.number,
    title: s.title,
    url: s.url,
    repoFullName: s.repoFullName,
    state: s.state,
    headOid: s.headOid,
    checks: s.checks,
    failedOid: checksFailed(s.checks) && s.headOid ? s.headOid : (prev?.failedOid ?? null),
    reviews,
    checkedAt: now,
  };
}

/** The events between what was seen of a PR and what GitHub says now (none for a first look). */
function prEventsOf(prev: PrWatch | undefined, s: PrStatus): PrEvent[] {
  if (!prev) return [];
  const out: PrEvent[] = [];
  const base = `${PR_NOTIFICATION_PREFIX}${s.nodeId}:`;
  const known = new Set(prev.reviews);
  for (const r of s.copilotReviews)
    if (!known.has(r.id))
      out.push({ kind: 'reviewed', nodeId: s.nodeId, key: `${base}review:${r.id}`, detail: r.state });
  if (checksFailed(s.checks) && s.headOid && prev.failedOid !== s.headOid)
    out.push({ kind: 'checks-failed', nodeId: s.nodeId, key: `${base}checks:${s.headOid}`, detail: s.checks });
  if (s.state === 'merged' && prev.state !== 'merged')
    out.push({ kind: 'merged', nodeId: s.nodeId, key: `${base}merged`, detail: null });
  if (s.state === 'closed' && prev.state === 'open')
    out.push({ kind: 'closed', nodeId: s.nodeId, key: `${base}closed`, detail: null });
  return out;
}

/**
 * A look at the PRs `asked`: the new watch, and the events to notify (kinds turned on, not notified before). A PR
 * asked about but absent from the answer is gone (GitHub's `null` + NOT_FOUND): no longer looked at, no event.
 */
export function observePrs(
  watch: Readonly<Record<string, PrWatch>>,
  asked: readonly string[],
  answer: ReadonlyMap<string, PrStatus>,
  opts: { settings: Settings; notified: ReadonlySet<string>; now: number },
): { watch: Record<string, PrWatch>; events: PrEvent[] } {
  const next: Record<string, PrWatch> = { ...watch };
  const events: PrEvent[] = [];
  for (const id of asked) {
    const prev = watch[id];
    const s = answer.get(id);
    if (!s) {
      if (prev) next[id] = { ...prev, gone: true, checkedAt: opts.now };
      continue;
    }
    for (const e of prEventsOf(prev, s))
      if (kindEnabled(e.kind, opts.settings) && !opts.notified.has(e.key)) events.push(e);
    next[id] = fresh(s, opts.now, prev);
  }
  return { watch: next, events };
}

/**
 * What a look learnt about the PRs' own state (merged, closed, reopened), applied to the sessions and the PR cache:
 * the popup and the pages say "merged" at once, not when the task next moves. Unchanged inputs come back as they were
 * (same arrays and objects), so nothing is saved or pushed for nothing.
 */
export function withPrStates<S extends { pr: PullRef | null }, P extends { state: PullRef['state'] }>(
  sessions: S[],
  prs: Record<string, P>,
  answer: ReadonlyMap<string, Pick<PrStatus, 'state'>>,
): { sessions: S[]; prs: Record<string, P>; changed: boolean } {
  let changed = false;
  const nextSessions = sessions.map((x) => {
    const state = x.pr?.nodeId ? answer.get(x.pr.nodeId)?.state : undefined;
    if (!x.pr || !state || state === x.pr.state) return x;
    changed = true;
    return { ...x, pr: { ...x.pr, state } };
  });
  let nextPrs = prs;
  for (const [id, st] of answer) {
    const p = prs[id];
    if (!p || p.state === st.state) continue;
    if (nextPrs === prs) nextPrs = { ...prs };
    nextPrs[id] = { ...p, state: st.state };
    changed = true;
  }
  return changed ? { sessions: nextSessions, prs: nextPrs, changed } : { sessions, prs, changed };
}

const REVIEW_WORDS: Record<string, string> = {
  APPROVED: 'approved the changes',
  CHANGES_REQUESTED: 'requested changes',
  COMMENTED: 'submitted its review',
  DISMISSED: 'left a review (dismissed)',
};

/** The notification for an event: words from the event, names and titles through the one sanitiser. */
export function prNotice(e: PrEvent, w: PrWatch): PrNotice {
  const where = cleanLine(`${w.repoFullName} #${w.number}`, 160);
  const title = cleanLine(w.title, 100);
  let head: string;
  let line: string;
  switch (e.kind) {
    case 'reviewed':
      head = 'Copilot reviewed the PR';
      line = `Copilot ${REVIEW_WORDS[e.detail ?? ''] ?? 'left a review'}.`;
      break;
    case 'checks-failed':
      head = 'Checks failed on the PR';
      line = e.detail === 'ERROR' ? 'A check ended with an error.' : 'A check failed on the latest commit.';
      break;
    case 'merged':
      head = 'PR merged';
      line = 'The agent’s pull request was merged.';
      break;
    default:
      head = 'PR closed';
      line = 'The agent’s pull request was closed without merging.';
  }
  return { id: e.key, nodeId: e.nodeId, title: `${head} · ${where}`, message: `${title}\n${line}`, url: w.url };
}
