/**
 * Several accounts at once (issue 16): one Engine per signed-in account, each with its own token record, saved
 * state, ETag cache, poll alarm and usage history. The first account's engine ("slot" '') keeps today's storage keys
 * (nothing migrates) and holds the views' ports: its publisher sends every view the accounts' snapshots merged
 * (`mergeSnapshots`: sessions tagged with their account, an `accounts` summary). Another account's engine lives in
 * its own slot (`a2`, `a3`, …; its keys end in `:SLOT`), pushes through the first and writes no badge: the toolbar
 * badge counts every account's sessions. Requests go to the engine that owns them: by session id (stop, logs, ask for
 * changes, open, mark read, notification clicks), by the account the request names (new task, a repository's
 * sessions, sign-out), else the first signed-in account. A page's Stop reaches the owning account's engine, which
 * checks the page's signed-in login against its own token's user (stop.ts): never another account's token.
 */
import type { Request, Response } from '../messages/protocol';
import { appError } from '../model/errors';
import type { AccountSummary, AuthInfo, StateSnapshot } from '../model/state';
import type { UsageHistory } from '../model/usage';
import { sortSessions } from '../sessions/map';
import type { Session } from '../sessions/model';
import { accountLabel } from '../sessions/selectors';
import type { Engine } from './engine';
import type { EngineBrowser, EngineGroup } from './engine-deps';
import { showToolbarBadge } from './notifications';
import type { PortLike } from './publisher';
import { POLL_ALARM } from './sync';

/** An account's key in the views: `host/login`. */
function accountKey(info: Pick<AuthInfo, 'host' | 'login'>): string {
  return `${info.host}/${info.login}`;
}

/** Where the other accounts' slots are listed (storage.local `accounts` in the extension). */
interface SlotStore {
  load(): Promise<string[]>;
  save(slots: string[]): Promise<void>;
}

interface AccountsDeps {
  browser: EngineBrowser;
  /** Builds one account's engine: slot '' is the first account (today's storage keys), another slot its own keys. */
  makeEngine(slot: string, browser: EngineBrowser, group: EngineGroup): Engine;
  slots: SlotStore;
  /** Removes what a removed slot kept outside its engine's store (its usage history). */
  forgetSlot?(slot: string): Promise<void>;
}

function earliest(values: Array<string | null>): string | null {
  return values.filter((v): v is string => !!v).sort()[0] ?? null;
}

/**
 * Every account's snapshot as one, for the views. The first is the views' engine's own. With one account signed in
 * (or none) it is that account's snapshot unchanged: single-account views see exactly what they saw before.
 */
export function mergeSnapshots(parts: readonly StateSnapshot[]): StateSnapshot {
  const signed = parts.filter((p) => p.auth.status === 'signed-in');
  const first = signed[0];
  if (!first || signed.length === 1) return first ?? (parts[0] as StateSnapshot);
  const accounts: AccountSummary[] = signed.map((p) => {
    const info = (p.auth as { info: AuthInfo }).info;
    return { key: accountKey(info), info, lastSyncAt: p.lastSyncAt, lastError: p.lastError, source: p.source };
  });
  const seen = new Set<string>();
  const sessions: Session[] = [];
  signed.forEach((p, i) => {
    const account = accounts[i]?.key;
    for (const s of p.sessions) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      sessions.push({ ...s, account });
    }
  });
  const erred = signed.findIndex((p) => p.lastError);
  const error = signed[erred]?.lastError;
  const fallback = signed.find((p) => p.source === 'fallback');
  const synced = signed.map((p) => p.lastSyncAt);
  return {
    ...first,
    sessions: sortSessions(sessions),
    unread: [...new Set(signed.flatMap((p) => p.unread))],
    // The oldest account's sync: what the views say about the age of the list holds for every row.
    lastSyncAt: synced.includes(null) ? null : earliest(synced),
    lastError: error ? { ...error, message: `${accountLabel(accounts[erred]?.key ?? '')}: ${error.message}` } : null,
    nextPollAt: earliest(signed.map((p) => p.nextPollAt)),
    syncing: signed.some((p) => p.syncing),
    source: fallback ? 'fallback' : first.source,
    sourceReason: fallback?.sourceReason ?? null,
    stops: Object.assign({}, ...signed.map((p) => p.stops)),
    accounts,
  };
}

