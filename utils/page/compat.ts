/**
 * The page-compatibility report: per kind of github.com page, how often each anchor matched through which of its
 * selector alternatives (utils/page/selectors.ts), or matched nothing. Counts and selector notes only: no URL, no
 * repository, no text of the page. The content script adds one page at a time (storage.local `pageCompat`); the
 * options page shows it and copies it as diagnostics, so that when GitHub changes its markup a user can tell us
 * exactly which anchor broke. Pure functions, unit-tested in tests/unit/page/compat.test.ts.
 */
import { type AnchorName, SELECTORS } from './selectors';

export const COMPAT_KEY = 'pageCompat';

export type PageKind = 'pr-conversation' | 'pr-tab' | 'pr-list';

export const PAGE_KINDS: readonly PageKind[] = ['pr-conversation', 'pr-tab', 'pr-list'];

export const PAGE_KIND_LABELS: Record<PageKind, string> = {
  'pr-conversation': 'Pull request conversation',
  'pr-tab': 'Pull request tabs (files, commits, checks)',
  'pr-list': 'Pull request lists',
};

/** The anchors each kind of page is expected to have (`required`: its absence is a breakage to report). */
export const PAGE_ANCHORS: Record<PageKind, ReadonlyArray<{ anchor: AnchorName; required: boolean }>> = {
  'pr-conversation': [
    { anchor: 'prHeaderState', required: true },
    { anchor: 'prHeader', required: false },
    { anchor: 'timelineContainer', required: true },
    { anchor: 'timelineItem', required: true },
    { anchor: 'eventBody', required: true },
    { anchor: 'sessionLink', required: false },
  ],
  'pr-tab': [
    { anchor: 'prHeaderState', required: true },
    { anchor: 'prHeader', required: false },
  ],
  'pr-list': [
    { anchor: 'prListRow', required: true },
    { anchor: 'prListLink', required: true },
  ],
};

/** Per anchor: the index of the first alternative that matches (in selector order), or -1 for none. */
type PageMatch = Partial<Record<AnchorName, number>>;

export function matchedAlternative(root: ParentNode, name: AnchorName): number {
  return SELECTORS[name].alternatives.findIndex((alt) => root.querySelector(alt.css) !== null);
}

export function pageMatch(root: ParentNode, kind: PageKind): PageMatch {
  const out: PageMatch = {};
  for (const { anchor } of PAGE_ANCHORS[kind]) out[anchor] = matchedAlternative(root, anchor);
  return out;
}

interface KindCounts {
  pages: number;
  /** anchor → alternative index ("0", "1", …) or "none" → number of pages. */
  anchors: Record<string, Record<string, number>>;
}

export interface CompatReport {
  version: 1;
  since: string;
  updatedAt: string;
  kinds: Partial<Record<PageKind, KindCounts>>;
}

const MAX_COUNT = 1_000_000;

/** A stored report if it has the expected shape, else null (never trust storage blindly). */
export function parseCompat(value: unknown): CompatReport | null {
  if (!value || typeof value !== 'object') return null;
  const r = value as Partial<CompatReport>;
  if (r.version !== 1 || typeof r.since !== 'string' || typeof r.updatedAt !== 'string') return null;
  if (!r.kinds || typeof r.kinds !== 'object') return null;
  const kinds: CompatReport['kinds'] = {};
  for (const kind of PAGE_KINDS) {
    const k = (r.kinds as Record<string, unknown>)[kind] as Partial<KindCounts> | undefined;
    if (!k || typeof k.pages !== 'number' || !k.anchors || typeof k.anchors !== 'object') continue;
    const anchors: Record<string, Record<string, number>> = {};
    for (const { anchor } of PAGE_ANCHORS[kind]) {
      const counts = (k.anchors as Record<string, unknown>)[anchor];
      if (!counts || typeof counts !== 'object') continue;
      const clean: Record<string, number> = {};
      for (const [alt, n] of Object.entries(counts as Record<string, unknown>))
        if ((alt === 'none' || /^\d{1,2}$/.test(alt)) && typeof n === 'number' && Number.isFinite(n) && n >= 0)
          clean[alt] = Math.min(MAX_COUNT, Math.floor(n));
      anchors[anchor] = clean;
    }
    kinds[kind] = { pages: Math.min(MAX_COUNT, Math.max(0, Math.floor(k.pages))), anchors };
  }
  return { version: 1, since: r.since, updatedAt: r.updatedAt, kinds };
}

/** The report with one more page of `kind` counted. */
export function addPage(report: CompatReport | null, kind: PageKind, match: PageMatch, now: Date): CompatReport {
  const at = now.toISOString();
  const base: CompatReport = report ?? { version: 1, since: at, updatedAt: at, kinds: {} };
  const prev = base.kinds[kind] ?? { pages: 0, anchors: {} };
  const anchors: Record<string, Record<string, number>> = { ...prev.anchors };
  for (const [anchor, index] of Object.entries(match)) {
    const key = index !== undefined && index >= 0 ? String(index) : 'none';
    const counts = { ...(anchors[anchor] ?? {}) };
    counts[key] = Math.min(MAX_COUNT, (counts[key] ?? 0) + 1);
    anchors[anchor] = counts;
  }
  return {
    ...base,
    updatedAt: at,
    kinds: { ...base.kinds, [kind]: { pages: Math.min(MAX_COUNT, prev.pages + 1), anchors } },
  };
}

interface Missing {
  kind: PageKind;
  anchor: AnchorName;
  /** Pages of this kind where the anchor matched nothing. */
  pages: number;
  of: number;
}

/** Required anchors that matched nothing on some page: what broke. */
export function missingAnchors(report: CompatReport | null): Missing[] {
  const out: Missing[] = [];
  if (!report) return out;
  for (const kind of PAGE_KINDS) {
    const k = report.kinds[kind];
    if (!k) continue;
    for (const { anchor, required } of PAGE_ANCHORS[kind]) {
      const none = k.anchors[anchor]?.none ?? 0;
      if (required && none > 0) out.push({ kind, anchor, pages: none, of: k.pages });
    }
  }
  return out;
}

/** The text "Copy diagnostics" puts on the clipboard: the counts, each alternative named by its selector. */
export function diagnosticsText(report: CompatReport | null, about: { version: string; browser: string }): string {
  const kinds: Record<string, unknown> = {};
  for (const kind of PAGE_KINDS) {
    const k = report?.kinds[kind];
    if (!k) continue;
    const anchors: Record<string, Record<string, number>> = {};
    for (const { anchor } of PAGE_ANCHORS[kind]) {
      const counts = k.anchors[anchor];
      if (!counts) continue;
      const named: Record<string, number> = {};
      for (const [alt, n] of Object.entries(counts)) {
        const css = alt === 'none' ? 'none' : (SELECTORS[anchor].alternatives[Number(alt)]?.css ?? `#${alt}`);
        named[css] = n;
      }
      anchors[anchor] = named;
    }
    kinds[kind] = { pages: k.pages, anchors };
  }
  return JSON.stringify(
    {
      extension: about.version,
      browser: about.browser,
      since: report?.since ?? null,
      updatedAt: report?.updatedAt ?? null,
      missing: missingAnchors(report).map((m) => `${m.kind} ${m.anchor}: ${m.pages}/${m.of}`),
      kinds,
    },
    null,
    2,
  );
}
