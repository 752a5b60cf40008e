/**
 * "Ask Copilot for changes" (drawer and its tab): a text, a preview of exactly the comment that will be posted on
 * the session's PR (as whom, where), and Post — only on the user's own click. The background checks the account
 * (page login = token login), posts, and syncs at once; the drawer then follows the new session (onPosted).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../utils/messages/client';
import type { AppError } from '../utils/model/errors';
import { followUpBody } from '../utils/sessions/handoffs';
import type { Session } from '../utils/sessions/model';
import { errorOf } from '../utils/view-state/client';
import { ErrorNote } from './ErrorNote';
import { Octicon } from './Octicon';

export function AskForChanges({
  session,
  login,
  pageLogin,
  startOpen = false,
  onPosted,
}: {
  session: Session;
  /** The token's login: the comment's author. */
  login: string;
  pageLogin: string | null;
  /** Open with the text field focused (the drawer was opened from the PR header's "Ask Copilot for changes"). */
  startOpen?: boolean;
  onPosted: () => void;
}) {
  const [open, setOpen] = useState(startOpen);
  const field = useRef<HTMLTextAreaElement>(null);
  // Opened by the person (the header's button or this one): the cursor goes to the text at once.
  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [posted, setPosted] = useState<{ body: string; url: string | null } | null>(null);
  if (!session.repo || !session.pr) return null;
  const where = `${session.repo.fullName}#${session.pr.number}`;
  const body = text.trim() ? followUpBody(text) : null;
  if (!open)
    return (
      <button
        type="button"
        class="as-btn"
        data-action="ask-for-changes"
        onClick={() => {
          setOpen(true);
          setPosted(null);
        }}
      >
        <Octicon name="comment-discussion" /> Ask Copilot for changes
      </button>
    );
  return (
    <section class="as-ask" aria-label="Ask Copilot for changes" data-role="ask-for-changes">
      <label class="as-ask-label" for="as-ask-text">
        What should Copilot change? It is posted as a comment on {where} that mentions @copilot.
      </label>
      <textarea
        id="as-ask-text"
        ref={field}
        class="as-ask-text"
        rows={3}
        maxLength={10_000}
        value={text}
        disabled={busy}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      {body && (
        <div class="as-ask-preview" data-role="ask-preview">
          <span class="as-muted">{`@${login} will comment on ${where}:`}</span>
          <pre data-role="ask-body">{body}</pre>
        </div>
      )}
      {error && <ErrorNote error={error} compact />}
      {posted && (
        <output class="as-ask-done" data-role="ask-posted">
          Posted. Copilot starts a new session on this pull request; it is followed here.{' '}
          {posted.url && (
            <a href={posted.url} target="_blank" rel="noopener noreferrer">
              See the comment
            </a>
          )}
        </output>
      )}
      <div class="as-ask-actions">
        <button
          type="button"
          class="as-btn as-btn-primary"
          data-action="post-ask"
          disabled={!body || busy}
          onClick={async (e) => {
            if (!e.isTrusted || !body) return;
            setBusy(true);
            setError(null);
            try {
              const res = await request<{ body: string; commentUrl: string | null }>({
                type: 'askForChanges',
                sessionId: session.id,
                text,
                pageLogin,
              });
              setPosted({ body: res.body, url: res.commentUrl });
              setText('');
              onPosted();
            } catch (err) {
              setError(errorOf(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          {busy ? 'Posting…' : 'Post comment'}
        </button>
        <button type="button" class="as-btn" data-action="cancel-ask" onClick={() => setOpen(false)}>
          {posted ? 'Close' : 'Cancel'}
        </button>
      </div>
    </section>
  );
}
