/** A session's log and live progress as the drawer receives them. Pure types. */
import type { AppError } from './errors';

/** A piece of a session's log, for the drawer. */
export type LogSource = 'copilot-api' | 'actions-log' | 'actions-steps' | 'none';

export interface LogChunk {
  sessionId: string;
  source: LogSource;
  /** Raw text appended since `offset` (copilot-api, actions-log) — parsed in the drawer, never in the page. */
  text: string;
  /** Byte/char offset where `text` starts in the whole log; 0 with `reset` means start over. */
  offset: number;
  reset: boolean;
  /** For `actions-steps`: the live checklist of the run's job. */
  steps?: Array<{
    name: string;
    status: string;
    conclusion: string | null;
    startedAt: string | null;
    completedAt: string | null;
  }>;
  /** For `actions-steps`: what the running agent published (plan in the PR description, commits, the job). */
  live?: LiveProgress;
  /** True when the log will not grow any more. */
  complete: boolean;
  error: AppError | null;
  runUrl: string | null;
}

/** A commit the agent pushed to its branch; `patch` per file is shown on demand (capped, null when GitHub gave none). */
export interface LiveCommit {
  sha: string;
  message: string;
  author: string | null;
  date: string | null;
  /** https URL of the commit on the web host. */
  url: string | null;
  files: Array<{ path: string; status: string; additions: number; deletions: number; patch: string | null }> | null;
}

/** A running session as GitHub's public REST surfaces show it (the Copilot API is not readable with our tokens). */
export interface LiveProgress {
  job: {
    status: string;
    conclusion: string | null;
    startedAt: string | null;
    completedAt: string | null;
    url: string | null;
  } | null;
  /** The PR description (the agent's plan: `report_progress` rewrites it); null without a PR. */
  plan: { body: string; updatedAt: string | null } | null;
  /** Oldest first. */
  commits: LiveCommit[];
  /** Problems reading one surface (the others still show): words for the UI, never fatal. */
  notes: string[];
}
