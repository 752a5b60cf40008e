import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../entrypoints/drawer/App';
import type { LogChunk } from '../../../utils/model/log';
import { fake, RequestError } from '../page/fake-client';
import { makeSession, makeSnapshot } from '../popup/fixtures';
import { click, flush } from '../popup/helpers';

vi.mock('../../../utils/messages/client', () => import('../page/fake-client'));

const session = makeSession({ state: 'in_progress' });
const params = { sessionId: session.id, theme: 'light' as const, pageLogin: 'octo-demo', host: 'github.com' };

let root: HTMLElement | null = null;
beforeEach(() => fake.reset());
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
});

async function mountApp(): Promise<HTMLElement> {
  const el = document.createElement('div');
  document.body.append(el);
  root = el;
  await act(async () => {
    render(<App initial={params} />, el);
  });
  await flush(5);
  return el;
}

const chunk = (over: Partial<LogChunk> = {}): LogChunk => ({
  sessionId: session.id,
  source: 'none',
  text: '',
  offset: 0,
  reset: false,
  complete: true,
  error: null,
  runUrl: null,
  ...over,
});

describe('drawer errors are ErrorNotes', () => {
  it('a log error: the background’s words, fix and https link', async () => {
    fake.handlers.getState = () => makeSnapshot({ sessions: [session] });
    fake.handlers.getLog = () =>
      chunk({
        error: {
          kind: 'missing-permission',
          message: 'The token cannot read this log.',
          fix: 'Give the token Actions: read.',
          link: 'https://github.com/settings/personal-access-tokens',
          permission: 'Actions: read',
        },
      });
    const el = await mountApp();
    const note = el.querySelector('.as-drawer-error')!;
    expect(note.matches('.as-note.as-note--error[role="alert"]')).toBe(true);
    expect(note.getAttribute('data-error-kind')).toBe('missing-permission');
    expect(note.querySelector('.as-note-msg')!.textContent).toBe('The token cannot read this log.');
    expect(note.textContent).toContain('Missing permission: Actions: read');
    expect(note.textContent).toContain('Give the token Actions: read.');
    expect(note.querySelector('a')!.getAttribute('href')).toBe('https://github.com/settings/personal-access-tokens');
  });

  it('a failed log request (typed error, javascript: link dropped)', async () => {
    fake.handlers.getState = () => makeSnapshot({ sessions: [session] });
    fake.handlers.getLog = () =>
      new RequestError({
        kind: 'offline',
        message: 'GitHub is not answering.',
        fix: null,
        link: 'javascript:alert(1)',
      });
    const el = await mountApp();
    const note = el.querySelector('.as-drawer-error')!;
    expect(note.getAttribute('data-error-kind')).toBe('offline');
    expect(note.textContent).toContain('GitHub is not answering.');
    expect(note.querySelector('a')).toBeNull();
  });

  it('the state cannot be read: an ErrorNote with the background’s words', async () => {
    fake.handlers.getState = () =>
      new RequestError({
        kind: 'offline',
        message: 'The extension’s background is not answering.',
        fix: 'Reload the page; if it persists, reload the extension.',
        link: null,
      });
    fake.handlers.getLog = () => chunk();
    const el = await mountApp();
    const note = el.querySelector('.as-note--error[data-error-kind="offline"]')!;
    expect(note.classList.contains('as-drawer-error')).toBe(true);
    expect(note.querySelector('.as-note-msg')!.textContent).toBe('The extension’s background is not answering.');
    expect(note.textContent).toContain('Reload the page; if it persists, reload the extension.');
  });

  it('a refused stop in the drawer (account mismatch): the ErrorNote, no Retry that cannot work (issue 20 #9)', async () => {
    fake.handlers.getState = () => makeSnapshot({ sessions: [session] });
    fake.handlers.getLog = () => chunk();
    fake.handlers.stopSession = () =>
      new RequestError({
        kind: 'validation',
        message: 'You are signed in on GitHub as @monalisa, the extension as @octo-demo.',
        fix: null,
        link: null,
      });
    const el = await mountApp();
    await click(el.querySelector('[data-action="stop"]')!);
    await flush();
    const alert = el.querySelector('.as-stop [role="alert"]')!;
    expect(alert.matches('.as-note.as-note--error')).toBe(true);
    expect(alert.textContent).toContain('@monalisa');
    expect([...alert.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Dismiss']);
  });
});
