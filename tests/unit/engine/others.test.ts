/**
 * Other users' sessions on a PR (utils/background/others.ts) through the engine: how many round trips a page waits
 * for when the viewer has no session of their own there, and what it costs on repositories without other users'
 * tasks.
 */
import { describe, expect, it } from 'vitest';
import { FakeGitHub } from './fake-github';
import { harness, watchPr } from './helpers';

interface Timed {
  path: string;
  start: number;
  end: number;
}

/** A FakeGitHub whose answers take `ms` of real time, with each request's start and end recorded. */
function slowGitHub(ms: number): { gh: FakeGitHub; timed: Timed[] } {
  const gh = new FakeGitHub();
  const inner = gh.fetch;
  const timed: Timed[] = [];
  let tick = 0;
  Object.defineProperty(gh, 'fetch', {
    value: async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const rec = { path: url.pathname, start: tick++, end: -1 };
      timed.push(rec);
      await new Promise((r) => setTimeout(r, ms));
      const res = await inner(input, init);
      rec.end = tick++;
      return res;
    },
  });
  return { gh, timed };
}

/** Sequential steps: each a group of requests that ran side by side (each started before any of the group ended). */
function rounds(timed: Timed[]): string[][] {
  const out: string[][] = [];
  let group: Timed[] = [];
  for (const r of [...timed].sort((a, b) => a.start - b.start)) {
    if (group.length && group.some((g) => g.end < r.start)) {
      out.push(group.map((g) => g.path));
      group = [];
    }
    group.push(r);
  }
  if (group.length) out.push(group.map((g) => g.path));
  return out;
}

/** What a page watching the PR receives once its other users' sessions are looked up. */
function prSessions(h: Awaited<ReturnType<typeof harness>>, owner: string, repo: string, number: number) {
  return watchPr(h.engine, owner, repo, number);
}

describe('other users’ sessions on a PR', () => {
  it('takes three round trips: the task list and the PR together, the tasks on it together, then the creator’s login', async () => {
    const { gh, timed } = slowGitHub(15);
    const h = await harness({ gh, timing: { pageRefreshMinGapMs: 60_000 } });
    const repo = gh.addRepo('octo', 'site');
    const first = gh.addSession(repo, { state: 'in_progress', creatorId: 2 });
    const second = gh.addSession(repo, { state: 'failed', creatorId: 2 });
    second.task.prDbId = first.pull.dbId;
    gh.addSession(repo, { state: 'completed', creatorId: 2 }); // another PR
    await h.engine.sync('manual');
    timed.length = 0;
    // What the lookup learns (the PR, hubot's login) reaches the engine as new caches; the old ones are not edited.
    const prsBefore = h.engine.data.prs;
    const loginsBefore = h.engine.data.logins;
    const prsKnown = Object.keys(prsBefore).length;

    const data = await prSessions(h, 'octo', 'site', first.pull.number);
    expect(Object.keys(prsBefore)).toHaveLength(prsKnown);
    expect(Object.values(h.engine.data.prs).some((p) => p.number === first.pull.number)).toBe(true);
    expect(Object.values(prsBefore).some((p) => p.number === first.pull.number)).toBe(false);
    expect(Object.values(h.engine.data.logins)).toContain('hubot');
    expect(Object.values(loginsBefore)).not.toContain('hubot');
    expect(data.sessions.map((s) => s.id).sort()).toEqual([first.session.id, second.session.id].sort());
    expect(data.sessions.every((s) => s.canAct === false)).toBe(true);
    expect(data.sessions[0]?.repo?.fullName).toBe('octo/site');
    expect(data.sessions[0]?.pr?.number).toBe(first.pull.number);

    const steps = rounds(timed);
    expect(steps).toEqual([
      expect.arrayContaining(['/agents/repos/octo/site/tasks', `/repos/octo/site/pulls/${first.pull.number}`]),
      expect.arrayContaining([
        `/agents/repos/octo/site/tasks/${first.task.id}`,
        `/agents/repos/octo/site/tasks/${second.task.id}`,
      ]),
      ['/user/2'], // the creator's login, once per id (tasks name creators by id only)
    ]);
    expect(steps.flat()).toHaveLength(5); // no lookups of the repository or the PR by id
    expect(data.sessions.map((s) => s.creator.login)).toEqual(['hubot', 'hubot']);

    // Asked again while the list is fresh: no request at all.
    timed.length = 0;
    const again = await prSessions(h, 'octo', 'site', first.pull.number);
    expect(again.sessions).toHaveLength(2);
    expect(timed).toHaveLength(0);
  });

  it('a repository without other users’ PR tasks costs its list only, once the list has said so', async () => {
    const { gh, timed } = slowGitHub(1);
    // No page-triggered sync in the hour this test spans: only the lookups' own requests are counted.
    const h = await harness({ gh, timing: { pageRefreshMinGapMs: 3_600_000, repoTasksTtlMs: 60_000 } });
    const repo = gh.addRepo('octo', 'quiet');
    gh.addSession(repo, { state: 'completed' }); // the viewer's own, elsewhere
    await h.engine.sync('manual');

    timed.length = 0;
    expect((await prSessions(h, 'octo', 'quiet', 500)).sessions).toEqual([]);
    // First visit: the list, and the PR alongside it (nothing was known about the repository yet).
    expect(timed.map((t) => t.path).sort()).toEqual(['/agents/repos/octo/quiet/tasks', '/repos/octo/quiet/pulls/500']);

    timed.length = 0;
    expect((await prSessions(h, 'octo', 'quiet', 501)).sessions).toEqual([]);
    expect(timed).toHaveLength(0); // the fresh list answers

    h.clock.advance(61_000);
    timed.length = 0;
    expect((await prSessions(h, 'octo', 'quiet', 502)).sessions).toEqual([]);
    expect(timed.map((t) => t.path)).toEqual(['/agents/repos/octo/quiet/tasks']);
  });

  it('ten tabs asking at once share one lookup', async () => {
    const { gh, timed } = slowGitHub(5);
    const h = await harness({ gh, timing: { pageRefreshMinGapMs: 60_000 } });
    const repo = gh.addRepo('octo', 'busy');
    const theirs = gh.addSession(repo, { state: 'in_progress', creatorId: 2 });
    await h.engine.sync('manual');
    timed.length = 0;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => prSessions(h, 'octo', 'busy', theirs.pull.number)),
    );
    for (const a of answers) expect(a.sessions.map((s) => s.id)).toEqual([theirs.session.id]);
    expect(answers[0]?.sessions[0]?.creator.login).toBe('hubot');
    expect(timed).toHaveLength(4); // list + PR, then one task, then the creator's login
  });
});
