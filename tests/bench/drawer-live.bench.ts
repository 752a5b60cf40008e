/**
 * drawer.liveProgressMs (issue 15): a running session's progress changes on the twin (a job step starts or ends,
 * the agent's checklist in the PR description changes) → the change is shown in the drawer. Median.
 *
 * The real path, end to end: the built extension in Chromium, signed in on the twin with the Copilot API refusing
 * the token (the public-API world), the drawer open as the session tab (`drawer.html#session=…&view=tab`) on the demo's
 * lab session, made to start just after the bench does so that its job's steps come one by one. Each sample moves
 * the twin's scenario clock (1 s while the job's first steps run, then 15 s), asks the twin (from Node, as GitHub)
 * whether the job's steps or the PR description changed, and if they did, times from the move to the drawer's live
 * entries changing (a MutationObserver in the drawer page; "running for …" durations ignored). The moves are spread
 * over the phases of the drawer's poll (waits of 0.5–3.5 s between them). What it includes:
 * the drawer's poll interval (3 s while running: on average half of it), the background's conditional requests
 * (run, jobs, PR, commits) and the drawer's render. Moves that change nothing on the twin are not samples.
 */
import { type LaunchedExtension, openExtensionPage, sendMessage } from '../e2e/helpers/launch';
import { demoWithRunning } from '../e2e/helpers/scenario';
import type { Scenario } from '../twin/types';
import type { BenchContext, BenchResult } from './lib';

const TOKEN = 'github_pat_demo_full';
const SESSION = 'df23daeb-385c-448c-8d5e-ecbf9a46cc25';
const OWNER = 'octo-demo';
const REPO = 'copilot-agents-lab';
const PULL = 3;
const BRANCH = 'copilot/add-labs-readme-md';

/** The demo with the lab session created `at` from the start (queued, then running 20 s later, done at +6 min). */
const scenario = (at: string): Scenario => demoWithRunning(SESSION, at, 'demo-live-lab');

