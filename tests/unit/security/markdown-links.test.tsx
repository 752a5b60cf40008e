/**
 * Issue 17 #10, as the attacker: an agent's Markdown whose link text looks like another URL. Every link shows its
 * real host (ASCII, punycode kept as `xn--…`) unless the text is the URL itself with nothing hidden.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from '../../../components/log/Markdown';
import { linkHostNote } from '../../../utils/logs/markdown';

let root: HTMLElement | null = null;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
});

function show(text: string): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  const el = root;
  act(() => render(<Markdown text={text} />, el));
  return el;
}

describe('links show their real host (issue 17 #10)', () => {
  it('a GitHub-looking text on another host shows that host', () => {
    const el = show('See [https://github.com/octo/app/pull/1](https://evil.example/steal) now');
    const a = el.querySelector('a');
    expect(a?.getAttribute('href')).toBe('https://evil.example/steal');
    expect(el.textContent).toContain('https://github.com/octo/app/pull/1 (evil.example)');
  });

  it('userinfo that looks like a host, and punycode, show the real ASCII host', () => {
    const el = show('<https://github.com@evil.example/x> and [github.com](https://gіthub.com/) ');
    expect(el.textContent).toContain('(evil.example)');
    expect(el.textContent).toContain('(xn--gthub-n2e.com)');
  });

  it('a plain URL shown as itself needs no note', () => {
    const el = show('<https://github.com/octo/app>');
    expect(el.querySelector('a')?.textContent).toBe('https://github.com/octo/app');
    expect(el.textContent).not.toContain('(github.com)');
    expect(linkHostNote('https://docs.github.com/x', 'the docs')).toBe('docs.github.com');
    expect(linkHostNote('https://github.com/a', 'https://github.com/a')).toBeNull();
  });
});
