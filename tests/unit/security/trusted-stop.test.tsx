/**
 * Issue 17 #1, as the attacker: a page script (GitHub's own, an XSS, another extension) presses Stop with `.click()`
 * or a dispatched event. Only a person's (trusted) click acts, for the Stop button, the confirm's Stop and Retry.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StopButton } from '../../../components/StopButton';
import { click, scriptClick } from '../popup/helpers';

let root: HTMLElement | null = null;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
});

function mount(confirm: boolean, onStop: () => Promise<void>): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  const el = root;
  act(() =>
    render(
      <StopButton
        session={{ id: 's1', state: 'in_progress', canAct: true }}
        status={undefined}
        confirm={confirm}
        onStop={onStop}
      />,
      el,
    ),
  );
  return el;
}

describe('Stop acts only on a trusted click (issue 17 #1)', () => {
  it('a script click does nothing; the person’s click stops at once (one click)', async () => {
    const onStop = vi.fn(async () => {});
    const el = mount(false, onStop);
    const button = el.querySelector<HTMLButtonElement>('[data-action="stop"]')!;
    await scriptClick(button);
    expect(onStop).not.toHaveBeenCalled();
    await click(button);
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('with confirmation on: a script can neither open the confirm nor press its Stop', async () => {
    const onStop = vi.fn(async () => {});
    const el = mount(true, onStop);
    await scriptClick(el.querySelector<HTMLButtonElement>('[data-action="stop"]')!);
    expect(el.querySelector('.as-stop-confirm')).toBeNull();
    await click(el.querySelector<HTMLButtonElement>('[data-action="stop"]')!);
    const confirmStop = [...el.querySelectorAll<HTMLButtonElement>('.as-stop-confirm button')].find(
      (b) => b.textContent === 'Stop',
    )!;
    await scriptClick(confirmStop);
    expect(onStop).not.toHaveBeenCalled();
    await click(confirmStop);
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('Retry after a refusal is a trusted click too', async () => {
    const onStop = vi.fn(async () => {
      throw { error: { kind: 'github-error', message: 'nope', fix: null, link: null } };
    });
    const el = mount(false, onStop);
    await click(el.querySelector<HTMLButtonElement>('[data-action="stop"]')!);
    const retry = [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Retry')!;
    await scriptClick(retry);
    expect(onStop).toHaveBeenCalledTimes(1);
    await click(retry);
    expect(onStop).toHaveBeenCalledTimes(2);
  });
});
