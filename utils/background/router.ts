/**
 * The message router: checks the sender, validates the request, answers a Response. Content scripts (a tab, and a
 * URL that is not an extension page) may only send CONTENT_SCRIPT_REQUESTS, and only from https://github.com or the
 * configured *.ghe.com host. Messages from other extensions or web pages are refused.
 */
import { isDataResidencyHost } from '../github/hosts';
import { CONTENT_SCRIPT_REQUESTS, type Request, type Response } from '../messages/protocol';
import { parseRequest } from '../messages/validate';
import type { AppError } from '../model/errors';
import type { StateSnapshot } from '../model/state';
import { answerTicket, DrawerTickets, parseTicketRequest } from './drawer-tickets';

/** What routes a request: an engine, or the accounts' coordinator (accounts.ts). */
interface RouteTarget {
  readonly host: string;
  handle(req: Request): Promise<Response>;
}

export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number; url?: string } | undefined;
}

/** The drawer tickets of this background's lifetime (a restarted worker makes the page ask again). */
const defaultTickets = new DrawerTickets();

function refused(message: string): AppError {
  return { kind: 'validation', message, fix: null, link: null };
}

export function allowedPageOrigins(host: string): string[] {
  const out = ['https://github.com'];
  if (isDataResidencyHost(host)) out.push(`https://${host}`);
  return out;
}

/** Null when allowed, else the refusal. */
export function checkSender(
  sender: SenderLike,
  type: string,
  ctx: { extensionId: string; extensionOrigin: string; host: string },
): AppError | null {
  if (!sender || sender.id !== ctx.extensionId)
    return refused('Refused: the message does not come from this extension.');
  const url = sender.url ?? '';
  const fromExtensionPage = url.startsWith(ctx.extensionOrigin);
  if (fromExtensionPage) return null;
  if (!sender.tab) return refused('Refused: unknown sender.');
  let origin = '';
  try {
    origin = new URL(url).origin;
  } catch {
    return refused('Refused: unknown sender page.');
  }
  if (!allowedPageOrigins(ctx.host).includes(origin))
    return refused('Refused: this page may not talk to the extension.');
  if (!(CONTENT_SCRIPT_REQUESTS as readonly string[]).includes(type))
    return refused(`Refused: pages may not send “${type}”.`);
  return null;
}

export async function route(
  engine: RouteTarget,
  message: unknown,
  sender: SenderLike,
  ctx: { extensionId: string; extensionOrigin: string; tickets?: DrawerTickets },
): Promise<Response> {
  try {
    const tickets = ctx.tickets ?? defaultTickets;
    // Drawer tickets (issue 17 #8, drawer-tickets.ts): their own sender rules.
    const ticketReq = parseTicketRequest(message);
    if (ticketReq) {
      if (!sender || sender.id !== ctx.extensionId)
        return { ok: false, error: refused('Refused: the message does not come from this extension.') };
      if (ticketReq === 'invalid') return { ok: false, error: refused('Refused: a malformed drawer ticket.') };
      return answerTicket(tickets, ticketReq, sender, { extensionOrigin: ctx.extensionOrigin, host: engine.host });
    }
    const parsed = parseRequest(message);
    const type =
      message && typeof message === 'object' && typeof (message as { type?: unknown }).type === 'string'
        ? (message as { type: string }).type
        : '';
    const senderError = checkSender(sender, type, { ...ctx, host: engine.host });
    if (senderError) return { ok: false, error: senderError };
    if (!parsed.ok) return { ok: false, error: parsed.error };
    // A Stop from a page (the PR header's Stop) or the drawer it frames always checks the page's login (issue 17 #2).
    // Extension pages opened in a tab (the popup, options) have no page login and are not framed by a page.
    const url = sender.url ?? '';
    const fromPageOrDrawer =
      (!!sender.tab && !url.startsWith(ctx.extensionOrigin)) || url.startsWith(`${ctx.extensionOrigin}/drawer.html`);
    if (parsed.request.type === 'stopSession' && fromPageOrDrawer && !parsed.request.pageLogin)
      return {
        ok: false,
        error: refused('Sign in to GitHub on this page to stop sessions from it. Nothing was stopped.'),
      };
    if (parsed.request.type === 'askForChanges' && fromPageOrDrawer && !parsed.request.pageLogin)
      return {
        ok: false,
        error: refused('Sign in to GitHub on this page to ask Copilot for changes from it. Nothing was posted.'),
      };
    // A Stop from a drawer framed in a page acts only on a session of the PR its ticket named, with the ticket's login.
    const framedDrawer = url.startsWith(`${ctx.extensionOrigin}/drawer.html`) && (sender.frameId ?? 0) !== 0;
    if ((parsed.request.type === 'stopSession' || parsed.request.type === 'askForChanges') && framedDrawer) {
      const stop = parsed.request;
      const ticket = tickets.redeemedIn(sender.tab?.id);
      const state = ticket ? await engine.handle({ type: 'getState' }) : null;
      const s = state?.ok ? (state.data as StateSnapshot).sessions.find((x) => x.id === stop.sessionId) : null;
      const key = s?.repo && s.pr ? `${s.repo.fullName}#${s.pr.number}`.toLowerCase() : null;
      if (!ticket || !key || key !== ticket.pagePr || ticket.pageLogin !== stop.pageLogin)
        return {
          ok: false,
          error: refused(
            stop.type === 'stopSession'
              ? 'This drawer may stop only this pull request’s sessions. Nothing was stopped.'
              : 'This drawer may ask for changes only on this pull request. Nothing was posted.',
          ),
        };
    }
    return await engine.handle(parsed.request);
  } catch {
    return {
      ok: false,
      error: { kind: 'github-error', message: 'The extension failed to answer.', fix: 'Try again.', link: null },
    };
  }
}
