/**
 * One-click stop (issue 7): refuse on account mismatch, find the session's Actions run, cancel it once (an in-flight
 * map per session makes double clicks and two tabs send one cancel), then watch until it really ended — force-cancel
 * after ~30 s, 'stuck' after ~60 s with the run link. Statuses go to the engine (StateSnapshot.stops, pushed live).
 */
import { type ApiRun, cancelRun, getRun, getRunTimed, listRuns } from '../github/actions';
import { getTask } from '../github/agent-tasks';
import type { GitHubClient } from '../github/client';
import { abortCapiTask } from '../github/copilot-api';
import { statusOf, toAppError } from '../github/errors';
import { runLink } from '../github/links';
import type { AppError } from '../model/errors';
import { appError, GitHubError } from '../model/errors';
import type { StopStatus } from '../model/state';
import { toState } from '../sessions/map';
import { isTerminal, type Session, type SessionState, STATE_LABELS } from '../sessions/model';
import { findSessionRun } from '../sessions/runs';

export interface StopTiming {
  pollMs: number;
  forceAfterMs: number;
  giveUpMs: number;
}

export const DEFAULT_STOP_TIMING: StopTiming = { pollMs: 3000, forceAfterMs: 30_000, giveUpMs: 60_000 };

interface StopDeps {
  client(): GitHubClient | null;
  viewerLogin(): string | null;
  host(): string;
  getSession(id: string): Session | undefined;
  /** A session not known yet: after the sync in flight (or a new one), before refusing (a click at browser start). */
  sessionAfterSync?(id: string): Promise<Session | undefined>;
  capi(): { api: string | null; available: boolean | null };
  /** Fetches the session's current state from GitHub (null when unknown). */
  refreshSession(session: Session): Promise<SessionState | null>;
  onStatus(status: StopStatus): void;
  /** The run ended: the engine records the session's final state (cancelled unless GitHub says otherwise). */
  onEnded(sessionId: string, state: SessionState, runId: number | null): void;
  now(): number;
  sleep(ms: number): Promise<void>;
  timing: StopTiming;
}

class StopError extends GitHubError {}

function refuse(err: AppError): never {
  throw new StopError(err);
}

export class StopManager {
  readonly statuses = new Map<string, StopStatus>();
  private inflight = new Map<string, Promise<void>>();

  constructor(private readonly deps: StopDeps) {}

  private set(sessionId: string, phase: StopStatus['phase'], message: string, runUrl: string | null): StopStatus {
    const st: StopStatus = { sessionId, phase, message, runUrl, updatedAt: new Date(this.deps.now()).toISOString() };
    this.statuses.set(sessionId, st);
    while (this.statuses.size > 50) {
      const first = this.statuses.keys().next().value;
      if (first === undefined) break;
      this.statuses.delete(first);
    }
    this.deps.onStatus(st);
    return st;
  }

  isStopping(sessionId: string): boolean {
    return this.inflight.has(sessionId);
  }

