/**
 * The soak (issue 8): hours of scenario time in real Chromium with the built extension, against the twin, under
 * faults, token revocation, the Copilot API going away and real service-worker restarts. Used by
 * tests/soak/run.ts (`npm run soak`) and tests/e2e/soak-short.spec.ts.
 *
 * How time passes: a service worker under Playwright is never suspended and chrome.alarms fire on real time, so the
 * soak advances the twin's clock in steps and after each step asks the engine to poll, like the popup's refresh
 * does (`{type:'refresh', reason:'manual'}` from an extension page). A step counts as observed only when the twin
 * saw the engine's task-list request at the step's scenario time (a poll the alarm had started earlier is not
 * mistaken for it). The alarm keeps firing on real time as it would for a user; those polls are counted too.
 *
 * Service-worker restarts: the "Stop" button of chrome://serviceworker-internals (CDP's ServiceWorker.stopWorker
 * and Target.closeTarget do not stop an extension worker that Playwright is attached to); the worker's globals are
 * checked to be gone, then an extension page's message wakes it.
 *
 * Notifications: `chrome.notifications.create` is wrapped in the worker after each (re)start and the calls are
 * collected before each stop, cross-checked with the engine's persisted `notified` keys. A notification the engine
 * might create between a restart and the wrapper being installed cannot happen here: the worker is restarted
 * without moving the twin's clock, so its wake-up poll finds no transition.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Worker } from '@playwright/test';
import { type SessionState, STATE_LABELS } from '../../utils/sessions/model';
import type { CollectedError } from '../e2e/helpers/errors';
import { type LaunchedExtension, launchExtension, openExtensionPage, sendMessage } from '../e2e/helpers/launch';
import { type RequestRecord, startTwin, type Twin } from '../e2e/helpers/twin';
import { SOAK_LOGIN, SOAK_TOKEN, SOAK_TOKEN_2, soakScenario, soakSessionId } from '../twin/scenarios/soak';
import type { Fault } from '../twin/types';

export interface SoakConfig {
  hours: number;
  sessions: number;
  stepMinutes: number;
  dwellMinutes: number;
  /** Real service-worker restarts spread over the run. */
  restarts: number;
  /** How many times the fault plan runs (the token is revoked and replaced in the first round only). */
  faultRounds: number;
  extensionDir?: string;
  reportPath?: string | null;
  log?: (line: string) => void;
}

export const FULL_SOAK: SoakConfig = {
  hours: 6,
  sessions: 36,
  stepMinutes: 4,
  dwellMinutes: 20,
  restarts: 5,
  faultRounds: 2,
};
export const SHORT_SOAK: SoakConfig = {
  hours: 1.5,
  sessions: 8,
  stepMinutes: 5,
  dwellMinutes: 20,
  restarts: 2,
  faultRounds: 1,
};

/** What the engine targets (issue 3): rate-limited requests per scenario hour. */
export const RATE_TARGET_PER_HOUR = 200;
/** Bound for chrome.storage.local (bytes): the engine's bounded state + ETag cache for this scenario. */
export const STORAGE_BOUND_BYTES = 2 * 1024 * 1024;
/** Browser-generated network messages (not extension errors): faults make requests fail on purpose. */
export const NETWORK_NOISE = [/Failed to load resource/, /net::ERR_/];

const NOTIFIABLE: SessionState[] = ['completed', 'failed', 'timed_out', 'waiting_for_user'];

interface Snapshot {
  auth: { status: string };
  sessions: Array<{ id: string; state: SessionState; title: string; archived?: boolean }>;
  unread: string[];
  lastSyncAt: string | null;
  lastError: { kind: string; message: string; retryAt?: string | null } | null;
  syncing: boolean;
}
type Res<T> = { ok: true; data: T } | { ok: false; error: { kind: string; message: string } };

