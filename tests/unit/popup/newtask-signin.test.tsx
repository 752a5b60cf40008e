import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../../components/popup/Popup';
import { SignIn } from '../../../components/popup/SignIn';
import type { NewTaskInput, Request } from '../../../utils/messages/protocol';
import type { AppError } from '../../../utils/model/errors';
import { makeSession, makeSnapshot } from './fixtures';
import { change, click, flush, mockApi, mount, RequestErr, typeInto } from './helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

async function openNewTask(handlers: NonNullable<Parameters<typeof mockApi>[0]>['handlers'] = {}) {
  const api = mockApi({
    state: makeSnapshot({ sessions: [makeSession({ state: 'cancelled', repoName: 'octo-org/known' })] }),
    handlers: { listRecentRepos: () => ['octo-org/recent-one', { fullName: 'octo-org/recent-two' }], ...handlers },
  });
  const m = await mount(<Popup api={api} />);
  cleanup = m.unmount;
  await click(m.root.querySelector('[data-action="new-task"]')!);
  const form = m.root.querySelector<HTMLFormElement>('[data-testid="new-task"]')!;
  return { api, root: m.root, form };
}

const field = (root: ParentNode, id: string) => root.querySelector<HTMLInputElement>(`#${id}`)!;
const submit = (form: HTMLFormElement) => click(form.querySelector('[data-action="start-task"]')!);

describe('start a new task', () => {
  it('suggests recent repositories first, then the ones in the list', async () => {
    const { root } = await openNewTask();
    const options = [...root.querySelectorAll('#nt-repos option')].map((o) => o.getAttribute('value'));
    expect(options).toEqual(['octo-org/recent-one', 'octo-org/recent-two', 'octo-org/known']);
    await click([...root.querySelectorAll('.as-chip')].find((c) => c.textContent === 'octo-org/recent-two')!);
    expect(field(root, 'nt-repo').value).toBe('octo-org/recent-two');
  });

  it('validates the repository and the prompt before sending', async () => {
    const { api, root, form } = await openNewTask();
    await typeInto(field(root, 'nt-repo'), 'not a repo');
    await submit(form);
    expect(root.textContent).toContain('Write the repository as owner/name');
    expect(root.textContent).toContain('Describe the task for the agent.');
    expect(api.requests.some((r) => r.type === 'startTask')).toBe(false);
  });

  it('counts characters live and refuses a prompt over 30,000', async () => {
    const { api, root, form } = await openNewTask();
    const prompt = root.querySelector<HTMLTextAreaElement>('#nt-prompt')!;
    await typeInto(prompt, 'hello');
    expect(root.querySelector('[data-testid="prompt-count"]')!.textContent).toContain('5 / 30,000');
    await typeInto(field(root, 'nt-repo'), 'octo-org/api');
    await typeInto(prompt, 'x'.repeat(30_001));
    const count = root.querySelector('[data-testid="prompt-count"]')!;
    expect(count.textContent).toContain('30,001 / 30,000');
    expect(count.textContent).toContain('1 too many');
    expect(form.querySelector<HTMLButtonElement>('[data-action="start-task"]')!.disabled).toBe(true);
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await flush();
    expect(api.requests.some((r) => r.type === 'startTask')).toBe(false);
  });

  it('sends startTask with every field and goes back to the list', async () => {
    const { api, root, form } = await openNewTask();
    await typeInto(field(root, 'nt-repo'), ' octo-org/api ');
    await typeInto(field(root, 'nt-base'), 'develop');
    await typeInto(root.querySelector<HTMLTextAreaElement>('#nt-prompt')!, 'Fix the bug\nwith two lines');
    await typeInto(field(root, 'nt-model'), 'claude-sonnet-4.5');
    await typeInto(field(root, 'nt-agent'), 'docs-writer');
    await change(form.querySelector<HTMLInputElement>('input[type="checkbox"]')!, false);
    await submit(form);
    const sent = api.requests.find((r): r is Extract<Request, { type: 'startTask' }> => r.type === 'startTask');
    const expected: NewTaskInput = {
      owner: 'octo-org',
      repo: 'api',
      prompt: 'Fix the bug\nwith two lines',
      baseRef: 'develop',
      model: 'claude-sonnet-4.5',
      customAgent: 'docs-writer',
      createPullRequest: false,
    };
    expect(sent?.input).toEqual(expected);
    expect(root.querySelector('[data-testid="new-task"]')).toBeNull();
    expect(root.querySelector('[aria-live="polite"]')!.textContent).toContain('Task started');
  });

  const refusals: AppError[] = [
    {
      kind: 'not-available',
      message: 'Copilot coding agent is not enabled for octo-org/api.',
      fix: 'An owner can enable it in the repository settings.',
      link: 'https://github.com/octo-org/api/settings/copilot/coding_agent',
    },
    {
      kind: 'not-available',
      message: 'Your Copilot plan does not include the coding agent.',
      fix: 'Upgrade.',
      link: null,
    },
    {
      kind: 'missing-permission',
      message: 'This token cannot start tasks.',
      fix: 'Add the permission.',
      link: 'https://github.com/settings/tokens',
      permission: 'Agent tasks: write',
    },
    {
      kind: 'validation',
      message: 'Branch “nope” does not exist in octo-org/api.',
      fix: 'Pick an existing branch.',
      link: null,
    },
    { kind: 'validation', message: 'The prompt is too long.', fix: 'Shorten it to 30,000 characters.', link: null },
  ];
  for (const err of refusals) {
    it(`shows the refusal in the background's words: ${err.message}`, async () => {
      const { root, form } = await openNewTask({
        startTask: () => {
          throw new RequestErr(err);
        },
      });
      await typeInto(field(root, 'nt-repo'), 'octo-org/api');
      await typeInto(root.querySelector<HTMLTextAreaElement>('#nt-prompt')!, 'Do it');
      await submit(form);
      const alert = form.querySelector('[role="alert"]')!;
      expect(alert.textContent).toContain(err.message);
      if (err.fix) expect(alert.textContent).toContain(err.fix);
      if (err.permission) expect(alert.textContent).toContain(err.permission);
      // nothing lost
      expect(root.querySelector<HTMLTextAreaElement>('#nt-prompt')!.value).toBe('Do it');
    });
  }
});

