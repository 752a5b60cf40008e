import { describe, expect, it, vi } from 'vitest';
import { askForChanges } from '../../../utils/background/follow-up';
import type { GitHubClient } from '../../../utils/github/client';
import type { AuthInfo } from '../../../utils/model/state';
import { followUpBody } from '../../../utils/sessions/handoffs';
import { COPILOT_AGENT, type Session } from '../../../utils/sessions/model';

const auth = { login: 'octo-demo', id: 1, host: 'github.com' } as AuthInfo;
const session = {
  id: 's1',
  agent: COPILOT_AGENT,
  repo: { id: 1, owner: 'o', name: 'r', fullName: 'o/r' },
  pr: {
    number: 3,
    title: 'T',
    state: 'open',
    draft: false,
    url: 'https://github.com/o/r/pull/3',
    databaseId: 1,
    nodeId: null,
  },
} as Session;

function client() {
  const send = vi.fn(async () => ({
    status: 201,
    data: { html_url: 'https://github.com/o/r/pull/3#issuecomment-1' },
    headers: {},
  }));
  return { send, c: { send } as unknown as GitHubClient };
}

describe('ask Copilot for changes', () => {
  it('posts exactly the previewed body: the text after @copilot, trimmed', () => {
    expect(followUpBody('  Add tests\r\nplease  ')).toBe('@copilot Add tests\nplease');
    expect(followUpBody('@Copilot fix it')).toBe('@Copilot fix it');
    expect(followUpBody('email me@copilot.dev')).toBe('@copilot email me@copilot.dev');
  });

  it('comments on the session’s PR, then syncs at once and twice more', async () => {
    const { send, c } = client();
    const refresh = vi.fn(async () => undefined);
    const later: number[] = [];
    const res = await askForChanges(
      { text: 'Add tests', pageLogin: 'Octo-Demo' },
      { client: c, auth, session, refresh, later: (_fn, ms) => later.push(ms) },
    );
    expect(send).toHaveBeenCalledWith('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: 'o',
      repo: 'r',
      issue_number: 3,
      body: '@copilot Add tests',
    });
    expect(res).toEqual({ body: '@copilot Add tests', commentUrl: 'https://github.com/o/r/pull/3#issuecomment-1' });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(later).toEqual([4_000, 12_000]);
  });

  it('posts nothing for another page account, a session without a PR, or an empty text', async () => {
    const { send, c } = client();
    const refresh = vi.fn(async () => undefined);
    await expect(
      askForChanges({ text: 'x', pageLogin: 'monalisa' }, { client: c, auth, session, refresh }),
    ).rejects.toMatchObject({ appError: { message: expect.stringContaining('@monalisa') } });
    await expect(
      askForChanges({ text: 'x', pageLogin: null }, { client: c, auth, session: { ...session, pr: null }, refresh }),
    ).rejects.toMatchObject({ appError: { message: expect.stringContaining('no pull request') } });
    await expect(
      askForChanges({ text: '  ', pageLogin: null }, { client: c, auth, session, refresh }),
    ).rejects.toBeTruthy();
    expect(send).not.toHaveBeenCalled();
    expect(refresh).not.toHaveBeenCalled();
  });
});