export interface SoakReport {
  config: Omit<SoakConfig, 'log' | 'extensionDir' | 'reportPath'>;
  realSeconds: number;
  scenarioHours: number;
  steps: number;
  faults: Record<string, number>;
  serviceWorkerRestarts: number;
  transitions: { made: number; shown: number; missed: string[]; unexpected: string[] };
  notifications: { expected: number; created: number; duplicates: string[]; missing: string[]; unexpected: string[] };
  badge: { checks: number; mismatches: string[] };
  popup: { checks: number; rows: number; mismatches: string[] };
  errors: { unexpected: number; networkNoise: number; samples: string[] };
  requests: {
    total: number;
    rateLimited: number;
    rateLimitedPerHour: number;
    target: number;
    byStatus: Record<string, number>;
    blobWithAuthorization: number;
  };
  storage: { bytesInUse: number; bound: number };
  /** A completed session's Actions job log through the 302 to the blob host (reported; see docs/security.md). */
  completedJobLog: string;
  polling: { alive: boolean; alarm: boolean; lastSyncBefore: string | null; lastSyncAfter: string | null };
  failures: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Installed in the worker: records every chrome.notifications.create call (string: no transpiler helpers). */
const WRAP_NOTIFICATIONS = `(() => {
  if (self.__soakWrapped) return 'already';
  self.__soakWrapped = true;
  self.__soakNotes = [];
  const api = chrome.notifications;
  const original = api.create.bind(api);
  api.create = function (id, options, callback) {
    self.__soakNotes.push({ id: typeof id === 'string' ? id : null, title: options && options.title, at: Date.now() });
    return original(id, options, callback);
  };
  return 'wrapped';
})()`;

export async function runSoak(cfg: SoakConfig): Promise<SoakReport> {
  const log = cfg.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const scenario = soakScenario({ sessions: cfg.sessions, hours: cfg.hours, dwellMinutes: cfg.dwellMinutes });
  const twin: Twin = await startTwin({ scenario, port: 0, quiet: true });
  let ext: LaunchedExtension | null = null;
  const failures: string[] = [];
  const faults: Record<string, number> = {};
  const countFault = (name: string) => {
    faults[name] = (faults[name] ?? 0) + 1;
  };
  try {
    ext = await launchExtension({ extensionDir: cfg.extensionDir, twinUrl: twin.url, headless: true });
    const { context, extensionId, errors } = ext;
    const carrier = await openExtensionPage(context, extensionId, 'options.html');
    const send = <T>(request: unknown) => sendMessage<Res<T>>(carrier, request);
    const control = async (method: string, name: string, body?: unknown) => {
      const res = await fetch(`${twin.url}/_twin/${name}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`twin ${name}: ${res.status} ${await res.text()}`);
    };

    // ---- the worker, its notification wrapper, real restarts
    let worker: Worker = ext.serviceWorker;
    const notes: Array<{ id: string | null; title: string }> = [];
    const wrap = async (w: Worker) => {
      await errors.attachWorker(w);
      await w.evaluate(WRAP_NOTIFICATIONS);
    };
    const collectNotes = async (w: Worker) => {
      const got = (await w.evaluate('(self.__soakNotes || []).splice(0)')) as Array<{ id: string; title: string }>;
      notes.push(...got);
    };
    await wrap(worker);
    const internals = await context.newPage();
    let restarts = 0;
    const restartWorker = async () => {
      await collectNotes(worker);
      await worker.evaluate('self.__soakGeneration = 1');
      const fresh = async (): Promise<Worker | null> => {
        for (const w of context.serviceWorkers()) {
          if (!w.url().startsWith(`chrome-extension://${extensionId}/`)) continue;
          const mark = await Promise.race([
            w.evaluate('self.__soakGeneration ?? null').catch(() => 'gone'),
            sleep(1000).then(() => 'slow'),
          ]);
          if (mark === null) return w;
        }
        return null;
      };
      let next: Worker | null = null;
      for (let attempt = 0; attempt < 3 && !next; attempt++) {
        await internals.goto('chrome://serviceworker-internals/');
        const stop = internals.getByRole('button', { name: 'Stop' }).first();
        await stop.waitFor({ timeout: 10_000 });
        await stop.click();
        for (let i = 0; i < 40 && !next; i++) {
          await sleep(250);
          await send({ type: 'getState' }).catch(() => null); // wakes it
          next = await fresh();
        }
      }
      if (!next) throw new Error('the service worker could not be restarted');
      worker = next;
      await wrap(worker);
      restarts++;
    };

    // ---- sign in, first (silent) sync
    const signed = await send<{ login: string }>({ type: 'signIn', token: SOAK_TOKEN, host: 'github.com' });
    if (!signed.ok) throw new Error(`sign-in failed: ${signed.error.message}`);
    const pr = await context.newPage();
    await pr.goto(`https://github.com/soak-org/service-1/pull/200`);

    const stepMs = cfg.stepMinutes * 60_000;
    const steps = Math.round((cfg.hours * 60) / cfg.stepMinutes);
    const listPolled = (scenarioNow: number, from: number) =>
      twin
        .requests()
        .slice(from)
        .some(
          (r) =>
            r.host === 'api.github.com' &&
            r.method === 'GET' &&
            /^\/agents\/tasks(\?|$)/.test(r.path) &&
            r.scenarioTime === scenarioNow &&
            (r.status === 200 || r.status === 304) &&
            !r.fault,
        );
    /** Polls until the engine has read the task list at the current scenario time (or gives up: a fault). */
    const poll = async (): Promise<Snapshot> => {
      const from = Math.max(0, twin.requests().length - 1);
      let snap: Snapshot | null = null;
      for (let attempt = 0; attempt < 4; attempt++) {
        const res = await send<Snapshot>({ type: 'refresh', reason: 'manual' });
        if (!res.ok) throw new Error(`refresh refused: ${res.error.message}`);
        snap = res.data;
        const retryAt = snap.lastError?.retryAt ? Date.parse(snap.lastError.retryAt) : 0;
        if (listPolled(twin.clock.now(), from) && !snap.syncing) break;
        if (retryAt > Date.now() && retryAt - Date.now() < 15_000) await sleep(retryAt - Date.now() + 200);
        else await sleep(150);
      }
      return snap!;
    };

    // Ground truth and what was shown, per session.
    const truth = new Map<string, SessionState[]>();
    const shown = new Map<string, SessionState[]>();
    const push = (m: Map<string, SessionState[]>, id: string, s: SessionState) => {
      const list = m.get(id) ?? [];
      if (list[list.length - 1] !== s) list.push(s);
      m.set(id, list);
    };
    const twinStates = () =>
      (twin.state() as { sessions: Array<{ id: string; state: SessionState; visible: boolean }> }).sessions.filter(
        (s) => s.visible,
      );

    let snap = await poll();
    for (let i = 0; i < 20 && !snap.lastSyncAt; i++) {
      await sleep(250);
      snap = await poll();
    }
    if (!snap.lastSyncAt) throw new Error(`no first sync: ${JSON.stringify(snap.lastError)}`);
    const firstIds = new Set(snap.sessions.map((s) => s.id));
    for (const s of twinStates()) push(truth, s.id, s.state);
    for (const s of snap.sessions) push(shown, s.id, s.state);

    // ---- the plan: which step injects what (spread out; each disturbance lasts less than a state's dwell)
    type Event = (step: number) => Promise<void>;
    const fault = async (name: string, f: Fault) => {
      await control('POST', 'fault', f);
      countFault(name);
    };
    const tasksPath = '/agents/tasks*';
    const round: Array<[string, Event]> = [
      [
        '5xx',
        () =>
          fault('5xx (503, 500, 502)', {
            type: 'status',
            status: 503,
            host: 'api.github.com',
            path: tasksPath,
            count: 3,
          }),
      ],
      [
        '429',
        () =>
          fault('429 + retry-after', {
            type: 'status',
            status: 429,
            retryAfter: 2,
            host: 'api.github.com',
            path: tasksPath,
            count: 2,
          }),
      ],
      [
        'drop',
        () =>
          fault('network failure (connection dropped)', {
            type: 'drop',
            host: 'api.github.com',
            path: tasksPath,
            count: 4,
          }),
      ],
      [
        'secondary',
        () =>
          fault('secondary rate limit (403 + retry-after)', {
            type: 'secondary-rate-limit',
            retryAfter: 2,
            host: 'api.github.com',
            path: tasksPath,
            count: 2,
          }),
      ],
      [
        'truncate',
        () => fault('truncated JSON', { type: 'truncate', host: 'api.github.com', path: tasksPath, count: 2 }),
      ],
      [
        'capi-off',
        async () => {
          await control('POST', 'capi', { enabled: false });
          countFault('Copilot API gone (and back)');
        },
      ],
      [
        'delay',
        () =>
          fault('slow answers (2.5 s delay)', {
            type: 'delay',
            delayMs: 2500,
            host: 'api.github.com',
            path: tasksPath,
            count: 2,
          }),
      ],
      ['capi-on', () => control('POST', 'capi', { enabled: true })],
      [
        'malformed',
        () => fault('malformed JSON', { type: 'malformed', host: 'api.github.com', path: tasksPath, count: 2 }),
      ],
      [
        'revoke',
        async () => {
          // Revoked: the next poll says so (bad token); the user signs in again with a new token (same account).
          await control('POST', 'revoke-token', { token: SOAK_TOKEN });
          countFault('token revoked, then replaced');
          await twin.clock.advance(1000);
          const revoked = await poll();
          if (revoked.lastError?.kind !== 'bad-token')
            failures.push(`revoked token: expected a bad-token error, got ${JSON.stringify(revoked.lastError)}`);
          await control('POST', 'token', {
            token: SOAK_TOKEN_2,
            user: SOAK_LOGIN,
            kind: 'classic',
            scopes: ['repo', 'workflow'],
            copilotApi: true,
          });
          const again = await send({ type: 'signIn', token: SOAK_TOKEN_2, host: 'github.com' });
          if (!again.ok) failures.push(`sign-in with the replacement token failed: ${again.error.message}`);
        },
      ],
      [
        '5xx-graphql',
        () =>
          fault('5xx (503, 500, 502)', {
            type: 'status',
            status: 502,
            host: 'api.github.com',
            path: '/graphql*',
            count: 3,
          }),
      ],
    ];
    const plan: Array<[string, Event]> = [];
    for (let k = 0; k < cfg.faultRounds; k++) plan.push(...round.filter(([name]) => k === 0 || name !== 'revoke'));
    const at = new Map<number, Array<[string, Event]>>();
    const slot = (k: number, total: number) => 2 + Math.floor(((k + 0.5) * (steps - 4)) / total);
    plan.forEach((p, k) => {
      at.set(slot(k, plan.length), [...(at.get(slot(k, plan.length)) ?? []), p]);
    });
    const restartSteps = new Set(Array.from({ length: cfg.restarts }, (_, k) => slot(k, cfg.restarts) + 1));

    // ---- expected toolbar badge: waiting sessions + unseen ended ones that ask for the user (else running count)
    const badgeMismatches: string[] = [];
    let badgeChecks = 0;
    const checkBadge = async (step: number, current: Snapshot) => {
      if (current.lastError) return; // a failed poll: the badge shows what was last known, checked next step
      const states = new Map(current.sessions.map((s) => [s.id, s.state]));
      const unread = new Set(current.unread);
      const attention = [...states].filter(
        ([id, s]) => s === 'waiting_for_user' || (unread.has(id) && NOTIFIABLE.includes(s)),
      );
      const running = [...states].filter(([, s]) => s === 'queued' || s === 'in_progress');
      const expected =
        attention.length > 0 ? String(attention.length) : running.length > 0 ? String(running.length) : '';
      const seen = (await carrier.evaluate(
        `Promise.all([chrome.action.getBadgeText({}), chrome.action.getTitle({})])`,
      )) as [string, string];
      badgeChecks++;
      if (seen[0] !== expected) badgeMismatches.push(`step ${step}: badge “${seen[0]}”, expected “${expected}”`);
      const listed = attention.length > 0 ? attention : running;
      for (const [id] of listed.slice(0, 8)) {
        const title = current.sessions.find((s) => s.id === id)?.title ?? '';
        if (title && !seen[1].includes(title.slice(0, 40)))
          badgeMismatches.push(`step ${step}: tooltip does not list “${title}”`);
      }
    };

    const unreadMisses: string[] = [];
    let popupChecks = 0;
    let popupRows = 0;
    const popupMismatches: string[] = [];
    const checkPopup = async (current: Snapshot) => {
      const popup = await openExtensionPage(context, extensionId, 'popup.html');
      try {
        await popup.waitForSelector('[data-session-id][data-state]', { timeout: 10_000 });
        await sleep(300);
        const rows = (await popup.evaluate(
          `Array.from(document.querySelectorAll('[data-session-id][data-state]')).map((el) => [el.getAttribute('data-session-id'), el.getAttribute('data-state')])`,
        )) as Array<[string, string]>;
        popupChecks++;
        popupRows += rows.length;
        const want = new Map(current.sessions.map((s) => [s.id, s.state]));
        for (const [id, state] of rows)
          if (want.has(id) && want.get(id) !== state)
            popupMismatches.push(`${id}: popup ${state}, engine ${want.get(id)}`);
        if (rows.length < Math.min(8, want.size))
          popupMismatches.push(`popup shows ${rows.length} of ${want.size} sessions`);
      } finally {
        await popup.close();
      }
    };

    // ---- the run
    log(
      `soak: ${cfg.sessions} sessions, ${cfg.hours} h in ${steps} steps of ${cfg.stepMinutes} min, ${cfg.restarts} restarts`,
    );
    for (let step = 1; step <= steps; step++) {
      for (const [name, event] of at.get(step) ?? []) {
        log(`  step ${step}: ${name}`);
        await event(step);
      }
      await twin.clock.advance(stepMs);
      const before = new Map(snap.sessions.map((s) => [s.id, s.state]));
      snap = await poll();
      for (const s of twinStates()) push(truth, s.id, s.state);
      for (const s of snap.sessions) {
        push(shown, s.id, s.state);
        // A session that just asked for the user is unread (the PR page may mark its own session read later).
        if (before.get(s.id) !== undefined && before.get(s.id) !== s.state && NOTIFIABLE.includes(s.state)) {
          if (!snap.unread.includes(s.id)) unreadMisses.push(`step ${step}: ${s.id} → ${s.state} not unread`);
        }
      }
      await checkBadge(step, snap);
      if (restartSteps.has(step)) {
        log(`  step ${step}: service worker restart`);
        await restartWorker();
      }
      if (step % Math.max(1, Math.floor(steps / 3)) === 0) await checkPopup(snap);
    }

    // ---- an Actions log missing (session 2 failed; its job log is `false`), with the Copilot API off so the
    // Actions log is the source; and a completed session's real job log (302 to the blob host).
    await control('POST', 'capi', { enabled: false });
    const logMissing = await send<{ error: { kind: string; message: string } | null; source: string }>({
      type: 'getLog',
      sessionId: soakSessionId(2),
      offset: 0,
    });
    countFault('Actions log missing');
    if (!logMissing.ok || !logMissing.data.error || logMissing.data.source === 'actions-log')
      failures.push(`a missing Actions log did not produce a clear error: ${JSON.stringify(logMissing).slice(0, 300)}`);
    const ended = snap.sessions.find((s) => s.state === 'completed' && s.id !== soakSessionId(2));
    let completedLog = 'no completed session';
    if (ended) {
      const got = await send<{ text: string; source: string; error: { kind: string } | null }>({
        type: 'getLog',
        sessionId: ended.id,
        offset: 0,
      });
      completedLog =
        got.ok && got.data.source === 'actions-log' && got.data.text.length > 0
          ? `read (${got.data.text.length} chars)`
          : `not read: ${got.ok ? `${got.data.source} ${got.data.error?.kind ?? ''}` : got.error.kind}`;
    }
    await control('POST', 'capi', { enabled: true });

    // ---- polling alive: a final refresh moves lastSyncAt; the alarm exists
    await sleep(1100);
    const lastSyncBefore = snap.lastSyncAt;
    await twin.clock.advance(60_000);
    const final = await poll();
    const alarm = (await carrier.evaluate(`chrome.alarms.get('agent-sessions-poll').then((a) => !!a)`)) as boolean;
    const alive = !!final.lastSyncAt && final.lastSyncAt !== lastSyncBefore && !final.lastError;
    await checkPopup(final);
    await collectNotes(worker);

    // ---- transitions: every state the twin went through was shown, in order
    let made = 0;
    let shownCount = 0;
    const missed: string[] = [];
    const unexpected: string[] = [];
    for (const [id, states] of truth) {
      made += states.length - 1;
      const seen = shown.get(id) ?? [];
      if (seen.join('>') === states.join('>')) shownCount += states.length - 1;
      else missed.push(`${id}: twin ${states.join('>')} / shown ${seen.join('>')}`);
    }
    for (const id of shown.keys()) if (!truth.has(id)) unexpected.push(id);

    // ---- notifications: once per (session, notifiable state) entered after the first sync
    const expectedKeys = new Set<string>();
    for (const [id, states] of truth) {
      const after = firstIds.has(id) ? states.slice(1) : states;
      for (const s of after) if (NOTIFIABLE.includes(s)) expectedKeys.add(`${id}:${s}`);
    }
    const labelToState = new Map(Object.entries(STATE_LABELS).map(([state, label]) => [label, state]));
    const createdKeys = notes.map((n) => `${n.id}:${labelToState.get(n.title.split(' · ')[0] ?? '') ?? n.title}`);
    const counts = new Map<string, number>();
    for (const k of createdKeys) counts.set(k, (counts.get(k) ?? 0) + 1);
    const duplicates = [...counts].filter(([, c]) => c > 1).map(([k, c]) => `${k} ×${c}`);
    const missing = [...expectedKeys].filter((k) => !counts.has(k));
    const extra = [...counts.keys()].filter((k) => !expectedKeys.has(k));
    const persisted = (await carrier.evaluate(
      `chrome.storage.local.get('engine-state').then((v) => (v['engine-state'] && v['engine-state'].notified) || [])`,
    )) as string[];
    const persistedSet = new Set(persisted);
    for (const k of expectedKeys) if (!persistedSet.has(k)) failures.push(`notified key not persisted: ${k}`);

    // ---- requests, storage, errors
    const requests: RequestRecord[] = twin.requests();
    const rateLimited = requests.filter((r) => r.rateLimited).length;
    const byStatus: Record<string, number> = {};
    for (const r of requests) byStatus[String(r.status)] = (byStatus[String(r.status)] ?? 0) + 1;
    const blobWithAuthorization = requests.filter((r) => r.authorizationHeader === true).length;
    const bytesInUse = (await carrier.evaluate('chrome.storage.local.getBytesInUse(null)')) as number;
    const unexpectedErrors: CollectedError[] = errors.unexpected(NETWORK_NOISE);
    const noise = errors.errors.length - unexpectedErrors.length;
    const hours = (twin.clock.now() - Date.parse((twin.state() as { start: string }).start)) / 3_600_000;

    const report: SoakReport = {
      config: {
        hours: cfg.hours,
        sessions: cfg.sessions,
        stepMinutes: cfg.stepMinutes,
        dwellMinutes: cfg.dwellMinutes,
        restarts: cfg.restarts,
        faultRounds: cfg.faultRounds,
      },
      realSeconds: Math.round((Date.now() - started) / 100) / 10,
      scenarioHours: Math.round(hours * 100) / 100,
      steps,
      faults,
      serviceWorkerRestarts: restarts,
      transitions: { made, shown: shownCount, missed, unexpected },
      notifications: {
        expected: expectedKeys.size,
        created: notes.length,
        duplicates,
        missing,
        unexpected: extra,
      },
      badge: { checks: badgeChecks, mismatches: [...badgeMismatches, ...unreadMisses] },
      popup: { checks: popupChecks, rows: popupRows, mismatches: popupMismatches },
      errors: {
        unexpected: unexpectedErrors.length,
        networkNoise: noise,
        samples: unexpectedErrors.slice(0, 5).map((e) => `[${e.source} ${e.kind}] ${e.text.slice(0, 300)}`),
      },
      requests: {
        total: requests.length,
        rateLimited,
        rateLimitedPerHour: Math.round(rateLimited / hours),
        target: RATE_TARGET_PER_HOUR,
        byStatus,
        blobWithAuthorization,
      },
      storage: { bytesInUse, bound: STORAGE_BOUND_BYTES },
      completedJobLog: completedLog,
      polling: { alive: alive && alarm, alarm, lastSyncBefore, lastSyncAfter: final.lastSyncAt },
      failures,
    };
    report.failures.push(...verdict(report));
    if (cfg.reportPath) {
      mkdirSync(dirname(cfg.reportPath), { recursive: true });
      writeFileSync(cfg.reportPath, `${JSON.stringify(report, null, 2)}\n`);
    }
    log(formatReport(report));
    await pr.close().catch(() => {});
    return report;
  } finally {
    await ext?.close();
    await twin.close();
  }
}

