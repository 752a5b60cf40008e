import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { LogEntry } from '../../utils/logs/types';
import { Octicon } from '../Octicon';
import { entryText } from './deps';
import { downloadText, exportFilename } from './download';
import { Entry } from './Entry';
import { type FoldMode, type FollowState, followReducer, isOpen, jumpLabel, locateMatch, search } from './model';
import { SearchQuery } from './Text';

interface LogViewProps {
  entries: readonly LogEntry[];
  /** Changes whenever entries changed (appended or replaced). */
  version: number;
  /** The log is still growing: follow the end. */
  live: boolean;
  sessionId: string;
  /** Built on demand for the downloads. */
  getMarkdown: () => string;
  getRaw: () => string;
}

/**
 * A row's height before it is measured: the typical rendered height of its kind in the drawer (a one-line row is
 * 39 px; an open tool call with its arguments and a short output about 91). Close estimates matter while scrolling:
 * each row measured at another height moves every row after it and re-renders the list in the same frame.
 */
function estimate(e: LogEntry | undefined): number {
  switch (e?.kind) {
    case 'setup':
    case 'reasoning':
    case 'step':
      return 39;
    case 'summary':
      return 47;
    case 'message':
      return 67;
    case 'tool':
      return e.output || e.diff || e.file ? 91 : 73;
    case 'progress':
      return 91;
    case 'turn':
      return 40 + e.tools.length * 22;
    default:
      return 80;
  }
}

/**
 * Row heights, measured by one ResizeObserver (after layout, one batch per frame, from `borderBoxSize`: no layout
 * is ever forced) and applied to the virtualizer's positions in place. The virtualizer's own measuring reads
 * `offsetHeight` as each row mounts (a forced layout per row), copies its size map once per changed row and then
 * rebuilds every position object after the first changed row (50,000 objects per frame while scrolling a long
 * log: most of the frame, in allocation and GC). Here a frame's changes shift the following positions in place.
 * The sizes also serve as the virtualizer's estimates, so a full rebuild (the list replaced) keeps them.
 */
class RowHeights {
  readonly sizes = new Map<string, number>();
  private v: Virtualizer<HTMLDivElement, HTMLElement> | null = null;
  private following: () => boolean = () => false;
  private ro: ResizeObserver | null = null;

  attach(v: Virtualizer<HTMLDivElement, HTMLElement>, following: () => boolean): void {
    this.v = v;
    this.following = following;
  }

  disconnect(): void {
    this.ro?.disconnect();
    this.ro = null;
  }

  /** The rows' `ref`. Unmounted rows are dropped when the observer reports them disconnected. */
  readonly observe = (el: HTMLElement | null): void => {
    if (!el || typeof ResizeObserver === 'undefined') return;
    this.ro ??= new ResizeObserver((list) => this.measured(list));
    this.ro.observe(el, { box: 'border-box' });
  };

  private measured(list: ResizeObserverEntry[]): void {
    const v = this.v;
    if (!v) return;
    const ms = v.measurementsCache;
    const scroller = v.scrollElement;
    const top = scroller?.scrollTop ?? 0;
    let from = Number.POSITIVE_INFINITY;
    let above = 0;
    for (const r of list) {
      const el = r.target as HTMLElement;
      if (!el.isConnected) {
        this.ro?.unobserve(el);
        continue;
      }
      const box = r.borderBoxSize?.[0];
      const height = Math.round(box ? box.blockSize : el.offsetHeight);
      const index = Number(el.dataset.index);
      const item = ms[index];
      if (!item || String(item.key) !== el.dataset.key || height === item.size) continue;
      this.sizes.set(String(item.key), height);
      if (item.start < top) above += height - item.size;
      item.size = height;
      from = Math.min(from, index);
    }
    if (from === Number.POSITIVE_INFINITY) return;
    for (let i = from, at = ms[from]!.start; i < ms.length; i++) {
      const m = ms[i]!;
      m.start = at;
      m.end = at + m.size;
      at = m.end;
    }
    // Rows above the view changed height: keep what is on screen in place (unless following the end anyway).
    if (above !== 0 && scroller && !this.following()) {
      scroller.scrollTop = top + above;
      v.scrollOffset = scroller.scrollTop;
    }
    // Same position objects, new values: the visible range is recomputed, the view re-renders once.
    (v.calculateRange as unknown as { updateDeps(deps: unknown[]): void }).updateDeps([]);
    v.options.onChange?.(v, false);
  }
}

