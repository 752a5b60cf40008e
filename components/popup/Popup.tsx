/**
 * The toolbar popup: every session across repositories, at a glance. Reads the background's state (cached mirror
 * first, then live); sends intents only. Never calls GitHub.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { webOrigin } from '../../utils/github/hosts';
import type { StateSnapshot } from '../../utils/model/state';
import { formatAge, isRunning, SESSION_STATES, type Session, STATE_LABELS } from '../../utils/sessions/model';
import {
  accountLabel,
  accountParts,
  capability,
  connectionOf,
  connectionText,
  isLive,
  mayDo,
} from '../../utils/sessions/selectors';
import { errorOf } from '../../utils/view-state/client';
import { useDocumentTheme, useViewState } from '../../utils/view-state/useViewState';
import { ErrorNote } from '../ErrorNote';
import { HostAccessButton, needsHostAccess } from '../HostAccess';
import { Octicon } from '../Octicon';
import { pressStop } from '../StopButton';
import { browserApi, type ViewApi } from './api';
import { NewTask } from './NewTask';
import { RepoSessions } from './RepoSessions';
import { SessionRow } from './SessionRow';
import { SignIn } from './SignIn';
import {
  agentsOf,
  buildSections,
  DEFAULT_FILTERS,
  isStale,
  type PopupFilters,
  parseFilters,
  repositoriesOf,
  SECTION_ORDER,
  SECTION_TITLES,
  type SectionId,
  type StateFilter,
  safeHttps,
} from './sections';
import { useNow } from './useNow';

const WATCH_ALL = { kind: 'all' } as const;

/** Rows rendered per section before "Show N more": keeps first paint cheap with hundreds of sessions. */
export const SECTION_CAP = 25;
const MORE_STEP = 100;
/** Rows in the popup's first frame: a screenful (about 12 fit in 600 px). */
const FIRST_FRAME_ROWS = 14;

const ASSIGN_DOCS =
  'https://docs.github.com/en/copilot/how-tos/use-copilot-agents/coding-agent/assign-copilot-to-an-issue';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

function announceChanges(prev: StateSnapshot | null, next: StateSnapshot): string | null {
  if (!prev) return null;
  const before = new Map(prev.sessions.map((s) => [s.id, s.state]));
  const lines: string[] = [];
  for (const s of next.sessions) {
    const was = before.get(s.id);
    if (was === undefined) {
      if (prev.sessions.length > 0 || isRunning(s.state))
        lines.push(`New session “${s.title}”: ${STATE_LABELS[s.state]}.`);
    } else if (was !== s.state) lines.push(`“${s.title}” is now ${STATE_LABELS[s.state]}.`);
  }
  if (lines.length === 0) return null;
  if (lines.length > 3) return `${lines.slice(0, 2).join(' ')} And ${lines.length - 2} more changes.`;
  return lines.join(' ');
}

