import { describe, expect, it } from 'vitest';
import type { AuthInfo } from '../../../utils/model/state';
import type { Session, SessionState } from '../../../utils/sessions/model';
import {
  belongsToPr,
  capability,
  connectionOf,
  connectionText,
  deepLink,
  isLive,
  mayDo,
  needsAttention,
  prDeepLink,
  prKey,
  prStates,
  prUrl,
  resumesAt,
  sessionHref,
  sessionPageUrl,
  sessionsOfPr,
} from '../../../utils/sessions/selectors';

const base = Date.now();
const at = (min: number) => new Date(base + min * 60_000).toISOString();

function session(id: string, over: Partial<Session> = {}): Session {
  return {
    id,
    taskId: null,
    agent: { slug: 'copilot-swe-agent', name: 'Copilot' },
    repo: { id: 1, owner: 'Octo', name: 'App', fullName: 'Octo/App' },
    pr: {
      number: 7,
      title: 'PR',
      state: 'open',
      draft: false,
      url: 'https://github.com/Octo/App/pull/7',
      databaseId: null,
      nodeId: null,
    },
    title: id,
    prompt: null,
    state: 'in_progress',
    createdAt: at(0),
    updatedAt: at(0),
    completedAt: null,
    model: null,
    usage: null,
    error: null,
    headRef: null,
    baseRef: null,
    runId: null,
    creator: { id: 1, login: 'octo' },
    archived: false,
    source: 'agent-tasks',
    canAct: true,
    links: { pr: null, session: null, run: null },
    ...over,
  };
}

describe('session selectors', () => {
  it('isLive: queued, in progress and waiting for the user', () => {
    const live: SessionState[] = ['queued', 'in_progress', 'waiting_for_user'];
    const ended: SessionState[] = ['completed', 'failed', 'timed_out', 'cancelled', 'idle'];
    for (const s of live) expect(isLive(s), s).toBe(true);
    for (const s of ended) expect(isLive(s), s).toBe(false);
  });

  it('needsAttention: waiting always; ready, failed and timed out only while unread', () => {
    const unread = new Set(['a']);
    expect(needsAttention({ id: 'x', state: 'waiting_for_user' }, new Set())).toBe(true);
    for (const state of ['completed', 'failed', 'timed_out'] as const) {
      expect(needsAttention({ id: 'a', state }, unread)).toBe(true);
      expect(needsAttention({ id: 'b', state }, unread)).toBe(false);
    }
    expect(needsAttention({ id: 'a', state: 'cancelled' }, unread)).toBe(false);
    expect(needsAttention({ id: 'a', state: 'in_progress' }, unread)).toBe(false);
  });

  it('sessionsOfPr: case-insensitive repository, oldest first, other PRs left out', () => {
    const list = [
      session('late', { createdAt: at(5) }),
      session('other-pr', { pr: { ...session('x').pr!, number: 8 } }),
      session('early', { createdAt: at(1) }),
      session('no-pr', { pr: null }),
    ];
    const pr = { owner: 'octo', repo: 'app', number: 7 };
    expect(sessionsOfPr(list, pr).map((s) => s.id)).toEqual(['early', 'late']);
    expect(belongsToPr(list[1]!, pr)).toBe(false);
    expect(prKey({ owner: 'Octo', repo: 'App', number: 7 })).toBe(prKey(pr));
  });

  it('prStates: the latest session per PR, its count and unread flag', () => {
    const list = [
      session('s1', { createdAt: at(1), state: 'completed' }),
      session('s2', { createdAt: at(2), state: 'failed', title: 'second' }),
      session('s3', { pr: { ...session('x').pr!, number: 9 } }),
    ];
    expect(prStates(list, 'octo', 'app', [7, 8], ['s2'])).toEqual({
      7: { sessionId: 's2', state: 'failed', title: 'second', unread: true, count: 2 },
    });
  });

  it('deepLink and session page URLs', () => {
    const s = session('5e1f0a43-4444-4a44-9a44-000000000004');
    expect(deepLink(s)).toBe('https://github.com/Octo/App/pull/7#agent-session=5e1f0a43-4444-4a44-9a44-000000000004');
    expect(deepLink({ ...s, pr: { ...s.pr!, url: 'javascript:alert(1)' } })).toBeNull();
    expect(deepLink({ ...s, pr: null })).toBeNull();
    expect(prDeepLink('https://github.com/o/r/pull/1#x', 'id')).toBe('https://github.com/o/r/pull/1#agent-session=id');
    expect(prUrl('https://github.com', { owner: 'o', repo: 'r', number: 3 })).toBe('https://github.com/o/r/pull/3');
    expect(sessionPageUrl('https://octo.ghe.com', s.repo, 7, 'id')).toBe(
      'https://octo.ghe.com/Octo/App/pull/7/agent-sessions/id',
    );
    expect(sessionPageUrl('https://github.com', null, 7, 'id')).toBeNull();
    expect(
      sessionHref({ ...s, links: { pr: null, session: 'https://github.com/built', run: null } }, 'https://x'),
    ).toBe('https://github.com/built');
    expect(sessionHref(s, 'https://github.com')).toBe(
      'https://github.com/Octo/App/pull/7/agent-sessions/5e1f0a43-4444-4a44-9a44-000000000004',
    );
    expect(sessionHref(s, 'http://evil')).toBeNull();
  });
});

