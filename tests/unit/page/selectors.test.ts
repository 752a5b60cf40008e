import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  css,
  headerSlot,
  isOtherAgentEvent,
  pageLogin,
  SELECTORS,
  sessionIdOfLink,
  startedWorkAgent,
  timelineItemOf,
} from '../../../utils/page/selectors';
import { type FixtureName, parseFixture } from './fixtures';

/** Expected matches per alternative (in SELECTORS order) per fixture. */
const NONE = {
  prListRow: [0, 0, 0, 0, 0, 0],
  prListLink: [0, 0, 0, 0],
};
const EXPECTED: Record<FixtureName, Partial<Record<keyof typeof SELECTORS, number[]>>> = {
  'legacy-timeline': {
    sessionLink: [2, 1],
    timelineItem: [7, 7, 0, 0],
    timelineContainer: [1, 1, 1, 0],
    eventBody: [7, 0],
    prHeaderState: [0, 0, 1, 0],
    prHeader: [0, 0, 1, 1, 0],
    ...NONE,
    userLogin: [1],
  },
  'react-timeline': {
    sessionLink: [2, 0],
    timelineItem: [0, 0, 4, 4],
    timelineContainer: [0, 0, 0, 1],
    eventBody: [0, 4],
    prHeaderState: [0, 0, 0, 2],
    prHeader: [0, 0, 0, 0, 3],
    ...NONE,
    userLogin: [1],
  },
  // 2026: React header (hashed Primer names, no .gh-header-*), legacy timeline, session links only ?session_id=
  // (4 own events' links + a second View session link + 1 review + 3 pasted + finished + stopped = 10).
  'hybrid-page': {
    sessionLink: [0, 10],
    timelineItem: [8, 8, 0, 0],
    timelineContainer: [1, 1, 1, 0],
    eventBody: [8, 0],
    prHeaderState: [1, 1, 0, 0],
    prHeader: [1, 1, 0, 0, 0],
    ...NONE,
    userLogin: [1],
  },
  'pr-list': {
    sessionLink: [0, 0],
    timelineItem: [0, 0, 0, 0],
    prHeaderState: [0, 0, 0, 0],
    prListRow: [3, 3, 0, 0, 2, 2],
    prListLink: [3, 3, 2, 0],
    userLogin: [1],
  },
  'pr-list-preview': {
    sessionLink: [0, 0],
    timelineItem: [0, 0, 0, 0],
    prHeaderState: [0, 0, 0, 0],
    prListRow: [0, 0, 3, 3, 0, 0],
    prListLink: [0, 0, 3, 0],
    userLogin: [1],
  },
  'unknown-layout': {
    sessionLink: [0, 0],
    timelineItem: [0, 0, 0, 0],
    timelineContainer: [0, 0, 0, 0],
    eventBody: [0, 0],
    prHeaderState: [0, 0, 0, 0],
    prHeader: [0, 0, 0, 0, 0],
    ...NONE,
    userLogin: [1],
  },
};