/** One account's answer to `getUsageHistory`: its key (`host/login`) and its engine's response. */
interface UsageHistoryPart {
  key: string;
  res: Response;
}

/**
 * Every signed-in account's month of usage history as one (the usage page). One account: its answer unchanged.
 * Several: each session tagged with its account; the oldest read; tasks still to read summed; an account whose read
 * failed keeps the others' sessions and is named in `error` ("monalisa: GitHub did not answer.").
 */
export function mergeUsageHistories(parts: readonly UsageHistoryPart[]): Response {
  if (parts.length === 1) return (parts[0] as UsageHistoryPart).res;
  const seen = new Set<string>();
  const sessions: UsageHistory['sessions'] = [];
  const errors: string[] = [];
  const fetched: Array<string | null> = [];
  let pending = 0;
  for (const { key, res } of parts) {
    const h = res.ok ? (res.data as UsageHistory | null) : null;
    const error = res.ok ? h?.error : res.error.message;
    if (error) errors.push(`${accountLabel(key)}: ${error}`);
    if (!h) continue;
    fetched.push(h.fetchedAt);
    pending += h.pending;
    for (const s of h.sessions) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      sessions.push({ ...s, account: key });
    }
  }
  const history: UsageHistory = {
    sessions,
    fetchedAt: fetched.length === 0 || fetched.includes(null) ? null : earliest(fetched),
    pending,
    error: errors.length > 0 ? errors.join(' ') : null,
  };
  return { ok: true, data: history };
}

/**
 * The browser as one account's engine sees it: its alarm named for its slot, a badge write that redraws the
 * toolbar badge for every account, and nothing armed once the account is gone.
 */
function slotBrowser(b: EngineBrowser, slot: string, badge: () => Promise<void>, live: () => boolean): EngineBrowser {
  const name = (n: string) => (slot ? `${n}:${slot}` : n);
  const alarms = {
    get: (n: string) => b.alarms.get(name(n)),
    create: async (n: string, info: { delayInMinutes: number; periodInMinutes: number }) => {
      if (live()) await b.alarms.create(name(n), info);
    },
  };
  const action = {
    setBadgeText: () => badge(),
    setBadgeBackgroundColor: async () => {},
    setTitle: async () => {},
  };
  return {
    alarms: alarms as unknown as EngineBrowser['alarms'],
    action: action as unknown as EngineBrowser['action'],
    notifications: b.notifications,
    tabs: b.tabs,
    runtime: b.runtime,
  };
}

const NOT_SIGNED_IN: Response = {
  ok: false,
  error: appError('validation', 'That account is not signed in.', { fix: 'Sign in to it in the options page.' }),
};

export class Accounts {
  /** The first account's engine: today's storage keys, the views' ports. Always there, signed in or not. */
  readonly primary: Engine;
  private readonly extras = new Map<string, Engine>();
  private readonly removed = new Set<string>();
  readonly ready: Promise<void>;
  /** The engine of the device flow in progress (the first account's, or an account being added). */
  private device: Engine;

  constructor(private readonly deps: AccountsDeps) {
    this.primary = this.make('');
    this.device = this.primary;
    this.ready = this.restore().catch((e) => console.warn('[agent-sessions] could not restore the accounts', e));
  }

  private make(slot: string): Engine {
    const group: EngineGroup = slot
      ? { changed: () => this.primary.pushState(), views: () => this.primary.openViews() }
      : { merge: (own) => mergeSnapshots([own, ...[...this.extras.values()].map((e) => e.snapshot())]) };
    const b = slotBrowser(
      this.deps.browser,
      slot,
      () => this.showBadge(),
      () => !this.removed.has(slot),
    );
    return this.deps.makeEngine(slot, b, group);
  }

