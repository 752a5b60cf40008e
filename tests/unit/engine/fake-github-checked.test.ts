// @vitest-environment node
/**
 * The engine's fake GitHub is checked against GitHub's REST description like the twin (tests/twin/openapi-check.ts):
 * a wrong request or an answer GitHub would not give goes red at the end of the test that caused it.
 */
import { describe, expect, it } from 'vitest';
import { FakeGitHub, TOKEN } from './fake-github';

describe('the engine’s fake GitHub is checked', () => {
  it('a wrong query parameter is reported', async () => {
    const gh = new FakeGitHub();
    const headers = { authorization: `token ${TOKEN}` };
    await gh.fetch('https://api.github.com/agents/tasks?per_page=5', { headers });
    expect(gh.violations).toEqual([]);
    await gh.fetch('https://api.github.com/agents/tasks?sort=newest&per_page=500', { headers });
    expect(gh.violations).toEqual([
      expect.stringContaining('sort=newest not one of'),
      expect.stringContaining('per_page=500 above 100'),
    ]);
    gh.allowedViolations.push(/sort=newest|per_page=500/); // provoked here on purpose
  });

  it('its answers are whole GitHub answers (missing fields come from GitHub’s examples) and validate', async () => {
    const gh = new FakeGitHub();
    const res = await gh.fetch('https://api.github.com/user', { headers: { authorization: `token ${TOKEN}` } });
    const user = (await res.json()) as Record<string, unknown>;
    expect(user.login).toBe('octo');
    expect(user).toHaveProperty('events_url');
    expect(gh.violations).toEqual([]);
  });
});
