import { describe, expect, it } from 'vitest';
import {
  agentsPageUrl,
  compareUrl,
  createPrUrl,
  handoffsOf,
  resumeCommand,
  vscodeUrl,
} from '../../../utils/sessions/handoffs';
import type { Session } from '../../../utils/sessions/model';
import { makeSession } from '../popup/fixtures';

const ID = '5e1f0a99-ffff-4fff-9fff-00000000000f';

function session(over: Partial<Session> = {}): Session {
  return makeSession({
    id: ID,
    taskId: null,
    repo: { id: 1, owner: 'octo-demo', name: 'dotfiles', fullName: 'octo-demo/dotfiles' },
    pr: null,
    title: 'Zsh prompt',
    prompt: null,
    state: 'completed',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    completedAt: null,
    headRef: 'copilot/zsh-git-prompt',
    links: { pr: null, session: null, run: null },
    ...over,
  });
}

const PR = {
  number: 42,
  title: 'PR',
  state: 'open' as const,
  draft: false,
  url: 'https://github.com/octo-org/webapp/pull/42',
  databaseId: null,
  nodeId: null,
};

describe('hand-offs', () => {
  it('builds the compare page and the create-PR form of a branch-only session', () => {
    const s = session();
    expect(compareUrl('https://github.com', s)).toBe(
      'https://github.com/octo-demo/dotfiles/compare/main...copilot/zsh-git-prompt',
    );
    expect(createPrUrl('https://github.com', s)).toBe(
      'https://github.com/octo-demo/dotfiles/compare/main...copilot/zsh-git-prompt?expand=1',
    );
    expect(createPrUrl('https://octo.ghe.com', s)).toMatch(/^https:\/\/octo\.ghe\.com\/octo-demo\/dotfiles\/compare\//);
    // Without a base: GitHub compares with the default branch.
    expect(compareUrl('https://github.com', session({ baseRef: null }))).toBe(
      'https://github.com/octo-demo/dotfiles/compare/copilot/zsh-git-prompt',
    );
  });

  it('offers no branch links for a session with a PR, without a branch, or with a ref git would refuse', () => {
    expect(createPrUrl('https://github.com', session({ pr: PR }))).toBeNull();
    expect(createPrUrl('https://github.com', session({ headRef: null }))).toBeNull();
    for (const bad of ['a b', 'x..y', 'a?b=1', 'a#b'.replace('#', ':'), '/lead', 'trail/', 'a\u0000b', 'a@{1}'])
      expect(createPrUrl('https://github.com', session({ headRef: bad })), bad).toBeNull();
    expect(createPrUrl('https://github.com', session({ baseRef: 'ma in' }))).toBeNull();
    // A branch name's characters that mean something in a URL are encoded; its slashes stay.
    expect(compareUrl('https://github.com', session({ headRef: 'copilot/a#b%c', baseRef: null }))).toBe(
      'https://github.com/octo-demo/dotfiles/compare/copilot/a%23b%25c',
    );
  });

  it('never builds a link on an origin that is not a bare https origin', () => {
    for (const o of ['http://github.com', 'javascript:alert(1)', 'https://github.com/x', 'https://u:p@github.com', ''])
      expect(createPrUrl(o, session()), o).toBeNull();
    expect(agentsPageUrl('https://github.com')).toBe('https://github.com/copilot/agents');
    expect(agentsPageUrl('http://github.com')).toBeNull();
  });

  it('opens a PR in VS Code with the GitHub Pull Requests extension’s documented URI, PRs only', () => {
    expect(vscodeUrl(session({ pr: PR }))).toBe(
      'vscode://github.vscode-pull-request-github/checkout-pull-request?uri=https://github.com/octo-org/webapp/pull/42',
    );
    expect(vscodeUrl(session())).toBeNull();
    expect(vscodeUrl(session({ pr: { ...PR, url: 'http://github.com/octo-org/webapp/pull/42' } }))).toBeNull();
    expect(vscodeUrl(session({ pr: { ...PR, url: 'https://github.com/o/r/pull/42?x=&y' } }))).toBeNull();
    expect(vscodeUrl(session({ pr: { ...PR, url: 'https://github.com/o/r/issues/42' } }))).toBeNull();
  });

  it('copies `copilot --resume=<id>` for Copilot’s sessions only, with an id that is a UUID', () => {
    expect(resumeCommand(session())).toBe(`copilot --resume=${ID}`);
    expect(resumeCommand(session({ agent: { slug: 'openai-code-agent', name: 'Codex' } }))).toBeNull();
    expect(resumeCommand(session({ id: 'x; rm -rf ~' }))).toBeNull();
  });

  it('collects every hand-off of a session', () => {
    const h = handoffsOf('https://github.com', session({ pr: PR }));
    expect(h).toEqual({
      compare: null,
      createPr: null,
      vscode: expect.stringMatching(/^vscode:\/\//),
      resume: `copilot --resume=${ID}`,
      agents: 'https://github.com/copilot/agents',
    });
  });
});
