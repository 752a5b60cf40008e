import { useState } from 'preact/hooks';
import { isSafeLink } from '../utils/github/hosts';
import type { AppError, StopStatus } from '../utils/messages/protocol';
import { isRunning, type Session } from '../utils/sessions/model';
import { ErrorNote } from './ErrorNote';
import { Octicon } from './Octicon';

export const STOP_HINT = 'Stop session — commits already pushed are kept';

/**
 * The one Stop control (drawer, PR header, popup row). It sends nothing itself: `onStop` asks the background,
 * which cancels the Actions run and watches until the session really ended; progress arrives as `status`.
 * Shown only for running sessions; disabled with the reason when the user cannot act on it.
 */
export function StopButton({
  session,
  status,
  confirm,
  onStop,
  compact = false,
}: {
  session: Pick<Session, 'id' | 'state' | 'canAct'>;
  status: StopStatus | undefined;
  confirm: boolean;
  onStop: () => Promise<void>;
  compact?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  if (!isRunning(session.state) && session.state !== 'waiting_for_user' && !status) return null;

  const phase = status?.phase ?? 'idle';
  const busy = sending || phase === 'stopping' || phase === 'force-cancelling';
  const ended = phase === 'stopped';

  const send = async () => {
    setAsking(false);
    setSending(true);
    setError(null);
    try {
      await onStop();
    } catch (e) {
      const err = (e as { error?: AppError }).error;
      setError(err ?? { kind: 'github-error', message: String((e as Error).message ?? e), fix: null, link: null });
    } finally {
      setSending(false);
    }
  };

  const runLink = isSafeLink(status?.runUrl) && (
    <a href={status.runUrl} target="_blank" rel="noopener noreferrer">
      Open the run
      <Octicon name="link-external" size={12} />
    </a>
  );

  if (!session.canAct) {
    return (
      <button
        type="button"
        class="as-btn as-btn-danger"
        disabled
        title="Only the person who started this session can stop it"
      >
        <Octicon name="square-fill" />
        {!compact && <span>Stop</span>}
      </button>
    );
  }

  return (
    <span class="as-stop" data-stop-phase={phase}>
      {asking ? (
        <fieldset class="as-stop-confirm" aria-label="Confirm stop">
          <span>Stop this session?</span>
          <button type="button" class="as-btn as-btn-danger" onClick={send}>
            Stop
          </button>
          <button type="button" class="as-btn" onClick={() => setAsking(false)}>
            Keep running
          </button>
        </fieldset>
      ) : (
        <button
          type="button"
          class="as-btn as-btn-danger"
          disabled={busy || ended}
          title={STOP_HINT}
          aria-label={busy ? 'Stopping session' : STOP_HINT}
          data-action="stop"
          onClick={(event) => {
            event.stopPropagation();
            if (confirm) setAsking(true);
            else void send();
          }}
        >
          <Octicon name="square-fill" />
          {!compact && <span>{busy ? 'Stopping…' : ended ? 'Stopped' : 'Stop session'}</span>}
        </button>
      )}
      {status && (phase === 'stopped' || phase === 'force-cancelling') && (
        <output class="as-stop-msg">{status.message}</output>
      )}
      {/* A refusal here is also the background's 'failed' status (same words): one note, with Retry. */}
      {(phase === 'stuck' || (phase === 'failed' && !error)) && status && (
        <ErrorNote
          error={{ kind: 'github-error', message: status.message, fix: null, link: null }}
          role="status"
          compact={compact}
          class="as-stop-msg--error"
        >
          {runLink}
        </ErrorNote>
      )}
      {error && (
        <ErrorNote error={error} compact={compact} class="as-stop-msg--error">
          {phase === 'failed' && !isSafeLink(error.link) && runLink}
          <button type="button" class="as-btn as-btn-link" onClick={send}>
            Retry
          </button>
        </ErrorNote>
      )}
    </span>
  );
}