/** Everything the soak asserts, as a list of failures (empty = pass). */
export function verdict(r: SoakReport): string[] {
  const out: string[] = [];
  if (r.transitions.made === 0) out.push('no transitions happened: the scenario did not run');
  if (r.transitions.missed.length) out.push(`transitions not shown: ${r.transitions.missed.slice(0, 5).join('; ')}`);
  if (r.transitions.unexpected.length)
    out.push(`sessions shown that the twin never had: ${r.transitions.unexpected.join(', ')}`);
  if (r.notifications.expected === 0) out.push('no notification was expected: the scenario is too small');
  if (r.notifications.duplicates.length) out.push(`duplicate notifications: ${r.notifications.duplicates.join(', ')}`);
  if (r.notifications.missing.length) out.push(`missing notifications: ${r.notifications.missing.join(', ')}`);
  if (r.notifications.unexpected.length) out.push(`unexpected notifications: ${r.notifications.unexpected.join(', ')}`);
  if (r.badge.checks === 0 || r.badge.mismatches.length)
    out.push(`toolbar badge: ${r.badge.mismatches.slice(0, 5).join('; ') || 'never checked'}`);
  if (r.popup.checks === 0 || r.popup.mismatches.length)
    out.push(`popup: ${r.popup.mismatches.slice(0, 5).join('; ') || 'never checked'}`);
  if (r.errors.unexpected) out.push(`errors in extension contexts or pages: ${r.errors.samples.join(' | ')}`);
  if (r.requests.rateLimitedPerHour > r.requests.target)
    out.push(`${r.requests.rateLimitedPerHour} rate-limited requests per hour (target ≤ ${r.requests.target})`);
  if (r.requests.blobWithAuthorization) out.push('the token was sent to the log blob host');
  if (r.storage.bytesInUse > r.storage.bound) out.push(`storage.local holds ${r.storage.bytesInUse} bytes`);
  if (!r.polling.alive) out.push(`polling not alive: ${JSON.stringify(r.polling)}`);
  if (r.serviceWorkerRestarts < r.config.restarts) out.push('fewer service-worker restarts than planned');
  return out;
}