/**
 * Entries were appended to the same list: position only the new ones. The virtualizer rebuilds every position when
 * its count changes (50,000 objects per live chunk on a long log); it does rebuild from the first index in its
 * pending list, which is cleared when it takes in the new options. So: let it take them in, then add the first new
 * index. These two are the virtualizer's internals (version pinned in package.json); if they are not there, it
 * falls back to its full rebuild: slower, still right.
 */
function positionOnlyAppended(v: Virtualizer<HTMLDivElement, HTMLElement>, firstNew: number): void {
  const inner = v as unknown as { getMeasurementOptions?: unknown; pendingMeasuredCacheIndexes?: unknown };
  if (typeof inner.getMeasurementOptions !== 'function' || !Array.isArray(inner.pendingMeasuredCacheIndexes)) return;
  if (v.measurementsCache.length !== firstNew) return; // the old positions are not all there: full rebuild
  (inner.getMeasurementOptions as () => unknown).call(v);
  const pending = (v as unknown as { pendingMeasuredCacheIndexes: unknown[] }).pendingMeasuredCacheIndexes;
  if (Array.isArray(pending)) pending.push(firstNew);
}

/** The toolbar's icon buttons: labelled for screen readers, titled for the mouse (the label unless said otherwise). */
function IconButton(props: {
  icon: string;
  label: string;
  title?: string;
  action?: string;
  text?: string;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      class="as-icon-btn"
      title={props.title ?? props.label}
      aria-label={props.label}
      data-action={props.action}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      <Octicon name={props.icon} />
      {props.text && <span class="as-icon-btn-text">{props.text}</span>}
    </button>
  );
}

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

