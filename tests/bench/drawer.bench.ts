/**
 * The log drawer in Chromium (issue 6 "Measured"): the built extension's drawer page (chrome-extension://…/drawer.html)
 * with a stubbed `browser.runtime` (an init script defines `globalThis.browser`, which wxt/browser prefers): `getState`
 * answers an empty snapshot, `getLog` serves a ~10 MB Copilot API log built from the real fixture (the same builder as
 * logs.bench.ts), holding each poll until the bench appends text. So the numbers are the drawer's own work (parse +
 * Preact + virtual list + layout), without the runtime messaging copy of the log.
 *
 * - drawer.firstPaintMs: drawer document start → first `[data-entry-kind]` in the DOM, then one animation frame
 *   (minus the time the stub spent generating the log text in the page before the drawer's scripts ran), timed in
 *   the page by a MutationObserver the init script installs at document start (not when Playwright gets to look).
 * - drawer.appendChunkMs: a 20 KB live chunk answered to the waiting poll → the new last entry rendered (follow mode).
 * - drawer.rerenderAllAppendMs: the CLI strategy, same 20 KB append: the whole log answered again (reset) and
 *   re-parsed and re-rendered; measured in the same run. No target.
 * - drawer.scrollP95FrameMs: p95 of the main thread's work per frame while scrolling the virtual list 800 px per frame:
 *   from the frame's first scroll event (a capturing listener, before the virtualizer's) through Preact's render, the
 *   rAF callback, style, layout, ResizeObserver row measuring and paint, to a message posted from the rAF callback
 *   (it runs right after that frame's rendering). Not rAF-to-rAF deltas: those include the wait for the display's
 *   next tick and never go under 16.7 ms at 60 Hz, whatever the work. The note adds the deltas' p95 and the count
 *   of long animation frames (> 50 ms, Long Animation Frames API) for context.
 * - drawer.scrollP95FrameMsBusy: the same scroll while another process keeps one core busy (issue 15).
 * - drawer.memoryRatio: JS heap (CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage) with the log loaded,
 *   minus the same page with an empty log, divided by the log's size in bytes.
 * Parse-only numbers (drawer.parse10MBMs, drawer.actionsLogParseMs) are in logs.bench.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { findChrome } from '../../scripts/find-chrome.mjs';
import { chromeArgs, extensionIdOf, waitForServiceWorker } from '../e2e/helpers/launch';
import type { BenchContext, BenchResult } from './lib';
import { buildCopilotLog } from './logs.bench';

const CAP = 20; // as logs.bench.ts: ~13.6 KB / 30 entries per round of the real fixture
const SESSION = 'bench-5e1f0a42-0000';
const CHUNK = 20 * 1024;

/** Runs in the drawer page before its scripts: the runtime stub and the log generator. */
function stub(opts: { round: string; rounds: number }) {
  if (!location.pathname.endsWith('/drawer.html')) return;
  const g0 = performance.now();
  const roundText = (r: number) => opts.round.replaceAll('-r0"', `-r${r}"`);
  const parts: string[] = [];
  const empty = location.hash.includes('empty=1');
  if (!empty) for (let r = 0; r < opts.rounds; r++) parts.push(roundText(r));
  const B = {
    genMs: performance.now() - g0,
    firstPaint: 0,
    text: parts.join(''),
    pending: '',
    next: opts.rounds,
    full: false,
    waiters: [] as Array<() => () => void>,
    t0: 0,
    append(n: number): void {
      while (B.pending.length < n) B.pending += roundText(B.next++);
      const add = B.pending.slice(0, n);
      B.pending = B.pending.slice(n);
      B.text += add;
      // The answers are built (the text sliced) before the clock starts: the stub's own string work is not the drawer's.
      const answers = B.waiters.splice(0).map((w) => w());
      B.t0 = performance.now();
      for (const answer of answers) answer();
    },
  };
  (window as unknown as { __bench: typeof B }).__bench = B;
  // First paint, timed in the page from its start (not when Playwright gets to look, after the load event).
  const seen = new MutationObserver(() => {
    if (!document.querySelector('[data-entry-kind]')) return;
    seen.disconnect();
    requestAnimationFrame(() => {
      B.firstPaint = performance.now() - B.genMs;
    });
  });
  if (!empty) seen.observe(document, { childList: true, subtree: true });
  const sid = new URLSearchParams(location.hash.slice(1)).get('session');
  const chunk = (offset: number) =>
    B.full
      ? {
          sessionId: sid,
          source: 'copilot-api',
          text: B.text,
          offset: 0,
          reset: true,
          complete: false,
          error: null,
          runUrl: null,
        }
      : {
          sessionId: sid,
          source: 'copilot-api',
          text: B.text.slice(offset),
          offset,
          reset: false,
          complete: false,
          error: null,
          runUrl: null,
        };
  const snapshot = {
    auth: { status: 'signed-in', info: { login: 'bench' } },
    sessions: [],
    unread: [],
    lastSyncAt: null,
    lastError: null,
    nextPollAt: null,
    syncing: false,
    source: 'agent-tasks',
    stops: {},
    settings: { confirmStop: false },
  };
  const noop = { addListener() {}, removeListener() {} };
  (globalThis as unknown as { browser: unknown }).browser = {
    runtime: {
      id: 'bench',
      getURL: (p: string) => new URL(p, location.origin).href,
      connect: () => ({ onMessage: noop, onDisconnect: noop, disconnect() {}, postMessage() {} }),
      sendMessage(req: { type: string; offset?: number }) {
        if (req.type === 'getState') return Promise.resolve({ ok: true, data: snapshot });
        if (req.type === 'getLog') {
          const offset = req.offset ?? 0;
          if (offset > 0 && offset >= B.text.length)
            return new Promise((resolve) =>
              B.waiters.push(() => {
                const data = chunk(offset);
                return () => resolve({ ok: true, data });
              }),
            );
          return Promise.resolve({ ok: true, data: chunk(offset) });
        }
        return Promise.resolve({ ok: false, error: { kind: 'offline', message: 'bench', fix: null, link: null } });
      },
    },
  };
}

