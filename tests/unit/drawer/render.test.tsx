import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Entry } from '../../../components/log/Entry';
import { LogView } from '../../../components/log/LogView';
import { search } from '../../../components/log/model';
import { SearchQuery } from '../../../components/log/Text';
import { parseActionsJobLog } from '../../../utils/logs/actions';
import { parseCopilotLog } from '../../../utils/logs/copilot-api';
import type { LogEntry } from '../../../utils/logs/types';
import { ACTIONS_LOG, COPILOT_LOG, readFixture } from './helpers';

// happy-dom has no layout: the log's scroll box is 800 px high and rows measure 60 px (the virtualizer reads offsetHeight).
const offsetHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight');
const offsetWidth = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('as-log-scroll') ? 800 : this.hasAttribute('data-index') ? 60 : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('as-log-scroll') ? 500 : 0;
    },
  });
});
afterAll(() => {
  if (offsetHeight) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', offsetHeight);
  if (offsetWidth) Object.defineProperty(HTMLElement.prototype, 'offsetWidth', offsetWidth);
});

let root: HTMLElement;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
});
const mount = (vnode: preact.VNode) => {
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(vnode, root));
  return root;
};
const noop = () => undefined;

function renderAll(entries: LogEntry[], query = '') {
  return mount(
    <SearchQuery.Provider value={query}>
      {entries.map((e) => (
        <Entry key={e.id} entry={e} open full onToggle={noop} onShowAll={noop} onCopy={noop} />
      ))}
    </SearchQuery.Provider>,
  );
}

describe.each([
  ['Copilot API log', COPILOT_LOG, parseCopilotLog],
  ['Actions job log', ACTIONS_LOG, parseActionsJobLog],
])('%s fixture', (_name, file, parse) => {
  const parsed = parse(readFixture(file));

  it('renders every parsed entry as one element with its kind and id', () => {
    expect(parsed.entries.length).toBeGreaterThan(5);
    const el = renderAll(parsed.entries);
    const rendered = el.querySelectorAll('[data-entry-kind]');
    expect(rendered).toHaveLength(parsed.entries.length);
    const ids = Array.from(rendered, (r) => r.getAttribute('data-entry-id'));
    expect(ids).toEqual(parsed.entries.map((e) => e.id));
    const kinds = Array.from(rendered, (r) => r.getAttribute('data-entry-kind'));
    expect(kinds).toEqual(parsed.entries.map((e) => e.kind));
  });

  it('shows each entry title as text', () => {
    const el = renderAll(parsed.entries);
    for (const e of parsed.entries) {
      if (e.kind === 'tool' || e.kind === 'setup' || e.kind === 'step' || e.kind === 'progress') {
        const node = el.querySelector(`[data-entry-id="${CSS.escape(e.id)}"] .as-entry-title`);
        expect(node?.textContent).toBe(e.title);
      }
    }
  });

  it('highlights as many matches as search counts', () => {
    const q = file === COPILOT_LOG ? 'readme' : 'report_progress';
    const result = search(parsed.entries, q);
    expect(result.total).toBeGreaterThan(0);
    const el = renderAll(parsed.entries, q);
    expect(el.querySelectorAll('mark.as-hit').length).toBe(result.total);
  });
});

describe('Copilot API fixture details', () => {
  const parsed = parseCopilotLog(readFixture(COPILOT_LOG));

  it('titles match the GitHub CLI rendering and paths are relative', () => {
    const el = renderAll(parsed.entries);
    const titles = Array.from(el.querySelectorAll('.as-entry-title'), (t) => t.textContent);
    expect(titles.slice(0, 2)).toEqual(["Start 'github-mcp-server' MCP server", "Start 'playwright' MCP server"]);
    expect(titles).toContain('View repository');
    expect(titles).toContain('Bash: Check current directory and list all files');
    expect(el.textContent).toContain('$ cd /home/runner/work/foo/foo && pwd && ls -la');
  });

  it('renders an edit as a coloured unified diff and a created file with its content', () => {
    const el = renderAll(parsed.entries);
    const edit = parsed.entries.find((e) => e.kind === 'tool' && e.diff);
    if (edit) {
      const node = el.querySelector(`[data-entry-id="${CSS.escape(edit.id)}"]`)!;
      expect(node.querySelectorAll('.as-diff-add, .as-diff-del').length).toBeGreaterThan(0);
    }
    const create = parsed.entries.find((e) => e.kind === 'tool' && e.file)!;
    expect(create).toBeTruthy();
    const node = el.querySelector(`[data-entry-id="${CSS.escape(create.id)}"]`)!;
    expect(node.textContent).toContain('#!/bin/bash');
  });

  it('folds long outputs behind "Show N more lines"', () => {
    const e: LogEntry = {
      kind: 'tool',
      id: 't',
      time: null,
      tool: 'bash',
      title: 'Bash: long',
      status: 'done',
      args: {},
      rawArgs: '{}',
      command: 'seq 100',
      output: Array.from({ length: 100 }, (_, i) => String(i)).join('\n'),
      diff: null,
      file: null,
      exitCode: 0,
    };
    const el = mount(<Entry entry={e} open full={false} onToggle={noop} onShowAll={noop} onCopy={noop} />);
    expect(el.querySelector('[data-action="show-more"]')?.textContent).toBe('Show 80 more lines');
    expect(el.textContent).not.toContain('\n99');
  });

  it('renders ANSI colours as classes on spans', () => {
    const e: LogEntry = { kind: 'setup', id: 's', time: null, title: 'ansi', output: 'ok \u001b[31mred\u001b[0m done' };
    const el = mount(<Entry entry={e} open full onToggle={noop} onShowAll={noop} onCopy={noop} />);
    const red = Array.from(el.querySelectorAll('span')).find((s) => s.textContent === 'red');
    expect(red?.className).toContain('as-fg-ansi-red');
    expect(el.textContent).not.toContain('\u001b');
  });
});

