import { describe, expect, it } from 'vitest';
import type { ApiTask } from '../../../utils/github/agent-tasks';
import { agentWorkFromTimeline } from '../../../utils/github/timeline';
import { diffSessions } from '../../../utils/sessions/diff';
import { sessionsFromPull } from '../../../utils/sessions/fallback';
import { sessionToModel } from '../../../utils/sessions/map';
import type { Session } from '../../../utils/sessions/model';

const task: ApiTask = {
  id: 'task-1',
  name: 'Fix the flaky test',
  creator: { id: 7 },
  repository: { id: 42 },
  state: 'failed',
  artifacts: [
    { provider: 'github', type: 'branch', data: { head_ref: 'copilot/fix-flaky', base_ref: 'main' } },
    { provider: 'github', type: 'pull', data: { id: 555, global_id: 'PR_x' } },
  ],
  archived_at: null,
  created_at: '2026-06-01T10:00:00Z',
  updated_at: '2026-06-01T10:30:00Z',
};
const repo = { id: 42, owner: 'acme', name: 'web', fullName: 'acme/web', canPush: true, defaultBranch: 'main' };
const pr = {
  number: 12,
  title: 'PR title',
  state: 'open' as const,
  draft: true,
  url: 'https://github.com/acme/web/pull/12',
  databaseId: 555,
  nodeId: 'PR_x',
  repoFullName: 'acme/web',
  headRef: 'copilot/fix-flaky',
};
const ctx = {
  host: 'github.com',
  webOrigin: 'https://github.com',
  viewerId: 7,
  viewerLogin: 'me',
  repo,
  pr,
  ownList: true,
};

describe('sessionToModel', () => {
  it('maps every field and joins repo, PR, Copilot API extras', () => {
    const s = sessionToModel(
      task,
      {
        id: 'uuid-1',
        name: '',
        user: { id: 7 },
        state: 'failed',
        created_at: '2026-06-01T10:00:00Z',
        updated_at: '2026-06-01T10:30:00Z',
        completed_at: '2026-06-01T10:30:00Z',
        prompt: 'Fix it',
        model: 'gpt-5',
        error: { message: 'Tests failed' },
      },
      { ...ctx, capi: { id: 'uuid-1', premium_requests: 3, workflow_run_id: 999 } },
    );
    expect(s).toMatchObject({
      id: 'uuid-1',
      taskId: 'task-1',
      agent: { slug: 'copilot-swe-agent', name: 'Copilot' },
      repo: { id: 42, fullName: 'acme/web' },
      pr: { number: 12, databaseId: 555, nodeId: 'PR_x' },
      title: 'Fix the flaky test',
      state: 'failed',
      error: 'Tests failed',
      model: 'gpt-5',
      usage: { unit: 'premium-requests', amount: 3 },
      runId: 999,
      headRef: 'copilot/fix-flaky',
      baseRef: 'main',
      creator: { id: 7, login: 'me' },
      canAct: true,
      source: 'agent-tasks',
      links: {
        pr: 'https://github.com/acme/web/pull/12',
        session: 'https://github.com/acme/web/pull/12/agent-sessions/uuid-1',
        run: 'https://github.com/acme/web/actions/runs/999',
      },
    });
  });
  it('other people’s sessions and read-only repos cannot be acted on; unknown states degrade', () => {
    const other = sessionToModel(
      task,
      { id: 'u2', user: { id: 8 }, state: 'in_progress', created_at: '2026-06-01T10:00:00Z' },
      ctx,
    );
    expect(other.canAct).toBe(false);
    const ro = sessionToModel(
      task,
      { id: 'u3', user: { id: 7 }, state: 'weird', created_at: '2026-06-01T10:00:00Z' },
      { ...ctx, repo: { ...repo, canPush: false } },
    );
    expect(ro.canAct).toBe(false);
    expect(ro.state).toBe('queued');
    const third = sessionToModel(
      { ...task, agent: { slug: 'openai-codex', name: 'Codex' } },
      { id: 'u4', state: 'queued', created_at: '2026-06-01T10:00:00Z' },
      ctx,
    );
    expect(third.agent).toEqual({ slug: 'openai-codex', name: 'Codex' });
  });
});

describe('diffSessions', () => {
  it('reports changed and new sessions only', () => {
    const mk = (id: string, state: Session['state']) => ({ id, state }) as Session;
    expect(
      diffSessions(
        [mk('a', 'in_progress'), mk('b', 'completed')],
        [mk('a', 'completed'), mk('b', 'completed'), mk('c', 'queued')],
      ),
    ).toEqual([
      { sessionId: 'a', from: 'in_progress', to: 'completed' },
      { sessionId: 'c', from: null, to: 'queued' },
    ]);
  });
});

describe('fallback model (timeline + runs)', () => {
  it('n-th started event ↔ n-th agent run; the review bot is ignored', () => {
    const app = { slug: 'copilot-swe-agent', name: 'Copilot' };
    const work = agentWorkFromTimeline([
      { event: 'copilot_work_started', created_at: '2026-06-01T10:00:00Z', performed_via_github_app: app },
      {
        event: 'copilot_work_started',
        created_at: '2026-06-01T10:01:00Z',
        performed_via_github_app: { slug: 'copilot-pull-request-reviewer' },
      },
      { event: 'copilot_work_finished', created_at: '2026-06-01T10:20:00Z', performed_via_github_app: app },
      { event: 'commented', created_at: '2026-06-01T11:00:00Z' },
      { event: 'copilot_work_started', created_at: '2026-06-01T11:01:00Z', performed_via_github_app: app },
    ]);
    expect(work.map((w) => w.outcome)).toEqual(['finished', 'running']);
    const runs = [
      {
        id: 1,
        event: 'dynamic',
        path: 'dynamic/copilot-swe-agent/copilot',
        head_branch: 'copilot/fix-flaky',
        status: 'completed',
        conclusion: 'success',
        created_at: '2026-06-01T10:00:05Z',
      },
      {
        id: 2,
        event: 'pull_request',
        path: '.github/workflows/ci.yml',
        head_branch: 'copilot/fix-flaky',
        status: 'completed',
        conclusion: 'action_required',
        created_at: '2026-06-01T10:10:00Z',
      },
      {
        id: 3,
        event: 'dynamic',
        path: 'dynamic/copilot-swe-agent/copilot',
        head_branch: 'copilot/fix-flaky',
        status: 'in_progress',
        conclusion: null,
        created_at: '2026-06-01T11:01:05Z',
        name: 'Addressing comment on PR #12',
      },
    ];
    const sessions = sessionsFromPull(pr, repo, work, runs, {
      host: 'github.com',
      webOrigin: 'https://github.com',
      viewer: { id: 7, login: 'me' },
      creatorLogin: null,
    });
    expect(sessions.map((s) => [s.id, s.state, s.runId, s.source])).toEqual([
      ['tl-555-1', 'completed', 1, 'timeline'],
      ['tl-555-2', 'in_progress', 3, 'timeline'],
    ]);
    expect(sessions[1]?.title).toBe('Addressing comment on PR #12');
  });
});
