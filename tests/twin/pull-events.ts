/**
 * What happens on a PR after the agent opened it (issue 16's PR events): the GraphQL fields the extension asks for
 * (`reviews`, the head commit's `statusCheckRollup`, `merged`/`closed`), and the test control `POST /_twin/pull-event`
 * that merges or closes a PR, submits a (Copilot) review, or sets or pushes the head's checks now.
 */
import { type Ctx, json, type Reply } from './http';
import type { ScenarioReviewState, ScenarioRollupState } from './types';
import { COPILOT_REVIEWER, type Pull, pullCommitOid } from './world';

const REVIEW_STATES = new Set(['COMMENTED', 'APPROVED', 'CHANGES_REQUESTED', 'DISMISSED', 'PENDING']);
const ROLLUP_STATES = new Set(['SUCCESS', 'FAILURE', 'ERROR', 'PENDING', 'EXPECTED']);

/** `name(last: N)` / `name(first: N)` in a query, or the fallback. */
function countArg(query: string, name: string, fallback: number): { n: number; last: boolean } {
  const m = new RegExp(`\\b${name}\\s*\\(([^)]*)\\)`).exec(query);
  const last = m ? /\blast\s*:\s*(\d+)/.exec(m[1]!) : null;
  const first = m ? /\bfirst\s*:\s*(\d+)/.exec(m[1]!) : null;
  if (last) return { n: Number(last[1]), last: true };
  if (first) return { n: Number(first[1]), last: false };
  return { n: fallback, last: true };
}

/** The PR-event fields of a PullRequest node the query selects (`has` tests the node's selection). */
export function pullEventFields(
  pull: Pull,
  t: number,
  query: string,
  has: (field: string) => boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const url = `https://github.com/${pull.repo.fullName}/pull/${pull.number}`;
  if (has('merged')) out.merged = pull.state === 'merged';
  if (has('closed')) out.closed = pull.state !== 'open';
  if (has('reviews')) {
    const { n, last } = countArg(query, 'reviews', 100);
    const submitted = pull.reviews.filter((r) => r.at <= t);
    const page = last ? submitted.slice(-n) : submitted.slice(0, n);
    out.reviews = {
      nodes: page.map((r) => ({
        id: r.nodeId,
        state: r.state,
        submittedAt: r.state === 'PENDING' ? null : new Date(r.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        url: `${url}#pullrequestreview-${r.id}`,
        author: { login: r.author },
      })),
    };
  }
  if (has('commits')) {
    const head = headAt(pull, t);
    out.commits = {
      nodes: [{ commit: { oid: head.oid, statusCheckRollup: head.state ? { state: head.state } : null } }],
    };
  }
  return out;
}

function headAt(pull: Pull, t: number): { oid: string; state: ScenarioRollupState | null } {
  return (
    pull.checks.filter((c) => c.at <= t).at(-1) ?? {
      oid: pullCommitOid(pull.repo.fullName, pull.number, 0),
      state: null,
    }
  );
}

/**
 * `{repo, number, event}` with event `merge` | `close` | `reopen` | `review` (`state`, `author`: Copilot code review
 * by default) | `checks` (`state` of the current head's rollup) | `push` (a new head commit, its checks `state`,
 * PENDING by default). Happens at the scenario's now.
 */
export function pullEvent(ctx: Ctx, body: Record<string, unknown>): Reply {
  const repo = String(body.repo ?? '').toLowerCase();
  const pull = ctx.world.pulls.find((p) => p.repo.fullName.toLowerCase() === repo && p.number === Number(body.number));
  if (!pull) return json(404, { message: `No pull ${body.repo}#${body.number}` });
  const t = ctx.clock.now();
  const state = typeof body.state === 'string' ? body.state : undefined;
  switch (body.event) {
    case 'merge':
    case 'close':
    case 'reopen':
      pull.state = body.event === 'merge' ? 'merged' : body.event === 'close' ? 'closed' : 'open';
      pull.stateChanges = [];
      return json(200, { state: pull.state, now: t });
    case 'review': {
      const s = state ?? 'COMMENTED';
      if (!REVIEW_STATES.has(s)) return json(422, { message: `Unknown review state ${s}` });
      const author = typeof body.author === 'string' ? body.author : COPILOT_REVIEWER;
      const review = ctx.world.addReview(pull, t, s as ScenarioReviewState, author);
      return json(200, { review: review.nodeId, now: t });
    }
    case 'checks':
    case 'push': {
      const s = state ?? (body.event === 'push' ? 'PENDING' : '');
      if (!ROLLUP_STATES.has(s)) return json(422, { message: `Unknown checks state ${s}` });
      const head = headAt(pull, t);
      const oid =
        body.event === 'push' ? pullCommitOid(pull.repo.fullName, pull.number, pull.checks.length + 1) : head.oid;
      pull.checks = pull.checks.filter((c) => c.at <= t);
      pull.checks.push({ at: t, oid, state: s as ScenarioRollupState });
      return json(200, { oid, state: s, now: t });
    }
    default:
      return json(422, { message: 'event must be merge, close, reopen, review, checks or push' });
  }
}
