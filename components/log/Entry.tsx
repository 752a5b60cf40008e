import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { CommitEntry, LogEntry, ToolEntry } from '../../utils/logs/types';
import { memo } from '../memo';
import { Octicon } from '../Octicon';
import { Ansi } from './Ansi';
import { Diff } from './Diff';
import { planChangeLines } from './deps';
import { Markdown } from './Markdown';
import { entryHeading, foldText, isCollapsible, toolArgsText, toolStatusLabel } from './model';
import { T } from './Text';

interface EntryProps {
  entry: LogEntry;
  open: boolean;
  /** Long outputs shown in full instead of folded after FOLD_LINES lines. */
  full: boolean;
  onToggle: (id: string) => void;
  onShowAll: (id: string) => void;
  onCopy: (entry: LogEntry) => void;
}

function toolIcon(e: ToolEntry): string {
  if (e.diff) return 'file-diff';
  if (e.file) return 'file';
  if (e.command !== null || /bash/.test(e.tool)) return 'terminal';
  if (e.tool === 'view') return 'eye';
  if (e.tool === 'think') return 'light-bulb';
  if (e.tool.startsWith('github-mcp-server')) return 'mark-github';
  if (e.tool.startsWith('playwright')) return 'globe';
  return 'tools';
}

function icon(e: LogEntry): string {
  switch (e.kind) {
    case 'setup':
      return 'gear';
    case 'message':
      return e.role === 'user' ? 'person' : 'copilot';
    case 'reasoning':
      return 'light-bulb';
    case 'tool':
      return toolIcon(e);
    case 'progress':
      return 'tasklist';
    case 'summary':
      return 'git-pull-request';
    case 'error':
      return 'alert';
    case 'turn':
      return 'sync';
    case 'step':
      return e.status === 'failure'
        ? 'x-circle'
        : e.status === 'success'
          ? 'check-circle'
          : e.status === 'in_progress'
            ? 'sync'
            : e.status === 'skipped'
              ? 'skip'
              : e.status === 'queued'
                ? 'clock'
                : 'dot-fill';
    case 'commit':
      return 'git-commit';
  }
}

/** A pushed commit: the rest of its message, its files, and their diff when asked for. */
function CommitBody({ entry: e }: { entry: CommitEntry }) {
  const [showDiff, setShowDiff] = useState(false);
  const rest = e.message.split('\n').slice(1).join('\n').trim();
  const patches = (e.files ?? []).filter((f) => f.patch);
  return (
    <>
      {rest && (
        <p class="as-commit-message">
          <T text={rest} />
        </p>
      )}
      {e.files && e.files.length > 0 && (
        <ul class="as-commit-files" data-role="commit-files">
          {e.files.map((f) => (
            <li key={f.path}>
              <span class="as-muted">{f.status} </span>
              <code>
                <T text={f.path} />
              </code>
              <span class="as-diff-add-text"> +{f.additions}</span>
              <span class="as-diff-del-text"> −{f.deletions}</span>
            </li>
          ))}
        </ul>
      )}
      {e.files && e.files.length === 0 && <p class="as-muted">No files changed.</p>}
      <div class="as-commit-actions">
        {patches.length > 0 && (
          <button
            type="button"
            class="as-btn as-btn-link"
            data-action="show-diff"
            aria-expanded={showDiff}
            onClick={() => setShowDiff(!showDiff)}
          >
            {showDiff ? 'Hide diff' : 'Show diff'}
          </button>
        )}
        {e.url && (
          <a href={e.url} target="_blank" rel="noopener noreferrer" data-link="commit">
            Open on GitHub
          </a>
        )}
      </div>
      {showDiff &&
        patches.map((f) => (
          <div key={f.path} class="as-commit-patch" data-role="commit-patch">
            <div class="as-commit-patch-path">
              <T text={f.path} />
            </div>
            <Patch text={f.patch ?? ''} />
          </div>
        ))}
    </>
  );
}

/** A unified diff from GitHub (a commit file's `patch`), coloured per line; text only. */
function Patch({ text }: { text: string }) {
  return (
    <pre class="as-diff">
      {text.split('\n').map((l, i) => {
        const kind = l.startsWith('@@') ? 'hunk' : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : 'ctx';
        return (
          <div key={i} class={`as-diff-line as-diff-${kind}`}>
            <span class="as-diff-sign" aria-hidden="true">
              {kind === 'add' ? '+' : kind === 'del' ? '-' : ''}
            </span>
            <T text={kind === 'hunk' ? l : l.slice(1)} />
          </div>
        );
      })}
    </pre>
  );
}

/** Output folded after FOLD_LINES lines, with the button to show the rest. */
function Output({
  id,
  text,
  full,
  onShowAll,
  ansi = true,
}: {
  id: string;
  text: string;
  full: boolean;
  onShowAll: (id: string) => void;
  ansi?: boolean;
}) {
  const { shown, hidden } = foldText(text, full);
  return (
    <div class="as-out">
      <pre class="as-pre">{ansi ? <Ansi text={shown} /> : <T text={shown} />}</pre>
      {hidden > 0 && (
        <button type="button" class="as-btn as-btn-link as-more" data-action="show-more" onClick={() => onShowAll(id)}>
          Show {hidden.toLocaleString('en')} more line{hidden === 1 ? '' : 's'}
        </button>
      )}
    </div>
  );
}

