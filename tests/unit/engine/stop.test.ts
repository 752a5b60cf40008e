import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { StopStatus } from '../../../utils/model/state';
import { type Harness, harness } from './helpers';

beforeEach(() => {
  fakeBrowser.reset();
});

/** Fake sleep that advances the fake clock, so watch loops run in scenario time. */
async function setup(timing?: { forceAfterMs?: number; giveUpMs?: number }) {
  let h!: Harness;
  h = await harness({
    sleep: async (ms) => {
      h.clock.advance(ms);
      await new Promise((r) => setTimeout(r, 0));
    },
    timing: {
      stop: { pollMs: 3000, forceAfterMs: timing?.forceAfterMs ?? 30_000, giveUpMs: timing?.giveUpMs ?? 60_000 },
    },
  });
  const repo = h.gh.addRepo('octo', 'app');
  const a = h.gh.addSession(repo, { state: 'in_progress' });
  await h.engine.sync('manual');
  return { h, a };
}

async function until(h: Harness, id: string, phases: StopStatus['phase'][]): Promise<StopStatus> {
  for (let i = 0; i < 200; i++) {
    const st = h.engine.snapshot().stops[id];
    if (st && phases.includes(st.phase)) return st;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`stop never reached ${phases.join('/')}: ${JSON.stringify(h.engine.snapshot().stops[id])}`);
}

const cancels = (h: Harness) => h.gh.countOf('POST', /\/actions\/runs\/\d+\/cancel$/);
const forces = (h: Harness) => h.gh.countOf('POST', /\/force-cancel$/);

