/**
 * One-time drawer tickets (issue 17 #8). The drawer's frame URL carries no ids: the content script of a PR page asks
 * the background for a ticket naming the session it wants shown; the background takes the page's host and PR from the
 * sender (never from the page) and answers a random nonce; the content script hands only the nonce to its own frame
 * (postMessage to the extension origin, which the page cannot read); the drawer redeems it here, from the same tab,
 * once, within a minute, and learns the session, the page's login and PR. A frame the page made itself never holds a
 * ticket (a page cannot message the background), and a ticket used once is refused the second time.
 *
 * The redeemed ticket of each tab is remembered: a Stop from a drawer frame acts only on a session of that ticket's PR
 * (`stopAllowed`), with the login the ticket carries.
 */
import { isDataResidencyHost } from '../github/hosts';
import type { Response } from '../messages/protocol';
import type { AppError } from '../model/errors';
import { parsePr } from '../page/urls';

interface DrawerTicket {
  sessionId: string;
  /** The login signed in on the page (`meta[name=user-login]`), as the content script read it. */
  pageLogin: string | null;
  /** `owner/repo#n` (lower case) of the page's PR, from the sender's URL. */
  pagePr: string;
  /** The page's host (github.com or the configured *.ghe.com host), from the sender's URL. */
  host: string;
  /** Opened from the PR header's "Ask Copilot for changes": the drawer opens its follow-up form. */
  ask?: boolean;
}

interface Held extends DrawerTicket {
  tabId: number;
  expires: number;
}

export const TICKET_TTL_MS = 60_000;
/** Outstanding tickets per tab (only the content script asks, once per drawer open or switch). */
const TICKETS_PER_TAB = 8;
const MAX_TABS = 200;

export class DrawerTickets {
  private held = new Map<string, Held>();
  private redeemed = new Map<number, DrawerTicket>();

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly nonce: () => string = () => crypto.randomUUID(),
  ) {}

  issue(tabId: number, ticket: DrawerTicket): string {
    this.sweep();
    const mine = [...this.held.entries()].filter(([, h]) => h.tabId === tabId);
    for (const [key] of mine.slice(0, Math.max(0, mine.length - TICKETS_PER_TAB + 1))) this.held.delete(key);
    const n = this.nonce();
    this.held.set(n, { ...ticket, tabId, expires: this.now() + TICKET_TTL_MS });
    return n;
  }

  /** The ticket, once, for a drawer in the tab it was issued to; null otherwise (unknown, used, expired, other tab). */
  redeem(
    nonce: string,
    tabId: number | undefined,
    accept: (t: DrawerTicket) => boolean = () => true,
  ): DrawerTicket | null {
    this.sweep();
    const h = this.held.get(nonce);
    if (!h || tabId === undefined || h.tabId !== tabId || !accept(h)) return null;
    this.held.delete(nonce);
    const ticket: DrawerTicket = { sessionId: h.sessionId, pageLogin: h.pageLogin, pagePr: h.pagePr, host: h.host };
    if (h.ask) ticket.ask = true;
    this.redeemed.delete(tabId);
    if (this.redeemed.size >= MAX_TABS) {
      const oldest = this.redeemed.keys().next().value;
      if (oldest !== undefined) this.redeemed.delete(oldest);
    }
    this.redeemed.set(tabId, ticket);
    return ticket;
  }

  /** The last ticket redeemed in a tab (what its drawer may show and stop), else null. */
  redeemedIn(tabId: number | undefined): DrawerTicket | null {
    return tabId === undefined ? null : (this.redeemed.get(tabId) ?? null);
  }

  get size(): number {
    return this.held.size;
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, h] of this.held) if (h.expires <= t) this.held.delete(k);
  }
}

// ------------------------------------------------------------------------------------------------ messages

/** Content script → background: a ticket for the session it wants its drawer to show. */
interface DrawerTicketRequest {
  type: 'drawerTicket';
  sessionId: string;
  pageLogin: string | null;
  ask?: boolean;
}
/** Drawer frame → background: the nonce its content script posted. */
interface RedeemTicketRequest {
  type: 'redeemDrawerTicket';
  nonce: string;
}
type TicketRequest = DrawerTicketRequest | RedeemTicketRequest;

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NONCE = /^[A-Za-z0-9-]{8,64}$/;