  /** Answers with the StopStatus once the cancel was accepted (watching continues); refusals throw StopError. */
  async stop(sessionId: string, pageLogin: string | null): Promise<StopStatus> {
    const d = this.deps;
    // Nothing awaits between the look-up and registering the stop below, so concurrent clicks still make one cancel.
    const session = d.getSession(sessionId) ?? (await d.sessionAfterSync?.(sessionId));
    if (!session)
      refuse(
        appError('not-found', 'This session is not known to the extension.', {
          fix: 'Refresh the page; if it is still there, the token may not be able to read its repository.',
        }),
      );
    const viewer = d.viewerLogin();
    if (!viewer)
      refuse(
        appError('bad-token', 'Sign in to stop sessions.', { fix: 'Open the extension’s options and add a token.' }),
      );
    if (pageLogin && pageLogin.toLowerCase() !== viewer.toLowerCase()) {
      refuse(
        appError(
          'validation',
          `You are signed in on GitHub as @${pageLogin}, but the extension’s token belongs to @${viewer}. Nothing was stopped.`,
          {
            fix: `Sign in on GitHub as @${viewer}, or sign the extension in with @${pageLogin}’s token.`,
          },
        ),
      );
    }
    const current = this.statuses.get(sessionId);
    if (this.inflight.has(sessionId) && current) {
      return { ...current, message: current.phase === 'force-cancelling' ? current.message : 'Already stopping…' };
    }
    if (isTerminal(session.state) || session.state === 'idle') {
      const msg =
        session.state === 'cancelled'
          ? 'Already stopped.'
          : session.state === 'idle'
            ? 'Nothing to stop: the agent’s turn is over.'
            : `Nothing to stop: it finished on its own (${STATE_LABELS[session.state]}).`;
      return this.set(sessionId, session.state === 'cancelled' ? 'stopped' : 'idle', msg, session.links.run);
    }
    if (!session.canAct) {
      refuse(
        appError(
          'missing-permission',
          'Only the person who started a session, in a repository they can write to, can stop it.',
          {
            permission: 'Actions: write',
            link: session.links.session,
          },
        ),
      );
    }
    const client = d.client();
    if (!client)
      refuse(
        appError('bad-token', 'Sign in to stop sessions.', { fix: 'Open the extension’s options and add a token.' }),
      );

    let resolveFirst!: (s: StopStatus) => void;
    let rejectFirst!: (e: unknown) => void;
    const first = new Promise<StopStatus>((res, rej) => {
      resolveFirst = res;
      rejectFirst = rej;
    });
    const job = this.run(client, session, resolveFirst, rejectFirst).finally(() => this.inflight.delete(sessionId));
    this.inflight.set(sessionId, job);
    this.set(sessionId, 'stopping', 'Stopping…', session.links.run);
    return first;
  }

  private async run(
    client: GitHubClient,
    session: Session,
    ok: (s: StopStatus) => void,
    fail: (e: unknown) => void,
  ): Promise<void> {
    const d = this.deps;
    const id = session.id;
    const [owner = '', repo = ''] = session.repo ? [session.repo.owner, session.repo.name] : [];
    const failWith = (err: AppError) => {
      this.set(id, 'failed', `${err.message}${err.fix ? ` ${err.fix}` : ''}`, session.links.run);
      fail(new StopError(err));
    };
    try {
      if (!session.repo)
        return failWith(
          appError('not-found', 'The session’s repository is not known yet.', {
            fix: 'Refresh and try again.',
            link: session.links.session,
          }),
        );
      let run: ApiRun | null = null;
      if (session.runId != null) {
        run = await getRun(client, owner, repo, session.runId).catch((e) => {
          if (statusOf(e) === 404) return null;
          throw e;
        });
      }
      if (!run && session.headRef) {
        const runs = await listRuns(client, owner, repo, { event: 'dynamic', branch: session.headRef });
        run = findSessionRun({ ...session, runId: null }, runs);
      }
      if (!run) {
        const capi = d.capi();
        if (capi.available && capi.api && session.taskId) {
          await abortCapiTask(client, capi.api, session.taskId);
          const st = this.set(id, 'stopping', 'Stopping…', null);
          ok(st);
          await this.watchSession(session);
          return;
        }
        return failWith(
          appError(
            'not-found',
            session.state === 'queued'
              ? 'The session is still queued: its Actions run has not started, so there is nothing to cancel yet.'
              : 'The session’s Actions run could not be found on its branch.',
            { fix: 'Try again in a moment, or stop it from the session page on GitHub.', link: session.links.session },
          ),
        );
      }
      const url = run.html_url?.startsWith('https://')
        ? run.html_url
        : runLink(d.host(), session.repo.fullName, run.id);
      if (run.status === 'completed') {
        const state =
          (await d.refreshSession(session).catch(() => null)) ?? (run.conclusion === 'cancelled' ? 'cancelled' : null);
        if (state) d.onEnded(id, state, run.id);
        ok(
          this.set(
            id,
            state === 'cancelled' ? 'stopped' : 'idle',
            state === 'cancelled' ? 'Already stopped.' : 'Nothing to stop: it finished on its own.',
            url,
          ),
        );
        return;
      }
      let cancelledAt: number | null = null;
      try {
        cancelledAt = (await cancelRun(client, owner, repo, run.id)).serverTime;
      } catch (e) {
        if (statusOf(e) === 409) {
          const state = await d.refreshSession(session).catch(() => null);
          if (state) d.onEnded(id, state, run.id);
          ok(this.set(id, 'idle', 'Nothing to stop: it finished on its own.', url));
          return;
        }
        throw e;
      }
      ok(this.set(id, 'stopping', 'Stopping… (commits already pushed are kept)', url));
      await this.watchRun(client, session, owner, repo, run.id, url, cancelledAt);
    } catch (e) {
      failWith(toAppError(e, { host: d.host(), permission: 'Actions: write', now: d.now() }));
    }
  }

