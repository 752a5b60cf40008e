/**
 * `popup.firstPaintMs500` / `popup.firstPaintMs5000`: median time from navigation start to the first session rows
 * being in the DOM (and painted: we also read first-contentful-paint and take the later of the two) when the popup
 * opens from the cached snapshot the engine mirrors for an account of 500 (issue 4) and 5,000 sessions (issue 19) in
 * storage.local (`compactSnapshot`: what the first screen needs). Target ≤ 100 ms each.
 */
import { compactSnapshot } from '../../utils/background/snapshot-mirror';
import { makeSnapshot, manySessions } from '../unit/popup/fixtures';
import type { BenchContext, BenchResult } from './lib';

// Measures the cache path alone: getState and refresh are held back so the background's own (signed-out, in this bench)
// state cannot replace the seeded snapshot. Bench-only page script; nothing in the shipped build changes.
const ROWS_MARK = `
  (() => {
    const rt = globalThis.chrome && chrome.runtime;
    if (rt && rt.sendMessage) {
      const orig = rt.sendMessage.bind(rt);
      rt.sendMessage = (m, ...rest) => (m && (m.type === 'getState' || m.type === 'refresh')) ? new Promise(() => {}) : orig(m, ...rest);
    }
    const noop = { onMessage: { addListener() {} }, onDisconnect: { addListener() {} }, disconnect() {} };
    if (rt && rt.connect) rt.connect = () => noop;
    const done = () => {
      if (window.__rowsAt === undefined && document.querySelector('li[data-session-id]')) {
        window.__rowsAt = performance.now();
        return true;
      }
      return false;
    };
    new MutationObserver((_, obs) => { if (done()) obs.disconnect(); })
      .observe(document, { childList: true, subtree: true });
  })();
`;

export default async function popupBench(ctx: BenchContext): Promise<BenchResult[]> {
  const ext = await ctx.launchExtension({ viewport: { width: 400, height: 600 } });
  try {
    await ext.context.addInitScript({ content: ROWS_MARK });
    const url = `chrome-extension://${ext.extensionId}/popup.html`;
    const page = await ext.context.newPage();
    const results: BenchResult[] = [];
    for (const size of [500, 5000]) {
      const now = Date.now();
      const { sessions, unread } = manySessions(size, now);
      // The engine mirrors a compact copy (utils/background/store.ts compactSnapshot): seed exactly what it writes.
      const snapshot = compactSnapshot(
        makeSnapshot({ sessions, unread, lastSyncAt: new Date(now - 5_000).toISOString() }),
      );
      const { samples, cacheReads } = await measure(snapshot);
      results.push({
        id: `popup.firstPaintMs${size}`,
        value: Math.round(ctx.median(samples) * 10) / 10,
        unit: 'ms',
        target: 100,
        better: 'lower',
        note: `${size.toLocaleString('en')} cached sessions (the mirror keeps ${snapshot.sessions.length}); median of ${samples.length}; rows in the DOM (or FCP if later); storage.local read done at ${Math.round(ctx.median(cacheReads))} ms`,
      });
    }
    return results;

    async function measure(snapshot: ReturnType<typeof compactSnapshot>) {
      const cacheReads: number[] = [];
      const samples = await ctx.repeat(
        ctx.quick ? 5 : 15,
        async () => {
          // Seed the cache right before each open. The signed-out background of this bench may rewrite the mirror
          // with its own (empty) state in between; such an open shows no rows: seed again and retry the sample.
          for (let attempt = 1; ; attempt++) {
            await ext.serviceWorker.evaluate(
              (s) =>
                (
                  globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }
                ).chrome.storage.local.set({ snapshot: s }),
              snapshot,
            );
            await page.goto(url);
            try {
              await page.waitForFunction(
                () => (window as unknown as { __rowsAt?: number }).__rowsAt !== undefined,
                null,
                {
                  timeout: 3_000,
                },
              );
              break;
            } catch (error) {
              if (attempt >= 4) throw error;
            }
          }
          const [paint, cache] = await page.evaluate(async () => {
            const rowsAt = (window as unknown as { __rowsAt: number }).__rowsAt;
            // Rows are painted at the next frame after they are inserted.
            await new Promise((r) => requestAnimationFrame(() => r(null)));
            const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
            const cache = performance.getEntriesByName('as-cache-read')[0]?.startTime ?? 0;
            return [Math.max(rowsAt, fcp), cache] as const;
          });
          cacheReads.push(cache);
          return paint;
        },
        2,
      );
      return { samples, cacheReads };
    }
  } finally {
    await ext.close();
  }
}
