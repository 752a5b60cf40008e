import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorNote } from '../../../components/ErrorNote';
import { StopButton } from '../../../components/StopButton';
import type { AppError } from '../../../utils/model/errors';
import type { StopStatus } from '../../../utils/model/state';
import { click, flush } from '../popup/helpers';

const ROOT = resolve(__dirname, '../../..');

let root: HTMLElement | null = null;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
});

async function mount(node: preact.ComponentChild): Promise<HTMLElement> {
  const el = document.createElement('div');
  document.body.append(el);
  root = el;
  await act(async () => {
    render(node, el);
  });
  return el;
}

const err = (over: Partial<AppError> = {}): AppError => ({
  kind: 'missing-permission',
  message: 'The token cannot stop sessions.',
  fix: 'Give the token Actions: write.',
  link: 'https://github.com/settings/personal-access-tokens',
  permission: 'Actions: write',
  ...over,
});

describe('ErrorNote', () => {
  it('does not repeat when requests resume if the message says it (a rate limit in toAppError’s words)', async () => {
    const retryAt = new Date(Date.now() + 600_000);
    const el = await mount(
      <ErrorNote
        error={err({
          kind: 'rate-limited',
          message: 'GitHub’s rate limit was reached; requests resume at 10:51.',
          retryAt: retryAt.toISOString(),
        })}
      />,
    );
    expect(el.textContent).not.toContain('Requests resume at');
    expect(el.textContent).toContain('requests resume at 10:51');
  });
  it('shows the message, permission, retry time, fix and an https link in the background’s words', async () => {
    const retryAt = new Date(Date.now() + 600_000);
    const el = await mount(<ErrorNote error={err({ retryAt: retryAt.toISOString() })} />);
    const note = el.querySelector('.as-note.as-note--error')!;
    expect(note.getAttribute('role')).toBe('alert');
    expect(note.getAttribute('data-error-kind')).toBe('missing-permission');
    expect(note.querySelector('.as-note-msg')!.textContent).toBe('The token cannot stop sessions.');
    const fixes = [...note.querySelectorAll('.as-note-fix')].map((p) => p.textContent);
    expect(fixes).toEqual([
      'Missing permission: Actions: write',
      `Requests resume at ${retryAt.toLocaleTimeString()}.`,
      'Give the token Actions: write.',
    ]);
    const a = note.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://github.com/settings/personal-access-tokens');
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    expect(a.textContent).toBe('Add the permission');
    expect(note.querySelectorAll('svg.octicon-alert')).toHaveLength(1);
    expect(note.classList.contains('as-note--compact')).toBe(false);
  });

  it.each([
    'http://github.com/settings/tokens',
    'javascript:alert(1)',
    'JavaScript:window.__pwned=1',
    'data:text/html,<script>alert(1)</script>',
    '//evil.example/x',
    '/settings/tokens',
    'not a url',
  ])('renders no link for %s', async (link) => {
    const el = await mount(<ErrorNote error={err({ link })} />);
    expect(el.querySelector('a')).toBeNull();
    expect(el.querySelector('.as-note-actions')).toBeNull();
    expect(el.textContent).toContain('The token cannot stop sessions.');
  });

  it('renders markup in the words as text, never as elements', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    const el = await mount(
      <ErrorNote error={{ kind: 'github-error', message: evil, fix: evil, link: null, permission: evil }} />,
    );
    expect(el.querySelectorAll('img, b, script')).toHaveLength(0);
    expect(el.querySelector('.as-note-msg')!.textContent).toBe(evil);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('omits what the error does not have; unknown kinds get generic link words', async () => {
    const el = await mount(
      <ErrorNote error={{ kind: 'github-error', message: 'GitHub answered 500.', fix: null, link: null }} />,
    );
    expect(el.querySelectorAll('.as-note-fix')).toHaveLength(0);
    expect(el.querySelector('.as-note-actions')).toBeNull();
    render(null, el);
    await act(async () => {
      render(
        <ErrorNote error={{ kind: 'github-error', message: 'x', fix: null, link: 'https://githubstatus.com' }} />,
        el,
      );
    });
    expect(el.querySelector('a')!.textContent).toBe('How to fix it');
  });

  it('takes extra actions as children, a role, a compact size and extra classes', async () => {
    const onRetry = vi.fn();
    const el = await mount(
      <ErrorNote error={err({ link: null })} role="status" compact class="as-extra">
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      </ErrorNote>,
    );
    const note = el.querySelector('.as-note')!;
    expect(note.getAttribute('role')).toBe('status');
    expect(note.className).toBe('as-note as-note--error as-note--compact as-extra');
    await click(note.querySelector('.as-note-actions button')!);
    expect(onRetry).toHaveBeenCalledTimes(1);
    render(null, el);
    await act(async () => {
      // biome-ignore lint/a11y/useValidAriaRole: ErrorNote's own prop (null = no role), not an ARIA attribute
      render(<ErrorNote error={err()} role={null} />, el);
    });
    expect(el.querySelector('.as-note')!.hasAttribute('role')).toBe(false);
  });
});

describe('StopButton errors are ErrorNotes', () => {
  const running = { id: 's1', state: 'in_progress' as const, canAct: true };
  const refusal = (error: AppError) => Object.assign(new Error(error.message), { error });

  it('a refused stop: the background’s error with its fix link; no Retry while the token lacks the permission', async () => {
    const onStop = vi.fn<() => Promise<void>>().mockRejectedValue(refusal(err()));
    const el = await mount(<StopButton session={running} status={undefined} confirm={false} onStop={onStop} />);
    await click(el.querySelector('[data-action="stop"]')!);
    await flush();
    const alert = el.querySelector('.as-stop [role="alert"]')!;
    expect(alert.textContent).toContain('Missing permission: Actions: write');
    expect([...alert.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Dismiss']);
    await click([...alert.querySelectorAll('button')].find((b) => b.textContent === 'Dismiss')!);
    expect(el.querySelector('[role="alert"]')).toBeNull();
  });

  it('a transient refusal: the background’s error with its fix link and a Retry that sends again', async () => {
    const onStop = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(refusal(err({ kind: 'github-error' })))
      .mockResolvedValue(undefined);
    const el = await mount(<StopButton session={running} status={undefined} confirm={false} onStop={onStop} />);
    await click(el.querySelector('[data-action="stop"]')!);
    await flush();
    const alert = el.querySelector('.as-stop [role="alert"]')!;
    expect(alert.matches('.as-note.as-note--error.as-stop-msg--error')).toBe(true);
    expect(alert.classList.contains('as-note--compact')).toBe(false);
    expect(alert.getAttribute('data-error-kind')).toBe('github-error');
    expect(alert.textContent).toContain('The token cannot stop sessions.');
    expect(alert.textContent).toContain('Missing permission: Actions: write');
    expect(alert.querySelectorAll('a')).toHaveLength(1);
    expect(alert.querySelector('a')!.getAttribute('href')).toBe('https://github.com/settings/personal-access-tokens');
    const retry = [...alert.querySelectorAll('button')].find((b) => b.textContent === 'Retry')!;
    expect(retry).toBeDefined();
    await click(retry);
    await flush();
    expect(onStop).toHaveBeenCalledTimes(2);
    expect(el.querySelector('[role="alert"]')).toBeNull();
  });

  it('compact (PR header, popup rows): the compact note; a non-https link is dropped', async () => {
    const onStop = vi
      .fn<() => Promise<void>>()
      .mockRejectedValue(refusal(err({ kind: 'github-error', link: 'javascript:alert(1)' })));
    const el = await mount(<StopButton session={running} status={undefined} confirm={false} onStop={onStop} compact />);
    await click(el.querySelector('[data-action="stop"]')!);
    await flush();
    const alert = el.querySelector('.as-stop [role="alert"]')!;
    expect(alert.classList.contains('as-note--compact')).toBe(true);
    expect(alert.querySelector('a')).toBeNull();
    expect(alert.querySelector('button')!.textContent).toBe('Retry');
  });

  it('an error thrown without a typed error still shows in an ErrorNote', async () => {
    const onStop = vi.fn<() => Promise<void>>().mockRejectedValue(new Error('port closed'));
    const el = await mount(<StopButton session={running} status={undefined} confirm={false} onStop={onStop} />);
    await click(el.querySelector('[data-action="stop"]')!);
    await flush();
    const alert = el.querySelector('[role="alert"]')!;
    expect(alert.getAttribute('data-error-kind')).toBe('github-error');
    expect(alert.querySelector('.as-note-msg')!.textContent).toBe('port closed');
  });

  const status = (phase: StopStatus['phase'], runUrl: string | null): StopStatus => ({
    sessionId: 's1',
    phase,
    message: 'GitHub has not stopped the run, even after a force-cancel.',
    runUrl,
    updatedAt: new Date().toISOString(),
  });

  it('a stuck run: a status ErrorNote with the run link (https only)', async () => {
    const el = await mount(
      <StopButton
        session={running}
        status={status('stuck', 'https://github.com/o/r/actions/runs/7')}
        confirm={false}
        onStop={vi.fn()}
      />,
    );
    const note = el.querySelector('.as-stop .as-stop-msg--error')!;
    expect(note.matches('.as-note.as-note--error')).toBe(true);
    expect(note.getAttribute('role')).toBe('status');
    expect(note.textContent).toContain('GitHub has not stopped the run');
    expect(note.querySelector('a')!.getAttribute('href')).toBe('https://github.com/o/r/actions/runs/7');
    expect(note.querySelector('a')!.textContent).toBe('Open the run');

    render(null, el);
    await act(async () => {
      render(
        <StopButton
          session={running}
          status={status('stuck', 'http://github.com/o/r/actions/runs/7')}
          confirm={false}
          onStop={vi.fn()}
        />,
        el,
      );
    });
    expect(el.querySelector('.as-stop-msg--error')).not.toBeNull();
    expect(el.querySelector('a')).toBeNull();
  });

  it('a refusal that is also the background’s failed status shows once, with Retry', async () => {
    const onStop = vi.fn<() => Promise<void>>().mockRejectedValue(refusal(err({ kind: 'github-error', link: null })));
    const failed = status('failed', 'https://github.com/o/r/actions/runs/7');
    const el = await mount(<StopButton session={running} status={undefined} confirm={false} onStop={onStop} />);
    await click(el.querySelector('[data-action="stop"]')!);
    await flush();
    await act(async () => {
      render(<StopButton session={running} status={failed} confirm={false} onStop={onStop} />, el);
    });
    const notes = el.querySelectorAll('.as-note');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.getAttribute('role')).toBe('alert');
    // The error has no link of its own: the run link comes along.
    expect(notes[0]!.querySelector('a')!.getAttribute('href')).toBe('https://github.com/o/r/actions/runs/7');
    expect(notes[0]!.querySelector('button')!.textContent).toBe('Retry');
  });

  it('plain progress stays a quiet <output>, not an error', async () => {
    const el = await mount(
      <StopButton
        session={running}
        status={{ ...status('force-cancelling', null), message: 'Still running: forcing it to stop…' }}
        confirm={false}
        onStop={vi.fn()}
      />,
    );
    expect(el.querySelector('.as-stop-feedback output.as-stop-msg')!.textContent).toBe(
      'Still running: forcing it to stop…',
    );
    expect(el.querySelector('.as-note')).toBeNull();
  });

  it('a "Stopped." note goes once the session reads Cancelled (issue 20 #1)', async () => {
    const stopped = { ...status('stopped', null), message: 'Stopped.' };
    const el = await mount(<StopButton session={running} status={stopped} confirm={false} onStop={vi.fn()} />);
    expect(el.querySelector('output.as-stop-msg')!.textContent).toBe('Stopped.');
    await act(async () => {
      render(
        <StopButton session={{ ...running, state: 'cancelled' }} status={stopped} confirm={false} onStop={vi.fn()} />,
        el,
      );
    });
    expect(el.querySelector('output.as-stop-msg')).toBeNull();
    expect(el.textContent).not.toContain('Stopped.');
  });

  it('Stop is labelled with text, also in its compact form (issue 20 #6)', async () => {
    const el = await mount(
      <StopButton session={running} status={undefined} confirm={false} onStop={vi.fn()} compact />,
    );
    expect(el.querySelector('[data-action="stop"]')!.textContent).toBe('Stop');
  });

  it('the confirmation is a styled callout in the feedback, not beside the button', async () => {
    const el = await mount(<StopButton session={running} status={undefined} confirm onStop={vi.fn()} />);
    await click(el.querySelector('[data-action="stop"]')!);
    const confirm = el.querySelector('.as-stop-feedback .as-stop-confirm')!;
    expect(confirm).not.toBeNull();
    expect(confirm.textContent).toContain('Stop this session?');
    expect(el.querySelector('[data-action="stop"]')!.getAttribute('aria-expanded')).toBe('true');
  });
});

describe('ErrorNote styles reach every surface', () => {
  const read = (f: string) => readFileSync(resolve(ROOT, f), 'utf8');

  it('live in controls.css, which the popup, options, drawer page and the PR page’s shadow roots all load', () => {
    const controls = read('components/controls.css');
    for (const sel of [
      '.as-note {',
      '.as-note--error {',
      '.as-note--compact {',
      '.as-note-body {',
      '.as-note-actions {',
    ])
      expect(controls, sel).toContain(sel);
    expect(read('components/popup/popup.css')).not.toMatch(/^\.as-note(--error)? \{/m);
    for (const f of ['entrypoints/popup/main.tsx', 'entrypoints/options/main.tsx', 'entrypoints/drawer/main.tsx'])
      expect(read(f), f).toContain("import '../../components/controls.css';");
    const shadow = read('components/page/shadow.tsx');
    expect(shadow).toContain("import controlsCss from '../controls.css?inline';");
    expect(shadow).toMatch(/SHADOW_CSS = \[[^\]]*controlsCss[^\]]*\]/);
    // The header's plain signed-out line keeps its own look without unsetting the boxed note.
    expect(read('components/page/page.css')).not.toMatch(/^\.as-note \{/m);
  });
});