describe('LogView', () => {
  const parsed = parseCopilotLog(readFixture(COPILOT_LOG));
  const props = { sessionId: 's1', getMarkdown: () => '# md', getRaw: () => 'raw' };

  it('renders the virtualized window of rows with entry attributes', () => {
    const el = mount(<LogView entries={parsed.entries} version={1} live={false} {...props} />);
    const rows = el.querySelectorAll('[data-entry-kind]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(parsed.entries.length);
    expect(rows[0]!.getAttribute('data-entry-id')).toBe(parsed.entries[0]!.id);
  });

  it('shows the match count "1 of N" for a search', async () => {
    vi.useFakeTimers();
    try {
      const el = mount(<LogView entries={parsed.entries} version={1} live={false} {...props} />);
      const input = el.querySelector<HTMLInputElement>('[data-role="log-search"]')!;
      act(() => {
        input.value = 'readme';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await act(async () => {
        vi.advanceTimersByTime(300);
      });
      const total = search(parsed.entries, 'readme').total;
      expect(el.querySelector('[data-role="search-count"]')?.textContent).toBe(`1 of ${total}`);
      act(() => {
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      });
      expect(el.querySelector('[data-role="search-count"]')?.textContent).toBe(`2 of ${total}`);
      act(() => {
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
      });
      act(() => {
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
      });
      expect(el.querySelector('[data-role="search-count"]')?.textContent).toBe(`${total} of ${total}`);
    } finally {
      vi.useRealTimers();
    }
  });

  it('live: after the user scrolls up, new entries show "Jump to latest (N new)"; jumping follows again', () => {
    const first = parsed.entries.slice(0, 10);
    const el = mount(<LogView entries={first} version={1} live {...props} />);
    const scroller = el.querySelector<HTMLElement>('[data-role="log-scroll"]')!;
    Object.defineProperty(scroller, 'scrollHeight', { configurable: true, get: () => 2000 });
    Object.defineProperty(scroller, 'clientHeight', { configurable: true, get: () => 300 });
    expect(el.querySelector('[data-action="jump-latest"]')).toBeNull();
    act(() => {
      scroller.scrollTop = 1700;
      scroller.dispatchEvent(new Event('scroll'));
    });
    expect(el.querySelector('[data-action="jump-latest"]')).toBeNull();
    act(() => {
      scroller.scrollTop = 900;
      scroller.dispatchEvent(new Event('scroll'));
    });
    act(() => render(<LogView entries={parsed.entries.slice(0, 13)} version={2} live {...props} />, root));
    expect(el.querySelector('[data-action="jump-latest"]')?.textContent).toBe('Jump to latest (3 new)');
    act(() => el.querySelector<HTMLButtonElement>('[data-action="jump-latest"]')!.click());
    expect(el.querySelector('[data-action="jump-latest"]')).toBeNull();
  });

  it('expand all opens collapsed entries; collapse all closes them', () => {
    const el = mount(<LogView entries={parsed.entries} version={1} live={false} {...props} />);
    const setup = () => el.querySelector('[data-entry-kind="setup"]');
    expect(setup()?.getAttribute('data-open')).toBe('false');
    act(() => el.querySelector<HTMLButtonElement>('[data-action="expand-all"]')!.click());
    expect(setup()?.getAttribute('data-open')).toBe('true');
    act(() => el.querySelector<HTMLButtonElement>('[data-action="collapse-all"]')!.click());
    expect(setup()?.getAttribute('data-open')).toBe('false');
  });
});

describe('Entry: real-log shapes (tests/fixtures/logs, see tests/unit/logs/shapes.test.ts)', () => {
  it("shows a generic tool's arguments above its output, and unfinished and failed calls as such", () => {
    const older = parseActionsJobLog(readFixture('actions-transcript-older.log')).entries;
    const el = renderAll(older);
    const jobLogs = [...el.querySelectorAll('[data-entry-kind="tool"]')].find((n) =>
      n.textContent?.includes('Get GitHub Actions job logs'),
    );
    const args = jobLogs?.querySelector('[data-role="tool-args"]');
    expect(args?.textContent).toContain('job_id: 999');
    expect(jobLogs?.textContent?.indexOf('job_id: 999')).toBeLessThan(jobLogs?.textContent?.indexOf('404') ?? -1);
    expect(el.querySelector('[data-status="unfinished"]')?.textContent).toBe('did not finish');
    render(null, root);
    root.remove();
    const malformed = parseCopilotLog(readFixture('copilot-api-malformed.txt')).entries;
    const el2 = renderAll(malformed);
    expect(el2.querySelectorAll('[data-status="failed"]').length).toBeGreaterThanOrEqual(3);
    expect(el2.textContent).toContain('"description": "Show the build scr');
  });
});
