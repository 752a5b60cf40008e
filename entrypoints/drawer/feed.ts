/**
 * A session's log as the drawer sees it: asks the background for what grew since the last offset, parses only
 * that (Copilot API log: incremental parser; Actions job log: re-parsed whole, it is small and complete), and keeps
 * the entries, the raw text (for export), the source and the live step list. While the job runs without a readable
 * log, the live progress (job steps, plan revisions, commits) becomes entries of the same model; the job log replaces
 * them when it comes. No timers here: the page schedules.
 */
import {
  createCopilotLogParser,
  type IncrementalParser,
  liveEntries,
  type PlanRevision,
  parseActionsJobLog,
  planChanges,
} from '../../components/log/deps';
import { LogModel } from '../../components/log/model';
import type { ParsedLog } from '../../utils/logs/types';
import type { AppError } from '../../utils/model/errors';
import type { LiveProgress, LogChunk, LogSource } from '../../utils/model/log';

/** What the user saw of a session's plan last time (the drawer page's own storage), for "changed since last look". */
export interface PlanMemory {
  get(sessionId: string): string | null;
  set(sessionId: string, body: string): void;
}

const noMemory: PlanMemory = { get: () => null, set: () => {} };

/** PlanMemory in the extension page's localStorage (never GitHub's page: the drawer is an extension page). */
export function localPlanMemory(): PlanMemory {
  const key = (id: string) => `as-plan-seen:${id}`;
  return {
    get(id) {
      try {
        return globalThis.localStorage?.getItem(key(id)) ?? null;
      } catch {
        return null;
      }
    },
    set(id, body) {
      try {
        globalThis.localStorage?.setItem(key(id), body.slice(0, 50_000));
      } catch {
        // storage full or blocked: the next look compares with nothing
      }
    },
  };
}

interface FeedState {
  source: LogSource | null;
  steps: NonNullable<LogChunk['steps']>;
  complete: boolean;
  error: AppError | null;
  runUrl: string | null;
  skipped: number;
  format: ParsedLog['format'] | null;
  meta: ParsedLog['meta'] | null;
  /** While the job runs: what the agent published (plan, commits, the job), as last read. */
  live: LiveProgress | null;
  /** No chunk received yet. */
  loading: boolean;
}

/** A Copilot API chunk larger than this is parsed progressively: the first slice at once, the rest in tasks. */
export const PROGRESSIVE_MIN_CHARS = 1024 * 1024;
/** The slice parsed before the first render (a screenful of steps of a busy log: about 35 entries). */
export const FIRST_SLICE_CHARS = 16 * 1024;
/** After that first slice, the background parse waits this long so the first entries get their frame first. */
const FIRST_PAINT_WAIT_MS = 20;
/** Parse work per task while catching up, so the drawer stays responsive. */
const SLICE_BUDGET_MS = 12;
const SLICE_CHARS = 128 * 1024;

export class LogFeed {
  readonly model = new LogModel();
  raw = '';
  offset = 0;
  state: FeedState = {
    source: null,
    steps: [],
    complete: false,
    error: null,
    runUrl: null,
    skipped: 0,
    format: null,
    meta: null,
    live: null,
    loading: true,
  };
  /** Entries appended by the last chunk (for live-follow counters and benchmarks). */
  lastAdded = 0;
  private parser: IncrementalParser | null = null;
  /** Copilot API text received but not parsed yet (a large first answer is parsed progressively). */
  private backlog = '';
  private backlogEnds = false;
  private drainTimer: ReturnType<typeof setTimeout> | null = null;
  /** Revisions of the plan seen while the drawer was open (live progress). */
  private plans: PlanRevision[] = [];
  private liveSig = '';

