import { describe, expect, it } from 'vitest';
import {
  addPage,
  diagnosticsText,
  matchedAlternative,
  missingAnchors,
  pageMatch,
  parseCompat,
} from '../../../utils/page/compat';
import { parseFixture } from './fixtures';

const now = () => new Date(Date.now());

describe('page compatibility report', () => {
  it('names the first alternative that matched, per anchor and page kind', () => {
    const hybrid = parseFixture('hybrid-page');
    expect(pageMatch(hybrid, 'pr-conversation')).toEqual({
      prHeaderState: 0, // the Primer PageHeader description's StateLabel
      prHeader: 0,
      timelineContainer: 0,
      timelineItem: 0,
      eventBody: 0,
      sessionLink: 1, // ?session_id= only in 2026
    });
    expect(matchedAlternative(parseFixture('legacy-timeline'), 'prHeaderState')).toBe(2);
    expect(pageMatch(parseFixture('pr-list-preview'), 'pr-list')).toEqual({ prListRow: 2, prListLink: 2 });
    expect(pageMatch(parseFixture('unknown-layout'), 'pr-conversation').timelineItem).toBe(-1);
  });

  it('counts pages, reports missing required anchors, and copies counts and selectors only', () => {
    let report = addPage(null, 'pr-conversation', pageMatch(parseFixture('hybrid-page'), 'pr-conversation'), now());
    report = addPage(report, 'pr-conversation', pageMatch(parseFixture('unknown-layout'), 'pr-conversation'), now());
    report = addPage(report, 'pr-list', pageMatch(parseFixture('pr-list'), 'pr-list'), now());
    expect(report.kinds['pr-conversation']!.pages).toBe(2);
    expect(report.kinds['pr-conversation']!.anchors.timelineItem).toEqual({ 0: 1, none: 1 });
    expect(missingAnchors(report).map((m) => `${m.kind}:${m.anchor}:${m.pages}/${m.of}`)).toEqual([
      'pr-conversation:prHeaderState:1/2',
      'pr-conversation:timelineContainer:1/2',
      'pr-conversation:timelineItem:1/2',
      'pr-conversation:eventBody:1/2',
    ]);
    const text = diagnosticsText(report, { version: '0.1.0', browser: 'test' });
    const parsed = JSON.parse(text);
    expect(parsed.kinds['pr-list'].anchors.prListRow).toEqual({ 'div.js-issue-row': 1 });
    expect(parsed.missing).toHaveLength(4);
    expect(text).not.toMatch(/octo-demo|Add dark mode|session_id=5e1f/); // nothing of the pages
  });

  it('accepts only well-formed stored reports', () => {
    expect(parseCompat(null)).toBeNull();
    expect(parseCompat({ version: 2 })).toBeNull();
    const stored = parseCompat({
      version: 1,
      since: 'x',
      updatedAt: 'y',
      kinds: { 'pr-list': { pages: 3, anchors: { prListRow: { 0: 2, none: 1, '<img>': 5, 1: -4 } } }, evil: {} },
    });
    expect(stored!.kinds).toEqual({ 'pr-list': { pages: 3, anchors: { prListRow: { 0: 2, none: 1 } } } });
  });
});
