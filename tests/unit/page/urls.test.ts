import { describe, expect, it } from 'vitest';
import {
  isAgentSessionPage,
  isAgentsHome,
  isPrAnyTab,
  isPrChecks,
  isPrCommits,
  isPrConversation,
  isPrFiles,
  isPrList,
  parseDeepLink,
  parsePr,
  sessionIdFromHref,
} from '../../../utils/page/urls';

const U = 'https://github.com';
const ID = '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

/** Example URLs per predicate. Each must match its own predicate and no other (except the `implies` ones). */
const TABLE: Record<string, { fn: (u: URL) => boolean; yes: string[]; implies?: string[] }> = {
  isPrConversation: {
    fn: isPrConversation,
    yes: [
      `${U}/octo/app/pull/12`,
      `${U}/octo/app/pull/12/`,
      `${U}/octo/app/pull/12#issuecomment-1`,
      `${U}/a-b/c.d_e/pull/1?x=1`,
    ],
    implies: ['isPrAnyTab'],
  },
  isPrFiles: {
    fn: isPrFiles,
    yes: [`${U}/octo/app/pull/12/files`, `${U}/octo/app/pull/12/files/abc..def`, `${U}/octo/app/pull/12/changes`],
    implies: ['isPrAnyTab'],
  },
  isPrCommits: {
    fn: isPrCommits,
    yes: [`${U}/octo/app/pull/12/commits`, `${U}/octo/app/pull/12/commits/0123abc`],
    implies: ['isPrAnyTab'],
  },
  isPrChecks: { fn: isPrChecks, yes: [`${U}/octo/app/pull/12/checks`], implies: ['isPrAnyTab'] },
  isPrAnyTab: { fn: isPrAnyTab, yes: [] },
  isPrList: {
    fn: isPrList,
    yes: [`${U}/octo/app/pulls`, `${U}/octo/app/pulls?q=is%3Aopen`, `${U}/pulls`, `${U}/pulls/review-requested`],
  },
  isAgentSessionPage: {
    fn: isAgentSessionPage,
    yes: [
      `${U}/octo/app/pull/12/agent-sessions`,
      `${U}/octo/app/pull/12/agent-sessions/${ID}`,
      `${U}/copilot/tasks/abc123`,
      `${U}/copilot/tasks/pull/PR_kwDOA?session_id=${ID}`,
      `${U}/octo/app/tasks/abc123`,
    ],
  },
  isAgentsHome: { fn: isAgentsHome, yes: [`${U}/copilot/agents`, `${U}/copilot/agents/`] },
};

/** URLs no predicate matches. */
const NONE = [
  `${U}/`,
  `${U}/octo`,
  `${U}/octo/app`,
  `${U}/octo/app/issues/12`,
  `${U}/octo/app/pull/abc`,
  `${U}/octo/app/pull/0`,
  `${U}/settings/pull/1`,
  `${U}/orgs/octo/pull/1`,
  `${U}/marketplace/app/pull/1`,
  `${U}/settings/pulls`,
  `${U}/copilot`,
  `${U}/copilot/agents/x`,
  `${U}/octo/app/pull/12/agent-sessions/not-a-uuid`,
  `${U}/octo/app/pulls/a/b/c`,
  `${U}/notifications`,
];

describe('URL predicates', () => {
  for (const [name, { fn, yes }] of Object.entries(TABLE)) {
    it(`${name} matches its examples`, () => {
      for (const u of yes) expect(fn(new URL(u)), u).toBe(true);
    });
  }
  it('every predicate rejects every other predicate’s examples (cross-negative table)', () => {
    let checked = 0;
    for (const [owner, { yes, implies = [] }] of Object.entries(TABLE)) {
      for (const u of yes) {
        for (const [other, { fn }] of Object.entries(TABLE)) {
          if (other === owner || implies.includes(other)) continue;
          expect(fn(new URL(u)), `${other}(${u})`).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
  it('isPrAnyTab covers all PR tabs', () => {
    for (const name of ['isPrConversation', 'isPrFiles', 'isPrCommits', 'isPrChecks'])
      for (const u of TABLE[name]!.yes) expect(isPrAnyTab(new URL(u)), u).toBe(true);
  });
  it('no predicate matches unrelated pages', () => {
    for (const u of NONE)
      for (const [name, { fn }] of Object.entries(TABLE)) expect(fn(new URL(u)), `${name}(${u})`).toBe(false);
  });
});

describe('parsePr / parseDeepLink / sessionIdFromHref', () => {
  it('parses PRs on every tab', () => {
    expect(parsePr(new URL(`${U}/octo/app/pull/12/files`))).toEqual({ owner: 'octo', repo: 'app', number: 12 });
    expect(parsePr(new URL(`${U}/octo/app/pull/12/agent-sessions/${ID}`))).toEqual({
      owner: 'octo',
      repo: 'app',
      number: 12,
    });
    expect(parsePr(new URL(`${U}/octo/app/pulls`))).toBeNull();
    expect(parsePr(new URL(`${U}/settings/x/pull/1`))).toBeNull();
  });
  it('parses deep links', () => {
    expect(parseDeepLink(new URL(`${U}/o/r/pull/1#agent-session=${ID}`))).toBe(ID);
    expect(parseDeepLink(new URL(`${U}/o/r/pull/1#x=1&agent-session=${ID.toUpperCase()}`))).toBe(ID);
    expect(parseDeepLink(new URL(`${U}/o/r/pull/1#agent-session=nope`))).toBeNull();
    expect(parseDeepLink(new URL(`${U}/o/r/pull/1`))).toBeNull();
  });
  it('extracts session ids from View session hrefs', () => {
    expect(sessionIdFromHref(`/o/r/pull/1/agent-sessions/${ID}`)).toBe(ID);
    expect(sessionIdFromHref(`${U}/copilot/tasks/pull/PR_x?session_id=${ID}&a=1`)).toBe(ID);
    expect(sessionIdFromHref('/o/r/pull/1/agent-sessions')).toBeNull();
    expect(sessionIdFromHref(`/o/r/pull/1/agent-sessions/${ID}x`)).toBeNull();
    expect(sessionIdFromHref(null)).toBeNull();
  });
});