function Body({
  entry: e,
  full,
  onShowAll,
}: {
  entry: LogEntry;
  full: boolean;
  onShowAll: (id: string) => void;
}): ComponentChildren {
  switch (e.kind) {
    case 'setup':
      return e.output ? <Output id={e.id} text={e.output} full={full} onShowAll={onShowAll} /> : null;
    case 'message':
      return <Markdown text={e.markdown} />;
    case 'reasoning':
      return (
        <p class="as-reasoning-text">
          <T text={e.text} />
        </p>
      );
    case 'tool': {
      const args = toolArgsText(e);
      return (
        <>
          {args !== null && (
            <pre class="as-pre as-args" data-role="tool-args">
              <T text={args} />
            </pre>
          )}
          {e.command !== null && (
            <pre class="as-pre as-cmd">
              <span class="as-prompt" aria-hidden="true">
                ${' '}
              </span>
              <T text={e.command} />
            </pre>
          )}
          {e.diff && <Diff diff={e.diff} />}
          {e.file && <Output id={e.id} text={e.file.text} full={full} onShowAll={onShowAll} ansi={false} />}
          {e.output && !e.diff && !e.file && <Output id={e.id} text={e.output} full={full} onShowAll={onShowAll} />}
        </>
      );
    }
    case 'progress':
      return (
        <>
          {e.changes && e.changes.length > 0 && (
            <ul class="as-plan-changes" data-role="plan-changes">
              {planChangeLines(e.changes).map((line, i) => (
                <li key={i} data-change={e.changes?.[i]?.change}>
                  <T text={line} />
                </li>
              ))}
            </ul>
          )}
          <Markdown text={e.markdown} />
          {e.output && <Output id={e.id} text={e.output} full={full} onShowAll={onShowAll} />}
        </>
      );
    case 'summary':
      return <Markdown text={e.markdown} />;
    case 'error':
      return (
        <p class="as-error-text">
          <T text={e.message} />
        </p>
      );
    case 'turn':
      return (
        <ul class="as-turn-tools">
          {e.tools.map((t, i) => (
            <li key={i} data-success={t.success === null ? 'unknown' : String(t.success)}>
              <Octicon
                name={t.success === false ? 'x' : t.success ? 'check' : 'dot-fill'}
                label={t.success === false ? 'failed' : t.success ? 'ran' : 'running'}
                size={14}
              />
              <code>
                <T text={t.name} />
              </code>
              {t.arg && (
                <span class="as-muted">
                  {' — '}
                  <T text={t.arg} />
                </span>
              )}
            </li>
          ))}
        </ul>
      );
    case 'step':
      return <Output id={e.id} text={e.lines.join('\n')} full={full} onShowAll={onShowAll} />;
    case 'commit':
      return <CommitBody entry={e} />;
  }
}

function Status({ entry: e }: { entry: LogEntry }) {
  if (e.kind === 'tool') {
    const label = toolStatusLabel(e);
    if (label !== null) {
      const status = e.status === 'done' ? 'failed' : e.status;
      return (
        <span class={`as-entry-status ${status === 'requested' ? 'as-muted' : 'as-danger'}`} data-status={status}>
          {label}
        </span>
      );
    }
  }
  if (e.kind === 'step' && e.status && e.status !== 'success')
    return <span class="as-entry-status as-muted">{e.status.replace('_', ' ')}</span>;
  if (e.kind === 'turn' && e.toolCallCount != null)
    return (
      <span class="as-entry-status as-muted">
        {e.toolCallCount} tool call{e.toolCallCount === 1 ? '' : 's'}
      </span>
    );
  return null;
}

/** One log entry: a header (icon, title, status, copy) and its body, collapsible where it makes sense. */
export const Entry = memo(function Entry({ entry, open, full, onToggle, onShowAll, onCopy }: EntryProps) {
  const collapsible = isCollapsible(entry);
  const head = (
    <>
      {collapsible && <Octicon name={open ? 'chevron-down' : 'chevron-right'} class="as-chevron" />}
      <Octicon name={icon(entry)} class="as-entry-icon" />
      <span class="as-entry-title">
        <T text={entryHeading(entry)} />
      </span>
    </>
  );
  const showBody = open || !collapsible;
  return (
    <article
      class={`as-entry as-entry--${entry.kind}${entry.kind === 'message' && entry.role === 'user' ? ' as-entry--user' : ''}`}
      data-entry-kind={entry.kind}
      data-entry-id={entry.id}
      data-open={collapsible ? String(open) : undefined}
    >
      <header class="as-entry-head">
        {collapsible ? (
          <button type="button" class="as-entry-toggle" aria-expanded={open} onClick={() => onToggle(entry.id)}>
            {head}
          </button>
        ) : (
          <span class="as-entry-toggle">{head}</span>
        )}
        {entry.live && (
          <span class="as-entry-live" data-live="true" title="Live: from GitHub while the session runs">
            live
          </span>
        )}
        {entry.agentId && (
          <span class="as-entry-agent">
            <T text={entry.agentId} />
          </span>
        )}
        <Status entry={entry} />
        <button
          type="button"
          class="as-icon-btn as-entry-copy"
          title="Copy this step"
          aria-label="Copy this step"
          data-action="copy-entry"
          onClick={() => onCopy(entry)}
        >
          <Octicon name="copy" />
        </button>
      </header>
      {showBody && (
        <div class="as-entry-body">
          <Body entry={entry} full={full} onShowAll={onShowAll} />
        </div>
      )}
    </article>
  );
});
