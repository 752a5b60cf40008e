/**
 * The drawer's gate (issue 17 #8). Framed in a page, the drawer's URL names nothing (no session, login or PR): it
 * waits for a one-time ticket that its content script posts (the page cannot read it), redeems it with the
 * background (once, from this tab, while the tab shows the ticket's PR page) and only then shows the session. It also
 * proves its embedder: where the browser says (`location.ancestorOrigins`, Chromium) the only ancestor must be the
 * ticket's page origin. A page's own frame, a used or unknown ticket, or a foreign embedder: a clear message, no data,
 * no Stop. Opened as a page of its own (the session tab from the popup or a notification), no page can frame it, and
 * its hash names the session as before.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { request } from '../../utils/messages/client';
import type { Request } from '../../utils/messages/protocol';
import type { AppError } from '../../utils/model/errors';
import { App, startEarly } from './App';
import {
  DRAWER_NS,
  type DrawerParams,
  type DrawerTheme,
  isPageOrigin,
  parseDrawerHash,
  parseToDrawer,
} from './messages';

/** What a redeemed ticket tells the drawer (utils/background/drawer-tickets.ts). */
interface RedeemedTicket {
  sessionId: string;
  pageLogin: string | null;
  pagePr: string;
  host: string;
  /** Opened from the PR header's "Ask Copilot for changes". */
  ask?: boolean;
}

const isFramed = (): boolean => window.parent !== window;

/** The origins of the frames that embed this page (Chromium), null where the browser does not say. */
function ancestorOrigins(): string[] | null {
  const list = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  return list ? Array.from(list) : null;
}

/** The embedder is the ticket's page itself: one ancestor, its origin the ticket's host (where the browser says). */
function embedderMatches(ancestors: readonly string[] | null, host: string): boolean {
  if (!ancestors) return true;
  return ancestors.length === 1 && ancestors[0] === `https://${host}`;
}

async function redeem(nonce: string): Promise<RedeemedTicket> {
  return request<RedeemedTicket>({ type: 'redeemDrawerTicket', nonce } as unknown as Request);
}

/** How long a framed drawer waits for its ticket before it says it was not opened by the extension. */
const TICKET_WAIT_MS = 5000;

type Gate =
  | { phase: 'waiting' }
  | { phase: 'refused'; message: string }
  | { phase: 'open'; params: DrawerParams; nonce: string };

const REFUSED =
  'This drawer was not opened by the extension on this page, or its link was already used. Nothing is shown.';

export function DrawerGate({ hash }: { hash: string }) {
  const base = parseDrawerHash(hash);
  const framed = isFramed();
  const [theme, setTheme] = useState<DrawerTheme>(base.theme);
  const [gate, setGate] = useState<Gate>(() =>
    framed ? { phase: 'waiting' } : { phase: 'open', params: base, nonce: 'top' },
  );

  useEffect(() => {
    if (!framed) return;
    const parentOrigin = ancestorOrigins()?.[0] ?? `https://${base.host}`;
    if (!isPageOrigin(parentOrigin)) {
      setGate({ phase: 'refused', message: REFUSED });
      return;
    }
    let seq = 0;
    let applied = 0;
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent || !isPageOrigin(event.origin)) return;
      const msg = parseToDrawer(event.data);
      if (msg?.type === 'theme') setTheme(msg.theme);
      if (msg?.type !== 'ticket') return;
      const nonce = msg.nonce;
      const mine = ++seq;
      redeem(nonce).then(
        (t) => {
          if (mine < applied) return; // a later ticket is shown already
          applied = mine;
          if (!embedderMatches(ancestorOrigins(), t.host) || `https://${t.host}` !== event.origin) {
            setGate({ phase: 'refused', message: REFUSED });
            return;
          }
          setGate({
            phase: 'open',
            nonce,
            params: {
              ...base,
              sessionId: t.sessionId,
              pageLogin: t.pageLogin,
              pagePr: t.pagePr,
              host: t.host,
              ...(t.ask === true ? { ask: true } : {}),
            },
          });
        },
        (e) => {
          const error = (e as { error?: AppError })?.error;
          // A page's own message with a made-up nonce must not close a drawer the extension opened.
          setGate((g) => (g.phase === 'open' ? g : { phase: 'refused', message: error?.message ?? REFUSED }));
        },
      );
    };
    window.addEventListener('message', onMessage);
    window.parent.postMessage({ ns: DRAWER_NS, type: 'ready' }, parentOrigin);
    const timer = setTimeout(
      () => setGate((g) => (g.phase === 'waiting' ? { phase: 'refused', message: REFUSED } : g)),
      TICKET_WAIT_MS,
    );
    return () => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
    };
  }, []);

  const early = useMemo(() => (gate.phase === 'open' ? startEarly(gate.params) : undefined), [gate]);
  if (gate.phase !== 'open')
    return (
      <div class="as-drawer" data-refused={gate.phase === 'refused' ? 'ticket' : undefined} data-view="gate">
        <p class="as-drawer-note" role={gate.phase === 'refused' ? 'alert' : 'status'}>
          {gate.phase === 'refused' ? gate.message : 'Loading…'}
        </p>
      </div>
    );
  const params = { ...gate.params, theme };
  return <App key={gate.nonce} initial={params} early={early} />;
}
