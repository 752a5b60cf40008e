/**
 * The one selectors module for github.com pages. Each anchor is a list of alternatives, each commented with the
 * variant it is for (legacy server-rendered timeline, React timeline) and where the fact comes from
 * (../shared/reference/github-pages.md). Match stable hooks only: hrefs, data-* attributes, ids, roles, and the
 * prefix of hashed CSS-module names (`[class^="Name-module__"]`), never a full hashed class string.
 * tests/unit/page/selectors.test.ts asserts how many elements each alternative matches in each fixture of
 * tests/fixtures/pages/.
 */
import { sessionIdFromHref } from './urls';

interface Alternative {
  css: string;
  variant: 'legacy' | 'react' | 'any';
  note: string;
}

interface Anchor {
  name: string;
  alternatives: readonly Alternative[];
}

function anchor(name: string, alternatives: Alternative[]): Anchor {
  return { name, alternatives };
}

export const SELECTORS = {
  /**
   * A session link: an agent event's verb ("started work", 2026) or its "View session" link/button (2025). The same
   * hrefs are pasted into comments, so a link alone is never an event (see `agentEventOf`).
   */
  sessionLink: anchor('sessionLink', [
    // 2025 page (and GHE): `/{o}/{r}/pull/{n}/agent-sessions/{uuid}`.
    { css: 'a[href*="/agent-sessions/"]', variant: 'legacy', note: 'View session button (agent-sessions/<uuid>)' },
    // 2026 page: `/{o}/{r}/agents/pull/{n}?session_id=`, `/copilot/tasks/pull/<node id>?session_id=<uuid>`.
    { css: 'a[href*="session_id="]', variant: 'any', note: 'session link (?session_id=<uuid>)' },
  ]),

  /** The timeline entry that contains an event. */
  timelineItem: anchor('timelineItem', [
    // Legacy: each entry is `.js-timeline-item` with `.TimelineItem` inside.
    { css: '.js-timeline-item', variant: 'legacy', note: 'legacy timeline entry' },
    // Legacy: a bare `.TimelineItem` (condensed events outside a js wrapper).
    { css: '.TimelineItem', variant: 'legacy', note: 'legacy timeline item body' },
    // React: items carry `data-timeline-event-id`.
    { css: '[data-timeline-event-id]', variant: 'react', note: 'React timeline item' },
    // React: wrappers carry `data-wrapper-timeline-id`.
    { css: '[data-wrapper-timeline-id]', variant: 'react', note: 'React timeline wrapper' },
  ]),

  /** Where the timeline lives (used to tell "the page has a timeline" from "unknown layout"). */
  timelineContainer: anchor('timelineContainer', [
    // Legacy containers.
    { css: '#partial-timeline', variant: 'legacy', note: 'legacy partial timeline' },
    { css: '.js-discussion', variant: 'legacy', note: 'legacy discussion' },
    { css: '#discussion_bucket', variant: 'legacy', note: 'legacy discussion bucket' },
    // React: the list of items (any element holding items).
    { css: '[data-testid="issue-timeline-container"]', variant: 'react', note: 'React timeline container' },
  ]),

  /** The event text element of an item (where the "… started work on behalf of …" sentence is). */
  eventBody: anchor('eventBody', [
    // Legacy: `.TimelineItem-body`.
    { css: '.TimelineItem-body', variant: 'legacy', note: 'legacy event body' },
    // React: `[class*="timelineBodyContent"]` (CSS-module hashed).
    { css: '[class*="timelineBodyContent"]', variant: 'react', note: 'React event body' },
  ]),

  /** The PR header's state label, after which the header badge goes. */
  prHeaderState: anchor('prHeaderState', [
    // 2026 hybrid page: Primer PageLayout header > PageHeader description > StateLabel (real-github-2026.md §4).
    {
      css: 'header[class^="prc-PageLayout-Header"] [class*="prc-PageHeader-Description"] span[class*="prc-StateLabel-StateLabel"][data-status]',
      variant: 'react',
      note: 'Primer PageHeader description state label',
    },
    // 2026, should the description wrapper change: any StateLabel in the PageLayout header.
    {
      css: 'header[class^="prc-PageLayout-Header"] span[class*="prc-StateLabel"]',
      variant: 'react',
      note: 'state label in the Primer PageLayout header',
    },
    // Legacy header (2025 page, GHE): `.gh-header-meta .State`.
    { css: '.gh-header-meta .State', variant: 'legacy', note: 'legacy header state label' },
    // Earlier React PR header (CSS-module name).
    {
      css: '[class*="PullRequestHeader"] span[class^="prc-StateLabel"]',
      variant: 'react',
      note: 'earlier React PR header state label',
    },
  ]),

  /** The PR header itself (to append to when there is no state label). */
  prHeader: anchor('prHeader', [
    // 2026: the description row, then the header.
    { css: '[class*="prc-PageHeader-Description"]', variant: 'react', note: 'Primer PageHeader description' },
    { css: 'header[class^="prc-PageLayout-Header"]', variant: 'react', note: 'Primer PageLayout header' },
    // Legacy header parts.
    { css: '.gh-header-meta', variant: 'legacy', note: 'legacy header meta row' },
    { css: '.gh-header-show', variant: 'legacy', note: 'legacy header' },
    // Earlier React header (and its sticky copy; prefix/substring match on CSS-module names).
    { css: '[class*="PullRequestHeader"]', variant: 'react', note: 'earlier React PR header' },
  ]),

  /** Rows of PR lists (`/o/r/pulls`, `/pulls`). */
  prListRow: anchor('prListRow', [
    // Legacy list: `div.js-issue-row` with `id="issue_<n>"`.
    { css: 'div.js-issue-row', variant: 'legacy', note: 'legacy list row' },
    { css: 'div[id^="issue_"]', variant: 'legacy', note: 'legacy list row by id' },
    // Preview React list (2026, opt-in): `[data-listview-component="items-list"] > li[class*="PullsListItem-module__listItem"]`.
    {
      css: '[data-listview-component="items-list"] > li[class*="PullsListItem-module__listItem"]',
      variant: 'react',
      note: 'preview React PR list row',
    },
    { css: '[data-listview-component="items-list"] > li', variant: 'react', note: 'preview React list row (any li)' },
    // Earlier React list view.
    { css: '[data-testid="list-view-item"]', variant: 'react', note: 'React list row' },
    { css: 'li[class^="ListItem-module__"]', variant: 'react', note: 'React list row (CSS-module prefix)' },
  ]),

  /** The PR title link inside a list row. */
  prListLink: anchor('prListLink', [
    // Legacy: the title link has `data-hovercard-type="pull_request"` and `.js-navigation-open`.
    { css: 'a.js-navigation-open[href*="/pull/"]', variant: 'legacy', note: 'legacy row title link' },
    { css: 'a[data-hovercard-type="pull_request"][href*="/pull/"]', variant: 'legacy', note: 'legacy hovercard link' },
    // React: title link test id.
    { css: 'a[data-testid="listitem-title-link"]', variant: 'react', note: 'React row title link' },
    { css: 'a[data-testid="issue-pr-title-link"]', variant: 'react', note: 'React row title link (older)' },
  ]),

  /** The signed-in user (empty content when signed out). */
  userLogin: anchor('userLogin', [{ css: 'meta[name="user-login"]', variant: 'any', note: 'page user login' }]),
} as const;

