// @vitest-environment node
/**
 * The API layer against the twin in process (no second fake): timelines over 100 events, GraphQL partial answers
 * with ids above 2^31, PR joins by head branch, usage units, unsupported API versions. docs/fidelity.md "Issue 13".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient, type GitHubClient } from '../../../utils/github/client';
import { pullByHead, pullsByNodeIds } from '../../../utils/github/pulls';
import { agentWorkFromTimeline, getTimeline } from '../../../utils/github/timeline';
import { loginById } from '../../../utils/github/users';
import { usageFromApi, usageText } from '../../../utils/sessions/model';
import { fetchVia } from '../../twin/fetch-via';
import { startTwin, type Twin } from '../../twin/server';
import type { Scenario } from '../../twin/types';

const TOKEN = 'ghp_fidelity_token_0123456789';
const scenario: Scenario = {
  name: 'api-fidelity',
  webUser: 'octo',
  users: [
    { login: 'octo', id: 4_100_001 },
    { login: 'hubot', id: 4_100_002 },
  ],
  tokens: [{ token: TOKEN, user: 'octo', kind: 'classic', scopes: ['repo'] }],
  repos: [{ owner: 'octo', name: 'app', id: 910_000_001 }],
  pulls: [
    { repo: 'octo/app', number: 1, title: 'Busy PR', createdAt: '-4h', fillerComments: 150, head: 'copilot/busy' },
    { repo: 'octo/app', number: 2, title: 'Gone PR', createdAt: '-4h', head: 'copilot/gone' },
  ],
  tasks: [
    {
      repo: 'octo/app',
      pull: 1,
      creator: 'octo',
      artifactGlobalId: false,
      sessions: [
        { createdAt: '-60m', timeline: [{ at: '+10m', state: 'completed' }] },
        { createdAt: '-20m', timeline: [{ at: '+5s', state: 'in_progress' }], user: 'hubot' },
      ],
    },
    { repo: 'octo/app', pull: 2, creator: 'octo', sessions: [{ createdAt: '-30m' }] },
  ],
};

let twin: Twin;
let client: GitHubClient;

beforeAll(async () => {
  twin = await startTwin({ scenario, quiet: true, validate: true });
  const twinFetch = fetchVia(twin.url);
  client = createGitHubClient({ token: TOKEN, host: 'github.com', fetch: twinFetch, retryBaseMs: 1 });
});
afterAll(async () => {
  // Every request the API layer sent and every answer it got kept to GitHub's REST description.
  expect(twin.violations()).toEqual([]);
  await twin.close();
});

describe('the API layer on the truthful twin', () => {
  it('reads a timeline of more than 100 events to its last page (fidelity: "Timelines paginated")', async () => {
    const events = await getTimeline(client, 'octo', 'app', 1);
    expect(events.length).toBeGreaterThan(150);
    const work = agentWorkFromTimeline(events);
    expect(work.map((w) => w.outcome)).toEqual(['finished', 'running']);
  });

  it('keeps what resolved when one PR vanished; ids above 2^31 come from fullDatabaseId', async () => {
    const state = twin.state() as { pulls: Array<{ number: number; nodeId: string; id: number }> };
    const [busy, gone] = [state.pulls.find((p) => p.number === 1)!, state.pulls.find((p) => p.number === 2)!];
    expect(busy.id).toBeGreaterThan(2 ** 31);
    await fetch(`${twin.url}/_twin/delete-pull`, {
      method: 'POST',
      body: JSON.stringify({ repo: 'octo/app', number: 2 }),
    });
    const found = await pullsByNodeIds(client, [busy.nodeId, gone.nodeId]);
    expect([...found.keys()]).toEqual([busy.nodeId]);
    expect(found.get(busy.nodeId)).toMatchObject({ number: 1, databaseId: busy.id });
  });

  it('joins a PR by its head branch when the artifact has no global_id (fidelity: "Pull artifact without global_id")', async () => {
    const pr = await pullByHead(client, 'octo', 'app', 'copilot/busy');
    expect(pr).toMatchObject({ number: 1, headRef: 'copilot/busy' });
    expect(await pullByHead(client, 'octo', 'app', 'copilot/no-such-branch')).toBeNull();
  });

  it('resolves a creator known only by id to a login', async () => {
    expect(await loginById(client, 4_100_002)).toBe('hubot');
  });

  it('answers 400 to an unsupported API version (fidelity: "Unsupported X-GitHub-Api-Version")', async () => {
    const ask = (version: string) =>
      fetch(`${twin.url}/user`, {
        headers: { 'x-twin-host': 'api.github.com', authorization: `token ${TOKEN}`, 'x-github-api-version': version },
      });
    const bad = await ask('2020-01-01');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('2022-11-28');
    expect((await ask('2026-03-10')).status).toBe(200);
  });

  it('shows usage in the unit it was billed in (fidelity: "Session usage")', () => {
    expect(usageText(usageFromApi({ type: 'ai_credits', amount: 1_500_000_000 }))).toBe('1.5 AI credits');
    expect(usageText(usageFromApi({ type: 'ai_credits', amount: 1_000_000_000 }))).toBe('1 AI credit');
    expect(usageText(usageFromApi({ type: 'ai_credits', amount: 1000 }))).toBe('<0.01 AI credits');
    expect(usageText(usageFromApi({ type: 'premium_requests', amount: 1 }))).toBe('1 premium request');
    expect(usageFromApi({ type: 'tokens', amount: 3 })).toBeNull();
    expect(usageFromApi({ type: 'ai_credits', amount: -1 })).toBeNull();
  });
});
