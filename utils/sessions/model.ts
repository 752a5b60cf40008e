/**
 * The one Session type that every source (Agent tasks API, Copilot API, timelines + Actions runs) is mapped into,
 * and the pure facts about states that every view shares. No I/O here.
 */

export const SESSION_STATES = [
  'queued',
  'in_progress',
  'waiting_for_user',
  'completed',
  'failed',
  'timed_out',
  'cancelled',
  'idle',
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** GitHub's own labels (GitHub CLI / Agents page): `completed` reads "Ready for review". */
export const STATE_LABELS: Record<SessionState, string> = {
  queued: 'Queued',
  in_progress: 'In progress',
  waiting_for_user: 'Waiting for you',
  completed: 'Ready for review',
  failed: 'Failed',
  timed_out: 'Timed out',
  cancelled: 'Cancelled',
  idle: 'Idle',
};

/** Primer octicon name and colour role per state; views map roles to Primer CSS variables. */
export const STATE_LOOK: Record<
  SessionState,
  { icon: string; role: 'accent' | 'attention' | 'success' | 'danger' | 'muted' | 'done' }
> = {
  queued: { icon: 'clock', role: 'attention' },
  in_progress: { icon: 'sync', role: 'accent' },
  waiting_for_user: { icon: 'comment-discussion', role: 'attention' },
  completed: { icon: 'check-circle', role: 'success' },
  failed: { icon: 'x-circle', role: 'danger' },
  timed_out: { icon: 'stopwatch', role: 'danger' },
  cancelled: { icon: 'skip', role: 'muted' },
  idle: { icon: 'issue-draft', role: 'muted' },
};

export function isSessionState(value: unknown): value is SessionState {
  return typeof value === 'string' && (SESSION_STATES as readonly string[]).includes(value);
}

/** Running = the agent is (or will be) spending time on it. */
export function isRunning(state: SessionState): boolean {
  return state === 'queued' || state === 'in_progress';
}

/**
 * Live = the agent works on it or waits for the user: its clock runs, it can be stopped. (Views ask it through
 * utils/sessions/selectors.ts, which re-exports it; defined here because the session clock below needs it.)
 */
export function isLive(state: SessionState): boolean {
  return isRunning(state) || state === 'waiting_for_user';
}

/** Terminal states never change again (a follow-up is a new session). */
export function isTerminal(state: SessionState): boolean {
  return state === 'completed' || state === 'failed' || state === 'timed_out' || state === 'cancelled';
}

/** States that ask something of the user once they have happened (and until seen, for the ended ones). */
export function asksForUser(state: SessionState): boolean {
  return state === 'waiting_for_user' || state === 'completed' || state === 'failed' || state === 'timed_out';
}

export interface AgentIdentity {
  /** GitHub App slug, e.g. `copilot-swe-agent`; for third-party agents whatever GitHub reports. */
  slug: string;
  /** Display name as GitHub writes it: "Copilot", "Codex", "Claude". */
  name: string;
}

export const COPILOT_AGENT: AgentIdentity = { slug: 'copilot-swe-agent', name: 'Copilot' };

/**
 * The coding agents' GitHub Apps as GitHub names them (docs/fidelity.md "Other agents"): Copilot, and the partner
 * agents OpenAI Codex (`openai-code-agent`) and Anthropic Claude (`anthropic-code-agent`).
 */
const KNOWN_AGENTS: Record<string, string> = {
  'copilot-swe-agent': 'Copilot',
  'openai-code-agent': 'Codex',
  'anthropic-code-agent': 'Claude',
};

/** An agent from its app slug: the known names, else the slug itself (capped, only slug characters kept). */
export function agentFromSlug(slug: string, name?: string | null): AgentIdentity {
  const clean = slug
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .slice(0, 60);
  if (clean === COPILOT_AGENT.slug) return COPILOT_AGENT;
  return { slug: clean || 'agent', name: KNOWN_AGENTS[clean] ?? (name?.trim().slice(0, 40) || clean || 'Agent') };
}

export function isCopilot(agent: Pick<AgentIdentity, 'slug'> | null | undefined): boolean {
  return !agent || agent.slug === COPILOT_AGENT.slug;
}

export interface RepoRef {
  id: number | null;
  owner: string;
  name: string;
  /** `owner/name` */
  fullName: string;
}

export interface PullRef {
  number: number;
  title: string;
  state: 'open' | 'closed' | 'merged';
  draft: boolean;
  /** https URL of the PR on the web host. */
  url: string;
  databaseId: number | null;
  nodeId: string | null;
}

/**
 * A session's cost. GitHub bills sessions created since 2026-06-01 in AI credits (REST `usage.amount` in nano units,
 * stored here already divided by 1e9) and older ones in premium requests.
 */
export interface SessionUsage {
  unit: 'ai-credits' | 'premium-requests';
  amount: number;
}

/** REST `usage` → SessionUsage; anything malformed → null. */
export function usageFromApi(u: unknown): SessionUsage | null {
  if (!u || typeof u !== 'object') return null;
  const { type, amount } = u as { type?: unknown; amount?: unknown };
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return null;
  if (type === 'ai_credits') return { unit: 'ai-credits', amount: amount / 1e9 };
  if (type === 'premium_requests') return { unit: 'premium-requests', amount };
  return null;
}

/** "0.75 AI credits", "1 premium request" (at most two decimals, trailing zeros dropped). */
export function usageText(u: SessionUsage | null | undefined): string | null {
  if (!u) return null;
  const n = Number(u.amount.toFixed(2));
  const shown = n === 0 && u.amount > 0 ? '<0.01' : String(n);
  if (u.unit === 'ai-credits') return `${shown} AI credit${n === 1 ? '' : 's'}`;
  return `${shown} premium request${n === 1 ? '' : 's'}`;
}

type SessionSource = 'agent-tasks' | 'copilot-api' | 'timeline';

export interface Session {
  /** Session UUID: the same on every surface and in the Actions log (`COPILOT_AGENT_SESSION_ID`). */
  id: string;
  taskId: string | null;
  agent: AgentIdentity;
  repo: RepoRef | null;
  pr: PullRef | null;
  /** Session name, else the task name, else the PR title. */
  title: string;
  prompt: string | null;
  state: SessionState;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  model: string | null;
  /** What the session cost, in the unit GitHub billed it in (REST `usage`; the Copilot API's premium requests). */
  usage: SessionUsage | null;
  /** Human-readable error for failed / timed-out sessions. */
  error: string | null;
  headRef: string | null;
  baseRef: string | null;
  /** The Actions run that executes this session, when known. */
  runId: number | null;
  creator: { id: number | null; login: string | null };
  archived: boolean;
  source: SessionSource;
  /** True when the signed-in user may stop it (their own session in a repo they can write to). */
  canAct: boolean;
  links: { pr: string | null; session: string | null; run: string | null };
  /**
   * While waiting for the user: what the agent asked, in its own words (its last comment on the PR since the session
   * started; untrusted text, cleaned where sessions enter the state), with the comment's https link. Absent when
   * unknown: the views say a plain sentence instead (issue 20 #3).
   */
  waitingFor?: WaitingFor | null;
  /**
   * Which signed-in account it belongs to (`host/login`), set only while several accounts are signed in
   * (utils/background/accounts.ts): the views show it on each row and filter by it.
   */
  account?: string;
}

export interface WaitingFor {
  text: string;
  url: string | null;
  at: string;
}

/** Elapsed milliseconds: live for running sessions, the duration for ended ones. */
export function elapsedMs(
  session: Pick<Session, 'createdAt' | 'completedAt' | 'updatedAt' | 'state'>,
  now: number,
): number {
  const start = Date.parse(session.createdAt);
  if (Number.isNaN(start)) return 0;
  let end: number;
  if (session.completedAt) end = Date.parse(session.completedAt);
  else if (isLive(session.state)) end = now;
  else end = Date.parse(session.updatedAt);
  if (Number.isNaN(end)) end = now;
  return Math.max(0, end - start);
}

/** "45s", "3m 05s", "1h 02m" — compact, like GitHub's session list. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function formatAge(fromIso: string | null, now: number): string {
  if (!fromIso) return 'never';
  const t = Date.parse(fromIso);
  if (Number.isNaN(t)) return 'unknown';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}