export type AnchorName = keyof typeof SELECTORS;

/** All alternatives of an anchor joined into one selector list. */
export function css(name: AnchorName): string {
  return SELECTORS[name].alternatives.map((a) => a.css).join(', ');
}

/** Agent "started work" event text: "Copilot started work on behalf of octo". Not "started reviewing". */
const STARTED_WORK = ' started work on behalf of';
const ACTOR_CHAR = /[\w .-]/;
const WORD_CHAR = /\w/;
/** Other agent events whose View session link must not get a second badge. */
const OTHER_AGENT_EVENT = /\b(finished work|stopped work|started reviewing|reviewed)\b/;

/**
 * The words before the first "… started work on behalf of" in `flat` (whitespace already collapsed), or null.
 * A scan rather than one regular expression: a lazy `(\w[\w .-]*?) started work` retries from every word of a long
 * comment, quadratic in its length, and every timeline item's text goes through here.
 */
function actorBeforeStartedWork(flat: string): string | null {
  for (let at = flat.indexOf(STARTED_WORK); at >= 0; at = flat.indexOf(STARTED_WORK, at + 1)) {
    if (WORD_CHAR.test(flat.charAt(at + STARTED_WORK.length))) continue; // "of" must end a word
    let start = at;
    while (start > 0 && ACTOR_CHAR.test(flat.charAt(start - 1))) start--;
    // The actor starts at a word character.
    while (start < at && !WORD_CHAR.test(flat.charAt(start))) start++;
    if (start < at) return flat.slice(start, at);
  }
  return null;
}

