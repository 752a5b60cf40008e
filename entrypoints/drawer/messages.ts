/**
 * postMessage protocol between the content script (github.com page, parent) and the drawer page (extension
 * iframe). Only UI control travels here — open/close/switch/theme — never data: the drawer gets sessions and logs
 * from the background. Both sides check origin and source, and validate every message with these parsers.
 */

export const DRAWER_NS = 'agent-sessions-drawer';

export type DrawerTheme = 'light' | 'dark' | 'dimmed';

/** A message without its namespace (what senders write; `ns` is added when posting). */
export type Bare<T> = T extends unknown ? Omit<T, 'ns'> : never;

/** Parent page → drawer. */
export type ToDrawer =
  | { ns: typeof DRAWER_NS; type: 'theme'; theme: DrawerTheme }
  /** A one-time drawer ticket (issue 17 #8): the only way to name the session a framed drawer shows (ticket.tsx). */
  | { ns: typeof DRAWER_NS; type: 'ticket'; nonce: string };

/** Drawer → parent page. */
export type FromDrawer =
  | { ns: typeof DRAWER_NS; type: 'ready' }
  | { ns: typeof DRAWER_NS; type: 'close' }
  | { ns: typeof DRAWER_NS; type: 'switch-session'; sessionId: string };

/** Session ids are UUIDs; accept only id-like strings so nothing else reaches a URL or a selector. */
export const isSessionId = (v: unknown): v is string =>
  typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v);
const isTheme = (v: unknown): v is DrawerTheme => v === 'light' || v === 'dark' || v === 'dimmed';

/** The pages the drawer may be embedded in: https://github.com and https://SUBDOMAIN.ghe.com. */
export function isPageOrigin(origin: unknown): boolean {
  return (
    typeof origin === 'string' &&
    (origin === 'https://github.com' || /^https:\/\/[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.ghe\.com$/.test(origin))
  );
}

const rec = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

export function parseToDrawer(data: unknown): ToDrawer | null {
  const m = rec(data);
  if (!m || m.ns !== DRAWER_NS) return null;
  if (m.type === 'theme' && isTheme(m.theme)) return { ns: DRAWER_NS, type: 'theme', theme: m.theme };
  if (m.type === 'ticket' && typeof m.nonce === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(m.nonce))
    return { ns: DRAWER_NS, type: 'ticket', nonce: m.nonce };
  return null;
}

export function parseFromDrawer(data: unknown): FromDrawer | null {
  const m = rec(data);
  if (!m || m.ns !== DRAWER_NS) return null;
  if (m.type === 'ready' || m.type === 'close') return { ns: DRAWER_NS, type: m.type };
  if (m.type === 'switch-session' && isSessionId(m.sessionId))
    return { ns: DRAWER_NS, type: 'switch-session', sessionId: m.sessionId };
  return null;
}

/**
 * The drawer page's hash: `#session=<id>&theme=<t>&login=<page login>&host=<github.com|x.ghe.com>&pr=<o/r#n>[&view=tab]`.
 * `view=tab`: a full extension tab (no theme given: the system's).
 */
export interface DrawerParams {
  sessionId: string | null;
  theme: DrawerTheme;
  pageLogin: string | null;
  host: string;
  /** Opened as a full extension tab (a session without a PR), not beside a GitHub page. */
  tab?: boolean;
  /** The PR of the page the drawer is shown on (`owner/repo#n`, lower case): a session of another PR is flagged. */
  pagePr?: string | null;
  /** Opened from the PR header's "Ask Copilot for changes" (a redeemed ticket says so): the follow-up form opens. */
  ask?: boolean;
}

/**
 * Whether the drawer's embedders are allowed (issue 17 #2): every ancestor frame must be https://github.com or the
 * configured data-residency host; an unconfigured *.ghe.com tenant or any other page is refused. No ancestors (the
 * drawer opened as a page of its own) is fine. `ancestorOrigins` is Chromium's; elsewhere the list is unknown (null).
 */
export function embedderAllowed(ancestors: readonly string[] | null, configuredHost: string): boolean {
  if (!ancestors) return true;
  const allowed = new Set(['https://github.com']);
  if (/^[a-z0-9-]+\.ghe\.com$/.test(configuredHost)) allowed.add(`https://${configuredHost}`);
  return ancestors.every((o) => allowed.has(o));
}

/** `owner/repo#n` (lower case) of a session's PR, else null. */
export function sessionPrKey(s: { repo: { fullName: string } | null; pr: { number: number } | null }): string | null {
  return s.repo && s.pr ? `${s.repo.fullName}#${s.pr.number}`.toLowerCase() : null;
}

export function formatDrawerHash(p: DrawerParams): string {
  const q = new URLSearchParams();
  if (p.sessionId) q.set('session', p.sessionId);
  q.set('theme', p.theme);
  if (p.pageLogin) q.set('login', p.pageLogin);
  if (p.host !== 'github.com') q.set('host', p.host);
  if (p.tab) q.set('view', 'tab');
  if (p.pagePr) q.set('pr', p.pagePr);
  return `#${q.toString()}`;
}

export function parseDrawerHash(hash: string): DrawerParams {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const session = q.get('session');
  const theme = q.get('theme');
  const login = q.get('login');
  const host = q.get('host') ?? 'github.com';
  const tab = q.get('view') === 'tab';
  const systemDark =
    tab && !isTheme(theme) && typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  const pr = q.get('pr')?.toLowerCase() ?? null;
  return {
    ...(tab ? { tab } : {}),
    pagePr: pr && /^[a-z0-9._-]{1,100}\/[a-z0-9._-]{1,100}#[1-9][0-9]{0,9}$/.test(pr) ? pr : null,
    sessionId: isSessionId(session) ? session : null,
    theme: isTheme(theme) ? theme : systemDark ? 'dark' : 'light',
    pageLogin: login && /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login) ? login : null,
    host: isPageOrigin(`https://${host}`) ? host : 'github.com',
  };
}
