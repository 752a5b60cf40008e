import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { Entry } from '../../../components/log/Entry';
import { parseActionsJobLog } from '../../../utils/logs/actions';
import { parseCopilotLog } from '../../../utils/logs/copilot-api';
import type { LogEntry } from '../../../utils/logs/types';
import {
  copilotApiHostileLog,
  forgedSessionIdLog,
  hostileTexts,
  hugeCopilotApiLog,
} from '../../fixtures/hostile/index';

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});
const noop = () => undefined;

function renderEntries(entries: LogEntry[]): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  act(() =>
    render(
      <>
        {entries.map((e) => (
          <Entry key={e.id} entry={e} open full onToggle={noop} onShowAll={noop} onCopy={noop} />
        ))}
      </>,
      root,
    ),
  );
  return root;
}

/** Nothing active may exist: no script/img/iframe/style/object/embed/form, no on* attributes, links https only. */
function expectInert(el: HTMLElement) {
  expect(
    el.querySelectorAll('script, img, iframe, style, object, embed, form, link, meta, base, video, audio'),
  ).toHaveLength(0);
  // Only our own octicons may be SVG.
  for (const svg of el.querySelectorAll('svg')) expect(svg.classList.contains('octicon')).toBe(true);
  for (const node of el.querySelectorAll('*')) {
    for (const attr of Array.from(node.attributes)) {
      expect(attr.name.startsWith('on'), `${node.tagName} ${attr.name}`).toBe(false);
      if (attr.name === 'style') expect(attr.value).not.toMatch(/url\(|expression|javascript/i);
    }
  }
  for (const a of el.querySelectorAll('a')) {
    expect(new URL(a.getAttribute('href') ?? '').protocol).toBe('https:');
    expect(a.getAttribute('rel')).toContain('noopener');
  }
  // No escape character reaches the page, and no bidi override acts on the text.
  const codes = Array.from(el.textContent ?? '', (c) => c.charCodeAt(0));
  const active = codes.filter((c) => c === 0x1b || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069));
  expect(active).toEqual([]);
}

const asEntries = (text: string): LogEntry[] => [
  { kind: 'message', id: 'm', time: null, markdown: text },
  { kind: 'reasoning', id: 'r', time: null, text },
  { kind: 'setup', id: 's', time: null, title: text, output: text },
  { kind: 'error', id: 'e', time: null, message: text },
  { kind: 'summary', id: 'p', time: null, prTitle: text, markdown: text },
  { kind: 'progress', id: 'g', time: null, title: text, markdown: text, output: text },
  {
    kind: 'tool',
    id: 't',
    time: null,
    tool: text,
    title: text,
    status: 'done',
    args: null,
    rawArgs: text,
    command: text,
    output: text,
    diff: null,
    file: null,
    exitCode: 1,
  },
  {
    kind: 'tool',
    id: 'd',
    time: null,
    tool: 'str_replace',
    title: 'Edit x',
    status: 'done',
    args: {},
    rawArgs: '{}',
    command: null,
    output: null,
    diff: { path: text, oldText: text, newText: `${text}\n+more` },
    file: null,
    exitCode: null,
  },
  { kind: 'step', id: 'st', time: null, title: text, lines: text.split('\n'), status: 'failure' },
  {
    kind: 'turn',
    id: 'tu',
    time: null,
    turn: 1,
    model: text,
    inputTokens: 1,
    outputTokens: 2,
    messageChars: 3,
    toolCallCount: 1,
    tools: [{ name: text, arg: text, success: false }],
  },
];

describe('hostile corpus renders inert and readable', () => {
  it.each(Object.entries(hostileTexts))('%s in every entry kind', (_name, text) => {
    const el = renderEntries(asEntries(text));
    expectInert(el);
    expect(el.querySelectorAll('[data-entry-kind]')).toHaveLength(10);
  });

  it('shows hostile markup as literal text', () => {
    const el = renderEntries(asEntries(hostileTexts.htmlAndScript!));
    expect(el.textContent).toContain('<script');
  });

  it('the hostile Copilot API log', () => {
    const parsed = parseCopilotLog(copilotApiHostileLog);
    const el = renderEntries(parsed.entries);
    expect(el.querySelectorAll('[data-entry-kind]')).toHaveLength(parsed.entries.length);
    expectInert(el);
  });

  it('the Actions log with forged session ids and runner markers', () => {
    const parsed = parseActionsJobLog(forgedSessionIdLog);
    const el = renderEntries(parsed.entries);
    expect(el.querySelectorAll('[data-entry-kind]')).toHaveLength(parsed.entries.length);
    expectInert(el);
  });

  it('1 MB lines fold and stay inert', () => {
    const parsed = parseCopilotLog(hugeCopilotApiLog(256 * 1024));
    root = document.createElement('div');
    document.body.append(root);
    act(() =>
      render(
        <>
          {parsed.entries.map((e) => (
            <Entry key={e.id} entry={e} open full={false} onToggle={noop} onShowAll={noop} onCopy={noop} />
          ))}
        </>,
        root,
      ),
    );
    expectInert(root);
  });
});
