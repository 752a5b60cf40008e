import { afterEach, describe, expect, it, vi } from 'vitest';
import { toMarkdown } from '../../../components/log/deps';
import { downloadText, exportFilename } from '../../../components/log/download';
import { LogFeed } from '../../../entrypoints/drawer/feed';
import { parseActionsJobLog } from '../../../utils/logs/actions';
import { parseCopilotLog } from '../../../utils/logs/copilot-api';
import type { LogChunk } from '../../../utils/model/log';
import { ACTIONS_LOG, COPILOT_LOG, readFixture } from './helpers';

const ID = 's1';
const chunk = (over: Partial<LogChunk>): LogChunk => ({
  sessionId: ID,
  source: 'copilot-api',
  text: '',
  offset: 0,
  reset: false,
  complete: false,
  error: null,
  runUrl: null,
  ...over,
});

/** A background that serves `log` from any offset, growing by `step` characters per call. */
function growing(log: string, step: number, source: LogChunk['source'] = 'copilot-api') {
  let visible = 0;
  const calls: number[] = [];
  const fetch = async (_id: string, offset: number): Promise<LogChunk> => {
    calls.push(offset);
    visible = Math.min(log.length, visible + step);
    return chunk({ source, text: log.slice(offset, visible), offset, complete: visible >= log.length });
  };
  return { fetch, calls };
}

describe('LogFeed', () => {
  it('parses only what grew and ends with the same entries as a whole parse', async () => {
    const log = readFixture(COPILOT_LOG);
    const { fetch, calls } = growing(log, 1777);
    const feed = new LogFeed(ID, fetch);
    let rounds = 0;
    while (!feed.state.complete && rounds++ < 1000) await feed.poll();
    const whole = parseCopilotLog(log);
    expect(feed.model.entries).toEqual(whole.entries);
    expect(feed.raw).toBe(log);
    expect(feed.state.skipped).toBe(whole.skipped);
    // every request continued where the previous one stopped
    for (let i = 1; i < calls.length; i++) expect(calls[i]!).toBeGreaterThan(calls[i - 1]!);
  });

  it('starts over on reset and when the offsets do not line up', async () => {
    const log = readFixture(COPILOT_LOG);
    const feed = new LogFeed(ID, async () => chunk({ text: log, complete: true }));
    await feed.poll();
    const n = feed.model.entries.length;
    expect(feed.apply(chunk({ text: log.slice(0, 2000), reset: true }))).toBe(true);
    expect(feed.model.entries.length).toBeLessThan(n);
    expect(feed.offset).toBe(2000);
    // a chunk from a different offset is refused (the caller refetches from 0)
    expect(feed.apply(chunk({ text: 'x', offset: 99999 }))).toBe(false);
    expect(feed.offset).toBe(0);
    expect(feed.model.entries).toHaveLength(0);
  });

  it('Actions: the live step list, then the job log parsed whole', async () => {
    const feed = new LogFeed(ID, async () => chunk({}));
    const steps = [
      { name: 'Set up job', status: 'completed', conclusion: 'success', startedAt: null, completedAt: null },
      { name: 'Processing Request', status: 'in_progress', conclusion: null, startedAt: null, completedAt: null },
    ];
    feed.apply(chunk({ source: 'actions-steps', steps }));
    expect(feed.state.source).toBe('actions-steps');
    expect(feed.state.steps).toEqual(steps);
    const log = readFixture(ACTIONS_LOG);
    feed.apply(chunk({ source: 'actions-log', text: log, complete: true }));
    expect(feed.state.source).toBe('actions-log');
    expect(feed.model.entries).toEqual(parseActionsJobLog(log).entries);
    expect(feed.state.format).toBe('actions-2026');
  });

  it('keeps errors and never throws', async () => {
    const feed = new LogFeed(ID, async () => {
      throw Object.assign(new Error('x'), { error: { kind: 'offline', message: 'Offline', fix: null, link: null } });
    });
    await feed.poll();
    expect(feed.state.error?.message).toBe('Offline');
  });
});

describe('export', () => {
  afterEach(() => vi.restoreAllMocks());

  it('Markdown holds the header and every step title', async () => {
    const log = readFixture(COPILOT_LOG);
    const feed = new LogFeed(ID, async () => chunk({ text: log, complete: true }));
    await feed.poll();
    const md = toMarkdown(feed.parsed(), {
      title: 'Add OS info',
      state: 'Ready for review',
      source: 'Copilot API log',
    });
    expect(md.startsWith('# Add OS info\n')).toBe(true);
    expect(md).toContain('Ready for review');
    for (const title of [
      "Start 'github-mcp-server' MCP server",
      'View repository',
      'Bash: Check current directory and list all files',
    ])
      expect(md).toContain(title);
    expect(md).toContain('cd /home/runner/work/foo/foo && pwd && ls -la');
  });

  it('downloads through a Blob and a[download] with agent-session-<id> file names', async () => {
    expect(exportFilename('22222222-2222-4222-8222-222222222222', 'md')).toBe(
      'agent-session-22222222-2222-4222-8222-222222222222.md',
    );
    expect(exportFilename('../../etc/passwd', 'log')).toBe('agent-session-etcpasswd.log');
    let blob: Blob | null = null;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:x';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    downloadText('agent-session-1.md', '# hi', 'text/markdown');
    expect(clicked[0]?.download).toBe('agent-session-1.md');
    expect(await blob!.text()).toBe('# hi');
    expect(document.querySelector('a[download]')).toBeNull();
  });
});