/** The ticket request in `message`, `'invalid'` when it is one but malformed, null when it is another request. */
export function parseTicketRequest(message: unknown): TicketRequest | 'invalid' | null {
  if (!message || typeof message !== 'object' || Array.isArray(message)) return null;
  const m = message as Record<string, unknown>;
  if (m.type === 'drawerTicket') {
    const keys = Object.keys(m);
    if (keys.some((k) => !['type', 'sessionId', 'pageLogin', 'ask'].includes(k))) return 'invalid';
    if (m.ask !== undefined && m.ask !== true) return 'invalid';
    if (typeof m.sessionId !== 'string' || !SESSION_ID.test(m.sessionId)) return 'invalid';
    const login = m.pageLogin ?? null;
    if (login !== null && (typeof login !== 'string' || !LOGIN.test(login))) return 'invalid';
    return { type: 'drawerTicket', sessionId: m.sessionId, pageLogin: login, ...(m.ask ? { ask: true } : {}) };
  }
  if (m.type === 'redeemDrawerTicket') {
    if (Object.keys(m).some((k) => k !== 'type' && k !== 'nonce')) return 'invalid';
    if (typeof m.nonce !== 'string' || !NONCE.test(m.nonce)) return 'invalid';
    return { type: 'redeemDrawerTicket', nonce: m.nonce };
  }
  return null;
}

interface TicketSender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; url?: string } | undefined;
}

function refused(message: string): Response {
  const error: AppError = { kind: 'validation', message, fix: null, link: null };
  return { ok: false, error };
}

/** The page's origin and PR when `url` is a PR page of github.com or the configured data-residency host. */
function prPageOf(url: string | undefined, host: string): { host: string; pagePr: string } | null {
  let u: URL;
  try {
    u = new URL(url ?? '');
  } catch {
    return null;
  }
  const allowed =
    u.protocol === 'https:' && (u.host === 'github.com' || (isDataResidencyHost(host) && u.host === host));
  if (!allowed) return null;
  const pr = parsePr(u);
  return pr ? { host: u.host, pagePr: `${pr.owner}/${pr.repo}#${pr.number}`.toLowerCase() } : null;
}

const NOT_OPENED_HERE =
  'This drawer was not opened by the extension on this page, or its link was already used. Nothing is shown.';

/**
 * Answers a ticket request (the sender is this extension; the router checked that). Issued only to the top frame of
 * a PR page on a configured host (a content script), redeemed only by the extension's drawer page framed in the same
 * tab, while that tab still shows the ticket's PR page.
 */
export function answerTicket(
  tickets: DrawerTickets,
  req: TicketRequest,
  sender: TicketSender,
  ctx: { extensionOrigin: string; host: string },
): Response {
  const url = sender.url ?? '';
  if (req.type === 'drawerTicket') {
    const tabId = sender.tab?.id;
    const page = url.startsWith(ctx.extensionOrigin) ? null : prPageOf(url, ctx.host);
    if (tabId === undefined || !page || (sender.frameId ?? 0) !== 0)
      return refused('Refused: only the extension on a pull request page asks for a drawer.');
    const nonce = tickets.issue(tabId, {
      sessionId: req.sessionId,
      pageLogin: req.pageLogin,
      ...page,
      ...(req.ask ? { ask: true } : {}),
    });
    return { ok: true, data: { nonce } };
  }
  const fromDrawer = url.startsWith(`${ctx.extensionOrigin}/drawer.html`);
  // The tab must still show a PR page of a configured host (its URL comes from the browser, not from the page).
  const tabPage = sender.tab?.url === undefined ? 'unknown' : prPageOf(sender.tab.url, ctx.host);
  if (!fromDrawer || !tabPage) return refused(NOT_OPENED_HERE);
  const ticket = tickets.redeem(
    req.nonce,
    sender.tab?.id,
    (t) => tabPage === 'unknown' || (tabPage.host === t.host && tabPage.pagePr === t.pagePr),
  );
  if (!ticket) return refused(NOT_OPENED_HERE);
  return { ok: true, data: ticket };
}