async function launch(extensionDir: string): Promise<{ context: BrowserContext; id: string; close(): Promise<void> }> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'agent-sessions-bench-drawer-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChrome(),
    headless: true,
    args: [
      ...chromeArgs(extensionDir),
      '--disable-gpu-vsync',
      '--disable-frame-rate-limit',
      '--enable-precise-memory-info',
    ],
    viewport: { width: 560, height: 900 },
  });
  const worker = await waitForServiceWorker(context);
  return {
    context,
    id: extensionIdOf(worker),
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/** Opens the drawer page; resolves with first-paint ms (document start → first entry + one frame − log generation). */
async function openDrawer(
  context: BrowserContext,
  id: string,
  empty = false,
): Promise<{ page: Page; firstPaint: number }> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/drawer.html#session=${SESSION}&theme=light${empty ? '&empty=1' : ''}`);
  const firstPaint = empty
    ? 0
    : await page
        .waitForFunction(() => (window as unknown as { __bench: { firstPaint: number } }).__bench.firstPaint || null)
        .then((h) => h.jsonValue() as Promise<number>);
  return { page, firstPaint };
}

/** Appends `bytes` to the served log and resolves with ms from the answer to the new last entry in the DOM. */
function appendAndWait(page: Page, bytes: number, full: boolean): Promise<number> {
  return page.evaluate(
    ([n, whole]) =>
      new Promise<number>((resolve, reject) => {
        const B = (
          window as unknown as { __bench: { full: boolean; t0: number; append(n: number): void; waiters: unknown[] } }
        ).__bench;
        const lastId = () =>
          Array.from(document.querySelectorAll('[data-entry-id]'))
            .map((e) => e.getAttribute('data-entry-id'))
            .pop();
        const before = lastId();
        const started = performance.now();
        const wait = () => {
          if (B.waiters.length > 0) {
            B.full = whole;
            const mo = new MutationObserver(() => {
              // The whole log re-answered is parsed progressively: done when nothing is pending any more.
              if (lastId() !== before && !document.querySelector('[data-parsing]')) {
                mo.disconnect();
                void document.body.offsetHeight; // layout of the new rows
                resolve(performance.now() - B.t0);
              }
            });
            mo.observe(document.body, { childList: true, subtree: true, attributes: true });
            B.append(n);
          } else if (performance.now() - started > 20_000) reject(new Error('the drawer never polled'));
          else setTimeout(wait, 5);
        };
        wait();
      }),
    [bytes, full] as const,
  );
}

