import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { isSafeLink } from '../utils/github/hosts';
import type { AppError } from '../utils/model/errors';
import type { StopPhase, StopStatus } from '../utils/model/state';
import type { Session } from '../utils/sessions/model';
import { isLive } from '../utils/sessions/selectors';
import { ErrorNote } from './ErrorNote';
import { Octicon } from './Octicon';

const STOP_HINT = 'Stop session — commits already pushed are kept';

/**
 * Buttons an extension page's own keyboard shortcut may press once (the popup's `s`): the key press was the person's;
 * the click that follows is the page's own code. Page scripts cannot reach this module (it runs in the extension).
 */
const granted = new WeakSet<EventTarget>();
export function pressStop(button: HTMLButtonElement): void {
  granted.add(button);
  button.click();
  granted.delete(button);
}

interface StopProps {
  session: Pick<Session, 'id' | 'state' | 'canAct'>;
  status: StopStatus | undefined;
  confirm: boolean;
  onStop: () => Promise<void>;
  compact?: boolean;
}

/** A session that no longer runs: once its state says so (Cancelled…), a "Stopped" note only repeats it. */
export function stopSettled(session: Pick<Session, 'state'>, status: StopStatus | undefined): boolean {
  return !isLive(session.state) && (!status || status.phase === 'stopped');
}

/** Whether sending the same Stop again can succeed: not after a refusal that only a new token or account changes. */
function retryHelps(kind: AppError['kind']): boolean {
  return kind === 'github-error' || kind === 'offline' || kind === 'not-found' || kind === 'rate-limited';
}

interface StopControl {
  phase: StopPhase;
  /** The labelled button (null when there is nothing to stop). */
  button: VNode | null;
  /** What the stop says: the confirmation, progress, refusals. Shown under the row / in a popover, never inline. */
  feedback: VNode | null;
}

/**
 * The one Stop control's state and parts (drawer, PR header, popup row). It sends nothing itself: `onStop` asks the
 * background, which cancels the Actions run and watches until the session really ended; progress arrives as
 * `status`. The button and its feedback are separate so each surface places the feedback where it does not squeeze
 * or grow its layout (popup: under the row; PR header: a popover; drawer: under its actions).
 */
export function useStopControl({ session, status, confirm, onStop, compact = false }: StopProps): StopControl {
  const [asking, setAsking] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  // The background's status the person dismissed (by its time): a later status shows again.
  const [dismissed, setDismissed] = useState<string | null>(null);

  const phase = status?.phase ?? 'idle';
  if (!isLive(session.state) && !status) return { phase, button: null, feedback: null };

  const busy = sending || phase === 'stopping' || phase === 'force-cancelling';
  const ended = phase === 'stopped';
  const settled = stopSettled(session, status);

  // A click on Stop is not a click on the row (or the page) around it. Only a person's click acts (issue 17 #1): a
  // page script's synthetic `.click()` or dispatched event is not trusted.
  const trusted = (event: Event): boolean => {
    event.stopPropagation();
    return event.isTrusted === true || (!!event.currentTarget && granted.has(event.currentTarget));
  };

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

  if (!session.canAct) {
    const why = 'Only the person who started this session can stop it';
    return {
      phase,
      button: (
        <button type="button" class="as-btn as-btn-danger" disabled title={why} aria-label={`Stop: ${why}`}>
          <Octicon name="square-fill" />
          <span>Stop</span>
        </button>
      ),
      feedback: null,
    };
  }

  const runLink = isSafeLink(status?.runUrl) && (
    <a href={status.runUrl} target="_blank" rel="noopener noreferrer">
      Open the run
      <Octicon name="link-external" size={12} />
    </a>
  );

  const labels = { busy: 'Stopping…', ended: 'Stopped', idle: compact ? 'Stop' : 'Stop session' };
  const label = busy ? labels.busy : ended ? labels.ended : labels.idle;
  // The longest label, laid out invisibly by the compact placements' CSS: the button keeps one width (issue 20 #1).
  const longest = Object.values(labels).reduce((a, b) => (b.length > a.length ? b : a));
  const button = (
    <button
      type="button"
      class="as-btn as-btn-danger"
      disabled={busy || ended}
      title={STOP_HINT}
      aria-label={busy ? 'Stopping session' : ended ? 'Session stopped' : STOP_HINT}
      aria-expanded={confirm ? asking : undefined}
      data-action="stop"
      onClick={(event) => {
        if (!trusted(event)) return;
        if (confirm) setAsking(!asking);
        else void send();
      }}
    >
      <Octicon name="square-fill" />
      <span class="as-btn-label" data-longest={longest}>
        {label}
      </span>
    </button>
  );

  const parts: VNode[] = [];
  if (asking)
    parts.push(
      <fieldset class="as-stop-confirm" aria-label="Confirm stop" key="confirm">
        <span class="as-stop-confirm-q">Stop this session? Commits already pushed are kept.</span>
        <span class="as-stop-confirm-actions">
          <button type="button" class="as-btn as-btn-danger" onClick={(event) => trusted(event) && void send()}>
            Stop
          </button>
          <button
            type="button"
            class="as-btn"
            onClick={(event) => {
              event.stopPropagation();
              setAsking(false);
            }}
          >
            Keep running
          </button>
        </span>
      </fieldset>,
    );
  if (status && !settled && (phase === 'stopped' || phase === 'force-cancelling'))
    parts.push(
      <output class="as-stop-msg" key="msg">
        {status.message}
      </output>,
    );
  const dismiss = (
    <button
      type="button"
      class="as-btn as-btn-link"
      data-action="dismiss-stop"
      onClick={(event) => {
        event.stopPropagation();
        setError(null);
        setDismissed(status?.updatedAt ?? null);
      }}
    >
      Dismiss
    </button>
  );
  const statusShown = !!status && status.updatedAt !== dismissed;
  // A refusal here is also the background's 'failed' status (same words): one note, with Retry.
  if ((phase === 'stuck' || (phase === 'failed' && !error)) && status && statusShown)
    parts.push(
      <ErrorNote
        key="status"
        error={{ kind: 'github-error', message: status.message, fix: null, link: null }}
        role="status"
        compact={compact}
        class="as-stop-msg--error"
      >
        {runLink}
        {dismiss}
      </ErrorNote>,
    );
  if (error)
    parts.push(
      <ErrorNote key="error" error={error} compact={compact} class="as-stop-msg--error">
        {phase === 'failed' && !isSafeLink(error.link) && runLink}
        {retryHelps(error.kind) && (
          <button type="button" class="as-btn as-btn-link" onClick={(event) => trusted(event) && void send()}>
            Retry
          </button>
        )}
        {dismiss}
      </ErrorNote>,
    );

  return {
    phase,
    button: settled && compact ? null : button,
    feedback: parts.length > 0 ? <div class="as-stop-parts">{parts}</div> : null,
  };
}

/**
 * Stop with its feedback in one place: under the button (`placement="below"`, the drawer), or in a popover anchored
 * to the button that overlays the page instead of growing it (`"popover"`, GitHub's PR header).
 */
export function StopButton({ placement = 'below', ...props }: StopProps & { placement?: 'below' | 'popover' }) {
  const c = useStopControl(props);
  if (!c.button && !c.feedback) return null;
  return (
    <span class={`as-stop as-stop--${placement}`} data-stop-phase={c.phase}>
      {c.button}
      {c.feedback && <div class="as-stop-feedback">{c.feedback}</div>}
    </span>
  );
}
