/**
 * `views.pushBytesPerChange` (issue 19): what one session's state change sends, in total, to the open views. The
 * real publisher (utils/background/publisher.ts) in Node with 1,000 sessions (100 PRs over 20 repositories, 10
 * sessions each), 30 PR-tab ports each watching one PR and 1 popup port watching everything; fake ports count the
 * JSON bytes posted. One session on a watched PR changes state; the figure is the bytes all ports receive for it
 * (the popup's whole state plus the one PR tab that shows the session; the other 29 tabs receive nothing).
 */
import { type PortLike, Publisher } from '../../utils/background/publisher';
import { emptyData } from '../../utils/background/store';
import type { Session } from '../../utils/sessions/model';
import { makeSession } from '../unit/popup/fixtures';
import type { BenchContext, BenchResult } from './lib';

function fakePort(): PortLike & { bytes: number; send(m: unknown): void } {
  const listeners: Array<(m: unknown) => void> = [];
  const port = {
    name: 'agent-sessions-live',
    bytes: 0,
    postMessage(m: unknown) {
      port.bytes += JSON.stringify(m).length;
    },
    onDisconnect: { addListener: () => {} },
    onMessage: { addListener: (fn: (m: unknown) => void) => listeners.push(fn) },
    send(m: unknown) {
      for (const l of listeners) l(m);
    },
  };
  return port;
}

export default async function viewsBench(ctx: BenchContext): Promise<BenchResult[]> {
  const now = Date.now();
  const sessions: Session[] = [];
  for (let i = 0; i < 1000; i++) {
    const r = i % 20;
    const number = 1 + (Math.floor(i / 20) % 5) + r * 10; // 5 PRs per repository
    const base = makeSession({ state: i % 50 === 0 ? 'in_progress' : 'completed' });
    sessions.push({
      ...base,
      id: `5e551019-0000-4000-8000-${String(i).padStart(12, '0')}`,
      repo: { id: 100 + r, owner: 'octo', name: `repo${r}`, fullName: `octo/repo${r}` },
      pr: {
        ...(base.pr ?? { title: 'PR', state: 'open', draft: false, databaseId: null, nodeId: null }),
        number,
        url: `https://github.com/octo/repo${r}/pull/${number}`,
      } as Session['pr'],
      createdAt: new Date(now - i * 60_000).toISOString(),
      updatedAt: new Date(now - i * 30_000).toISOString(),
    });
  }
  const data = { ...emptyData(), sessions };
  const publisher = new Publisher({
    source: {
      data: () => data,
      nextPollAt: () => null,
      syncing: () => false,
      stops: () => new Map(),
    },
    ready: Promise.resolve(),
    throttleMs: 0,
    onPortsChanged: async () => {},
  });
  const keys = [...new Set(sessions.map((s) => `${s.repo!.fullName}#${s.pr!.number}`.toLowerCase()))].slice(0, 30);
  const tabs = keys.map((k) => {
    const p = fakePort();
    publisher.attach(p, 'page', 1);
    p.send({ type: 'watch', kind: 'prs', prs: [k] });
    return p;
  });
  const popup = fakePort();
  publisher.attach(popup);
  await new Promise((r) => setTimeout(r, 10));
  publisher.publishNow();
  const watched = sessions.find((s) => `${s.repo!.fullName}#${s.pr!.number}`.toLowerCase() === keys[0]);
  if (!watched) throw new Error('no watched session');
  const samples: number[] = [];
  const receivers: number[] = [];
  await ctx.repeat(ctx.quick ? 3 : 9, (i) => {
    const before = publisher.bytesSent;
    const counts = [popup, ...tabs].map((p) => p.bytes);
    data.sessions = data.sessions.map((s) =>
      s.id === watched.id
        ? { ...s, state: i % 2 ? 'completed' : 'in_progress', updatedAt: new Date(now + i).toISOString() }
        : s,
    );
    publisher.publishNow();
    samples.push(publisher.bytesSent - before);
    receivers.push([popup, ...tabs].filter((p, j) => p.bytes !== counts[j]).length);
    return 0;
  });
  const popupBytes = JSON.stringify({ type: 'state', state: publisher.snapshot() }).length;
  return [
    {
      id: 'views.pushBytesPerChange',
      value: ctx.median(samples),
      unit: 'bytes',
      target: null,
      better: 'lower',
      note: `1,000 sessions, 30 PR tabs + 1 popup; ${ctx.median(receivers)} ports receive it (popup ${popupBytes} B); before issue 19 every tab got a state push on every change`,
    },
  ];
}