describe('sign-in', () => {
  it('signed out: explanation and sign-in only, with a pre-filled token link', async () => {
    const api = mockApi({ state: makeSnapshot({ auth: { status: 'signed-out' } }) });
    const m = await mount(<Popup api={api} />);
    cleanup = m.unmount;
    expect(m.root.querySelector('[data-testid="signed-out"]')).not.toBeNull();
    expect(m.root.querySelector('[data-testid="search"]')).toBeNull();
    expect(m.root.querySelector('[data-link="new-token"]')!.getAttribute('href')).toBe(
      'https://github.com/settings/tokens/new?scopes=repo&description=Agent%20Sessions',
    );
  });

  it('a bad token shows the error words and fix', async () => {
    const api = mockApi({
      handlers: {
        signIn: () => {
          throw new RequestErr({
            kind: 'bad-token',
            message: 'GitHub does not accept this token.',
            fix: 'Check you copied all of it, or create a new one.',
            link: 'https://github.com/settings/tokens/new?scopes=repo',
          });
        },
      },
    });
    const m = await mount(<SignIn api={api} host="github.com" />);
    cleanup = m.unmount;
    await typeInto(m.root.querySelector<HTMLInputElement>('input[type="password"]')!, 'ghp_bad');
    await click(m.root.querySelector('[data-action="sign-in"]')!);
    expect(api.requests).toContainEqual({ type: 'signIn', token: 'ghp_bad', host: 'github.com' });
    const alert = m.root.querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('GitHub does not accept this token.');
    expect(alert.textContent).toContain('Check you copied all of it');
  });

  it('a good token clears the field and reports success', async () => {
    let done = false;
    const api = mockApi({ handlers: { signIn: () => ({ login: 'octo-demo' }) } });
    const m = await mount(
      <SignIn
        api={api}
        host="octo.ghe.com"
        onSignedIn={() => {
          done = true;
        }}
      />,
    );
    cleanup = m.unmount;
    const input = m.root.querySelector<HTMLInputElement>('input[type="password"]')!;
    await typeInto(input, '  ghp_demo_token ');
    await click(m.root.querySelector('[data-action="sign-in"]')!);
    expect(api.requests).toContainEqual({ type: 'signIn', token: 'ghp_demo_token', host: 'octo.ghe.com' });
    expect(done).toBe(true);
    expect(input.value).toBe('');
  });

  it('device flow: shows the code and link, polls until done', async () => {
    let polls = 0;
    const api = mockApi({
      handlers: {
        deviceFlowStart: () => ({
          phase: 'pending',
          userCode: 'ABCD-1234',
          verificationUri: 'https://github.com/login/device',
          expiresAt: null,
          error: null,
        }),
        deviceFlowPoll: () => {
          polls++;
          return {
            phase: polls > 1 ? 'done' : 'pending',
            userCode: 'ABCD-1234',
            verificationUri: null,
            expiresAt: null,
            error: null,
          };
        },
      },
    });
    let done = false;
    const m = await mount(
      <SignIn
        api={api}
        host="github.com"
        deviceFlow
        onSignedIn={() => {
          done = true;
        }}
      />,
    );
    cleanup = m.unmount;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await act(async () => {
        m.root.querySelector<HTMLButtonElement>('[data-action="device-flow"]')!.click();
        await vi.advanceTimersByTimeAsync(0);
      });
      expect(m.root.querySelector('[data-testid="device-code"]')!.textContent).toBe('ABCD-1234');
      expect(m.root.querySelector('a[href="https://github.com/login/device"]')).not.toBeNull();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(5_000);
      });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(5_000);
      });
      expect(polls).toBe(2);
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('device flow not available: the button goes, the token stays', async () => {
    const api = mockApi({
      handlers: {
        deviceFlowStart: () => {
          throw new RequestErr({
            kind: 'not-available',
            message: 'No OAuth app in this build.',
            fix: null,
            link: null,
          });
        },
      },
    });
    const m = await mount(<SignIn api={api} host="github.com" deviceFlow />);
    cleanup = m.unmount;
    await click(m.root.querySelector('[data-action="device-flow"]')!);
    expect(m.root.querySelector('[data-action="device-flow"]')).toBeNull();
    expect(m.root.querySelector('input[type="password"]')).not.toBeNull();
  });

  it('a build without an OAuth app never offers "Sign in with GitHub"; the guide lists each permission', async () => {
    const m = await mount(<SignIn api={mockApi({})} host="github.com" />);
    cleanup = m.unmount;
    expect(m.root.querySelector('[data-action="device-flow"]')).toBeNull();
    expect(m.root.textContent).not.toContain('Sign in with GitHub');
    const guide = m.root.querySelector('[data-testid="token-permissions"]')!;
    expect(guide.textContent).toContain('Agent tasks: Read and write');
    expect(guide.textContent).toContain('Actions: Read and write');
    expect(guide.textContent).toContain('Pull requests: Read');
    const link = m.root.querySelector<HTMLAnchorElement>('a[data-link="new-fine-grained-token"]')!;
    const url = new URL(link.href);
    expect(url.pathname).toBe('/settings/personal-access-tokens/new');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      name: 'Agent Sessions',
      agent_tasks: 'write',
      actions: 'write',
      pull_requests: 'read',
      contents: 'read',
    });
    // No literal backticks or raw URLs in the words.
    expect(m.root.textContent).not.toMatch(/`|https?:\/\//);
  });
});
