import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { AskForChanges } from '../../components/AskForChanges';
import { ErrorNote } from '../../components/ErrorNote';
import { Handoffs } from '../../components/Handoffs';
import { toMarkdown } from '../../components/log/deps';
import { LogView } from '../../components/log/LogView';
import { isHttpsUrl } from '../../components/log/Markdown';
import { Octicon } from '../../components/Octicon';
import { SessionNotice } from '../../components/SessionNotice';
import { StateBadge } from '../../components/StateBadge';
import { StopButton } from '../../components/StopButton';
import { webOrigin } from '../../utils/github/hosts';
import { request } from '../../utils/messages/client';
import type { LogChunk } from '../../utils/model/log';
import type { StateSnapshot } from '../../utils/model/state';
import { elapsedMs, formatDuration, type Session, STATE_LABELS, usageText } from '../../utils/sessions/model';
import { connectionOf, connectionText, isLive, mayDo, sessionsOfPr } from '../../utils/sessions/selectors';
import { browserTransport } from '../../utils/view-state/client';
import { useViewState } from '../../utils/view-state/useViewState';
import type { Watch } from '../../utils/view-state/watch';
import { LogFeed, localPlanMemory } from './feed';
import {
  type Bare,
  DRAWER_NS,
  type DrawerParams,
  embedderAllowed,
  type FromDrawer,
  isPageOrigin,
  parseToDrawer,
  sessionPrKey,
} from './messages';

/** The origins of the frames that embed this page (Chromium), null where the browser does not say. */
function ancestorOrigins(): string[] | null {
  const list = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  return list ? Array.from(list) : null;
}

import { StepChecklist } from './StepChecklist';

const POLL_MS = 3000;
const POLL_ENDED_MS = 10_000;

export function applyTheme(theme: DrawerParams['theme']): void {
  const root = document.documentElement;
  root.dataset.theme = theme === 'light' ? 'light' : 'dark';
  if (theme === 'dimmed') root.dataset.dimmed = '';
  else delete root.dataset.dimmed;
}

/** Messages to the page that embeds us; only ever to the page origin from our hash. */
function toParent(params: DrawerParams, msg: Bare<FromDrawer>): void {
  if (window.parent === window) return;
  const origin = `https://${params.host}`;
  if (!isPageOrigin(origin)) return;
  window.parent.postMessage({ ns: DRAWER_NS, ...msg }, origin);
}

/** Accepts a message only from our parent window on a GitHub origin. */
export function acceptFromParent(event: MessageEvent): ReturnType<typeof parseToDrawer> {
  if (event.source !== window.parent || window.parent === window) return null;
  if (!isPageOrigin(event.origin)) return null;
  return parseToDrawer(event.data);
}

/** Alt+Shift+L (by physical key, so layouts where Alt+Shift types a character still match). */
const isToggleShortcut = (e: KeyboardEvent): boolean =>
  e.code === 'KeyL' && e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey;

const isTypingTarget = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

function sourceLine(chunkSource: LogChunk['source'] | null, complete: boolean): string {
  switch (chunkSource) {
    case 'copilot-api':
      return complete ? 'Source: Copilot API log' : 'Source: Copilot API log (live)';
    case 'actions-log':
      return 'Source: Actions job log';
    case 'actions-steps':
      return 'Live from GitHub: the job’s steps, the plan in the pull request’s description and the commits (the whole log replaces them when the job ends)';
    case 'none':
      return 'No log available — open the session on GitHub';
    default:
      return 'Loading the log…';
  }
}

/**
 * Requests started before the first render (main.tsx), so the background works while the page builds itself. Each is
 * taken once (the field is cleared: the props keep this object, and must not keep a 10 MB answer alive).
 */
interface Early {
  sessionId: string | null;
  state: Promise<StateSnapshot> | null;
  log: Promise<LogChunk> | null;
}

/** Asks for the state and the first part of the log at once; each answer is used once, by the first render. */
export function startEarly(params: DrawerParams): Early {
  const quiet = <T,>(p: Promise<T>): Promise<T> => {
    p.catch(() => {}); // consumed (or dropped) later: never an unhandled rejection
    return p;
  };
  const sessionId = params.sessionId;
  return {
    sessionId,
    state: quiet(request<StateSnapshot>({ type: 'getState' })),
    log: sessionId ? quiet(request<LogChunk>({ type: 'getLog', sessionId, offset: 0 })) : null,
  };
}

