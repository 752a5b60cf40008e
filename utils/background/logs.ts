/**
 * getLog: best source first — the Copilot API log (text after `offset`, reset when it shrank), else the Actions run:
 * live steps, plan (PR description) and commits while it runs (live.ts), the job log text once completed (fetched once, cached, bounded), else 'none'
 * with an explanation and the session page link.
 */
import { type ApiJob, getJobLog, getRun, listJobs, listRuns } from '../github/actions';
import type { GitHubClient } from '../github/client';
import { CapiUnavailable, getCapiLog } from '../github/copilot-api';
import { toAppError } from '../github/errors';
import { runLink } from '../github/links';
import { appError } from '../model/errors';
import type { LogChunk } from '../model/log';
import { isTerminal, type Session } from '../sessions/model';
import { findSessionRun } from '../sessions/runs';
import { LiveProgressReader } from './live';

const LOG_CACHE_MAX_CHARS = 30_000_000;
const LOG_CACHE_MAX_ENTRIES = 8;

interface LogDeps {
  client(): GitHubClient | null;
  host(): string;
  capi(): { api: string | null; available: boolean | null };
  markCapiUnavailable(): void;
  /** Remember a run id found for a session (so the next call and stop skip the search). */
  rememberRun(sessionId: string, runId: number): void;
}

function slice(
  sessionId: string,
  source: LogChunk['source'],
  text: string,
  offset: number,
  complete: boolean,
  runUrl: string | null,
): LogChunk {
  if (offset > text.length) return { sessionId, source, text, offset: 0, reset: true, complete, error: null, runUrl };
  return { sessionId, source, text: text.slice(offset), offset, reset: false, complete, error: null, runUrl };
}

export class LogService {
  private cache = new Map<string, string>();
  private readonly live: LiveProgressReader;

  constructor(private readonly deps: LogDeps) {
    this.live = new LiveProgressReader(() => deps.host());
  }

  private remember(key: string, text: string): void {
    this.cache.delete(key);
    this.cache.set(key, text);
    let total = 0;
    for (const v of this.cache.values()) total += v.length;
    while (this.cache.size > LOG_CACHE_MAX_ENTRIES || (total > LOG_CACHE_MAX_CHARS && this.cache.size > 1)) {
      const first = this.cache.keys().next().value;
      if (first === undefined) break;
      total -= this.cache.get(first)?.length ?? 0;
      this.cache.delete(first);
    }
  }

  clear(): void {
    this.cache.clear();
    this.live.clear();
  }

  async getLog(session: Session, offset: number): Promise<LogChunk> {
    const client = this.deps.client();
    const none = (message: string, fix: string | null, runUrl: string | null = session.links.run): LogChunk => ({
      sessionId: session.id,
      source: 'none',
      text: '',
      offset: 0,
      reset: offset > 0,
      complete: false,
      error: appError('not-found', message, { fix, link: session.links.session ?? session.links.pr }),
      runUrl,
    });
    if (!client) return none('Sign in to read logs.', 'Open the extension’s options and add a token.');
    const complete = isTerminal(session.state);

    const capi = this.deps.capi();
    if (capi.available && capi.api && !session.id.startsWith('tl-')) {
      try {
        const text = await getCapiLog(client, capi.api, session.id);
        return slice(session.id, 'copilot-api', text, offset, complete, session.links.run);
      } catch (e) {
        if (e instanceof CapiUnavailable) this.deps.markCapiUnavailable();
        // fall through to Actions
      }
    }

    if (!session.repo) return none('The session’s repository is not known yet.', 'Try again after the next refresh.');
    const { owner, name } = session.repo;
    try {
      let runId = session.runId;
      if (runId == null && session.headRef) {
        const runs = await listRuns(client, owner, name, { event: 'dynamic', branch: session.headRef });
        const run = findSessionRun(session, runs);
        if (run) {
          runId = run.id;
          this.deps.rememberRun(session.id, run.id);
        }
      }
      if (runId == null) {
        return none(
          session.state === 'queued'
            ? 'The session has not started running yet.'
            : 'No log source was found for this session.',
          'Open the session on GitHub to see its log.',
        );
      }
      const runUrl = runLink(this.deps.host(), session.repo.fullName, runId);
      const key = `${session.repo.fullName}/${runId}`;
      const cached = this.cache.get(key);
      if (cached != null) return slice(session.id, 'actions-log', cached, offset, true, runUrl);

      const run = await getRun(client, owner, name, runId);
      const jobs = await listJobs(client, owner, name, runId);
      const job: ApiJob | undefined = jobs.find((j) => j.name === 'copilot') ?? jobs[0];
      const steps = (job?.steps ?? []).map((s) => ({
        name: s.name,
        status: s.status,
        conclusion: s.conclusion,
        startedAt: s.started_at ?? null,
        completedAt: s.completed_at ?? null,
      }));
      const stepsChunk = (error: LogChunk['error'] = null): LogChunk => ({
        sessionId: session.id,
        source: 'actions-steps',
        text: '',
        offset: 0,
        reset: false,
        steps,
        complete: false,
        error,
        runUrl,
      });
      if (!job || run.status !== 'completed' || job.status !== 'completed') {
        // While it runs: what the agent publishes (plan, commits) beside the job's steps.
        return { ...stepsChunk(), live: await this.live.read(client, session, job) };
      }
      const text = await getJobLog(client, owner, name, job.id);
      if (text == null) {
        return {
          ...stepsChunk(
            appError(
              'not-found',
              'The job log is not available (yet): GitHub publishes it a little after the job ends; a cancelled job may have none.',
              { fix: 'Try again in a moment, or open the run on GitHub.', link: runUrl },
            ),
          ),
          complete: run.conclusion === 'cancelled',
        };
      }
      this.remember(key, text);
      return slice(session.id, 'actions-log', text, offset, true, runUrl);
    } catch (e) {
      const err = toAppError(e, { host: this.deps.host(), permission: 'Actions: read' });
      return { ...none(err.message, err.fix), error: err };
    }
  }
}
