import { describe, expect, it } from 'vitest';
import type { ApiRun } from '../../../utils/github/actions';
import { findSessionRun } from '../../../utils/sessions/runs';

const T0 = Date.parse('2026-06-01T12:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
function run(id: number, createdS: number, extra: Partial<ApiRun> = {}): ApiRun {
  return {
    id,
    event: 'dynamic',
    path: 'dynamic/copilot-swe-agent/copilot',
    head_branch: 'copilot/fix-1',
    status: 'in_progress',
    conclusion: null,
    created_at: at(createdS),
    name: 'Running Copilot coding agent',
    ...extra,
  };
}

describe('findSessionRun', () => {
  const runs: ApiRun[] = [
    run(1, 5), // first session
    run(2, 40, { event: 'pull_request', path: '.github/workflows/ci.yml', conclusion: 'action_required' }), // repo CI by Copilot's push
    run(3, 3600 + 8, { name: 'Addressing comment on PR #7' }), // follow-up
    run(4, 3600 + 20, { event: 'push', path: '.github/workflows/test.yml' }),
    run(5, 30, { head_branch: 'copilot/other' }), // another branch
  ];

  it('uses the workflow run id when known', () => {
    expect(findSessionRun({ runId: 3, headRef: 'copilot/fix-1', createdAt: at(0) }, runs)?.id).toBe(3);
  });

  it('picks the agent run closest after the session on its branch', () => {
    expect(findSessionRun({ runId: null, headRef: 'copilot/fix-1', createdAt: at(0) }, runs)?.id).toBe(1);
  });

  it('tells follow-up sessions apart by time', () => {
    expect(findSessionRun({ runId: null, headRef: 'copilot/fix-1', createdAt: at(3600) }, runs)?.id).toBe(3);
  });

  it('finds a third-party agent’s run by its own slug, or as the only agent run on the branch', () => {
    const codex = [run(7, 10, { path: 'dynamic/openai-codex/agent', name: 'Running Codex agent' })];
    const session = { runId: null, headRef: 'copilot/fix-1', createdAt: at(0) };
    expect(findSessionRun({ ...session, agent: { slug: 'openai-codex' } }, codex)?.id).toBe(7);
    // The Agent tasks API does not name the agent: a session known as Copilot's takes the only agent run on its branch…
    expect(findSessionRun(session, codex)?.id).toBe(7);
    // …but never Copilot code review's, nor another agent's where its own agent ran.
    const review = run(8, 10, { path: 'dynamic/copilot-pull-request-reviewer/copilot-pull-request-reviewer' });
    expect(findSessionRun(session, [review])).toBeNull();
    expect(findSessionRun(session, [...codex, run(9, 600)])?.id).toBe(9);
    expect(findSessionRun({ ...session, agent: { slug: 'openai-codex' } }, runs)).toBeNull();
  });

  it('never picks the repository’s own workflows', () => {
    const onlyRepo = runs.filter((r) => r.id === 2 || r.id === 4);
    expect(findSessionRun({ runId: null, headRef: 'copilot/fix-1', createdAt: at(30) }, onlyRepo)).toBeNull();
  });

  it('accepts a run slightly before the session, but prefers one after', () => {
    expect(findSessionRun({ runId: null, headRef: 'copilot/fix-1', createdAt: at(45) }, [run(9, 0)])?.id).toBe(9);
    expect(
      findSessionRun({ runId: null, headRef: 'copilot/fix-1', createdAt: at(45) }, [run(9, 0), run(10, 50)])?.id,
    ).toBe(10);
  });

  it('ignores runs far from the session', () => {
    expect(
      findSessionRun({ runId: null, headRef: 'copilot/fix-1', createdAt: at(0) }, [run(11, 20 * 60), run(12, -5 * 60)]),
    ).toBeNull();
  });
});
