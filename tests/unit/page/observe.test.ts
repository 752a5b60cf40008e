import { afterEach, describe, expect, it, vi } from 'vitest';
import { observe } from '../../../utils/page/observe';

const frame = () => new Promise((r) => setTimeout(r, 120));

afterEach(() => document.body.replaceChildren());

describe('observe', () => {
  it('handles present and later elements exactly once, batched, until aborted', async () => {
    document.body.innerHTML = '<div class="x" id="a"></div><div class="y"></div>';
    const seen: string[] = [];
    const ac = new AbortController();
    observe('.x', (el) => seen.push(el.id), ac.signal);
    expect(seen).toEqual(['a']);

    const b = document.createElement('div');
    b.className = 'x';
    b.id = 'b';
    const wrap = document.createElement('section');
    wrap.innerHTML = '<p><span class="x" id="c"></span></p>';
    document.body.append(b, wrap);
    // Moving an element re-adds it: still processed once.
    document.body.append(document.getElementById('a')!);
    await frame();
    expect(seen).toEqual(['a', 'b', 'c']);

    ac.abort();
    const d = document.createElement('div');
    d.className = 'x';
    d.id = 'd';
    document.body.append(d);
    await frame();
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('never throws a callback error into the page', async () => {
    document.body.innerHTML = '<i class="x"></i><i class="x"></i>';
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let calls = 0;
    expect(() =>
      observe(
        '.x',
        () => {
          calls++;
          throw new Error('boom');
        },
        new AbortController().signal,
      ),
    ).not.toThrow();
    expect(calls).toBe(2);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