  private async restore(): Promise<void> {
    await this.primary.ready;
    const slots = await this.deps.slots.load().catch(() => []);
    for (const slot of Array.isArray(slots) ? slots : []) {
      if (typeof slot !== 'string' || !/^a\d+$/.test(slot) || this.extras.has(slot)) continue;
      const engine = this.make(slot);
      await engine.ready;
      this.extras.set(slot, engine);
      // An account whose sign-in never finished (or whose token is gone) is dropped with its storage.
      if (!engine.data.auth) await this.remove(slot);
    }
    await this.saveSlots();
    await this.showBadge();
    this.primary.pushState();
  }

  /** Every engine, the first account's first. */
  engines(): Engine[] {
    return [this.primary, ...this.extras.values()];
  }

  private signedIn(): Engine[] {
    return this.engines().filter((e) => e.data.auth);
  }

  private fallbackEngine(): Engine {
    return this.signedIn()[0] ?? this.primary;
  }

  /** The engine of the account a request names (`host/login`), else the first signed-in account's; null when unknown. */
  private byKey(key: string | undefined): Engine | null {
    if (!key) return this.fallbackEngine();
    return this.signedIn().find((e) => e.data.auth && accountKey(e.data.auth) === key) ?? null;
  }

  /** The engine whose account holds the session; after the syncs in flight when none does yet. */
  async ownerOf(id: string): Promise<Engine> {
    const known = this.knownOwner(id) ?? this.engines().find((e) => e.prPages.findOther(id));
    if (known) return known;
    for (const e of this.signedIn()) if (await e.sessionAfterSync(id)) return e;
    // Unknown to every account: the first answers (it says the session is not known).
    return this.fallbackEngine();
  }

  private knownOwner(id: string): Engine | undefined {
    return this.engines().find((e) => e.data.sessions.some((s) => s.id === id));
  }

  /** The host pages may talk from: a signed-in data-residency host when there is one, else the first account's. */
  get host(): string {
    const hosts = this.signedIn().map((e) => e.host);
    return hosts.find((h) => h !== 'github.com') ?? this.fallbackEngine().host;
  }

  attachPort(port: PortLike, scope: 'extension' | 'page' = 'extension', tabId?: number): void {
    this.primary.attachPort(port, scope, tabId);
  }

  snapshot(): StateSnapshot {
    return this.primary.snapshot();
  }

  /** The toolbar badge for every signed-in account: attention and running sessions summed, the first error. */
  async showBadge(): Promise<void> {
    const signed = this.signedIn();
    await showToolbarBadge(this.deps.browser, {
      sessions: signed.flatMap((e) => e.data.sessions),
      unread: signed.flatMap((e) => e.data.unread),
      auth: signed[0]?.data.auth ?? null,
      lastError: signed.map((e) => e.data.lastError).find((x) => x) ?? this.primary.data.lastError,
    });
  }

  // ---------------------------------------------------------------- lifecycle, alarms, notifications

  async onStartup(): Promise<void> {
    await this.ready;
    await Promise.all(this.engines().map((e) => e.onStartup()));
  }

  async onWake(): Promise<void> {
    await this.ready;
    await Promise.all(this.engines().map((e) => e.onWake()));
  }

  async onAlarm(alarm: { name: string }): Promise<void> {
    await this.ready;
    if (alarm.name === POLL_ALARM) return this.primary.onAlarm(alarm);
    for (const [slot, engine] of this.extras)
      if (alarm.name === `${POLL_ALARM}:${slot}`) return engine.onAlarm({ name: POLL_ALARM });
    // A removed account's alarm: gone for good.
    if (alarm.name.startsWith(`${POLL_ALARM}:`)) await this.deps.browser.alarms.clear(alarm.name).catch(() => false);
  }

  /** A notification's id is its session's (or a PR event's: its PR's): the account that holds it opens it. */
  async onNotificationClicked(id: string): Promise<void> {
    await this.ready;
    const prEvent = this.engines().find((e) => e.prEvents.holds(id));
    await (prEvent ?? (await this.ownerOf(id))).onNotificationClicked(id);
  }

