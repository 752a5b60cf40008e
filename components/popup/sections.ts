/**
 * Pure popup logic: which section a session belongs to, filtering and search, the filter state that is
 * remembered, and how stale the data is. No DOM, no I/O.
 */
import {
  type AgentIdentity,
  COPILOT_AGENT,
  isRunning,
  SESSION_STATES,
  type Session,
  type SessionState,
} from '../../utils/sessions/model';
import { needsAttention } from '../../utils/sessions/selectors';

export type SectionId = 'attention' | 'running' | 'recent';

export const SECTION_TITLES: Record<SectionId, string> = {
  attention: 'Needs your attention',
  running: 'Running',
  recent: 'Recent',
};

export const SECTION_ORDER: readonly SectionId[] = ['attention', 'running', 'recent'];

/** "Needs your attention": waiting for the user, or an ended session (ready, failed, timed out) not yet seen. */
function sectionOf(session: Pick<Session, 'state' | 'id'>, unread: ReadonlySet<string>): SectionId {
  if (needsAttention(session, unread)) return 'attention';
  if (isRunning(session.state)) return 'running';
  return 'recent';
}

/** 'all', a section, or one state. */
export type StateFilter = 'all' | 'attention' | 'running' | SessionState;

export interface PopupFilters {
  state: StateFilter;
  /** `owner/name` or '' for every repository. */
  repo: string;
  query: string;
  showArchived: boolean;
  /** An agent's app slug (`copilot-swe-agent`, `openai-code-agent`, …) or '' for every agent. */
  agent: string;
  /** Several accounts signed in: one account's key (`host/login`, sessions' `account`) or '' for every account. */
  account?: string;
}

export const DEFAULT_FILTERS: PopupFilters = { state: 'all', repo: '', query: '', showArchived: false, agent: '' };

const STATE_FILTERS: readonly string[] = ['all', 'attention', 'running', ...SESSION_STATES];

/** Reads remembered filters defensively (storage is not trusted to hold the right shape). */
export function parseFilters(value: unknown): PopupFilters {
  if (!value || typeof value !== 'object') return { ...DEFAULT_FILTERS };
  const v = value as Record<string, unknown>;
  return {
    state: typeof v.state === 'string' && STATE_FILTERS.includes(v.state) ? (v.state as StateFilter) : 'all',
    repo: typeof v.repo === 'string' ? v.repo.slice(0, 200) : '',
    query: typeof v.query === 'string' ? v.query.slice(0, 200) : '',
    showArchived: v.showArchived === true,
    agent: typeof v.agent === 'string' && /^[a-z0-9-]{1,60}$/.test(v.agent) ? v.agent : '',
    ...(typeof v.account === 'string' && v.account ? { account: v.account.slice(0, 300) } : {}),
  };
}

function repoName(session: Pick<Session, 'repo'>): string {
  return session.repo?.fullName ?? '';
}

function time(iso: string | null | undefined): number {
  if (!iso) return 0;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/** Case-insensitive search over title, repository, `#number` and PR title; every word must match. */
function matchesQuery(session: Session, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [
    session.title,
    repoName(session),
    session.pr ? `#${session.pr.number}` : '',
    session.pr?.title ?? '',
    session.creator.login ?? '',
    session.agent?.name ?? '',
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function matches(session: Session, filters: PopupFilters, unread: ReadonlySet<string>): boolean {
  if (session.archived && !filters.showArchived) return false;
  if (filters.repo && repoName(session) !== filters.repo) return false;
  if (filters.agent && agentSlug(session) !== filters.agent) return false;
  // One account signed in, sessions carry no account: a remembered account filter then shows them all.
  if (filters.account && session.account && session.account !== filters.account) return false;
  const f = filters.state;
  if (f !== 'all') {
    if (f === 'attention' || f === 'running') {
      if (sectionOf(session, unread) !== f) return false;
    } else if (session.state !== f) return false;
  }
  return matchesQuery(session, filters.query);
}

interface Sections {
  attention: Session[];
  running: Session[];
  recent: Session[];
  /** Sessions before filtering (not archived unless shown), for the "nothing matches" message. */
  total: number;
}

/** Splits and orders: attention and recent newest update first, running newest start first. */
export function buildSections(
  sessions: readonly Session[],
  unread: ReadonlySet<string>,
  filters: PopupFilters,
): Sections {
  const out: Sections = { attention: [], running: [], recent: [], total: 0 };
  for (const s of sessions) {
    if (s.archived && !filters.showArchived) continue;
    out.total++;
    if (!matches(s, filters, unread)) continue;
    out[sectionOf(s, unread)].push(s);
  }
  const byUpdate = (a: Session, b: Session) => time(b.updatedAt) - time(a.updatedAt) || a.id.localeCompare(b.id);
  const byStart = (a: Session, b: Session) => time(b.createdAt) - time(a.createdAt) || a.id.localeCompare(b.id);
  // What went wrong comes first in Recent (failures of the last day start unread, in "Needs your attention").
  const wrong = (s: Session) => (s.state === 'failed' || s.state === 'timed_out' ? 0 : 1);
  out.attention.sort(byUpdate);
  out.running.sort(byStart);
  out.recent.sort((a, b) => wrong(a) - wrong(b) || byUpdate(a, b));
  return out;
}

/** Repositories present in the list, sorted, for the repository filter. */
function agentSlug(session: Pick<Session, 'agent'>): string {
  return session.agent?.slug || COPILOT_AGENT.slug;
}

/** The agents of these sessions (Copilot first, then by name): the agent filter's choices. */
export function agentsOf(sessions: readonly Session[]): AgentIdentity[] {
  const bySlug = new Map<string, AgentIdentity>();
  for (const s of sessions) if (!bySlug.has(agentSlug(s))) bySlug.set(agentSlug(s), s.agent ?? COPILOT_AGENT);
  return [...bySlug.values()].sort(
    (a, b) =>
      Number(b.slug === COPILOT_AGENT.slug) - Number(a.slug === COPILOT_AGENT.slug) || a.name.localeCompare(b.name),
  );
}

export function repositoriesOf(sessions: readonly Session[]): string[] {
  const set = new Set<string>();
  for (const s of sessions) {
    const name = repoName(s);
    if (name) set.add(name);
  }
  return [...set].sort((a, b) => a.localeCompare(b));
}

/**
 * Stale when the last successful sync is older than twice the expected cadence (at least two minutes):
 * the poller should have refreshed by then.
 */
export function isStale(
  lastSyncAt: string | null,
  now: number,
  settings: { pollActiveSec: number; pollIdleSec: number },
  anyRunning: boolean,
): boolean {
  if (!lastSyncAt) return false;
  const t = Date.parse(lastSyncAt);
  if (Number.isNaN(t)) return true;
  const cadence = (anyRunning ? settings.pollActiveSec : settings.pollIdleSec) * 1000;
  return now - t > Math.max(120_000, 2 * cadence);
}

/** Recent repositories from `listRecentRepos`, whatever shape the background answers with. */
export function repoNamesFrom(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') out.push(item);
    else if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      if (typeof o.fullName === 'string') out.push(o.fullName);
      else if (typeof o.full_name === 'string') out.push(o.full_name);
      else if (typeof o.owner === 'string' && typeof o.name === 'string') out.push(`${o.owner}/${o.name}`);
    }
  }
  return [...new Set(out)];
}

export const REPO_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
export const PROMPT_LIMIT = 30_000;

/** `https://…` links only (links we show come from the background, which built them). */
export function safeHttps(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
