/** Pure mapping of Agent tasks API tasks/sessions (+ Copilot API extras) into the one Session model. */
import type { ApiAgentSession, ApiArtifact, ApiTask } from '../github/agent-tasks';
import type { CapiSession } from '../github/copilot-api';
import { runLink } from '../github/links';
import type { PullInfo } from '../github/pulls';
import type { RepoInfo } from '../github/repos';
import {
  type AgentIdentity,
  COPILOT_AGENT,
  isSessionState,
  type PullRef,
  type RepoRef,
  type Session,
  type SessionState,
  type SessionUsage,
  usageFromApi,
} from './model';
import { sessionPageUrl } from './selectors';

function capiUsage(capi: CapiSession | null | undefined): SessionUsage | null {
  return typeof capi?.premium_requests === 'number' && capi.premium_requests >= 0
    ? { unit: 'premium-requests', amount: capi.premium_requests }
    : null;
}

interface MapContext {
  host: string;
  webOrigin: string;
  viewerId: number | null;
  viewerLogin: string | null;
  repo: RepoInfo | null;
  pr: PullInfo | null;
  capi?: CapiSession | null;
  /** Sessions from the viewer's own list: unknown creator counts as the viewer. */
  ownList: boolean;
}

export function pullArtifact(
  task: Pick<ApiTask, 'artifacts'>,
): { databaseId: number | null; nodeId: string | null } | null {
  const a = (task.artifacts ?? []).find((x: ApiArtifact) => x?.type === 'pull' && x.data);
  if (!a?.data) return null;
  return {
    databaseId: typeof a.data.id === 'number' ? a.data.id : null,
    nodeId: typeof a.data.global_id === 'string' ? a.data.global_id : null,
  };
}

export function branchArtifact(
  task: Pick<ApiTask, 'artifacts'>,
): { headRef: string | null; baseRef: string | null } | null {
  const a = (task.artifacts ?? []).find((x: ApiArtifact) => x?.type === 'branch' && x.data);
  if (!a?.data) return null;
  return { headRef: a.data.head_ref ?? null, baseRef: a.data.base_ref ?? null };
}

export function toState(value: unknown, fallback: SessionState = 'queued'): SessionState {
  return isSessionState(value) ? value : fallback;
}

function errorText(e: unknown): string | null {
  if (!e) return null;
  if (typeof e === 'string') return e;
  if (typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string')
    return (e as { message: string }).message;
  return null;
}

function agentOf(task: ApiTask, s: ApiAgentSession | null): AgentIdentity {
  const a = s?.agent ?? task.agent;
  if (a && (a.slug || a.name))
    return { slug: a.slug ?? (a.name ?? '').toLowerCase(), name: a.name ?? a.slug ?? 'Agent' };
  return COPILOT_AGENT;
}

export function repoRef(repo: RepoInfo | null): RepoRef | null {
  return repo ? { id: repo.id, owner: repo.owner, name: repo.name, fullName: repo.fullName } : null;
}

/** The PR as a session carries it (the cache's PullInfo minus what only joins need). */
export function pullRef(pr: PullInfo): PullRef {
  return {
    number: pr.number,
    title: pr.title,
    state: pr.state,
    draft: pr.draft,
    url: pr.url,
    databaseId: pr.databaseId,
    nodeId: pr.nodeId,
  };
}

function firstLine(text: string | null | undefined): string | null {
  if (!text) return null;
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  return line ? (line.length > 120 ? `${line.slice(0, 119)}…` : line) : null;
}

export function sessionToModel(task: ApiTask, s: ApiAgentSession, ctx: MapContext): Session {
  const pr = ctx.pr;
  const repo = repoRef(ctx.repo);
  const branch = branchArtifact(task);
  const creatorId = s.user?.id ?? task.creator?.id ?? null;
  const isViewer = creatorId == null ? ctx.ownList : ctx.viewerId != null && creatorId === ctx.viewerId;
  const capi = ctx.capi ?? null;
  const runId = typeof capi?.workflow_run_id === 'number' && capi.workflow_run_id > 0 ? capi.workflow_run_id : null;
  const prUrl = pr?.url ?? null;
  const sessionUrl = sessionPageUrl(ctx.webOrigin, repo, pr?.number ?? null, s.id) ?? task.html_url ?? null;
  return {
    id: s.id,
    taskId: task.id,
    agent: agentOf(task, s),
    repo,
    pr: pr ? pullRef(pr) : null,
    title: s.name || task.name || pr?.title || firstLine(s.prompt) || 'Agent session',
    prompt: s.prompt ?? null,
    state: toState(s.state ?? capi?.state, 'queued'),
    createdAt: s.created_at,
    updatedAt: s.updated_at ?? capi?.last_updated_at ?? s.created_at,
    completedAt: s.completed_at ?? null,
    model: s.model ?? null,
    usage: usageFromApi(s.usage) ?? capiUsage(capi),
    error: errorText(s.error) ?? errorText(capi?.error),
    headRef: s.head_ref ?? branch?.headRef ?? pr?.headRef ?? null,
    baseRef: s.base_ref ?? branch?.baseRef ?? null,
    runId,
    creator: { id: creatorId, login: isViewer ? ctx.viewerLogin : (s.user?.login ?? task.creator?.login ?? null) },
    archived: !!task.archived_at,
    source: 'agent-tasks',
    canAct: isViewer && ctx.repo?.canPush !== false,
    links: {
      pr: prUrl,
      session: sessionUrl,
      run: runId && repo ? runLink(ctx.host, repo.fullName, runId) : null,
    },
  };
}

/** Applies Copilot API extras (premium requests when REST gave no usage, run id) to an existing session. */
export function withCapi(session: Session, capi: CapiSession | undefined, host: string): Session {
  if (!capi) return session;
  const runId =
    typeof capi.workflow_run_id === 'number' && capi.workflow_run_id > 0 ? capi.workflow_run_id : session.runId;
  return {
    ...session,
    usage: session.usage ?? capiUsage(capi),
    runId,
    links: {
      ...session.links,
      run: runId && session.repo ? runLink(host, session.repo.fullName, runId) : session.links.run,
    },
  };
}

/** Newest first by creation; stable. */
export function sortSessions(list: Session[]): Session[] {
  return [...list].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.id.localeCompare(b.id));
}
