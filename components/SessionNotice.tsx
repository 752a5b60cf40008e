import { isSafeLink } from '../utils/github/hosts';
import { elapsedMs, formatDuration, type Session } from '../utils/sessions/model';
import { Octicon } from './Octicon';
import { waitingMs } from './StateBadge';

type NoticeSession = Pick<
  Session,
  'state' | 'error' | 'createdAt' | 'completedAt' | 'updatedAt' | 'pr' | 'links' | 'agent' | 'repo' | 'waitingFor'
>;

/** Why a failed or timed-out session ended, in words a person reads first; null for other states. */
function failureReason(session: NoticeSession, now: number): string | null {
  if (session.state !== 'failed' && session.state !== 'timed_out') return null;
  const error = session.error?.trim();
  if (error) return error;
  if (session.state === 'timed_out') return `Timed out after ${formatDuration(elapsedMs(session, now))}.`;
  return 'GitHub gave no reason. The Actions run’s log says what went wrong.';
}

/** What the agent asked, in its words (untrusted, cleaned text), or null when unknown. */
export function waitingQuestion(session: Pick<Session, 'state' | 'waitingFor'>): string | null {
  if (session.state !== 'waiting_for_user') return null;
  return session.waitingFor?.text?.trim() || null;
}

/** What a person does about a session waiting for them, and where. */
function waitingHelp(session: NoticeSession): string {
  const agent = session.agent?.name || 'Copilot';
  if (waitingQuestion(session))
    return session.pr
      ? `Answer in a comment on pull request #${session.pr.number} that mentions @copilot; approve a workflow run there if it asks.`
      : 'Answer on GitHub’s session page.';
  if (session.pr)
    return `${agent} stopped to ask you something or to wait for an approval. Read its last message in the log, then answer in a comment on pull request #${session.pr.number} that mentions @copilot; approve a workflow run there if it asks.`;
  return `${agent} stopped to ask you something or to wait for an approval. Read its last message, then answer on GitHub’s session page.`;
}

/**
 * The one thing to know first about a session that failed, timed out or waits for the person: the reason, or the
 * next step and how long it has waited. Text nodes only; links only https URLs the background built. `compact` is
 * the popup row's form (one or two lines, the full text in the title).
 */
export function SessionNotice({
  session,
  now,
  compact = false,
}: {
  session: NoticeSession;
  now: number;
  compact?: boolean;
}) {
  const reason = failureReason(session, now);
  const run = isSafeLink(session.links.run) ? session.links.run : null;
  const prUrl = isSafeLink(session.pr?.url) ? session.pr!.url : isSafeLink(session.links.pr) ? session.links.pr : null;
  const page = isSafeLink(session.links.session) ? session.links.session : null;
  if (reason) {
    const what = session.state === 'timed_out' ? 'Timed out' : 'Failed';
    return (
      <div
        class={`as-note as-session-notice as-session-notice--failed${compact ? ' as-session-notice--compact' : ''}`}
        data-notice="failed"
        title={compact ? reason : undefined}
      >
        <Octicon name="alert" size={compact ? 12 : 16} />
        <div class="as-session-notice-body">
          <p class="as-session-notice-msg">
            <strong>{`${what}: `}</strong>
            {reason}
          </p>
          {!compact && run && (
            <p class="as-session-notice-actions">
              <a href={run} target="_blank" rel="noopener noreferrer" data-link="notice-run">
                Open the Actions run
                <Octicon name="link-external" size={12} />
              </a>
            </p>
          )}
        </div>
      </div>
    );
  }
  if (session.state !== 'waiting_for_user') return null;
  const waited = formatDuration(waitingMs(session, now));
  const answerAt = prUrl ?? page;
  const question = waitingQuestion(session);
  const agent = session.agent?.name || 'Copilot';
  const questionUrl = isSafeLink(session.waitingFor?.url) ? session.waitingFor!.url : null;
  return (
    <div
      class={`as-note as-session-notice as-session-notice--waiting${compact ? ' as-session-notice--compact' : ''}`}
      data-notice="waiting"
      title={compact && question ? `${agent} asks: “${question}”` : undefined}
    >
      <Octicon name="comment-discussion" size={compact ? 12 : 16} />
      <div class="as-session-notice-body">
        <p class="as-session-notice-msg">
          <strong>{`Waiting for you for ${waited}. `}</strong>
          {question && (
            <>
              {`${agent} asks: `}
              <q class="as-waiting-for" data-role="waiting-for">
                {question}
              </q>{' '}
            </>
          )}
          {compact
            ? session.pr
              ? `Answer in a comment on #${session.pr.number} that mentions @copilot.`
              : 'Answer on GitHub’s session page.'
            : waitingHelp(session)}
        </p>
        {!compact && (answerAt || questionUrl) && (
          <p class="as-session-notice-actions">
            {questionUrl && (
              <a href={questionUrl} target="_blank" rel="noopener noreferrer" data-link="notice-question">
                {`Read ${agent}’s comment`}
                <Octicon name="link-external" size={12} />
              </a>
            )}
            {answerAt && (
              <a href={answerAt} target="_blank" rel="noopener noreferrer" data-link="notice-answer">
                {prUrl ? `Answer on pull request #${session.pr?.number ?? ''}` : 'Answer on the session page'}
                <Octicon name="link-external" size={12} />
              </a>
            )}
          </p>
        )}
      </div>
    </div>
  );
}
