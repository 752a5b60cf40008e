import { useState } from 'preact/hooks';
import type { StopStatus } from '../../utils/model/state';
import { compareUrl, createPrUrl } from '../../utils/sessions/handoffs';
import {
  elapsedMs,
  formatAge,
  formatDuration,
  isCopilot,
  isRunning,
  type Session,
  STATE_LABELS,
} from '../../utils/sessions/model';
import { accountLabel, deepLink } from '../../utils/sessions/selectors';
import { Handoffs } from '../Handoffs';
import { memo } from '../memo';
import { Octicon } from '../Octicon';
import { SessionNotice } from '../SessionNotice';
import { StateBadge } from '../StateBadge';
import { useStopControl } from '../StopButton';
import { safeHttps } from './sections';

interface RowProps {
  session: Session;
  /** Shared clock: the popup's one ticker (1 s for running rows, coarser for the rest). */
  now: number;
  unread: boolean;
  active: boolean;
  stop: StopStatus | undefined;
  confirmStop: boolean;
  onOpen(session: Session, newTab: boolean): void;
  onStop(session: Session): Promise<void>;
  onToggleRead(session: Session, read: boolean): void;
  onActivate(id: string): void;
  /** The signed-in login: a row does not repeat it. */
  viewerLogin?: string | null;
  /** False when the token cannot stop sessions: Stop is not offered. */
  canStop?: boolean;
  /** The account's web origin (`https://github.com`, a ghe.com tenant): hand-off links are built on it. */
  origin?: string;
}

/** The words a screen reader hears for a row (and the e2e tests look for). */
function rowLabel(s: Session, unread: boolean, now: number): string {
  const parts = [s.title || 'Untitled session', STATE_LABELS[s.state]];
  if (!isCopilot(s.agent)) parts.push(`by ${s.agent.name}`);
  if (s.repo) parts.push(`${s.repo.fullName}${s.pr ? ` pull request ${s.pr.number}` : ''}`);
  if (s.creator.login) parts.push(`started by ${s.creator.login}`);
  if (s.account) parts.push(`account ${accountLabel(s.account)}`);
  parts.push(`${isRunning(s.state) ? 'running for' : 'took'} ${formatDuration(elapsedMs(s, now))}`);
  parts.push(`updated ${formatAge(s.updatedAt, now)}`);
  if (unread) parts.push('unread');
  return parts.join(', ');
}

/** A small link in the row's meta line (run, compare, create PR): a new tab, out of the row's tab order. */
function RowLink(props: {
  href: string;
  action: string;
  icon: string;
  title: string;
  label: string;
  children: string;
}) {
  return (
    <a
      class="as-row-run"
      href={props.href}
      target="_blank"
      rel="noopener noreferrer"
      tabIndex={-1}
      data-action={props.action}
      title={props.title}
      aria-label={props.label}
      onClick={(e) => e.stopPropagation()}
    >
      <Octicon name={props.icon} size={12} />
      {props.children}
    </a>
  );
}