  private async watchRun(
    client: GitHubClient,
    session: Session,
    owner: string,
    repo: string,
    runId: number,
    url: string,
    serverStart: number | null,
  ): Promise<void> {
    const d = this.deps;
    const start = d.now();
    let forced = false;
    for (;;) {
      await d.sleep(d.timing.pollMs);
      let run: ApiRun | null = null;
      let serverNow: number | null = null;
      try {
        ({ run, serverTime: serverNow } = await getRunTimed(client, owner, repo, runId));
      } catch {
        // transient: keep watching until the deadline
      }
      if (run?.status === 'completed') {
        const fromGitHub = await d.refreshSession(session).catch(() => null);
        const state: SessionState =
          fromGitHub && isTerminal(fromGitHub)
            ? fromGitHub
            : run.conclusion === 'cancelled'
              ? 'cancelled'
              : (fromGitHub ?? 'cancelled');
        d.onEnded(session.id, state, runId);
        this.set(
          session.id,
          state === 'cancelled' ? 'stopped' : 'idle',
          state === 'cancelled'
            ? 'Stopped. Commits already pushed are kept.'
            : `It finished on its own (${STATE_LABELS[state]}).`,
          url,
        );
        return;
      }
      // Time since the cancel on our clock or on GitHub's (its `Date` header), whichever says more: a sleeping
      // laptop or a skewed clock must not make us wait forever, and GitHub's clock is what the run lives by.
      const serverElapsed = serverStart != null && serverNow != null ? serverNow - serverStart : 0;
      const elapsed = Math.max(d.now() - start, serverElapsed);
      // Give up only after a force-cancel had its chance (at least one poll after it).
      if (forced && elapsed >= d.timing.giveUpMs) {
        this.set(
          session.id,
          'stuck',
          'GitHub has not stopped the run, even after a force-cancel. Open the run on GitHub and cancel it there.',
          url,
        );
        return;
      }
      if (!forced && elapsed >= d.timing.forceAfterMs) {
        forced = true;
        try {
          await cancelRun(client, owner, repo, runId, true);
          this.set(session.id, 'force-cancelling', 'Still running: forcing the run to stop…', url);
        } catch (e) {
          if (statusOf(e) !== 409)
            this.set(
              session.id,
              'force-cancelling',
              'Still running; force-cancel was refused — waiting a little longer…',
              url,
            );
        }
      }
    }
  }

  private async watchSession(session: Session): Promise<void> {
    const d = this.deps;
    const start = d.now();
    while (d.now() - start < d.timing.giveUpMs) {
      await d.sleep(d.timing.pollMs);
      const state = await d.refreshSession(session).catch(() => null);
      if (state && isTerminal(state)) {
        d.onEnded(session.id, state, null);
        this.set(
          session.id,
          state === 'cancelled' ? 'stopped' : 'idle',
          state === 'cancelled' ? 'Stopped. Commits already pushed are kept.' : 'It finished on its own.',
          null,
        );
        return;
      }
    }
    this.set(
      session.id,
      'stuck',
      'GitHub has not stopped the session. Open it on GitHub and stop it there.',
      session.links.session,
    );
  }

  forget(): void {
    this.statuses.clear();
  }
}

/** Current state of one session from GitHub (its task's detail, conditional); null when unknown. */
export async function sessionStateNow(client: GitHubClient | null, s: Session): Promise<SessionState | null> {
  if (!client || !s.taskId) return null;
  const res = await getTask(client, s.taskId);
  const found = res.data.sessions?.find((x) => x.id === s.id);
  return found ? toState(found.state, s.state) : null;
}
