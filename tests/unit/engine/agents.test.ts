import { describe, expect, it } from 'vitest';
import type { ApiRun } from '../../../utils/github/actions';
import { agentFromSlug, COPILOT_AGENT, type Session } from '../../../utils/sessions/model';
import { findSessionRun, keepKnownRuns, runAgentSlug, withAgentRun } from '../../../utils/sessions/runs';
import { makeSession } from '../popup/fixtures';

const T0 = Date.parse('2026-06-01T12:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

function run(id: number, path: string, extra: Partial<ApiRun> = {}): ApiRun {
  return {
    id,
    event: 'dynamic',
    path,
    head_branch: 'codex/docs',
    status: 'completed',
    conclusion: 'success',
    created_at: at(10),
    name: 'Running Codex agent',
    ...extra,
  };
}

function session(over: Partial<Session> = {}): Session {
  return makeSession({
    id: 's1',
    taskId: 't1',
    repo: { id: 1, owner: 'o', name: 'r', fullName: 'o/r' },
    pr: null,
    title: 'Docs',
    prompt: null,
    state: 'completed',
    createdAt: at(0),
    updatedAt: at(0),
    completedAt: null,
    headRef: 'codex/docs',
    creator: { id: 1, login: 'o' },
    links: { pr: null, session: null, run: null },
    ...over,
  });
}

describe('other agents', () => {
  it('names the partner agents by their GitHub App slugs', () => {
    expect(agentFromSlug('openai-code-agent')).toEqual({ slug: 'openai-code-agent', name: 'Codex' });
    expect(agentFromSlug('anthropic-code-agent')).toEqual({ slug: 'anthropic-code-agent', name: 'Claude' });
    expect(agentFromSlug('copilot-swe-agent')).toBe(COPILOT_AGENT);
    expect(agentFromSlug('some-agent', 'Some Agent')).toEqual({ slug: 'some-agent', name: 'Some Agent' });
    expect(agentFromSlug('<b>x</b>').slug).toBe('bxb');
  });

  it('reads the app of a dynamic run in both path shapes GitHub uses', () => {
    expect(runAgentSlug(run(1, 'dynamic/copilot-swe-agent/copilot'))).toBe('copilot-swe-agent');
    expect(runAgentSlug(run(1, 'dynamic/anthropic-code-agent/claude'))).toBe('anthropic-code-agent');
    expect(runAgentSlug(run(1, 'dynamic/agents/openai-code-agent'))).toBe('openai-code-agent');
    expect(runAgentSlug(run(1, '.github/workflows/ci.yml'))).toBeNull();
    expect(runAgentSlug(run(1, 'dynamic/agents/openai-code-agent', { event: 'push' }))).toBeNull();
  });

  it('a session the REST API calls Copilot’s is Codex’s when its run is Codex’s, and stays so on later syncs', () => {
    const codexRun = run(7, 'dynamic/agents/openai-code-agent');
    const s = session();
    expect(findSessionRun(s, [codexRun])?.id).toBe(7);
    const learnt = withAgentRun(s, codexRun, 'github.com');
    expect(learnt.agent).toEqual({ slug: 'openai-code-agent', name: 'Codex' });
    expect(learnt.links.run).toBe('https://github.com/o/r/actions/runs/7');
    // The next sync maps the task again without an agent: what the run told is kept.
    const [again] = keepKnownRuns([session()], [learnt], 'github.com');
    expect(again?.agent.name).toBe('Codex');
    expect(again?.runId).toBe(7);
    // Copilot's own run or code review's never relabels a session.
    expect(withAgentRun(s, run(8, 'dynamic/copilot-swe-agent/copilot'), 'github.com').agent).toBe(COPILOT_AGENT);
    expect(
      withAgentRun(s, run(9, 'dynamic/copilot-pull-request-reviewer/copilot-pull-request-reviewer'), 'github.com')
        .agent,
    ).toBe(COPILOT_AGENT);
    // A session already named for another agent keeps its name.
    const claude = session({ agent: agentFromSlug('anthropic-code-agent') });
    expect(withAgentRun(claude, codexRun, 'github.com').agent.name).toBe('Claude');
  });
});
