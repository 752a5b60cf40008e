/**
 * Live progress of a running session from GitHub's public REST surfaces (the Copilot API refuses our tokens): the
 * PR description (the agent's checklist) and the commits on the session's branch, each with its files and patches
 * (fetched once per commit: commits never change). Conditional requests keep unchanged polls at 304. One surface
 * failing leaves a note and the others still show.
 */
import type { ApiJob } from '../github/actions';
import type { GitHubClient } from '../github/client';
import { toAppError } from '../github/errors';
import { type ApiCommit, getCommit, getPullBody, listBranchCommits } from '../github/progress';
import type { LiveCommit, LiveProgress } from '../model/log';
import type { Session } from '../sessions/model';

/** Patches longer than this are cut (the commit link shows the rest). */
const PATCH_MAX_CHARS = 20_000;
/** Commits whose files are fetched per session (the newest). */
const COMMIT_DETAILS_MAX = 20;
const CACHE_MAX = 200;

const isHttps = (u: unknown): u is string => typeof u === 'string' && u.startsWith('https://');

function toLiveCommit(c: ApiCommit, withFiles: boolean): LiveCommit {
  return {
    sha: c.sha,
    message: typeof c.commit?.message === 'string' ? c.commit.message : '',
    author: c.author?.login ?? c.commit?.author?.name ?? null,
    date: c.commit?.author?.date ?? null,
    url: isHttps(c.html_url) ? c.html_url : null,
    files: withFiles
      ? (c.files ?? []).map((f) => ({
          path: String(f.filename ?? ''),
          status: String(f.status ?? 'modified'),
          additions: Number(f.additions) || 0,
          deletions: Number(f.deletions) || 0,
          patch:
            typeof f.patch === 'string'
              ? f.patch.length > PATCH_MAX_CHARS
                ? `${f.patch.slice(0, PATCH_MAX_CHARS)}\n… (cut: open the commit on GitHub for the rest)`
                : f.patch
              : null,
        }))
      : null,
  };
}

export class LiveProgressReader {
  private details = new Map<string, LiveCommit>();

  constructor(private readonly host: () => string) {}

  clear(): void {
    this.details.clear();
  }

  private remember(key: string, c: LiveCommit): void {
    this.details.set(key, c);
    while (this.details.size > CACHE_MAX) {
      const first = this.details.keys().next().value;
      if (first === undefined) break;
      this.details.delete(first);
    }
  }

  async read(client: GitHubClient, session: Session, job: ApiJob | undefined): Promise<LiveProgress> {
    const notes: string[] = [];
    const repo = session.repo;
    const progress: LiveProgress = {
      job: job
        ? {
            status: job.status,
            conclusion: job.conclusion,
            startedAt: job.started_at,
            completedAt: job.completed_at,
            url: isHttps(job.html_url) ? job.html_url : null,
          }
        : null,
      plan: null,
      commits: [],
      notes,
    };
    if (!repo) return progress;
    const { owner, name } = repo;
    const fail = (what: string, e: unknown) => {
      const err = toAppError(e, { host: this.host(), permission: 'Contents: read' });
      notes.push(`${what}: ${err.message}`);
    };
    const tasks: Array<Promise<void>> = [];
    if (session.pr) {
      const number = session.pr.number;
      tasks.push(
        getPullBody(client, owner, name, number).then(
          (p) => {
            progress.plan = p;
          },
          (e) => fail('The pull request’s description could not be read', e),
        ),
      );
    }
    if (session.headRef) {
      const branch = session.headRef;
      // A little before the session's start: the agent's first commit can carry the task's creation time.
      const since = new Date(Date.parse(session.createdAt) - 60_000).toISOString();
      tasks.push(
        listBranchCommits(client, owner, name, branch, since).then(
          async (list) => {
            const newest = list.slice(0, COMMIT_DETAILS_MAX);
            const out: LiveCommit[] = [];
            for (const c of newest) {
              const key = `${repo.fullName}@${c.sha}`;
              let detail = this.details.get(key);
              if (!detail) {
                try {
                  detail = toLiveCommit(await getCommit(client, owner, name, c.sha), true);
                  this.remember(key, detail);
                } catch (e) {
                  fail(`Commit ${c.sha.slice(0, 7)} could not be read`, e);
                  detail = toLiveCommit(c, false);
                }
              }
              out.push(detail);
            }
            progress.commits = out.reverse();
          },
          (e) => fail('The session’s commits could not be read', e),
        ),
      );
    }
    await Promise.all(tasks);
    return progress;
  }
}
