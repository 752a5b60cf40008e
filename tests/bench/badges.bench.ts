/**
 * PR badges (issue 5), in Chromium on the twin (demo scenario):
 * - `badges.warmMs`: the timeline anchor (View session link) appears → its badge shows the session's state, with
 *   the session already known (a soft navigation back into a PR whose data the page holds). Median; target 50 ms.
 * - `badges.coldMs`: a full page load of a PR the background has not been asked about (one PR per repository, so
 *   no repository task cache): anchor inserted by the parser → badge shows a state. Median; target: one API round
 *   trip (the measured `badges.apiRoundTripMs`).
 * - `badges.apiRoundTripMs`: one authenticated REST call from the service worker to the twin (median).
 * Timings are taken in the page's main world by a MutationObserver installed before any page script (init script):
 * the anchor's insertion and the badge host's `data-state` turning into a session state.
 */
import { openExtensionPage, sendMessage } from '../e2e/helpers/launch';
import type { BenchContext, BenchResult } from './lib';

const TOKEN = 'github_pat_demo_full';
const STATES = 'queued,in_progress,waiting_for_user,completed,failed,timed_out,cancelled,idle';

// Bench-only init script (the page's main world; nothing in the shipped build changes): timestamps of the first
// View session link and of the first badge showing a session state, reset by window.__asReset().
const MARK = `
  (() => {
    const states = new Set(${JSON.stringify(STATES.split(','))});
    let pending = false;
    const reset = () => { window.__asAnchorAt = undefined; window.__asBadgeAt = undefined; window.__asReadyAt = undefined; pending = false; };
    reset();
    window.__asReset = reset;
    const check = () => {
      const now = performance.now();
      if (window.__asAnchorAt === undefined && document.querySelector('a[href*="/agent-sessions/"]')) window.__asAnchorAt = now;
      if (window.__asReadyAt === undefined && document.documentElement.dataset.agentSessions) window.__asReadyAt = now;
      if (window.__asBadgeAt === undefined && !pending) {
        for (const el of document.querySelectorAll('[data-agent-sessions-badge="timeline"]'))
          if (states.has(el.getAttribute('data-state'))) {
            // Visible = painted: the frame after the badge got its state.
            pending = true;
            requestAnimationFrame(() => { window.__asBadgeAt = performance.now(); });
            break;
          }
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state', 'data-agent-sessions'] });
  })();
`;

type W = Window & {
  __asAnchorAt?: number;
  __asBadgeAt?: number;
  __asReadyAt?: number;
  __asReset(): void;
  __twinVisit(h: string, p: boolean): Promise<void>;
};

export default async function badgesBench(ctx: BenchContext): Promise<BenchResult[]> {
  const twin = await ctx.startTwin({ scenario: 'demo', port: 0 });
  const ext = await ctx.launchExtension({ twinUrl: twin.url, viewport: { width: 1280, height: 900 } });
  try {
    const carrier = await openExtensionPage(ext.context, ext.extensionId, 'options.html');
    const signed = await sendMessage<{ ok: boolean }>(carrier, { type: 'signIn', token: TOKEN, host: 'github.com' });
    if (!signed?.ok) throw new Error(`sign-in failed: ${JSON.stringify(signed)}`);
    await ext.context.addInitScript({ content: MARK });

    // API round trip from the service worker.
    const rtt = await ctx.repeat(
      ctx.quick ? 5 : 15,
      () =>
        ext.serviceWorker.evaluate(async (token) => {
          const t0 = performance.now();
          await (await fetch('https://api.github.com/user', { headers: { authorization: `Bearer ${token}` } })).text();
          return performance.now() - t0;
        }, TOKEN),
      2,
    );

    // Cold: first full load of a PR per repository.
    const page = await ext.context.newPage();
    const cold: number[] = [];
    const injected: number[] = [];
    for (const path of [
      'octo-org/webapp/pull/43',
      'octo-org/api-server/pull/7',
      'octo-org/docs/pull/15',
      'octo-org/infra/pull/21',
      'octo-org/website/pull/5',
      'octo-demo/copilot-agents-lab/pull/3',
    ].slice(0, ctx.quick ? 3 : 6)) {
      await page.goto(`https://github.com/${path}?live=0`);
      await page.waitForFunction(() => (window as unknown as W).__asBadgeAt !== undefined, null, { timeout: 15_000 });
      const [total, ready] = await page.evaluate(() => {
        const w = window as unknown as W;
        return [w.__asBadgeAt! - w.__asAnchorAt!, (w.__asReadyAt ?? Number.NaN) - w.__asAnchorAt!];
      });
      cold.push(total);
      injected.push(ready);
    }

    // Warm: soft navigation PR list → PR #42 (data held by the page), anchor inserted → badge with a state.
    const pr = 'https://github.com/octo-org/webapp/pull/42?live=0';
    await page.goto(pr);
    await page.waitForFunction(() => (window as unknown as W).__asBadgeAt !== undefined, null, { timeout: 15_000 });
    const warm = await ctx.repeat(
      ctx.quick ? 5 : 15,
      async () => {
        await page.evaluate(() => (window as unknown as W).__twinVisit('/octo-org/webapp/pulls', true));
        await page.evaluate(() => (window as unknown as W).__asReset());
        await page.evaluate((href) => (window as unknown as W).__twinVisit(href, true), pr);
        await page.waitForFunction(() => (window as unknown as W).__asBadgeAt !== undefined, null, { timeout: 10_000 });
        return page.evaluate(() => (window as unknown as W).__asBadgeAt! - (window as unknown as W).__asAnchorAt!);
      },
      2,
    );

    const rttMedian = ctx.median(rtt);
    return [
      {
        id: 'badges.warmMs',
        value: ctx.median(warm),
        unit: 'ms',
        target: 50,
        better: 'lower',
        note: `anchor inserted → badge with a state painted (next frame); soft navigation into a PR whose sessions the page holds; n=${warm.length}`,
      },
      {
        id: 'badges.coldMs',
        value: ctx.median(cold),
        unit: 'ms',
        target: Math.round(rttMedian * 10) / 10,
        better: 'lower',
        note: `full load of a PR not asked about before (one per repo); anchor parsed → badge state; target = one API round trip; of which anchor → content script running (document_start): ${ctx.median(injected).toFixed(1)} ms; n=${cold.length}`,
      },
      {
        id: 'badges.apiRoundTripMs',
        value: rttMedian,
        unit: 'ms',
        target: null,
        better: 'lower',
        note: 'GET api.github.com/user from the service worker to the twin',
      },
    ];
  } finally {
    await ext.close();
    await twin.close();
  }
}