/**
 * Scrolls the virtual list from the top, 800 px per frame, and times each frame's main-thread work (see the header).
 */
function scrollWork(page: Page): Promise<{ work: number[]; deltas: number[]; longFrames: number }> {
  return page.evaluate(
    () =>
      new Promise<{ work: number[]; deltas: number[]; longFrames: number }>((resolve) => {
        const el = document.querySelector<HTMLElement>('[data-role="log-scroll"]')!;
        el.scrollTop = 0;
        let longFrames = 0;
        const po =
          typeof PerformanceObserver !== 'undefined' &&
          PerformanceObserver.supportedEntryTypes?.includes('long-animation-frame')
            ? new PerformanceObserver((list) => {
                longFrames += list.getEntries().length;
              })
            : null;
        po?.observe({ type: 'long-animation-frame' });
        const work: number[] = [];
        const deltas: number[] = [];
        let frameStart = 0;
        const onScroll = () => {
          if (!frameStart) frameStart = performance.now();
        };
        document.addEventListener('scroll', onScroll, true);
        const channel = new MessageChannel();
        let last = 0;
        let n = 0;
        channel.port1.onmessage = () => {
          if (n > 1) work.push(performance.now() - frameStart);
          frameStart = 0;
          if (n < 400) requestAnimationFrame(step);
          else {
            document.removeEventListener('scroll', onScroll, true);
            po?.disconnect();
            channel.port1.close();
            resolve({ work, deltas, longFrames });
          }
        };
        const step = (t: number) => {
          if (!frameStart) frameStart = performance.now();
          if (last) deltas.push(t - last);
          last = t;
          el.scrollTop += 800;
          n++;
          channel.port2.postMessage(0);
        };
        requestAnimationFrame(() => requestAnimationFrame(step));
      }),
  );
}

async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