  // ---------------------------------------------------------------- requests

  async handle(req: Request): Promise<Response> {
    await this.ready;
    switch (req.type) {
      case 'refresh': {
        const answers = await Promise.all(this.engines().map((e) => e.handle(req)));
        return answers[0]?.ok ? { ok: true, data: this.snapshot() } : (answers[0] as Response);
      }
      case 'markRead': {
        const byEngine = new Map<Engine, string[]>();
        for (const id of req.ids) {
          const e = this.knownOwner(id) ?? this.fallbackEngine();
          byEngine.set(e, [...(byEngine.get(e) ?? []), id]);
        }
        for (const [e, ids] of byEngine) {
          const res = await e.handle({ ...req, ids });
          if (!res.ok) return res;
        }
        return { ok: true, data: null };
      }
      case 'stopSession':
      case 'askForChanges':
        return this.actOnPage(req);
      case 'getLog':
      case 'openSession':
        return (await this.ownerOf(req.sessionId)).handle(req);
      case 'startTask':
      case 'getRepoSessions':
      case 'listRecentRepos':
        return this.byKey(req.account)?.handle(req) ?? NOT_SIGNED_IN;
      case 'signIn':
        return this.signIn(req);
      case 'signOut':
        return this.signOut(req.account);
      case 'deviceFlowStart':
        this.device = req.add && this.primary.data.auth ? await this.addSlot() : this.primary;
        return this.device.handle(req);
      case 'deviceFlowPoll':
        return this.devicePoll(req);
      case 'setSettings': {
        const res = await this.primary.handle(req);
        if (res.ok) {
          const { host: _host, ...shared } = req.settings;
          for (const e of this.extras.values()) await e.setSettings(shared).catch(() => {});
        }
        return res;
      }
      case 'getUsageHistory':
        return this.usageHistory(req);
      case 'openOptions':
        return this.fallbackEngine().handle(req);
      case 'getState':
        return this.primary.handle(req);
    }
  }

  /**
   * The usage page's month: every signed-in account's engine reads its own history (its own store slot, at most one
   * read per 10 minutes each), in parallel; one account answers as it always did.
   */
  private async usageHistory(req: Request): Promise<Response> {
    const signed = this.signedIn();
    if (signed.length <= 1) return this.fallbackEngine().handle(req);
    const parts = await Promise.all(
      signed.map(async (e) => {
        const key = e.data.auth ? accountKey(e.data.auth) : '';
        const res: Response = await e.handle(req).catch((err: unknown) => ({
          ok: false as const,
          error: appError('github-error', err instanceof Error ? err.message : 'The history could not be read.'),
        }));
        return { key, res };
      }),
    );
    return mergeUsageHistories(parts);
  }

  /**
   * Stop and ask-for-changes act with the token of the account that holds the session; its engine refuses a page
   * signed in as someone else. When the page is signed in as another account we hold, the refusal says so.
   */
  private async actOnPage(req: Extract<Request, { type: 'stopSession' | 'askForChanges' }>): Promise<Response> {
    const engine = await this.ownerOf(req.sessionId);
    const res = await engine.handle(req);
    const owner = engine.data.auth?.login;
    const page = req.pageLogin?.toLowerCase();
    if (res.ok || !owner || !page || page === owner.toLowerCase() || this.extras.size === 0) return res;
    if (!this.signedIn().some((e) => e.data.auth?.login.toLowerCase() === page)) return res;
    const nothing = req.type === 'stopSession' ? 'Nothing was stopped.' : 'Nothing was posted.';
    return {
      ok: false,
      error: appError(
        'validation',
        `This session belongs to @${owner}, but this page is signed in as @${req.pageLogin}. ${nothing}`,
        { fix: `Sign in on GitHub as @${owner} to act on it from this page, or use the extension’s popup.` },
      ),
    };
  }

  private async signIn(req: Extract<Request, { type: 'signIn' }>): Promise<Response> {
    if (!req.add || !this.primary.data.auth) {
      const res = await this.primary.handle(req);
      if (res.ok) await this.dropDuplicatesOf(this.primary);
      return res;
    }
    const engine = await this.addSlot();
    const res = await engine.handle(req);
    return this.settleAdded(engine, res);
  }

