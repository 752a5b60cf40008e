import { useLayoutEffect } from 'preact/hooks';
import { request } from '../../utils/messages/client';
import { isRunning } from '../../utils/sessions/model';
import { connectionOf, isLive } from '../../utils/sessions/selectors';
import { Octicon } from '../Octicon';
import { waitingQuestion } from '../SessionNotice';
import { StopButton, stopSettled } from '../StopButton';
import { ConnectionNote, frozenAt } from './ConnectionNote';
import { NoticeBadge, SessionBadge } from './SessionBadge';
import type { OpenSession, PrView } from './types';

const HEADER_SIGNED_OUT = 'Sign in to the extension to see live status';
const SIGN_IN_HINT = 'Sign in to the extension to see live status: opens its options page';

/** Opens the extension's options page (sign-in) from a signed-out notice; a lost context stays quiet. */
export function openSignIn(): void {
  void request({ type: 'openOptions' }).catch(() => undefined);
}

/** Why Stop is off for the signed-in extension user on this page, or null when it may be offered. */
function stopBlockedReason(view: PrView, pageLogin: string | null): string | null {
  if (!pageLogin) return 'Sign in to GitHub on this page to stop sessions';
  if (view.viewerLogin && view.viewerLogin.toLowerCase() !== pageLogin.toLowerCase())
    return `This page is signed in as ${pageLogin}, the extension as ${view.viewerLogin}: Stop is off`;
  return null;
}

/**
 * The PR header: the current (latest) session's badge, how many sessions the PR has, and a compact Stop.
 * `evidence` = the page shows agent events (so a signed-out notice is worth showing).
 */
export function HeaderBadge({
  view,
  pageLogin,
  host,
  evidence,
  onStop,
  onOpen,
  onAsk,
}: {
  view: PrView;
  pageLogin: string | null;
  host: HTMLElement;
  evidence: boolean;
  onStop: (sessionId: string) => Promise<void>;
  onOpen: OpenSession;
  /** Opens the log drawer on its "Ask Copilot for changes" form; absent when the page has no drawer. */
  onAsk?: (sessionId: string) => void;
}) {
  const latest = view.sessions[view.sessions.length - 1] ?? null;
  const hidden = !view.badges || (!latest && (view.status === 'loading' || !evidence || view.signedIn));
  const connection = connectionOf(view.connectionError);
  useLayoutEffect(() => {
    host.hidden = hidden;
    if (!latest) host.dataset.state = view.status === 'loading' ? 'loading' : view.signedIn ? 'none' : 'signed-out';
    host.dataset.connection = connection;
  }, [host, hidden, latest, view.status, view.signedIn, connection]);
  if (hidden) return null;
  if (!latest) {
    if (!view.signedIn)
      return (
        <NoticeBadge
          label={HEADER_SIGNED_OUT}
          reason={SIGN_IN_HINT}
          host={host}
          state="signed-out"
          onActivate={openSignIn}
        />
      );
    return null;
  }
  const blocked = stopBlockedReason(view, pageLogin);
  // A token that cannot stop sessions is not offered Stop (issue 20 #9); one already asked still shows its status.
  // Nor while GitHub refuses the token (it would refuse the cancel too).
  const canStop =
    connection !== 'refused' &&
    (view.canStop !== false || !!view.stops[latest.id]) &&
    (isLive(latest.state) || !!view.stops[latest.id]) &&
    !stopSettled(latest, view.stops[latest.id]);
  return (
    <>
      <SessionBadge session={latest} host={host} onOpen={onOpen} frozenAt={frozenAt(view)} />
      {waitingQuestion(latest) && (
        <span
          class="as-waiting-for"
          data-role="waiting-for"
          title={`${latest.agent?.name || 'Copilot'} asks: “${waitingQuestion(latest)}”`}
        >
          <span>{`asks: “${waitingQuestion(latest)}”`}</span>
        </span>
      )}
      {view.sessions.length > 1 && (
        <span class="as-count" title={`${view.sessions.length} agent sessions on this pull request`}>
          {`${view.sessions.length} sessions`}
        </span>
      )}
      {canStop &&
        (blocked && latest.canAct ? (
          <button
            type="button"
            class="as-btn as-btn-danger as-btn-compact"
            disabled
            title={blocked}
            aria-label={`Stop: ${blocked}`}
          >
            <Octicon name="square-fill" />
            <span>Stop</span>
          </button>
        ) : (
          <StopButton
            session={latest}
            status={view.stops[latest.id]}
            confirm={view.confirmStop}
            onStop={() => onStop(latest.id)}
            compact
            placement="popover"
          />
        ))}
      {onAsk && view.signedIn && !blocked && connection !== 'refused' && !isRunning(latest.state) && (
        <button
          type="button"
          class="as-btn as-btn-compact"
          data-action="ask-for-changes"
          title="Ask Copilot for changes: a comment on this pull request, previewed in the log drawer before it is posted"
          aria-label="Ask Copilot for changes"
          onClick={(e) => e.isTrusted && onAsk(latest.id)}
        >
          <Octicon name="comment-discussion" />
          <span>Ask</span>
        </button>
      )}
      {view.signedIn && <ConnectionNote view={view} onOpenOptions={openSignIn} />}
      {!view.signedIn && (
        <button type="button" class="as-btn-link as-note" data-action="open-options" onClick={openSignIn}>
          {HEADER_SIGNED_OUT}
        </button>
      )}
    </>
  );
}