export function App({ initial, early }: { initial: DrawerParams; early?: Early }) {
  const earlyRef = useRef(early);
  const [params, setParams] = useState(initial);
  const sessionId = params.sessionId;
  // Sessions: this session's slice of the state (with the other sessions of its PR, other users' included), live.
  const watch: Watch = sessionId ? { kind: 'session', id: sessionId } : { kind: 'all' };
  const first = useMemo(() => {
    const p = earlyRef.current?.state ?? null;
    if (earlyRef.current) earlyRef.current.state = null;
    return p;
  }, []);
  const { state: snapshot, error: stateError } = useViewState(browserTransport, watch, { ask: true, first });
  const [now, setNow] = useState(Date.now());
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const [showPrompt, setShowPrompt] = useState(false);

  // Parent messages: the theme (another session comes as a new ticket, to the gate: ticket.tsx).
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const msg = acceptFromParent(event);
      if (!msg) return;
      if (msg.type === 'theme') {
        applyTheme(msg.theme);
        setParams((p) => ({ ...p, theme: msg.theme }));
      }
    };
    window.addEventListener('message', onMessage);
    toParent(initial, { type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, [initial]);

  // A page of its own: keep the hash in sync (a reload shows the same session). Framed: the URL names nothing.
  useEffect(() => {
    if (window.parent !== window) return;
    const q = new URLSearchParams(location.hash.slice(1));
    if (sessionId) q.set('session', sessionId);
    if (!params.tab || q.has('theme')) q.set('theme', params.theme);
    history.replaceState(null, '', `#${q.toString()}`);
  }, [sessionId, params.theme]);

  // Escape closes (unless a field wants it first); so does the page's toggle shortcut, Alt+Shift+L, when the focus is
  // in the drawer (the page never sees keys pressed in this frame).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if (e.key === 'Escape') toParent(params, { type: 'close' });
      else if (isToggleShortcut(e) && !isTypingTarget(e.target)) {
        e.preventDefault();
        toParent(params, { type: 'close' });
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [params]);

  const session: Session | null = snapshot?.sessions.find((s) => s.id === sessionId) ?? null;
  const running = session ? isLive(session.state) : true;

  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);

  // The log: polled every 3 s while the session runs and the drawer is visible; once more when it ended.
  const feed = useMemo(() => {
    if (!sessionId) return null;
    const f = new LogFeed(
      sessionId,
      (id, offset) => {
        const pre = earlyRef.current;
        const log = pre?.sessionId === id && offset === 0 ? pre.log : null;
        if (pre && log) {
          pre.log = null;
          return log;
        }
        return request<LogChunk>({ type: 'getLog', sessionId: id, offset });
      },
      () => bump(0),
      undefined,
      localPlanMemory(),
    );
    // The first round starts now (its answer is usually on its way already), not after the first paint.
    if (earlyRef.current?.log && earlyRef.current.sessionId === sessionId) void f.poll().then(() => bump(0));
    return f;
  }, [sessionId]);
  useEffect(() => () => feed?.dispose(), [feed]);
  const runningRef = useRef(running);
  runningRef.current = running;
  useEffect(() => {
    if (!feed) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let busy = false;
    let first = true;
    const tick = async () => {
      timer = undefined;
      if (stopped || busy) return;
      if (document.visibilityState === 'hidden') return; // resumed by visibilitychange
      busy = true;
      // The early first round may be done already: then wait for the next period instead of asking again now.
      if (first && !feed.state.loading) {
        first = false;
        busy = false;
        timer = setTimeout(tick, runningRef.current ? POLL_MS : POLL_ENDED_MS);
        return;
      }
      first = false;
      await feed.poll();
      busy = false;
      if (stopped) return;
      bump(0);
      if (feed.state.complete) return;
      timer = setTimeout(tick, runningRef.current ? POLL_MS : POLL_ENDED_MS);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible' && !timer && !busy && !feed.state.complete) void tick();
    };
    document.addEventListener('visibilitychange', onVisible);
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [feed]);
  // A session that just ended: fetch once more at once (the final part, or the job log).
  useEffect(() => {
    if (!running && feed && !feed.state.complete && !feed.state.loading) void feed.poll().then(() => bump(0));
  }, [running, feed]);

  const siblings = useMemo(() => {
    if (!snapshot || !session?.repo || !session.pr) return [];
    return sessionsOfPr(snapshot.sessions, {
      owner: session.repo.owner,
      repo: session.repo.name,
      number: session.pr.number,
    });
  }, [snapshot, session]);

  const switchTo = (id: string) => {
    setParams((p) => ({ ...p, sessionId: id }));
    toParent(params, { type: 'switch-session', sessionId: id });
  };
  // After "Ask Copilot for changes": the first session of this PR that was not there when the comment was posted
  // is the follow-up; the drawer follows it.
  const [followFrom, setFollowFrom] = useState<ReadonlySet<string> | null>(null);
  useEffect(() => {
    if (!followFrom) return;
    const next = siblings.find((s) => !followFrom.has(s.id));
    if (next) {
      setFollowFrom(null);
      switchTo(next.id);
    }
  }, [followFrom, siblings]);
  const close = () => (params.tab ? window.close() : toParent(params, { type: 'close' }));
  useEffect(() => {
    if (params.tab && session?.title) document.title = `${session.title} · Agent Sessions`;
  }, [params.tab, session?.title]);

  const getMarkdown = () =>
    feed
      ? toMarkdown(feed.parsed(), {
          title: session?.title ?? 'Agent session',
          state: session ? STATE_LABELS[session.state] : null,
          url: session?.links.session ?? null,
          runUrl: session?.links.run ?? feed.state.runUrl,
          startedBy: session?.creator.login ?? null,
          startedAt: session?.createdAt ?? null,
          source: sourceLine(feed.state.source, true).replace(/^Source: /, ''),
        })
      : '';
  const getRaw = useCallback(() => feed?.raw ?? '', [feed]);

  const fs = feed?.state;
  const sessionLink = session?.links.session && isHttpsUrl(session.links.session) ? session.links.session : null;
  const runLink = [session?.links.run, fs?.runUrl].find(isHttpsUrl) ?? null;
  const model = session?.model ?? fs?.meta?.model ?? null;
  const prompt = session?.prompt ?? fs?.meta?.prompt ?? null;

  // Framed by a page that is not the user's GitHub (another site, an unconfigured *.ghe.com tenant): show nothing.
  const configuredHost = snapshot?.auth.status === 'signed-in' ? snapshot.auth.info.host : params.host;
  // A token whose capability check says it cannot stop sessions is not offered Stop (issue 20 #9).
  // Nor while GitHub refuses the token: what is shown is not live, and its clocks stop at the last sync (issue 20 #7).
  const connection = connectionOf(snapshot?.lastError);
  const connText = snapshot ? connectionText(snapshot.lastError, snapshot.lastSyncAt, now) : null;
  const lastSyncMs = snapshot?.lastSyncAt ? Date.parse(snapshot.lastSyncAt) : Number.NaN;
  const shownNow = connection === 'refused' && !Number.isNaN(lastSyncMs) ? Math.min(lastSyncMs, now) : now;
  const stopAllowed =
    connection !== 'refused' && (snapshot?.auth.status !== 'signed-in' || mayDo(snapshot.auth.info, 'stopSessions'));
  if (!embedderAllowed(ancestorOrigins(), configuredHost))
    return (
      <div class="as-drawer" data-refused="embedder">
        <p class="as-drawer-note" role="alert">
          This drawer opens only on your GitHub pages ({configuredHost}).
        </p>
      </div>
    );

  if (!sessionId)
    return (
      <div class={`as-drawer${params.tab ? ' as-drawer--tab' : ''}`}>
        <DrawerTop title="Agent session" onClose={close} tab={params.tab} />
        <p class="as-drawer-note">No session selected.</p>
      </div>
    );

  // Signed out: one clear message and the way to sign in, not a log source and errors that contradict it.
  if (snapshot?.auth.status === 'signed-out')
    return (
      <div class={`as-drawer${params.tab ? ' as-drawer--tab' : ''}`} data-session-id={sessionId} data-view="signed-out">
        <DrawerTop title="Agent session" onClose={close} tab={params.tab} />
        <div class="as-drawer-signedout" data-role="signed-out">
          <p>Sign in to the extension to see this session’s status and log.</p>
          <button
            type="button"
            class="as-btn as-btn-primary"
            data-action="open-options"
            onClick={() => void request({ type: 'openOptions' }).catch(() => undefined)}
          >
            Open sign-in
          </button>
        </div>
      </div>
    );

  // A hash, a message or a pasted link may name a session of another PR: say whose it is, and offer no Stop here.
  const sessionPr = session ? sessionPrKey(session) : null;
  const foreign = !!session && !!params.pagePr && sessionPr !== params.pagePr;

  return (
    <div
      class={`as-drawer${params.tab ? ' as-drawer--tab' : ''}`}
      data-session-id={sessionId}
      data-source={fs?.source ?? ''}
      data-view={params.tab ? 'tab' : 'drawer'}
    >
      <DrawerTop title={session?.title ?? (snapshot ? 'Agent session' : 'Loading…')} onClose={close} tab={params.tab}>
        {session && <StateBadge session={session} now={shownNow} />}
      </DrawerTop>
      {session && <SessionNotice session={session} now={shownNow} />}
      {connText && (
        <p class="as-drawer-conn" data-role="connection" data-connection={connection}>
          {connection === 'refused' ? (
            <>
              {`${connText}: GitHub refuses the extension’s token. `}
              <button
                type="button"
                class="as-btn-link"
                data-action="new-token"
                onClick={() => void request({ type: 'openOptions' }).catch(() => undefined)}
              >
                Enter a new token
              </button>
            </>
          ) : (
            `${connText}. The extension tries again by itself.`
          )}
        </p>
      )}
      {foreign && (
        <p class="as-drawer-warn" role="alert" data-role="foreign-session">
          This session belongs to{' '}
          {session?.repo
            ? `${session.repo.fullName}${session.pr ? ` #${session.pr.number}` : ''}`
            : 'another repository'}
          , not to the pull request on this page. Stop is available on its own page.
        </p>
      )}
      <div class="as-drawer-meta">
        {session?.repo && (
          <span title="Repository and pull request" data-role="session-where">
            <Octicon name="repo" /> {session.repo.fullName}
            {session.pr ? ` #${session.pr.number}` : ''}
          </span>
        )}
        {session && (
          <span
            title={`Agent: ${session.agent.name} (${session.agent.slug})`}
            data-role="session-agent"
            data-agent={session.agent.slug}
          >
            <Octicon name="agent" /> {session.agent.name}
          </span>
        )}
        {session?.creator.login && (
          <span title="Started by">
            <Octicon name="person" /> {session.creator.login}
          </span>
        )}
        {model && (
          <span title="Model">
            <Octicon name="cpu" /> {model}
          </span>
        )}
        {session?.usage && (
          <span title="Usage" data-usage={session.usage.unit}>
            <Octicon name="zap" /> {usageText(session.usage)}
          </span>
        )}
        {sessionLink && (
          <a href={sessionLink} target="_blank" rel="noopener noreferrer" data-link="session">
            Session page <Octicon name="link-external" size={12} />
          </a>
        )}
        {runLink && (
          <a href={runLink} target="_blank" rel="noopener noreferrer" data-link="run">
            Actions run <Octicon name="link-external" size={12} />
          </a>
        )}
      </div>
      {session && <Handoffs session={session} origin={webOrigin(params.host)} variant="bar" />}
      {(siblings.length > 1 || session) && (
        <div class="as-drawer-actions">
          {siblings.length > 1 && (
            <label class="as-switcher">
              <span class="as-visually-hidden">Session</span>
              <select
                data-role="session-switcher"
                value={sessionId}
                onChange={(e) => switchTo((e.target as HTMLSelectElement).value)}
              >
                {siblings.map((s, i) => (
                  <option key={s.id} value={s.id}>
                    {`Session ${i + 1} of ${siblings.length} · ${STATE_LABELS[s.state]} · ${formatDuration(elapsedMs(s, shownNow))}`}
                  </option>
                ))}
              </select>
            </label>
          )}
          {session && !foreign && (stopAllowed || !!snapshot?.stops[session.id]) && (
            <StopButton
              session={session}
              status={snapshot?.stops[session.id]}
              confirm={snapshot?.settings.confirmStop ?? false}
              onStop={async () => {
                await request({ type: 'stopSession', sessionId: session.id, pageLogin: params.pageLogin });
              }}
            />
          )}
        </div>
      )}
      {session?.pr && !foreign && snapshot?.auth.status === 'signed-in' && connection !== 'refused' && (
        <div class="as-drawer-ask">
          <AskForChanges
            key={session.id}
            session={session}
            login={snapshot.auth.info.login}
            pageLogin={params.pageLogin}
            startOpen={params.ask === true && session.id === params.sessionId}
            onPosted={() => setFollowFrom(new Set(siblings.map((s) => s.id)))}
          />
        </div>
      )}
      {prompt && (
        <div class="as-prompt-box" data-open={String(showPrompt)}>
          <button
            type="button"
            class="as-entry-toggle"
            aria-expanded={showPrompt}
            onClick={() => setShowPrompt(!showPrompt)}
          >
            <Octicon name={showPrompt ? 'chevron-down' : 'chevron-right'} class="as-chevron" />
            Prompt
          </button>
          {showPrompt ? <p class="as-prompt-text">{prompt}</p> : <span class="as-prompt-preview">{prompt}</span>}
        </div>
      )}
      {stateError && <ErrorNote error={stateError} class="as-drawer-error" />}
      <div class="as-source" data-role="log-source" data-source={fs?.source ?? 'loading'}>
        <Octicon
          name={fs?.source === 'none' ? 'info' : fs?.source === 'copilot-api' ? 'copilot' : 'terminal'}
          size={14}
        />
        {fs?.source === 'none' && sessionLink ? (
          <a href={sessionLink} target="_blank" rel="noopener noreferrer">
            {sourceLine(fs.source, fs.complete)}
          </a>
        ) : (
          <span>{sourceLine(fs?.source ?? null, fs?.complete ?? false)}</span>
        )}
        {feed && feed.pendingChars > 0 && (
          <span class="as-muted" data-parsing={feed.pendingChars}>
            {` · reading the rest (${Math.max(1, Math.round(feed.pendingChars / 1_048_576))} MB)…`}
          </span>
        )}
        {fs && fs.skipped > 0 && (
          <span class="as-skipped" data-skipped={fs.skipped}>
            · {fs.skipped} line{fs.skipped === 1 ? '' : 's'} could not be read
          </span>
        )}
        {fs?.format === 'actions-2026' && (
          <span class="as-muted">
            {' '}
            · turns and tool calls only
            {sessionLink && (
              <>
                {' — '}
                <a href={sessionLink} target="_blank" rel="noopener noreferrer">
                  full transcript
                </a>
              </>
            )}
          </span>
        )}
      </div>
      {fs?.error && <ErrorNote error={fs.error} class="as-drawer-error" />}
      {fs?.source === 'actions-steps' && (
        <p class="as-drawer-note as-live-note" data-role="live-reasoning">
          <Octicon name="info" size={14} /> The agent’s reasoning is not published through GitHub’s public API: read it
          live{' '}
          {sessionLink ? (
            <a href={sessionLink} target="_blank" rel="noopener noreferrer">
              on GitHub’s session page
            </a>
          ) : (
            'on GitHub’s session page'
          )}
          .
          {(fs.live?.notes ?? []).map((n, i) => (
            <span key={i} class="as-muted" data-role="live-note">
              {' '}
              {n}
            </span>
          ))}
        </p>
      )}
      {fs?.source === 'actions-steps' && feed && feed.model.entries.length === 0 && <StepChecklist steps={fs.steps} />}
      {feed &&
        (fs?.source === 'copilot-api' ||
          fs?.source === 'actions-log' ||
          (fs?.source === 'actions-steps' && feed.model.entries.length > 0)) && (
          <LogView
            key={feed.sessionId}
            entries={feed.model.entries}
            version={feed.model.version}
            live={!fs.complete}
            sessionId={feed.sessionId}
            getMarkdown={getMarkdown}
            getRaw={getRaw}
          />
        )}
    </div>
  );
}

function DrawerTop({
  title,
  onClose,
  tab,
  children,
}: {
  title: string;
  onClose: () => void;
  tab?: boolean;
  children?: preact.ComponentChildren;
}) {
  return (
    <header class="as-drawer-top">
      <Octicon name="copilot" class="as-drawer-logo" />
      <h1 class="as-drawer-title" title={title}>
        {title}
      </h1>
      {children}
      <button
        type="button"
        class="as-icon-btn"
        aria-label={tab ? 'Close this tab' : 'Close the log drawer'}
        title={tab ? 'Close this tab' : 'Close (Esc)'}
        data-action="close"
        onClick={onClose}
      >
        <Octicon name="x" />
      </button>
    </header>
  );
}
