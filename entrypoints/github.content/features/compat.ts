/**
 * Counts, once per page, which selector alternative each anchor of this kind of page matched (utils/page/compat.ts)
 * into storage.local, for the options page's page-compatibility report. A page is counted once it is loaded and its
 * React parts had their chance to render. A required anchor that matched nothing is also warned about in the console.
 */
import { browser } from 'wxt/browser';
import { addPage, COMPAT_KEY, PAGE_ANCHORS, type PageKind, pageMatch, parseCompat } from '../../../utils/page/compat';
import { isPrAnyTab, isPrConversation, isPrList } from '../../../utils/page/urls';
import type { PageFeature } from '../feature';

const TAG = '[agent-sessions]';
/** After the load: time for late parts (React partials, lazy timeline) to appear before counting. */
const SETTLE_MS = 1500;

function kindOf(url: URL): PageKind | null {
  if (isPrConversation(url)) return 'pr-conversation';
  if (isPrAnyTab(url)) return 'pr-tab';
  if (isPrList(url)) return 'pr-list';
  return null;
}

/** Serialised read-modify-write of the stored report (several features or pages of one tab). */
let writing: Promise<void> = Promise.resolve();

export const pageCompat: PageFeature = {
  id: 'page-compat',
  include: [isPrAnyTab, isPrList],
  init(signal) {
    const kind = kindOf(new URL(location.href));
    if (!kind) return;
    const count = () => {
      if (signal.aborted) return;
      const match = pageMatch(document, kind);
      const missing = PAGE_ANCHORS[kind].filter((a) => a.required && (match[a.anchor] ?? -1) < 0).map((a) => a.anchor);
      if (missing.length)
        console.warn(TAG, `page compatibility: no anchor matched for ${missing.join(', ')} (${kind})`);
      writing = writing
        .then(async () => {
          const stored = parseCompat((await browser.storage.local.get(COMPAT_KEY))[COMPAT_KEY]);
          await browser.storage.local.set({ [COMPAT_KEY]: addPage(stored, kind, match, new Date()) });
        })
        .catch(() => undefined);
    };
    const later = () => {
      const timer = setTimeout(count, SETTLE_MS);
      signal.addEventListener('abort', () => clearTimeout(timer));
    };
    if (document.readyState === 'complete') later();
    else window.addEventListener('load', later, { once: true, signal });
  },
};

export default pageCompat;