export function Popup({ api = browserApi }: { api?: ViewApi }) {
  const [announce, setAnnounce] = useState('');
  const onState = useCallback((prev: StateSnapshot | null, next: StateSnapshot) => {
    const msg = announceChanges(prev, next);
    if (msg) setAnnounce(msg);
  }, []);
  const {
    state: snapshot,
    error: backgroundError,
    retry,
  } = useViewState(api, WATCH_ALL, { ask: true, refresh: 'popup', onState });
  useDocumentTheme(snapshot?.settings?.theme);
  const [filters, setFilters] = useState<PopupFilters>(DEFAULT_FILTERS);
  const filtersLoaded = useRef(false);
  const [view, setView] = useState<'list' | 'new-task'>('list');
  const [limits, setLimits] = useState<Record<SectionId, number>>({
    attention: SECTION_CAP,
    running: SECTION_CAP,
    recent: SECTION_CAP,
  });
  const [activeId, setActiveId] = useState<string | null>(null);
  // A Stop GitHub refused for the token's permissions: no further Stop is offered in this popup.
  const [stopRefused, setStopRefused] = useState(false);
  const [readOverrides, setReadOverrides] = useState<Map<string, boolean>>(new Map());
  const rootRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void api.loadFilters().then((v) => {
      if (!filtersLoaded.current) setFilters(parseFilters(v));
      filtersLoaded.current = true;
    });
  }, [api]);

  const updateFilters = (patch: Partial<PopupFilters>) => {
    filtersLoaded.current = true;
    setFilters((f) => {
      const next = { ...f, ...patch };
      void api.saveFilters(next);
      return next;
    });
  };

  // A new snapshot carries the background's own unread set: local optimistic marks are no longer needed.
  useEffect(() => setReadOverrides(new Map()), [snapshot]);

  const unread = useMemo(() => {
    const set = new Set(snapshot?.unread ?? []);
    for (const [id, read] of readOverrides) {
      if (read) set.delete(id);
      else set.add(id);
    }
    return set;
  }, [snapshot, readOverrides]);

  const sessions = snapshot?.sessions ?? [];
  const sections = useMemo(() => buildSections(sessions, unread, filters), [sessions, unread, filters]);
  const repos = useMemo(() => repositoriesOf(sessions), [sessions]);
  const agents = useMemo(() => agentsOf(sessions), [sessions]);
  const anyRunning = sections.running.length > 0 || sections.attention.some((s) => isLive(s.state));
  const now = useNow(anyRunning);
  const coarseNow = Math.floor(now / 30_000) * 30_000;
  // Not connected: what is shown is as of the last sync, so its timers stop there instead of ticking as if live.
  const lastSyncMs = snapshot?.lastSyncAt ? Date.parse(snapshot.lastSyncAt) : Number.NaN;
  const frozenNow = Number.isNaN(lastSyncMs) ? coarseNow : Math.min(lastSyncMs, now);

  // The first paint draws only what fits in the popup; the rest of each section follows one frame later.
  const [firstFrame, setFirstFrame] = useState(true);
  useEffect(() => {
    if (!snapshot || !firstFrame) return;
    const id = requestAnimationFrame(() => setFirstFrame(false));
    return () => cancelAnimationFrame(id);
  }, [snapshot, firstFrame]);
  const rowsShown = useMemo(() => {
    const out = { ...limits };
    let budget = firstFrame ? FIRST_FRAME_ROWS : Number.POSITIVE_INFINITY;
    for (const id of SECTION_ORDER) {
      out[id] = Math.min(limits[id], budget);
      budget = Math.max(0, budget - Math.min(limits[id], sections[id].length));
    }
    return out;
  }, [sections, limits, firstFrame]);

  const visible = useMemo(() => {
    const out: Session[] = [];
    for (const id of SECTION_ORDER) out.push(...sections[id].slice(0, rowsShown[id]));
    return out;
  }, [sections, rowsShown]);
  const activeIndex = activeId ? visible.findIndex((s) => s.id === activeId) : -1;
  const focusId = activeIndex >= 0 ? activeId : (visible[0]?.id ?? null);

  const settings = snapshot?.settings;
  const confirmStop = settings?.confirmStop ?? false;

  const openSession = useCallback(
    (s: Session, newTab: boolean) => {
      void api.request({ type: 'openSession', sessionId: s.id, newTab }).catch(() => undefined);
    },
    [api],
  );
  const stopSession = useCallback(
    async (s: Session) => {
      try {
        await api.request({ type: 'stopSession', sessionId: s.id, pageLogin: null });
      } catch (e) {
        if (errorOf(e).kind === 'missing-permission') setStopRefused(true);
        throw e;
      }
    },
    [api],
  );
  const toggleRead = useCallback(
    (s: Session, currentlyUnread: boolean) => {
      const read = currentlyUnread;
      setReadOverrides((m) => new Map(m).set(s.id, read));
      setAnnounce(`“${s.title}” marked as ${read ? 'read' : 'unread'}.`);
      void api.request({ type: 'markRead', ids: [s.id], read }).catch(() => undefined);
    },
    [api],
  );

  const focusRow = (id: string) => {
    setActiveId(id);
    const rows = rootRef.current?.querySelectorAll<HTMLElement>('li[data-session-id]') ?? [];
    for (const row of rows) {
      if (row.dataset.sessionId === id) {
        row.focus();
        row.scrollIntoView?.({ block: 'nearest' });
        break;
      }
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (view !== 'list' || e.altKey) return;
    const typing = isTyping(e.target);
    if (typing) {
      if (e.target === searchRef.current) {
        if (e.key === 'ArrowDown' && visible[0]) {
          e.preventDefault();
          focusRow(visible[0].id);
        } else if (e.key === 'Escape' && filters.query) {
          e.preventDefault();
          updateFilters({ query: '' });
        }
      }
      return;
    }
    if (e.ctrlKey || e.metaKey) {
      if (e.key === 'Enter' && activeIndex >= 0) {
        e.preventDefault();
        openSession(visible[activeIndex]!, true);
      }
      return;
    }
    const move = (delta: number) => {
      if (visible.length === 0) return;
      const from = activeIndex < 0 ? (delta > 0 ? -1 : visible.length) : activeIndex;
      const next = Math.min(visible.length - 1, Math.max(0, from + delta));
      focusRow(visible[next]!.id);
    };
    switch (e.key) {
      case '/':
        e.preventDefault();
        searchRef.current?.focus();
        break;
      case 'ArrowDown':
      case 'j':
        e.preventDefault();
        move(1);
        break;
      case 'ArrowUp':
      case 'k':
        e.preventDefault();
        move(-1);
        break;
      case 'Home':
        if (visible[0] && (e.target as HTMLElement).closest?.('li[data-session-id]')) {
          e.preventDefault();
          focusRow(visible[0].id);
        }
        break;
      case 'End':
        if (visible.length && (e.target as HTMLElement).closest?.('li[data-session-id]')) {
          e.preventDefault();
          focusRow(visible[visible.length - 1]!.id);
        }
        break;
      case 'Enter': {
        const row = (e.target as HTMLElement).closest?.('li[data-session-id]') as HTMLElement | null;
        if (row && e.target === row) {
          e.preventDefault();
          const s = visible.find((v) => v.id === row.dataset.sessionId);
          if (s) openSession(s, e.shiftKey);
        }
        break;
      }
      case 's': {
        if (activeIndex < 0) break;
        const row = rootRef.current?.querySelector<HTMLElement>('li[data-session-id][tabindex="0"]');
        const btn = row?.querySelector<HTMLButtonElement>('button[data-action="stop"]');
        if (btn && !btn.disabled) {
          e.preventDefault();
          pressStop(btn);
          // With confirmation on, move focus to the confirm group so Enter/Space answers it.
          queueMicrotask(() => row?.querySelector<HTMLButtonElement>('.as-stop-confirm button')?.focus());
        }
        break;
      }
      default:
    }
  };

  // Shortcuts work wherever focus is (at first it is on <body>, outside the popup's root).
  const keyRef = useRef(onKeyDown);
  keyRef.current = onKeyDown;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keyRef.current(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const signedIn = snapshot?.auth.status === 'signed-in';
  const lastError = snapshot?.lastError ?? null;
  const connection = connectionOf(lastError);
  const authInfo = snapshot?.auth.status === 'signed-in' ? snapshot.auth.info : null;
  // Several accounts signed in (utils/background/accounts.ts): rows name theirs, a filter picks one.
  const accounts = snapshot?.accounts ?? [];
  // Offer only what the token can do (issue 20 #9): a capability GitHub said no to is not offered.
  const canStart = mayDo(authInfo, 'startTasks');
  const startCap = capability(authInfo, 'startTasks');
  const startOffReason = `this token cannot start tasks${startCap?.missing ? ` (it needs ${startCap.missing})` : ''}. Opens the options, which say how to fix it.`;
  // Nor while GitHub refuses the token (it would refuse the cancel too; issue 20 #7).
  const canStop = mayDo(authInfo, 'stopSessions') && !stopRefused && connection !== 'refused';
  // Several accounts: Stop is offered on a row when the account that holds it may stop sessions.
  const canStopRow = (account: string | undefined) => {
    const info = account ? accounts.find((x) => x.key === account)?.info : undefined;
    return info ? mayDo(info, 'stopSessions') && !stopRefused && connection !== 'refused' : canStop;
  };
  const offline = lastError?.kind === 'offline' || (typeof navigator !== 'undefined' && navigator.onLine === false);
  const stale =
    !!snapshot && !!settings && isStale(snapshot.lastSyncAt, now, settings, anyRunning) && !snapshot.syncing;
  const retrySync = () => {
    void api.request({ type: 'refresh', reason: 'manual' }).catch(() => undefined);
  };

  const header = (
    <header class="as-head">
      <h1 class="as-title">
        <Octicon name="copilot" />
        Agent sessions
      </h1>
      {signedIn && view === 'list' && canStart && (
        <button
          type="button"
          class="as-btn as-btn-sm"
          onClick={() => setView('new-task')}
          data-action="new-task"
          aria-label="Start a new task"
        >
          <Octicon name="plus" />
          New task
        </button>
      )}
      {signedIn && view === 'list' && !canStart && (
        <button
          type="button"
          class="as-btn as-btn-sm as-btn-off"
          aria-disabled="true"
          onClick={() => api.openOptions()}
          data-action="new-task-off"
          title={startOffReason}
          aria-label={`New task is off: ${startOffReason}`}
        >
          <Octicon name="circle-slash" />
          New task
        </button>
      )}
      {signedIn && (
        <button
          type="button"
          class="as-icon-btn"
          onClick={retrySync}
          aria-label={snapshot?.syncing ? 'Refreshing' : 'Refresh now'}
          title="Refresh now"
          data-action="refresh"
        >
          <Octicon name="sync" class={snapshot?.syncing ? 'as-spin' : undefined} />
        </button>
      )}
      {signedIn && (
        <button
          type="button"
          class="as-icon-btn"
          onClick={() => api.openUsage()}
          aria-label="Usage: sessions and AI credits per day"
          title="Usage"
          data-action="usage"
        >
          <Octicon name="graph" />
        </button>
      )}
      <button
        type="button"
        class="as-icon-btn"
        onClick={() => api.openOptions()}
        aria-label="Options"
        title="Options"
        data-action="options"
      >
        <Octicon name="gear" />
      </button>
    </header>
  );

  let body: preact.ComponentChildren;
  if (!snapshot) {
    body = backgroundError ? (
      <div class="as-pad">
        <ErrorNote error={backgroundError}>
          <button type="button" class="as-btn as-btn-sm" onClick={retry} data-action="retry">
            Retry
          </button>
        </ErrorNote>
      </div>
    ) : (
      <div class="as-skeleton" data-testid="loading" aria-busy="true">
        <span class="as-visually-hidden">Loading sessions…</span>
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <div key={i} class="as-skel-row">
            <span class="as-skel as-skel-title" />
            <span class="as-skel as-skel-meta" />
          </div>
        ))}
      </div>
    );
  } else if (!signedIn) {
    body = (
      <div class="as-pad as-signedout" data-testid="signed-out">
        <p class="as-lead">
          See every Copilot agent session across your repositories, get told when one needs you, and stop one in a
          click. Sign in with a token to start.
        </p>
        {lastError && lastError.kind !== 'offline' && <ErrorNote error={lastError} />}
        <SignIn api={api} host={settings?.host ?? 'github.com'} idPrefix="popup-signin" compact />
      </div>
    );
  } else if (view === 'new-task') {
    body = (
      <div class="as-pad">
        <NewTask
          api={api}
          accounts={accounts}
          knownRepos={repos}
          onCancel={() => setView('list')}
          onDone={() => {
            setView('list');
            setAnnounce('Task started. It appears under Running.');
          }}
        />
      </div>
    );
  } else {
    const shown = sections.attention.length + sections.running.length + sections.recent.length;
    body = (
      <>
        {/* biome-ignore lint/a11y/useSemanticElements: <search> is not in Preact's JSX types yet */}
        <div class="as-filters" role="search">
          <div class="as-search">
            <Octicon name="search" />
            <input
              ref={searchRef}
              type="search"
              class="as-input"
              placeholder="Search titles and repositories (/)"
              aria-label="Search sessions"
              aria-keyshortcuts="/"
              value={filters.query}
              onInput={(e) => updateFilters({ query: (e.target as HTMLInputElement).value })}
              data-testid="search"
            />
          </div>
          <div class="as-filter-row">
            <select
              class="as-select"
              aria-label="Filter by state"
              value={filters.state}
              onChange={(e) => updateFilters({ state: (e.target as HTMLSelectElement).value as StateFilter })}
              data-testid="filter-state"
            >
              <option value="all">All states</option>
              <option value="attention">Needs your attention</option>
              <option value="running">Running</option>
              {SESSION_STATES.map((st) => (
                <option key={st} value={st}>
                  {STATE_LABELS[st]}
                </option>
              ))}
            </select>
            <select
              class="as-select"
              aria-label="Filter by repository"
              value={filters.repo}
              onChange={(e) => updateFilters({ repo: (e.target as HTMLSelectElement).value })}
              data-testid="filter-repo"
            >
              <option value="">All repos</option>
              {filters.repo && !repos.includes(filters.repo) && <option value={filters.repo}>{filters.repo}</option>}
              {repos.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            {(agents.length > 1 || filters.agent) && (
              <select
                class="as-select"
                aria-label="Filter by agent"
                value={filters.agent}
                onChange={(e) => updateFilters({ agent: (e.target as HTMLSelectElement).value })}
                data-testid="filter-agent"
              >
                <option value="">All agents</option>
                {filters.agent && !agents.some((a) => a.slug === filters.agent) && (
                  <option value={filters.agent}>{filters.agent}</option>
                )}
                {agents.map((a) => (
                  <option key={a.slug} value={a.slug}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
            {accounts.length > 1 && (
              <select
                class="as-select"
                aria-label="Filter by account"
                value={filters.account ?? ''}
                onChange={(e) => updateFilters({ account: (e.target as HTMLSelectElement).value })}
                data-testid="filter-account"
              >
                <option value="">All accounts</option>
                {accounts.map((a) => (
                  <option key={a.key} value={a.key}>
                    {accountLabel(a.key)}
                  </option>
                ))}
              </select>
            )}
            <label class="as-check as-check-sm">
              <input
                type="checkbox"
                checked={filters.showArchived}
                onChange={(e) => updateFilters({ showArchived: (e.target as HTMLInputElement).checked })}
                data-testid="filter-archived"
              />
              Archived
            </label>
          </div>
        </div>
        {filters.repo && authInfo && (
          <RepoSessions
            repo={filters.repo}
            api={api}
            now={coarseNow}
            // Several accounts: the filtered account, else the one whose sessions are in that repository.
            account={filters.account || sessions.find((s) => s.repo?.fullName === filters.repo)?.account}
          />
        )}
        {lastError && (
          <div class="as-pad-x">
            <ErrorNote
              error={lastError}
              role={connection === 'busy' ? 'status' : 'alert'}
              class={connection === 'busy' ? 'as-note--calm' : undefined}
            >
              {needsHostAccess(lastError) && (
                <HostAccessButton host={snapshot?.settings.host ?? 'github.com'} onGranted={retrySync} />
              )}
              {connection === 'busy' && (
                <span class="as-note-aside" data-testid="auto-retry">
                  {/by itself/.test(lastError.fix ?? '') ? '' : 'The extension tries again by itself. '}Showing data
                  from {formatAge(snapshot.lastSyncAt, now)}.
                </span>
              )}
              {connection === 'refused' && (
                <button
                  type="button"
                  class="as-btn as-btn-sm"
                  onClick={() => api.openOptions()}
                  data-action="new-token"
                >
                  Enter a new token
                </button>
              )}
              {connection !== 'busy' && connection !== 'refused' && (
                <button type="button" class="as-btn as-btn-sm" onClick={retrySync} data-action="retry">
                  Retry
                </button>
              )}
            </ErrorNote>
          </div>
        )}
        {!lastError && (offline || stale) && (
          <div class="as-pad-x">
            <output class="as-note as-note--warn" data-testid="stale">
              <Octicon name="clock" />
              <div class="as-note-body">
                <p class="as-note-msg">
                  {offline ? 'You are offline. ' : ''}Showing data from {formatAge(snapshot.lastSyncAt, now)}.
                </p>
                <p class="as-note-actions">
                  <button type="button" class="as-btn as-btn-sm" onClick={retrySync} data-action="retry">
                    Retry
                  </button>
                </p>
              </div>
            </output>
          </div>
        )}
        {sections.total === 0 ? (
          <div class="as-empty" data-testid="empty">
            <Octicon name="copilot" size={32} />
            <p class="as-empty-title">No agent sessions yet</p>
            <p>Start a task here, or assign an issue to Copilot on GitHub; its sessions show up here.</p>
            <p class="as-empty-actions">
              {canStart && (
                <button type="button" class="as-btn as-btn-primary" onClick={() => setView('new-task')}>
                  <Octicon name="plus" />
                  Start a task
                </button>
              )}
              <a href={ASSIGN_DOCS} target="_blank" rel="noopener noreferrer">
                Assign an issue to Copilot
                <Octicon name="link-external" size={12} />
              </a>
            </p>
          </div>
        ) : shown === 0 ? (
          <div class="as-empty" data-testid="no-match">
            <p class="as-empty-title">No sessions match</p>
            <p>
              <button
                type="button"
                class="as-btn as-btn-sm"
                onClick={() => updateFilters({ ...DEFAULT_FILTERS, showArchived: filters.showArchived })}
              >
                Clear filters
              </button>
            </p>
          </div>
        ) : (
          SECTION_ORDER.map((id) => {
            const list = sections[id];
            if (list.length === 0) return null;
            const limit = rowsShown[id];
            const rest = firstFrame ? 0 : list.length - limit;
            return (
              <section key={id} class="as-section" data-section={id} aria-labelledby={`sec-${id}`}>
                <h2 id={`sec-${id}`} class="as-section-title">
                  {SECTION_TITLES[id]}
                  <span class="as-count-pill" data-testid={`count-${id}`}>
                    {list.length}
                  </span>
                </h2>
                <ul class="as-list" aria-labelledby={`sec-${id}`}>
                  {list.slice(0, limit).map((s) => (
                    <SessionRow
                      key={s.id}
                      session={s}
                      now={connection === 'refused' ? frozenNow : isLive(s.state) ? now : coarseNow}
                      viewerLogin={s.account ? accountParts(s.account).login : (authInfo?.login ?? null)}
                      canStop={canStopRow(s.account)}
                      origin={webOrigin(s.account ? accountParts(s.account).host : (authInfo?.host ?? 'github.com'))}
                      unread={unread.has(s.id)}
                      active={s.id === focusId}
                      stop={snapshot.stops[s.id]}
                      confirmStop={confirmStop}
                      onOpen={openSession}
                      onStop={stopSession}
                      onToggleRead={toggleRead}
                      onActivate={setActiveId}
                    />
                  ))}
                </ul>
                {rest > 0 && (
                  <button
                    type="button"
                    class="as-btn as-btn-sm as-more-btn"
                    data-action="show-more"
                    onClick={() => setLimits((l) => ({ ...l, [id]: l[id] + MORE_STEP }))}
                  >
                    Show {Math.min(rest, MORE_STEP)} more
                    {rest > MORE_STEP ? ` of ${rest}` : ''}
                  </button>
                )}
              </section>
            );
          })
        )}
      </>
    );
  }

  const footer = snapshot && signedIn && (
    <footer class="as-foot" data-testid="footer">
      <span data-testid="source">
        {snapshot.source === 'agent-tasks'
          ? 'Agent tasks API'
          : snapshot.source === 'fallback'
            ? 'fallback: timelines and Actions runs'
            : 'No source yet'}
      </span>
      <span aria-hidden="true">·</span>
      <span
        data-testid="synced"
        data-connection={connection}
        class="as-foot-synced"
        title={connectionText(lastError, snapshot.lastSyncAt, now) ?? undefined}
      >
        {connectionText(lastError, snapshot.lastSyncAt, now) ??
          (snapshot.syncing ? 'Syncing…' : `Synced ${formatAge(snapshot.lastSyncAt, now)}`)}
      </span>
      {snapshot.auth.status === 'signed-in' && (
        <span class="as-foot-user" data-testid="foot-accounts">
          {accounts.length > 1 ? accounts.map((a) => accountLabel(a.key)).join(', ') : snapshot.auth.info.login}
        </span>
      )}
      {snapshot.source === 'fallback' && snapshot.sourceReason && (
        <span class="as-foot-reason" data-testid="source-reason">
          {snapshot.sourceReason.message}
          {safeHttps(snapshot.sourceReason.link) && (
            <>
              {' '}
              <a
                href={safeHttps(snapshot.sourceReason.link)!}
                target="_blank"
                rel="noopener noreferrer"
                data-link="source-reason"
              >
                {snapshot.sourceReason.permission ? `Add “${snapshot.sourceReason.permission}”` : 'Learn more'}
              </a>
            </>
          )}
        </span>
      )}
    </footer>
  );

  return (
    <div class="as-popup" ref={rootRef} data-view={view}>
      {header}
      <main class="as-body" data-testid="popup-body">
        {body}
      </main>
      {footer}
      <output class="as-visually-hidden" aria-live="polite" data-testid="announcer">
        {announce}
      </output>
    </div>
  );
}
