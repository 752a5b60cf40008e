import { describe, expect, it } from 'vitest';
import { agentsOf, buildSections, DEFAULT_FILTERS, matches, parseFilters } from '../../../components/popup/sections';
import { agentFromSlug } from '../../../utils/sessions/model';
import { makeSession } from './fixtures';

describe('popup: agent filter', () => {
  const copilot = makeSession({ title: 'Copilot one' });
  const codex = makeSession({ title: 'Docs', agent: agentFromSlug('openai-code-agent') });
  const claude = makeSession({ title: 'Rate limit', agent: agentFromSlug('anthropic-code-agent') });
  const all = [codex, copilot, claude];

  it('lists the agents present, Copilot first', () => {
    expect(agentsOf(all).map((a) => a.name)).toEqual(['Copilot', 'Claude', 'Codex']);
    expect(agentsOf([copilot]).map((a) => a.name)).toEqual(['Copilot']);
  });

  it('keeps only the chosen agent’s sessions; search finds the agent’s name', () => {
    const unread = new Set<string>();
    expect(all.filter((s) => matches(s, { ...DEFAULT_FILTERS, agent: 'openai-code-agent' }, unread))).toEqual([codex]);
    expect(all.filter((s) => matches(s, { ...DEFAULT_FILTERS, agent: 'copilot-swe-agent' }, unread))).toEqual([
      copilot,
    ]);
    expect(all.filter((s) => matches(s, { ...DEFAULT_FILTERS, query: 'claude' }, unread))).toEqual([claude]);
    const sections = buildSections(all, unread, { ...DEFAULT_FILTERS, agent: 'anthropic-code-agent' });
    expect([...sections.attention, ...sections.running, ...sections.recent]).toEqual([claude]);
  });

  it('remembers a well-formed agent only', () => {
    expect(parseFilters({ agent: 'openai-code-agent' }).agent).toBe('openai-code-agent');
    expect(parseFilters({ agent: '<script>' }).agent).toBe('');
    expect(parseFilters({ agent: 42 }).agent).toBe('');
  });
});