export function formatReport(r: SoakReport): string {
  const rows: Array<[string, string]> = [
    ['scenario time', `${r.scenarioHours} h in ${r.steps} steps (${r.realSeconds} s real)`],
    ['sessions', String(r.config.sessions)],
    ...Object.entries(r.faults).map(([k, v]): [string, string] => [`fault: ${k}`, String(v)]),
    ['service-worker restarts', String(r.serviceWorkerRestarts)],
    ['transitions made / shown', `${r.transitions.made} / ${r.transitions.shown}`],
    ['notifications expected / created', `${r.notifications.expected} / ${r.notifications.created}`],
    ['duplicate / missing notifications', `${r.notifications.duplicates.length} / ${r.notifications.missing.length}`],
    ['badge checks (mismatches)', `${r.badge.checks} (${r.badge.mismatches.length})`],
    ['popup checks, rows (mismatches)', `${r.popup.checks}, ${r.popup.rows} (${r.popup.mismatches.length})`],
    ['errors (network noise)', `${r.errors.unexpected} (${r.errors.networkNoise})`],
    ['requests total', String(r.requests.total)],
    ['rate-limited per scenario hour', `${r.requests.rateLimitedPerHour} (target ≤ ${r.requests.target})`],
    ['blob requests with Authorization', String(r.requests.blobWithAuthorization)],
    ['storage.local bytes', `${r.storage.bytesInUse} (bound ${r.storage.bound})`],
    ['polling alive', String(r.polling.alive)],
    ['completed job log (302 → blob)', r.completedJobLog],
    ['result', r.failures.length ? `FAIL: ${r.failures.length}` : 'PASS'],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`);
  for (const f of r.failures) lines.push(`  ✗ ${f}`);
  return ['Soak report', ...lines].join('\n');
}