/** The log as a virtualized list of steps, with search, fold controls, copy/export and live follow. */
export function LogView({ entries, version, live, sessionId, getMarkdown, getRaw }: LogViewProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [mode, setMode] = useState<FoldMode>('default');
  const [overrides, setOverrides] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [fullIds, setFullIds] = useState<ReadonlySet<string>>(new Set());
  const [input, setInput] = useState('');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState('');
  const [follow, dispatch] = useReducer(followReducer, { follow: live, unseen: 0 } satisfies FollowState);
  const lastTop = useRef(0);
  const followingRef = useRef(false);
  const seen = useRef(entries.length);

  // Search: debounced, over what the entries display.
  useEffect(() => {
    const t = setTimeout(() => setQuery(input), input ? 120 : 0);
    return () => clearTimeout(t);
  }, [input]);
  const result = useMemo(() => search(entries, query), [entries, version, query]);
  const hitIndexes = useMemo(() => new Set(result.hits.map((h) => h.index)), [result]);

  // Following the end of a growing log (until the user scrolls up or searches). A reader who followed the live log
  // when it ended (the job log replacing the live entries) stays at the end until they scroll away: no jump.
  const endPinned = useRef(false);
  if (live) endPinned.current = follow.follow;
  else if (!follow.follow) endPinned.current = false;
  const following = follow.follow && (live || endPinned.current) && entries.length > 0 && !query;
  followingRef.current = following;

  const v = useRef<Virtualizer<HTMLDivElement, HTMLElement> | null>(null);
  // Stable callbacks: the virtualizer recomputes every item's position when `getItemKey` changes, so it changes only
  // when the list is replaced (appends push onto the same array: only the new items are positioned).
  const getItemKey = useMemo(() => (i: number) => entries[i]?.id ?? i, [entries]);
  const entriesRef = useRef(entries);
  entriesRef.current = entries;
  const rows = useMemo(() => new RowHeights(), []);
  const stable = useMemo(
    () => ({
      getScrollElement: () => scrollRef.current,
      estimateSize: (i: number) => {
        const e = entriesRef.current[i];
        return (e && rows.sizes.get(e.id)) ?? estimate(e);
      },
      onChange: () => rerender(0),
    }),
    [rows],
  );
  const options = {
    ...stable,
    count: entries.length,
    getItemKey,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    // Rows kept beyond the view for scrolling; while following, the view is still and its end is the list's end:
    // the few rows above it are enough (each live chunk renders a fresh screenful).
    overscan: following ? 2 : 8,
    // Before the scroll box is measured (first render), assume it is as tall as the window: rows render at once.
    initialRect: { width: 0, height: typeof window === 'undefined' ? 0 : window.innerHeight },
  };
  const previous = v.current ? { count: v.current.options.count, getItemKey: v.current.options.getItemKey } : null;
  if (!v.current) v.current = new Virtualizer<HTMLDivElement, HTMLElement>(options);
  else v.current.setOptions({ ...v.current.options, ...options });
  const virtualizer = v.current;
  if (previous && previous.getItemKey === getItemKey && entries.length > previous.count && previous.count > 0)
    positionOnlyAppended(virtualizer, previous.count);
  rows.attach(virtualizer, () => followingRef.current);
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useEffect(() => () => rows.disconnect(), [rows]);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });

  // New entries: follow the end, or count them for "Jump to latest".
  useEffect(() => {
    const added = entries.length - seen.current;
    seen.current = entries.length;
    if (added > 0) dispatch({ type: 'append', count: added });
  }, [entries.length]);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && following) {
      el.scrollTop = el.scrollHeight;
      lastTop.current = el.scrollTop;
    }
  });

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 4;
    dispatch({ type: 'scroll', top: el.scrollTop, prevTop: lastTop.current, atBottom });
    lastTop.current = el.scrollTop;
  };

  const jump = () => {
    dispatch({ type: 'jump' });
    if (entries.length) virtualizer.scrollToIndex(entries.length - 1, { align: 'end' });
  };

  // Search navigation: scroll the list to the entry, then the match inside it.
  const goTo = useCallback(
    (n: number) => {
      const at = locateMatch(result, n);
      if (!at) return;
      dispatch({ type: 'leave' });
      const id = entries[at.index]?.id;
      virtualizer.scrollToIndex(at.index, { align: 'start' });
      let tries = 0;
      const mark = () => {
        const root = scrollRef.current;
        const el = root?.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(id ?? '')}"]`);
        if (!root || !el) {
          if (tries++ < 10) requestAnimationFrame(mark);
          return;
        }
        for (const m of root.querySelectorAll('.as-hit--active')) m.classList.remove('as-hit--active');
        const hit = el.querySelectorAll<HTMLElement>('mark.as-hit')[at.within];
        if (hit) {
          hit.classList.add('as-hit--active');
          const r = hit.getBoundingClientRect();
          const box = root.getBoundingClientRect();
          if (r.top < box.top || r.bottom > box.bottom) root.scrollTop += r.top - box.top - box.height / 3;
        }
      };
      requestAnimationFrame(mark);
    },
    [result, entries, virtualizer],
  );
  useEffect(() => {
    setActive(0);
    if (result.total) goTo(0);
  }, [result.query]); // eslint-disable-line
  const step = (d: number) => {
    if (!result.total) return;
    const n = (active + d + result.total) % result.total;
    setActive(n);
    goTo(n);
  };

  // `/` focuses search (not while typing elsewhere).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const onToggle = useCallback(
    (id: string) =>
      setOverrides((prev) => {
        const e = entries.find((x) => x.id === id);
        const next = new Map(prev);
        if (e) next.set(id, !isOpen(e, mode, prev));
        return next;
      }),
    [entries, mode],
  );
  const onShowAll = useCallback((id: string) => setFullIds((prev) => new Set(prev).add(id)), []);
  const flash = (text: string) => {
    setStatus(text);
    setTimeout(() => setStatus(''), 2000);
  };
  const onCopy = useCallback((entry: LogEntry) => {
    navigator.clipboard.writeText(entryText(entry)).then(
      () => flash('Copied'),
      () => flash('Could not copy'),
    );
  }, []);

  const setAll = (m: FoldMode) => {
    setMode(m);
    setOverrides(new Map());
    if (m !== 'expanded') setFullIds(new Set());
  };

  // Following the end: lay the list out from the end now (appended rows render in this pass, not a frame later when
  // the scroll event comes back); the follow layout effect moves the scroll box to the same place.
  if (following) {
    const size = (virtualizer.scrollRect ?? virtualizer.options.initialRect)?.height ?? 0;
    if (size > 0) virtualizer.scrollOffset = Math.max(0, virtualizer.getTotalSize() - size);
  }
  const items = virtualizer.getVirtualItems();
  const countLabel = result.query
    ? result.total
      ? `${Math.min(active + 1, result.total).toLocaleString('en')} of ${result.total.toLocaleString('en')}`
      : 'No matches'
    : '';
  // The toolbar does not change while the list scrolls: the same element is returned, so the renders a scroll
  // causes (several per frame) skip it.
  const toolbar = useMemo(
    () => (
      <div class="as-log-toolbar" role="toolbar" aria-label="Log tools">
        <span class="as-search">
          <Octicon name="search" />
          <input
            ref={searchRef}
            type="search"
            placeholder="Search log  ( / )"
            aria-label="Search the log"
            value={input}
            data-role="log-search"
            onInput={(e) => setInput((e.target as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                if (input !== query) setQuery(input);
                else step(e.shiftKey ? -1 : 1);
              } else if (e.key === 'Escape' && input) {
                e.stopPropagation();
                setInput('');
              }
            }}
          />
          <span class="as-search-count" data-role="search-count" aria-live="polite">
            {countLabel}
          </span>
          <IconButton
            icon="chevron-up"
            label="Previous match"
            title="Previous (Shift+Enter)"
            disabled={!result.total}
            onClick={() => step(-1)}
          />
          <IconButton
            icon="chevron-down"
            label="Next match"
            title="Next (Enter)"
            disabled={!result.total}
            onClick={() => step(1)}
          />
        </span>
        <span class="as-log-actions">
          <IconButton icon="unfold" label="Expand all" action="expand-all" onClick={() => setAll('expanded')} />
          <IconButton icon="fold" label="Collapse all" action="collapse-all" onClick={() => setAll('collapsed')} />
          <IconButton
            icon="download"
            label="Export as Markdown"
            action="export-md"
            text=".md"
            onClick={() => downloadText(exportFilename(sessionId, 'md'), getMarkdown(), 'text/markdown')}
          />
          <IconButton
            icon="download"
            label="Export the raw log"
            action="export-raw"
            text=".log"
            onClick={() => downloadText(exportFilename(sessionId, 'log'), getRaw(), 'text/plain')}
          />
        </span>
        <output class="as-visually-hidden">{status}</output>
      </div>
    ),
    [input, query, countLabel, result, active, status, sessionId, getMarkdown, getRaw],
  );

  return (
    <section class="as-logview" aria-label="Session log">
      {toolbar}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <div class="as-log-scroll" ref={scrollRef} onScroll={onScroll} data-role="log-scroll" tabIndex={0}>
        <SearchQuery.Provider value={result.query}>
          <div class="as-log-inner" style={{ height: `${virtualizer.getTotalSize()}px` }}>
            {items.map((item) => {
              const entry = entries[item.index];
              if (!entry) return null;
              const hit = hitIndexes.has(item.index);
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  data-key={item.key}
                  ref={rows.observe}
                  class="as-log-row"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <Entry
                    entry={entry}
                    open={hit || isOpen(entry, mode, overrides)}
                    full={hit || mode === 'expanded' || fullIds.has(entry.id)}
                    onToggle={onToggle}
                    onShowAll={onShowAll}
                    onCopy={onCopy}
                  />
                </div>
              );
            })}
          </div>
        </SearchQuery.Provider>
      </div>
      {status && (
        <div class="as-toast" aria-hidden="true">
          {status}
        </div>
      )}
      {live && !follow.follow && (
        <button type="button" class="as-btn as-jump" data-action="jump-latest" onClick={jump}>
          <Octicon name="arrow-down" />
          {jumpLabel(follow)}
        </button>
      )}
    </section>
  );
}
