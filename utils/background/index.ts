/**
 * Wires the engine to the browser: listeners are registered synchronously (MV3 wake-ups), every handler waits for
 * the store to load, nothing throws unhandled.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { hasHostPermission } from '../auth/host';
import { createIdbTokenStore } from '../auth/token-store';
import { LIVE_PORT } from '../messages/protocol';
import { Accounts } from './accounts';
import { Engine } from './engine';
import { type GheDeps, syncGheContentScript } from './ghe-content-script';
import type { PortLike } from './publisher';
import { checkSender, route } from './router';
import { createWxtStore } from './store';
import { createHistoryStore } from './usage-history';

export function startBackground(opts: { clientId?: string | null } = {}): Accounts {
  // One engine per signed-in account (accounts.ts): the first keeps the original keys, another its slot's.
  const slots = storage.defineItem<string[]>('local:accounts', { fallback: [] });
  const engine = new Accounts({
    browser,
    slots: { load: () => slots.getValue(), save: (v) => slots.setValue(v) },
    forgetSlot: (slot) => browser.storage.local.remove(`usageHistory:${slot}`),
    makeEngine: (slot, b, group) =>
      new Engine({
        browser: b,
        group,
        store: createWxtStore(slot),
        tokens: slot ? createIdbTokenStore(globalThis.indexedDB, `account:${slot}`) : createIdbTokenStore(),
        historyStore: slot ? createHistoryStore(`usageHistory:${slot}`) : createHistoryStore(),
        clientId: opts.clientId ?? null,
        hostPermission: hasHostPermission,
      }),
  });
  const ctx = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, '') };

  const gheDeps: GheDeps = {
    scripting: (browser as unknown as { scripting?: GheDeps['scripting'] }).scripting,
    permissions: browser.permissions,
  };
  const syncGhe = () => void syncGheContentScript(gheDeps, engine.host);

  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (r: unknown) => void) => {
    const answered = route(engine, message, sender, ctx);
    // A host change (options page) or an account signed in or out may bring or take a data-residency host whose
    // pages need the content script.
    const type = (message as { type?: unknown } | null)?.type;
    if (type === 'setSettings' || type === 'signIn' || type === 'signOut' || type === 'deviceFlowPoll')
      void answered.then(syncGhe, () => {});
    answered.then(sendResponse, () =>
      sendResponse({
        ok: false,
        error: { kind: 'github-error', message: 'The extension failed to answer.', fix: null, link: null },
      }),
    );
    return true;
  });
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== LIVE_PORT) return;
    if (port.sender?.id !== browser.runtime.id) {
      port.disconnect();
      return;
    }
    // A content script's port (a tab, not an extension page) gets only what its page shows (page-scope.ts), and
    // only from the pages the content script runs on.
    const url = port.sender?.url ?? '';
    if (port.sender?.tab && !url.startsWith(ctx.extensionOrigin)) {
      if (checkSender(port.sender, 'stopSession', { ...ctx, host: engine.host })) {
        port.disconnect();
        return;
      }
      engine.attachPort(port as unknown as PortLike, 'page', port.sender.tab.id);
      return;
    }
    engine.attachPort(port as unknown as PortLike);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    void engine.onAlarm(alarm).catch(() => {});
  });
  const onNotificationClicked = (id: string) => {
    void engine.onNotificationClicked(id).catch(() => {});
  };
  browser.notifications.onClicked.addListener(onNotificationClicked);
  // The same handler, reachable from the worker's own scope only: end-to-end tests press a notification through it
  // (a real notification cannot be clicked in headless Chromium).
  (globalThis as { agentSessionsNotificationClicked?: (id: string) => void }).agentSessionsNotificationClicked =
    onNotificationClicked;
  // Likewise for the PR events (issue 16): look at the watched PRs now instead of in 5 minutes of real time.
  (globalThis as { agentSessionsPrEventsNow?: () => Promise<unknown> }).agentSessionsPrEventsNow = () =>
    Promise.all(
      engine.engines().map((e) => {
        for (const w of Object.values(e.data.prWatch)) w.checkedAt = 0;
        return e.refresh('manual');
      }),
    );
  browser.runtime.onStartup.addListener(() => {
    void engine.onStartup().catch(() => {});
  });
  browser.runtime.onInstalled.addListener(() => {
    void engine.onStartup().catch(() => {});
  });
  browser.permissions.onAdded.addListener(syncGhe);
  browser.permissions.onRemoved.addListener(syncGhe);
  // Access to the GitHub host withdrawn or given back (Firefox lets the user do both at any time): sync now, so the
  // views say so at once (engine.sync checks `hostPermission` first) or recover.
  const resync = () => void engine.handle({ type: 'refresh', reason: 'manual' }).catch(() => {});
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);
  // Every wake-up (also after the worker was stopped): make sure the alarm exists; refresh when stale.
  void engine
    .onWake()
    .catch(() => {})
    .then(syncGhe);
  return engine;
}