describe('stop', () => {
  it('cancels the run once, then the session reads cancelled', async () => {
    const { h, a } = await setup();
    const first = await h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: 'octo' });
    expect(first).toMatchObject({ ok: true, data: { phase: 'stopping' } });
    const st = await until(h, a.session.id, ['stopped']);
    expect(st.runUrl).toBe(`https://github.com/octo/app/actions/runs/${a.run.id}`);
    expect(cancels(h)).toBe(1);
    expect(h.engine.snapshot().sessions.find((s) => s.id === a.session.id)?.state).toBe('cancelled');
  });

  it('double click and two tabs send one cancel', async () => {
    const { h, a } = await setup();
    a.run.behaviour = 'slow';
    const results = await Promise.all([
      h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: null }),
      h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: 'octo' }),
      h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: null }),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(
      results.filter((r) => r.ok && (r.data as StopStatus).message === 'Already stopping…').length,
    ).toBeGreaterThanOrEqual(2);
    await until(h, a.session.id, ['stopped']);
    expect(cancels(h)).toBe(1);
    // a click after it ended: no second cancel
    const again = await h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: null });
    expect(again).toMatchObject({ ok: true, data: { phase: 'stopped', message: 'Already stopped.' } });
    expect(cancels(h)).toBe(1);
  });

  it('a session started after the last sync: waits for a sync instead of refusing; three clicks, one cancel', async () => {
    const { h } = await setup();
    const repo = h.gh.addRepo('octo', 'late');
    const b = h.gh.addSession(repo, { state: 'in_progress' }); // not synced yet
    expect(h.engine.snapshot().sessions.some((s) => s.id === b.session.id)).toBe(false);
    const results = await Promise.all(
      [0, 1, 2].map(() => h.engine.handle({ type: 'stopSession', sessionId: b.session.id, pageLogin: 'octo' })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    await until(h, b.session.id, ['stopped']);
    expect(cancels(h)).toBe(1);

    // An id GitHub does not know either: refused after that sync, with words.
    const unknown = await h.engine.handle({
      type: 'stopSession',
      sessionId: '00000000-0000-4000-8000-999999999999',
      pageLogin: 'octo',
    });
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(cancels(h)).toBe(1);
  });

  it('force-cancels a run that keeps running after ~30 s', async () => {
    const { h, a } = await setup();
    a.run.behaviour = 'slow';
    await h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: null });
    const st = await until(h, a.session.id, ['stopped']);
    expect(st.phase).toBe('stopped');
    expect(cancels(h)).toBe(1);
    expect(forces(h)).toBe(1);
  });

  it('says stuck with the run link when even force-cancel does not end it', async () => {
    const { h, a } = await setup();
    a.run.behaviour = 'stuck';
    await h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: null });
    const st = await until(h, a.session.id, ['stuck']);
    expect(st.runUrl).toContain(`/actions/runs/${a.run.id}`);
    expect(forces(h)).toBe(1);
  });

  it('measures its waits on GitHub’s clock too (Date header): force-cancel, then stuck, without local waiting', async () => {
    let server = Date.parse('2026-06-10T10:00:00Z');
    const h = await harness({
      sleep: () => new Promise((r) => setTimeout(r, 1)), // the local clock does not move
      timing: { stop: { pollMs: 1, forceAfterMs: 30_000, giveUpMs: 60_000 } },
    });
    h.gh.serverClock = () => server;
    const repo = h.gh.addRepo('octo', 'app');
    const a = h.gh.addSession(repo, { state: 'in_progress' });
    a.run.behaviour = 'stuck';
    await h.engine.sync('manual');
    await h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: null });
    await new Promise((r) => setTimeout(r, 30));
    expect(h.engine.snapshot().stops[a.session.id]?.phase).toBe('stopping');
    expect(forces(h)).toBe(0);
    server += 31_000; // GitHub's clock passes the force-cancel point
    const forcing = await until(h, a.session.id, ['force-cancelling']);
    expect(forcing.message).toMatch(/forcing/i);
    expect(forces(h)).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(h.engine.snapshot().stops[a.session.id]?.phase).toBe('force-cancelling');
    server += 30_000; // and the give-up point
    const stuck = await until(h, a.session.id, ['stuck']);
    expect(stuck.message).toMatch(/force-cancel/);
    expect(stuck.runUrl).toBe(`https://github.com/octo/app/actions/runs/${a.run.id}`);
    expect(cancels(h)).toBe(1);
    expect(forces(h)).toBe(1);
  });

  it('409: it finished on its own', async () => {
    const { h, a } = await setup();
    // the run finished on GitHub but our state still says in_progress
    a.run.status = 'in_progress';
    h.gh.fault(/POST .*\/cancel$/, {
      status: 409,
      body: { message: 'Cannot cancel a workflow run that is completed.' },
    });
    const res = await h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: null });
    expect(res).toMatchObject({ ok: true, data: { phase: 'idle' } });
    if (res.ok) expect((res.data as StopStatus).message).toMatch(/finished on its own/);
  });

  it('refuses when the page user differs from the token user, naming both', async () => {
    const { h, a } = await setup();
    const res = await h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: 'someone-else' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/@someone-else.*@octo/);
    expect(cancels(h)).toBe(0);
  });

  it('missing permission: names it and links the fix; a retry works after', async () => {
    const { h, a } = await setup();
    h.gh.fault(/POST .*\/cancel$/, {
      status: 403,
      body: { message: 'Resource not accessible by personal access token' },
      headers: { 'x-accepted-github-permissions': 'actions=write' },
    });
    const res = await h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: null });
    expect(res).toMatchObject({ ok: false, error: { kind: 'missing-permission', permission: 'Actions: write' } });
    if (!res.ok) expect(res.error.link).toMatch(/^https:\/\/github.com\/settings\//);
    expect(h.engine.snapshot().stops[a.session.id]?.phase).toBe('failed');
    const retry = await h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: null });
    expect(retry.ok).toBe(true);
  });

  it('network error: failed with words, retry possible', async () => {
    const { h, a } = await setup();
    h.gh.fault(/POST .*\/cancel$/, { network: true, times: 3 });
    const res = await h.engine.handle({ type: 'stopSession', sessionId: a.session.id, pageLogin: null });
    expect(res).toMatchObject({ ok: false, error: { kind: 'offline' } });
    expect(h.engine.snapshot().stops[a.session.id]?.phase).toBe('failed');
  });

  it('no run yet (queued): explains and offers the session page', async () => {
    const { h } = await setup();
    const q = h.gh.addSession([...h.gh.repos.keys()][0]!, { state: 'queued' });
    h.gh.runs = h.gh.runs.filter((r) => r.id !== q.run.id);
    await h.engine.sync('manual');
    const res = await h.engine.handle({ type: 'stopSession', sessionId: q.session.id, pageLogin: null });
    expect(res).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    if (!res.ok) {
      expect(res.error.message).toMatch(/queued/);
      expect(res.error.link).toContain('/agent-sessions/');
    }
  });
});