describe('selectors on fixtures', () => {
  for (const [fixture, anchors] of Object.entries(EXPECTED) as [FixtureName, Record<string, number[]>][]) {
    it(`${fixture}: each alternative matches the expected number of elements`, () => {
      const doc = parseFixture(fixture);
      for (const [name, counts] of Object.entries(anchors)) {
        const alts = SELECTORS[name as keyof typeof SELECTORS].alternatives;
        expect(alts.length, name).toBe(counts.length);
        alts.forEach((alt, i) => {
          expect(doc.querySelectorAll(alt.css).length, `${fixture} ${name}[${i}] ${alt.css}`).toBe(counts[i]);
        });
      }
    });
  }

  it('every alternative is commented and has a variant', () => {
    for (const a of Object.values(SELECTORS))
      for (const alt of a.alternatives) {
        expect(alt.note.length).toBeGreaterThan(3);
        expect(['legacy', 'react', 'any']).toContain(alt.variant);
        expect(alt.css).not.toMatch(/__[a-z0-9]{5}\b/); // never a full hashed class
      }
  });

  it('extracts session ids from links on both variants', () => {
    const legacy = parseFixture('legacy-timeline');
    expect(Array.from(legacy.querySelectorAll(css('sessionLink'))).map(sessionIdOfLink)).toEqual([
      '11111111-1111-4111-8111-111111111111',
      '11111111-1111-4111-8111-111111111111',
      '22222222-2222-4222-8222-222222222222',
    ]);
    const react = parseFixture('react-timeline');
    expect(Array.from(react.querySelectorAll(css('sessionLink'))).map(sessionIdOfLink)).toEqual([
      '33333333-3333-4333-8333-333333333333',
      '44444444-4444-4444-8444-444444444444',
    ]);
  });

  it('finds the started-work events by text (agents by name), not reviews or finished events', () => {
    for (const [fixture, agents] of [
      ['legacy-timeline', ['Copilot', 'Codex', 'Copilot']],
      ['react-timeline', ['Copilot', 'Copilot', 'Claude']],
    ] as const) {
      const doc = parseFixture(fixture);
      const items = Array.from(doc.querySelectorAll(css('timelineItem'))).filter(
        (el) => !el.parentElement?.closest(css('timelineItem')),
      );
      expect(items.map((el) => startedWorkAgent(el.textContent)).filter(Boolean)).toEqual(agents);
    }
    expect(startedWorkAgent('Copilot started reviewing on behalf of x')).toBeNull();
    expect(isOtherAgentEvent('Copilot finished work on behalf of x')).toBe(true);
    expect(isOtherAgentEvent('Copilot started work on behalf of x')).toBe(false);
  });

  it('reads the actor like the one-regex definition, on any text, without its quadratic cost', () => {
    // The definition the scan replaces (quadratic on long runs of words, hence not used on page text).
    const reference = (text: string): string | null => {
      const m = /(\w[\w .-]*?) started work on behalf of\b/.exec(text.replace(/\s+/g, ' '));
      if (!m) return null;
      const words = m[1]!
        .trim()
        .split(' ')
        .filter((w) => w && !/^(AI|bot)$/i.test(w));
      return words[words.length - 1] ?? null;
    };
    const piece = fc.constantFrom(
      'Copilot',
      ' AI',
      ' bot',
      ' started work on behalf of',
      ' started work on behalf ofx',
      ' started reviewing',
      ' octo-demo',
      'Codex',
      ' ',
      '\n  ',
      '.',
      '-',
      '(',
      ')',
      'é',
      'x',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        expect(startedWorkAgent(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
    // A long comment: one pass (the regex would retry from each of its 20,000 words).
    const long = `${'word '.repeat(20_000)}Copilot AI started work on behalf of octo`;
    expect(startedWorkAgent(long)).toBe('Copilot');
  });

  it('finds the item of a link and the page login', () => {
    const doc = parseFixture('react-timeline');
    const link = doc.querySelector(css('sessionLink'))!;
    expect(timelineItemOf(link)?.getAttribute('data-timeline-event-id')).toBe('e2');
    expect(pageLogin(doc)).toBe('octo-demo');
    const out = new DOMParser().parseFromString('<meta name="user-login" content="">', 'text/html');
    expect(pageLogin(out)).toBeNull();
  });
});

describe('the header badge’s slot', () => {
  it('is after the label’s own box in GitHub’s legacy meta row, right after the label elsewhere', () => {
    // The shape of a github.com capture (docs/fidelity.md "Legacy header meta row").
    document.body.innerHTML = `
      <div class="d-flex flex-items-center flex-wrap mt-0 gh-header-meta">
        <div class="flex-shrink-0 mb-2 flex-self-start flex-md-self-center"><span class="State State--open">Open</span></div>
        <div class="flex-auto min-width-0 mb-2"><a class="author" href="/octo">octo</a> wants to merge</div>
      </div>
      <div class="gh-header-meta" id="bare"><span class="State">Draft</span> octo wants to merge</div>
      <div class="prc-PageHeader-Description-x"><span class="prc-StateLabel-StateLabel-y" data-status="pullOpened">Open</span></div>`;
    const [github, bare] = [...document.querySelectorAll('.gh-header-meta .State')];
    expect(headerSlot(github!)).toBe(github!.parentElement);
    expect(headerSlot(github!).parentElement?.classList.contains('gh-header-meta')).toBe(true);
    expect(headerSlot(bare!)).toBe(bare);
    const react = document.querySelector('[data-status]')!;
    expect(headerSlot(react)).toBe(react);
    document.body.replaceChildren();
  });
});