function RowImpl({
  session: s,
  now,
  unread,
  active,
  stop,
  confirmStop,
  onOpen,
  onStop,
  onToggleRead,
  onActivate,
  viewerLogin = null,
  canStop = true,
  origin = 'https://github.com',
}: RowProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  const byOther = !!s.creator.login && s.creator.login.toLowerCase() !== (viewerLogin ?? '').toLowerCase();
  const prClosed = s.pr && s.pr.state !== 'open' ? s.pr.state : null;
  const href = deepLink(s) ?? safeHttps(s.links.session) ?? undefined;
  const sessionPage = safeHttps(s.links.session);
  const where = s.repo ? `${s.repo.fullName}${s.pr ? ` #${s.pr.number}` : ''}` : '';
  // A session's artifact is often a branch, not a PR (GitHub's own flows open no PR by default).
  const branch = !s.pr && s.headRef ? s.headRef : null;
  const createPr = branch ? createPrUrl(origin, s) : null;
  const compare = branch ? compareUrl(origin, s) : null;
  const menuId = `as-row-menu-${s.id}`;
  const runPage = safeHttps(s.links.run);
  const open = (e: MouseEvent, newTab: boolean) => {
    e.preventDefault();
    e.stopPropagation();
    onOpen(s, newTab);
  };
  const stopControl = useStopControl({
    session: s,
    status: stop,
    confirm: confirmStop,
    compact: true,
    onStop: () => onStop(s),
  });
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Enter on the focused row is handled by the popup's key handler
    <li
      class={`as-row${active ? ' as-row--active' : ''}${unread ? ' as-row--unread' : ''}`}
      data-session-id={s.id}
      data-state={s.state}
      data-unread={unread ? 'true' : 'false'}
      aria-label={rowLabel(s, unread, now)}
      tabIndex={active ? 0 : -1}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onActivate(s.id);
      }}
      onClick={(e) => {
        // A click on the row's empty space opens it like the title does; controls stop propagation.
        if ((e.target as Element).closest('button, a, input, .as-stop, .as-stop-feedback, .as-handoffs')) return;
        open(e as unknown as MouseEvent, e.ctrlKey || e.metaKey || e.shiftKey);
      }}
    >
      <span class="as-row-dot" aria-hidden="true">
        {unread && <Octicon name="dot-fill" size={12} />}
      </span>
      <div class="as-row-main">
        <div class="as-row-top">
          <a
            class="as-row-title as-focusable"
            href={href}
            tabIndex={-1}
            data-action="open"
            onClick={(e) => open(e, e.ctrlKey || e.metaKey || e.shiftKey)}
            onAuxClick={(e) => {
              if (e.button === 1) open(e, true);
            }}
            title={s.title}
          >
            {s.title || 'Untitled session'}
          </a>
          <div class="as-row-actions">
            {stopControl.button && canStop && (
              <span class="as-row-stop as-stop" data-stop-phase={stopControl.phase}>
                {stopControl.button}
              </span>
            )}
            <button
              type="button"
              class="as-icon-btn"
              tabIndex={active ? 0 : -1}
              data-action={unread ? 'mark-read' : 'mark-unread'}
              aria-label={unread ? `Mark “${s.title}” as read` : `Mark “${s.title}” as unread`}
              title={unread ? 'Mark as read' : 'Mark as unread'}
              onClick={(e) => {
                e.stopPropagation();
                onToggleRead(s, unread);
              }}
            >
              <Octicon name={unread ? 'read' : 'unread'} />
            </button>
            {sessionPage && (
              <a
                class="as-icon-btn"
                tabIndex={active ? 0 : -1}
                href={sessionPage}
                target="_blank"
                rel="noopener noreferrer"
                data-action="session-page"
                aria-label={`Open the session page of “${s.title}” on GitHub`}
                title="Open the session on GitHub"
                onClick={(e) => e.stopPropagation()}
              >
                <Octicon name="link-external" />
              </a>
            )}
            <button
              type="button"
              class="as-icon-btn"
              tabIndex={active ? 0 : -1}
              data-action="more"
              aria-expanded={menuOpen}
              aria-controls={menuOpen ? menuId : undefined}
              aria-label={`More ways to open “${s.title}”`}
              title="Open in VS Code, copy the resume command, GitHub’s Agents page"
              onClick={(e) => {
                e.stopPropagation();
                setMenuOpen(!menuOpen);
              }}
            >
              <Octicon name="kebab-horizontal" />
            </button>
          </div>
        </div>
        <div class="as-row-meta">
          <StateBadge session={s} now={now} compact={false} />
          {!isCopilot(s.agent) && (
            <span class="as-agent-label" data-agent={s.agent.slug} title={`${s.agent.name} session (${s.agent.slug})`}>
              <Octicon name="agent" size={12} />
              {s.agent.name}
            </span>
          )}
          {where && <span class="as-row-repo">{where}</span>}
          {s.account && (
            <span class="as-row-account" title={`Account ${accountLabel(s.account)}`} data-account={s.account}>
              <Octicon name="mark-github" size={12} />
              {accountLabel(s.account)}
            </span>
          )}
          {branch && (
            <span class="as-row-branch" title={`Branch ${branch}`} data-branch={branch}>
              <Octicon name="git-branch" size={12} />
              {branch}
            </span>
          )}
          {createPr && (
            <RowLink
              href={createPr}
              action="create-pr"
              icon="git-pull-request"
              title={`Open a pull request from ${branch}`}
              label={`Create a pull request from the branch of “${s.title}”`}
            >
              Create PR
            </RowLink>
          )}
          {compare && (
            <RowLink
              href={compare}
              action="compare"
              icon="git-compare"
              title={`Compare ${branch}${s.baseRef ? ` with ${s.baseRef}` : ''}`}
              label={`Compare the branch of “${s.title}”`}
            >
              Compare
            </RowLink>
          )}
          {runPage && (
            <RowLink
              href={runPage}
              action="run"
              icon="play"
              title="Open the session’s Actions run"
              label={`Open the Actions run of “${s.title}”`}
            >
              Run
            </RowLink>
          )}
          {prClosed && (
            <span class={`as-row-prstate as-row-prstate--${prClosed}`} data-pr-state={prClosed}>
              <Octicon name={prClosed === 'merged' ? 'git-merge' : 'git-pull-request-closed'} size={12} />
              {prClosed === 'merged' ? 'PR merged' : 'PR closed'}
            </span>
          )}
          {byOther && (
            <span class="as-row-by" title={`Started by ${s.creator.login}`}>
              <Octicon name="person" size={12} />
              {s.creator.login}
            </span>
          )}
          <span class="as-row-age" title={`Updated ${s.updatedAt}`}>
            {formatAge(s.updatedAt, now)}
          </span>
        </div>
        <SessionNotice session={s} now={now} compact />
        {menuOpen && (
          <div id={menuId}>
            <Handoffs session={s} origin={origin} variant="menu" withBranchLinks={false} />
          </div>
        )}
        {stopControl.feedback && (
          // Under the row, full width: the title and the row's action area keep their size.
          <div class="as-row-stopnote as-stop-feedback" data-stop-phase={stopControl.phase}>
            {stopControl.feedback}
          </div>
        )}
      </div>
    </li>
  );
}

export const SessionRow = memo(RowImpl);