/** GitHub's view of the session's progress (from Node, on the twin's REST API): the job's steps and the PR body. */
async function twinProgress(twinUrl: string): Promise<{ sig: string; running: boolean }> {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${twinUrl}${path}`, {
      headers: { 'x-twin-host': 'api.github.com', authorization: `Bearer ${TOKEN}`, accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return (await res.json()) as T;
  };
  const runs = await get<{ workflow_runs: Array<{ id: number; status: string; event: string }> }>(
    `/repos/${OWNER}/${REPO}/actions/runs?event=dynamic&branch=${encodeURIComponent(BRANCH)}`,
  );
  const run = runs.workflow_runs.find((r) => r.event === 'dynamic');
  const pull = await get<{ body: string | null }>(`/repos/${OWNER}/${REPO}/pulls/${PULL}`);
  let steps = '';
  if (run) {
    const jobs = await get<{ jobs: Array<{ steps?: Array<{ name: string; status: string; conclusion: string }> }> }>(
      `/repos/${OWNER}/${REPO}/actions/runs/${run.id}/jobs`,
    );
    steps = (jobs.jobs[0]?.steps ?? []).map((s) => `${s.name}:${s.status}:${s.conclusion}`).join(',');
  }
  return { sig: `${run?.status ?? 'none'}|${steps}|${pull.body ?? ''}`, running: run?.status === 'in_progress' };
}

/** In the drawer page: the live entries' signature, and the wall time of its last change (window.__liveAt). */
function watchLive(): void {
  const w = window as unknown as { __liveSig: string; __liveAt: number };
  const sig = () =>
    Array.from(document.querySelectorAll('[data-entry-id^="live-"]'))
      .map(
        (el) =>
          `${el.getAttribute('data-entry-id')}:${(el.querySelector('.as-entry-title')?.textContent ?? '').replace(/running for .*$/, 'running')}`,
      )
      .join('\n');
  w.__liveSig = sig();
  w.__liveAt = Date.now();
  new MutationObserver(() => {
    const now = sig();
    if (now !== w.__liveSig) {
      w.__liveSig = now;
      w.__liveAt = Date.now();
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
}

export default async function bench(ctx: BenchContext): Promise<BenchResult[]> {
  const want = ctx.quick ? 4 : 9;
  const twin = await ctx.startTwin({ scenario: scenario('+5s'), port: 0 });
  let ext: LaunchedExtension | null = null;
  const samples: number[] = [];
  const kinds: string[] = [];
  try {
    await fetch(`${twin.url}/_twin/capi`, {
      method: 'POST',
      headers: { 'x-twin-host': 'api.github.com', 'content-type': 'application/json' },
      body: JSON.stringify({ accepts: false }),
    });
    ext = await ctx.launchExtension({ twinUrl: twin.url, viewport: { width: 1280, height: 900 } });
    const carrier = await openExtensionPage(ext.context, ext.extensionId, 'options.html');
    const signed = await sendMessage<{ ok: boolean }>(carrier, { type: 'signIn', token: TOKEN, host: 'github.com' });
    if (!signed?.ok) throw new Error(`sign-in failed: ${JSON.stringify(signed)}`);
    // The session exists (+5 s) and runs (+25 s): the background must know it before the drawer asks.
    twin.clock.advance(26_000);
    const deadline = Date.now() + 30_000;
    for (;;) {
      await sendMessage(carrier, { type: 'refresh', reason: 'manual' });
      const state = await sendMessage<{ data?: { sessions: Array<{ id: string; state: string }>; syncing: boolean } }>(
        carrier,
        { type: 'getState' },
      );
      const s = state?.data?.sessions.find((x) => x.id === SESSION);
      if (s && s.state === 'in_progress' && !state?.data?.syncing) break;
      if (Date.now() > deadline) throw new Error(`the background did not see ${SESSION} running`);
      await new Promise((r) => setTimeout(r, 300));
    }
    await carrier.close();

    // tsx (esbuild keepNames) wraps named functions in page functions with `__name(...)`.
    await ext.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const page = await openExtensionPage(ext.context, ext.extensionId, `drawer.html#session=${SESSION}&view=tab`);
    await page.waitForSelector('[data-entry-id^="live-step-"]', { timeout: 30_000 });
    await page.evaluate(watchLive);

    let before = await twinProgress(twin.url);
    for (let moves = 0; samples.length < want && moves < 200 && before.running; moves++) {
      // The job's first steps last seconds; after them, the plan and commits change every few minutes.
      const pre = !before.sig.includes('Processing Request (Linux):in_progress');
      twin.clock.advance(pre ? 1000 : 15_000);
      const movedAt = Date.now();
      const after = await twinProgress(twin.url);
      if (!after.running) break; // the run ended: the job log replaces the live entries (not this figure)
      if (after.sig === before.sig) {
        before = after;
        continue;
      }
      const changedAt = await page
        .waitForFunction(
          (t) => {
            const w = window as unknown as { __liveAt: number };
            return w.__liveAt >= t ? w.__liveAt : null;
          },
          movedAt,
          { timeout: 30_000, polling: 50 },
        )
        .then((h) => h.jsonValue() as Promise<number>);
      samples.push(changedAt - movedAt);
      kinds.push(after.sig.split('|')[2] !== before.sig.split('|')[2] ? 'plan' : 'step');
      if (process.env.BENCH_VERBOSE) ctx.log(kinds.at(-1), samples.at(-1));
      before = after;
      // Let the drawer settle (its answer to this change may be followed by the commit's detail), then wait a
      // spread of times so that the moves fall at every phase of the drawer's 3 s poll, as a user's changes do.
      await page.waitForTimeout(500 + ((samples.length * 0.382) % 1) * 3000);
    }
    if (samples.length === 0) throw new Error('no progress change was seen on the twin');
  } finally {
    await ext?.close();
    await twin.close();
  }
  const plans = kinds.filter((k) => k === 'plan').length;
  return [
    {
      id: 'drawer.liveProgressMs',
      value: Math.round(ctx.median(samples)),
      unit: 'ms',
      target: null,
      better: 'lower',
      note: `twin's job step or PR checklist changes → drawer's live entries change; the drawer polls every 3 s while running; ${samples.length - plans} step and ${plans} plan changes; min ${Math.round(Math.min(...samples))}, max ${Math.round(Math.max(...samples))} ms; built extension, Copilot API refusing the token, drawer as the session tab`,
    },
  ];
}