describe('capability / mayDo: what the token check said, one answer for every view', () => {
  const caps: AuthInfo['capabilities'] = [
    { id: 'stopSessions', label: 'Stop sessions', ok: false, missing: 'Actions: write', fix: null },
    { id: 'startTasks', label: 'Start tasks', ok: true, missing: null, fix: null },
    { id: 'readLogs', label: 'Read logs', ok: null, missing: null, fix: null },
  ];
  it('refuses only what the check said no to', () => {
    expect(mayDo({ capabilities: caps }, 'stopSessions')).toBe(false);
    expect(mayDo({ capabilities: caps }, 'startTasks')).toBe(true);
    expect(mayDo({ capabilities: caps }, 'readLogs')).toBe(true); // not known yet: offered
    expect(mayDo({ capabilities: caps }, 'listSessions')).toBe(true); // not checked
    expect(capability({ capabilities: caps }, 'stopSessions')?.missing).toBe('Actions: write');
  });
  it('a signed-out view, or a state saved by a version without the check, offers and does not throw', () => {
    expect(mayDo(null, 'stopSessions')).toBe(true);
    expect(capability(undefined, 'startTasks')).toBeNull();
    // An older mirror in storage.local has no `capabilities` (the drawer threw on it).
    expect(mayDo({} as AuthInfo, 'stopSessions')).toBe(true);
    expect(capability({ capabilities: 'x' } as unknown as AuthInfo, 'stopSessions')).toBeNull();
  });
});

describe('the connection in plain words (issue 20 #7)', () => {
  const now = Date.parse('2026-06-10T10:00:00Z');
  const synced = new Date(now - 5 * 60_000).toISOString();
  it('a refused token is "Not connected" with the age of the data', () => {
    expect(connectionOf({ kind: 'bad-token' })).toBe('refused');
    expect(connectionText({ kind: 'bad-token' }, synced, now)).toBe('Not connected · data from 5 min ago');
    expect(connectionText({ kind: 'sso-required' }, synced, now)).toMatch(/^Not connected/);
  });
  it('a rate limit says when it resumes while that is ahead; a 5xx only waits', () => {
    const retryAt = new Date(now + 10 * 60_000).toISOString();
    expect(resumesAt({ kind: 'rate-limited', retryAt }, now)).toBe(Date.parse(retryAt));
    expect(resumesAt({ kind: 'rate-limited', retryAt }, now + 11 * 60_000)).toBeNull();
    expect(resumesAt({ kind: 'github-error', retryAt }, now)).toBeNull();
    const clock = new Date(retryAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(connectionText({ kind: 'rate-limited', retryAt }, synced, now)).toBe(
      `Waiting for GitHub · resumes at ${clock} · data from 5 min ago`,
    );
    expect(connectionText({ kind: 'github-error' }, synced, now)).toBe('Waiting for GitHub · data from 5 min ago');
  });
  it('connected, or an error that is not about the connection: nothing to say', () => {
    expect(connectionText(null, synced, now)).toBeNull();
    expect(connectionOf({ kind: 'missing-permission' })).toBe('error');
    expect(connectionText({ kind: 'missing-permission' }, synced, now)).toBeNull();
  });
});

describe('one answer per question (issue 19)', () => {
  it('"live?", "needs you?", "this PR’s sessions, oldest first" and the deep link are not re-answered elsewhere', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(name)) files.push(p);
      }
    };
    for (const dir of ['components', 'entrypoints', 'utils']) walk(dir);
    const rules: Array<[RegExp, string[]]> = [
      // live = running or waiting for the user
      [/isRunning\([^)]*\)\s*\|\|\s*[\w.?]*state\s*===\s*'waiting_for_user'/, ['utils/sessions/model.ts']],
      // ended states that ask for the user
      [
        /state\s*===\s*'completed'\s*\|\|\s*state\s*===\s*'failed'\s*\|\|\s*state\s*===\s*'timed_out'\s*[;)]/,
        ['utils/sessions/model.ts'],
      ],
      // a PR's sessions, oldest first
      [/Date\.parse\(a\.createdAt\)\s*-\s*Date\.parse\(b\.createdAt\)/, ['utils/sessions/selectors.ts']],
      // the deep link built by hand
      [/#agent-session=\$\{/, ['utils/sessions/selectors.ts']],
      [/\/agent-sessions\/\$\{/, ['utils/sessions/selectors.ts']],
    ];
    const found: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const [re, allowed] of rules) if (re.test(text) && !allowed.includes(f)) found.push(`${f}: ${re}`);
    }
    expect(found).toEqual([]);
  });
});