export default async function bench(ctx: BenchContext): Promise<BenchResult[]> {
  const round = buildCopilotLog(1, CAP);
  const rounds = Math.round((10 * 1024 * 1024) / round.length);
  const appends = ctx.quick ? 5 : 15;
  const bytes = rounds * round.length;
  const runs = ctx.quick ? 3 : 7;
  const ext = await launch(ctx.extensionDir);
  try {
    // tsx (esbuild keepNames) wraps named functions in the page functions below with `__name(...)`.
    await ext.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await ext.context.addInitScript(stub, { round, rounds });
    // The drawer polls every 3 s; the stub holds each poll until an append, so let long timers fire at once.
    await ext.context.addInitScript(() => {
      if (!location.pathname.endsWith('/drawer.html')) return;
      const st = window.setTimeout;
      window.setTimeout = ((fn: TimerHandler, ms?: number, ...a: unknown[]) =>
        st(fn, ms !== undefined && ms >= 1000 ? 0 : ms, ...a)) as typeof window.setTimeout;
    });

    const firstPaints: number[] = [];
    for (let i = -1; i < runs; i++) {
      const { page, firstPaint } = await openDrawer(ext.context, ext.id);
      if (i >= 0) firstPaints.push(firstPaint);
      await page.close();
    }

    const { page } = await openDrawer(ext.context, ext.id);
    const entries = await page.evaluate(() => document.querySelector('[data-role="log-scroll"]') !== null);
    if (!entries) throw new Error('the drawer did not render the log');
    const appendMs: number[] = [];
    const fullMs: number[] = [];
    await appendAndWait(page, CHUNK, false); // warm-up
    for (let i = 0; i < appends; i++) appendMs.push(await appendAndWait(page, CHUNK, false));
    await appendAndWait(page, CHUNK, true); // warm-up
    for (let i = 0; i < Math.min(appends, 7); i++) fullMs.push(await appendAndWait(page, CHUNK, true));

    // Scrolling through the virtual list from the top, 800 px per frame. Per frame we time the main thread's work
    // for that frame, not the rAF-to-rAF delta (which a 60 Hz display never lets go under 16.7 ms, work or none):
    // from the frame's first event (the scroll event for the previous frame's scrollTop, caught by a capturing
    // listener before the virtualizer's and the view's own) through the rAF callback, style, layout, ResizeObserver
    // callbacks (row measuring) and paint, to a message posted from the rAF callback (it runs once that frame's
    // rendering is done). Frames where no scroll event came are timed from the rAF callback.
    const { work, deltas, longFrames } = await scrollWork(page);
    // The same while another process keeps one core busy (a build, a test run, another tab's work).
    const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    let busyWork: number[] = [];
    try {
      await new Promise((r) => setTimeout(r, 300));
      busyWork = (await scrollWork(page)).work;
    } finally {
      busy.kill();
    }
    const entryCount = await page.evaluate(
      () => (document.querySelector('.as-log-inner') as HTMLElement | null)?.style.height ?? '',
    );
    const loaded = await heapUsed(page);
    await page.close();
    const { page: emptyPage } = await openDrawer(ext.context, ext.id, true);
    await emptyPage.waitForSelector('[data-role="log-source"]');
    await emptyPage.waitForTimeout(300);
    const baseline = await heapUsed(emptyPage);
    await emptyPage.close();

    const mb = (bytes / 1024 / 1024).toFixed(1);
    const where = 'built extension drawer.html, stubbed browser.runtime, Chromium headless';
    ctx.log(
      `log ${mb} MB, list height ${entryCount}, heap ${(loaded / 1e6).toFixed(1)} MB vs ${(baseline / 1e6).toFixed(1)} MB`,
    );
    return [
      {
        id: 'drawer.firstPaintMs',
        value: Number(ctx.median(firstPaints).toFixed(1)),
        unit: 'ms',
        target: 150,
        better: 'lower',
        note: `${mb} MB Copilot API log; document start → first step rendered; median of ${runs}; ${where}`,
      },
      {
        id: 'drawer.appendChunkMs',
        value: Number(ctx.median(appendMs).toFixed(2)),
        unit: 'ms',
        target: 10,
        better: 'lower',
        note: `20 KB live chunk onto ${mb} MB: poll answered → new last entry in the DOM; median of ${appends}; ${where}`,
      },
      {
        id: 'drawer.rerenderAllAppendMs',
        value: Number(ctx.median(fullMs).toFixed(1)),
        unit: 'ms',
        target: null,
        better: 'lower',
        note: `CLI strategy, same run: the whole ${mb} MB re-answered (reset), re-parsed, re-rendered per 20 KB append; median of ${fullMs.length}`,
      },
      {
        id: 'drawer.scrollP95FrameMs',
        value: Number(ctx.percentile(work, 95).toFixed(2)),
        unit: 'ms',
        target: 16,
        better: 'lower',
        note:
          `p95 main-thread work per frame over ${work.length} frames scrolling 800 px/frame: first scroll event of the ` +
          'frame (capturing listener) → scroll handlers, Preact render, rAF, style, layout, row measuring, paint → a ' +
          `message posted from rAF (median ${ctx.median(work).toFixed(2)} ms; rAF-to-rAF delta p95 ` +
          `${ctx.percentile(deltas, 95).toFixed(1)} ms; ${longFrames} long animation frame(s) > 50 ms); ${where}`,
      },
      {
        id: 'drawer.scrollP95FrameMsBusy',
        value: Number(ctx.percentile(busyWork, 95).toFixed(2)),
        unit: 'ms',
        target: 16,
        better: 'lower',
        note:
          `drawer.scrollP95FrameMs measured again while a second process spins one core (node -e 'for(;;){}'); ` +
          `${busyWork.length} frames, median ${ctx.median(busyWork).toFixed(2)} ms; ${where}`,
      },
      {
        id: 'drawer.memoryRatio',
        value: Number(((loaded - baseline) / bytes).toFixed(2)),
        unit: '×',
        target: 3,
        better: 'lower',
        note: `JS heap after GC with the ${mb} MB log loaded (raw text kept for export) minus an empty drawer, / log bytes`,
      },
    ];
  } finally {
    await ext.close();
  }
}