  /** A new slot's engine, listed (so a restart in the middle finds and drops it), with the first account's settings. */
  private async addSlot(): Promise<Engine> {
    let n = 2;
    while (this.extras.has(`a${n}`)) n++;
    const slot = `a${n}`;
    this.removed.delete(slot);
    const engine = this.make(slot);
    await engine.ready;
    this.extras.set(slot, engine);
    await this.saveSlots();
    const { host: _host, ...shared } = this.primary.data.settings;
    await engine.setSettings(shared).catch(() => {});
    return engine;
  }

  /** After an added account's sign-in: keep it, or drop it when it failed or is an account already signed in. */
  private async settleAdded(engine: Engine, res: Response): Promise<Response> {
    const slot = this.slotOf(engine);
    if (slot == null) return res;
    const auth = engine.data.auth;
    if (!res.ok || !auth) {
      await this.remove(slot);
      return res;
    }
    const twin = this.signedIn().find((e) => e !== engine && e.data.auth?.id === auth.id && e.host === auth.host);
    if (twin) {
      await this.remove(slot);
      return {
        ok: false,
        error: appError('validation', `${accountLabel(accountKey(auth))} is already signed in.`, {
          fix: 'Add a token of another account, or of another host.',
        }),
      };
    }
    this.primary.pushState();
    return res;
  }

  private async devicePoll(req: Request): Promise<Response> {
    const engine = this.device;
    const res = await engine.handle(req);
    if (engine === this.primary || !res.ok) return res;
    const phase = (res.data as { phase?: string }).phase;
    if (phase === 'done') {
      const settled = await this.settleAdded(engine, engine.data.auth ? res : NOT_SIGNED_IN);
      if (!settled.ok) return { ok: true, data: { ...(res.data as object), phase: 'error', error: settled.error } };
    } else if (phase === 'expired' || phase === 'denied' || phase === 'error') {
      const slot = this.slotOf(engine);
      if (slot) await this.remove(slot);
    }
    return res;
  }

  /** The first account was signed in again as an account another slot holds: that slot goes (one engine each). */
  private async dropDuplicatesOf(engine: Engine): Promise<void> {
    const auth = engine.data.auth;
    if (!auth) return;
    for (const [slot, e] of this.extras)
      if (e.data.auth?.id === auth.id && e.host === auth.host) await this.remove(slot);
  }

  /** Signs one account out (an added account's slot goes with its storage), or every account when none is named. */
  private async signOut(key: string | undefined): Promise<Response> {
    if (key) {
      const engine = this.byKey(key);
      if (!engine) return NOT_SIGNED_IN;
      const slot = this.slotOf(engine);
      if (slot) await this.remove(slot);
      else await this.primary.signOut();
    } else {
      for (const slot of [...this.extras.keys()]) await this.remove(slot);
      await this.primary.signOut();
    }
    await this.showBadge();
    this.primary.pushState();
    return { ok: true, data: null };
  }

  private slotOf(engine: Engine): string | null {
    for (const [slot, e] of this.extras) if (e === engine) return slot;
    return null;
  }

  /** Signs the slot's account out and forgets it: token, state, ETags, alarm, usage history. */
  private async remove(slot: string): Promise<void> {
    const engine = this.extras.get(slot);
    if (!engine) return;
    this.removed.add(slot);
    this.extras.delete(slot);
    if (this.device === engine) this.device = this.primary;
    await engine.signOut().catch(() => {});
    await engine.clearStore().catch(() => {});
    await this.deps.browser.alarms.clear(`${POLL_ALARM}:${slot}`).catch(() => false);
    await this.deps.forgetSlot?.(slot).catch(() => {});
    await this.saveSlots();
    await this.showBadge();
    this.primary.pushState();
  }

  private async saveSlots(): Promise<void> {
    await this.deps.slots.save([...this.extras.keys()]).catch(() => {});
  }
}