  /**
   * `onProgress` is called after each background parse slice (the page re-renders); `schedule` runs the next slice
   * (a macrotask, so input and paint get in between).
   */
  constructor(
    readonly sessionId: string,
    private readonly fetchChunk: (sessionId: string, offset: number) => Promise<LogChunk>,
    private readonly onProgress: () => void = () => {},
    private readonly schedule: (fn: () => void, ms: number) => ReturnType<typeof setTimeout> = (fn, ms) =>
      setTimeout(fn, ms),
    private readonly memory: PlanMemory = noMemory,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Text still waiting to be parsed (0 once caught up). */
  get pendingChars(): number {
    return this.backlog.length;
  }

  /** Parses up to `maxChars` of the backlog (ending the parse when the log is complete and all is parsed). */
  private drain(maxChars: number): number {
    if (!this.parser) return 0;
    let added = 0;
    if (this.backlog) {
      const piece = this.backlog.length <= maxChars ? this.backlog : this.backlog.slice(0, maxChars);
      this.backlog = this.backlog.length <= maxChars ? '' : this.backlog.slice(maxChars);
      added += this.model.apply(this.parser.push(piece));
    }
    if (!this.backlog && this.backlogEnds) {
      this.backlogEnds = false;
      added += this.model.apply(this.parser.end());
    }
    this.state = { ...this.state, skipped: this.parser.skipped, meta: this.parser.meta, format: 'copilot-api' };
    return added;
  }

  private scheduleDrain(ms = 0): void {
    if (this.drainTimer !== null || !this.backlog) return;
    this.drainTimer = this.schedule(() => {
      this.drainTimer = null;
      const t0 = performance.now();
      while (this.backlog && performance.now() - t0 < SLICE_BUDGET_MS) this.lastAdded += this.drain(SLICE_CHARS);
      this.onProgress();
      this.scheduleDrain();
    }, ms);
  }

  /** Parses whatever is still pending, at once (before an export). */
  flush(): void {
    if (this.drainTimer !== null) clearTimeout(this.drainTimer);
    this.drainTimer = null;
    this.drain(Number.POSITIVE_INFINITY);
  }

  /** Stops background parsing (the drawer switched session or closed). */
  dispose(): void {
    if (this.drainTimer !== null) clearTimeout(this.drainTimer);
    this.drainTimer = null;
  }

  private inflight: Promise<void> | null = null;

  /**
   * One round: fetch and apply. Errors are kept in `state.error`; never throws. Rounds never overlap: a call while
   * one is in flight shares it (two overlapping rounds would apply the same offset twice and force a refetch).
   */
  poll(): Promise<void> {
    this.inflight ??= this.round().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async round(): Promise<void> {
    try {
      const chunk = await this.fetchChunk(this.sessionId, this.offset);
      if (!this.apply(chunk)) this.apply(await this.fetchChunk(this.sessionId, 0));
    } catch (e) {
      const error = (e as { error?: AppError }).error;
      this.state = {
        ...this.state,
        loading: false,
        error: error ?? { kind: 'offline', message: String((e as Error)?.message ?? e), fix: null, link: null },
      };
    }
  }

  private clear(): void {
    this.dispose();
    this.model.reset();
    this.raw = '';
    this.offset = 0;
    this.parser = null;
    this.backlog = '';
    this.backlogEnds = false;
    this.plans = [];
    this.liveSig = '';
    this.state = { ...this.state, skipped: 0, format: null, meta: null, live: null };
  }

  /** A plan (PR description) read now: a new revision when it changed, compared with the last look first. */
  private notePlan(plan: NonNullable<LiveProgress['plan']>): void {
    const body = typeof plan.body === 'string' ? plan.body : '';
    const last = this.plans[this.plans.length - 1];
    if (last && last.body === body) return;
    const updated = Date.parse(plan.updatedAt ?? '');
    const at = Number.isFinite(updated) ? updated : this.now();
    if (!last) {
      const before = this.memory.get(this.sessionId);
      const since = before !== null && before !== body;
      this.plans.push({ body, at, changes: since ? planChanges(before, body) : [], sinceLastLook: since });
    } else this.plans.push({ body, at, changes: planChanges(last.body, body) });
    this.memory.set(this.sessionId, body);
  }

  /** Live progress → entries (replacing the previous live entries when anything changed). */
  private applyLive(chunk: LogChunk): void {
    const live = chunk.live ?? null;
    if (live?.plan) this.notePlan(live.plan);
    const entries = liveEntries({
      steps: Array.isArray(chunk.steps) ? chunk.steps : [],
      plans: this.plans,
      commits: live?.commits ?? [],
      now: this.now(),
    });
    const sig = JSON.stringify(entries);
    if (sig !== this.liveSig) {
      const before = this.model.entries.length;
      this.liveSig = sig;
      this.model.reset(entries);
      this.lastAdded = Math.max(0, entries.length - before);
    }
    this.state = { ...this.state, live };
  }

  /** Applies a chunk. Returns false when it does not continue what we have (the caller refetches from 0). */
  apply(chunk: LogChunk): boolean {
    this.lastAdded = 0;
    if (chunk.sessionId !== this.sessionId) return true;
    if (this.state.source !== null && chunk.source !== this.state.source) this.clear();
    if (chunk.reset) this.clear();
    else if (chunk.offset !== this.offset) {
      if (chunk.offset !== 0) {
        this.clear();
        return false;
      }
      this.clear();
    }
    const text = typeof chunk.text === 'string' ? chunk.text : '';
    if (chunk.source === 'copilot-api') {
      this.parser ??= createCopilotLogParser();
      this.raw += text;
      this.backlog += text;
      if (chunk.complete) this.backlogEnds = true;
      // A large answer (a long log opened at once): parse a first slice now so the drawer paints at once, the rest
      // in short tasks. Small answers (live polls) are parsed whole, unless a backlog is still being worked off.
      const progressive = this.drainTimer !== null || this.backlog.length >= PROGRESSIVE_MIN_CHARS;
      const firstPaint = progressive && this.model.entries.length === 0;
      this.lastAdded += this.drain(progressive ? FIRST_SLICE_CHARS : Number.POSITIVE_INFINITY);
      this.scheduleDrain(firstPaint ? FIRST_PAINT_WAIT_MS : 0);
    } else if (chunk.source === 'actions-steps') {
      this.applyLive(chunk);
    } else if (chunk.source === 'actions-log') {
      this.raw += text;
      if (text || chunk.complete) {
        const before = this.model.entries.length;
        const parsed = parseActionsJobLog(this.raw);
        this.model.reset(parsed.entries);
        this.lastAdded = Math.max(0, parsed.entries.length - before);
        this.state = { ...this.state, skipped: parsed.skipped, meta: parsed.meta, format: parsed.format };
      }
    }
    this.offset = chunk.offset + text.length;
    this.state = {
      ...this.state,
      source: chunk.source,
      steps: Array.isArray(chunk.steps) ? chunk.steps : chunk.source === 'actions-steps' ? [] : this.state.steps,
      complete: chunk.complete,
      error: chunk.error,
      runUrl: chunk.runUrl,
      loading: false,
    };
    return true;
  }

  /** The whole parsed log (for Markdown export): parses any pending text first. */
  parsed(): ParsedLog {
    this.flush();
    return {
      entries: this.model.entries,
      meta: this.state.meta ?? { sessionId: null, model: null, prompt: null, branch: null, prTitle: null, turns: null },
      skipped: this.state.skipped,
      format: this.state.format ?? 'actions-unknown',
    };
  }
}
