/**
 * Issue 17 #6, as the attacker: a session title, prompt and error with bidi overrides and zero-width characters (an
 * RLO title reads "…exe.png"). One sanitiser (utils/text/sanitize.ts) cleans them where sessions enter the state, so
 * every surface shows the same cleaned text: the snapshot the popup rows and the drawer render, the page's answer,
 * notifications and the toolbar title.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { cleanLine, cleanSession, sanitizeDisplayText } from '../../../utils/text/sanitize';
import { harness, notifications, watchPr } from '../engine/helpers';

// Bidi embeddings/overrides/isolates/marks, zero-width space, word joiner, BOM, a tag character (ZWJ/ZWNJ stay: emoji, scripts).
const SPOOF = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]|\u{e0041}/u;
const TITLE = 'Fix invoice \u202egnp.exe\u202c\u200b';

beforeEach(() => fakeBrowser.reset());

describe('one sanitiser for every surface (issue 17 #6)', () => {
  it('is idempotent and shows bidi controls as visible markers', () => {
    const once = cleanLine(TITLE);
    expect(once).toBe('Fix invoice [U+202E RLO]gnp.exe[U+202C PDF]');
    expect(cleanLine(once)).toBe(once);
    expect(sanitizeDisplayText('a\u200bb\u2066c\u{e0041}\ufeff')).not.toMatch(SPOOF);
  });

  it('cleans titles, prompts, models, errors, names and logins in every view of the state', async () => {
    const h = await harness();
    const repo = h.gh.addRepo('octo', 'app');
    const { session, pull } = h.gh.addSession(repo, { state: 'in_progress', title: TITLE });
    session.prompt = 'Do \u202eit\u2069 now\u200b';
    await h.engine.sync('manual');
    h.clock.advance(60_000);
    h.gh.setState(session.id, 'failed');
    session.error = { message: 'boom \u202etxt.exe' };
    await h.engine.sync('manual');

    const snap = h.engine.snapshot();
    const s = snap.sessions.find((x) => x.id === session.id);
    expect(s?.title).toBe('Fix invoice [U+202E RLO]gnp.exe[U+202C PDF]');
    for (const field of [s?.title, s?.prompt, s?.model, s?.error, s?.agent.name, s?.creator.login, s?.pr?.title])
      expect(field ?? '').not.toMatch(SPOOF);
    // The page's answer (badges, header, drawer) and the toolbar title.
    const page = await watchPr(h.engine, 'octo', 'app', pull.number);
    expect(JSON.stringify(page)).not.toMatch(SPOOF);
    expect(await fakeBrowser.action.getTitle({})).not.toMatch(SPOOF);
    expect(await fakeBrowser.action.getTitle({})).toContain('[U+202E RLO]');
    // The notification.
    const n = notifications()[session.id];
    expect(n?.message).toContain('[U+202E RLO]gnp.exe');
    expect(`${n?.title}\n${n?.message}`).not.toMatch(SPOOF);
  });

  it('cleanSession leaves ids and URLs alone and caps long text', () => {
    const base = {
      id: 'id-1',
      taskId: null,
      agent: { slug: 'copilot-swe-agent', name: 'Copi\u200blot' },
      repo: { id: 1, owner: 'octo', name: 'app', fullName: 'octo/app' },
      pr: null,
      title: 'x'.repeat(10_000),
      prompt: 'p'.repeat(100_000),
      state: 'in_progress' as const,
      createdAt: '',
      updatedAt: '',
      completedAt: null,
      model: null,
      premiumRequests: null,
      usage: null,
      error: null,
      headRef: null,
      baseRef: null,
      runId: null,
      creator: { id: 1, login: 'octo' },
      archived: false,
      source: 'agent-tasks' as const,
      canAct: true,
      links: { pr: null, session: 'https://github.com/octo/app/pull/1/agent-sessions/id-1', run: null },
    };
    const c = cleanSession(base);
    expect(c.title).toHaveLength(300);
    expect(c.prompt).toHaveLength(4000);
    expect(c.agent.name).toBe('Copilot');
    expect(c.links).toEqual(base.links);
    expect(cleanSession(c)).toEqual(c);
  });
});