/** The agent's name when `text` is a "started work" event, else null. */
export function startedWorkAgent(text: string | null | undefined): string | null {
  if (!text) return null;
  const actor = actorBeforeStartedWork(text.replace(/\s+/g, ' '));
  if (actor === null) return null;
  // The actor is the last word before the verb, skipping the "AI" / "bot" label GitHub puts after agent names.
  const words = actor
    .trim()
    .split(' ')
    .filter((w) => w && !/^(AI|bot)$/i.test(w));
  return words[words.length - 1] ?? null;
}

export function isOtherAgentEvent(text: string | null | undefined): boolean {
  return !!text && actorBeforeStartedWork(text.replace(/\s+/g, ' ')) === null && OTHER_AGENT_EVENT.test(text);
}

/** The session id of a View session link. */
export function sessionIdOfLink(el: Element): string | null {
  return sessionIdFromHref(el.getAttribute('href'));
}

/** Where people's own text is: a link in there is pasted, never an agent's event. */
const COMMENT_TEXT = '.comment-body, .markdown-body, .js-comment-body, .timeline-comment, .review-comment';

/** True when `el` sits in a comment's text (a pasted session link). */
export function inComment(el: Element): boolean {
  return !!el.closest(COMMENT_TEXT);
}

/** The event sentence of a timeline item: its text without the comments it holds. */
export function eventText(item: Element): string {
  if (!item.querySelector(COMMENT_TEXT)) return item.textContent ?? '';
  const parts: string[] = [];
  const walker = item.ownerDocument.createTreeWalker(item, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode())
    if (!n.parentElement?.closest(COMMENT_TEXT)) parts.push(n.nodeValue ?? '');
  return parts.join('');
}

/**
 * True when the parser is done with `el` (its end tag read): the document is parsed, or something follows `el` or
 * one of its ancestors. While GitHub's HTML streams in, an item can be in the DOM with half of its sentence.
 */
export function isParsed(el: Element): boolean {
  const doc = el.ownerDocument;
  if (doc.readyState !== 'loading') return true;
  for (let n: Node | null = el; n && n !== doc.body && n !== doc.documentElement; n = n.parentNode) {
    for (let sib = n.nextSibling; sib; sib = sib.nextSibling)
      if (!(sib instanceof Element && sib.hasAttribute('data-agent-sessions-badge'))) return true;
  }
  return false;
}

/** The timeline item an element belongs to (the innermost one), else null. */
export function timelineItemOf(el: Element): Element | null {
  return el.closest(css('timelineItem'));
}

/** The signed-in page user's login, or null when signed out. */
/**
 * Where the header badge goes, given the state label: GitHub's legacy meta row (`.gh-header-meta`, a wrapping flex
 * row) holds the label in a non-shrinking box of its own (docs/fidelity.md "Legacy header meta row"); the badge goes
 * after that box, an item of the row, so it can give way. Elsewhere, right after the label.
 */
export function headerSlot(label: Element): Element {
  const box = label.parentElement;
  return box?.parentElement?.matches('.gh-header-meta') ? box : label;
}

export function pageLogin(doc: Document = document): string | null {
  const value = doc.querySelector(css('userLogin'))?.getAttribute('content')?.trim();
  return value ? value : null;
}
