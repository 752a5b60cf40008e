/**
 * What each capability needs from a token, in GitHub's own words: the fine-grained repository permissions (as
 * GitHub's token page names them) and the classic scope. One list feeds the sign-in guide, the pre-filled token
 * link and the capability check, so they cannot disagree. Pure.
 */
import type { CapabilityId } from '../model/state';

interface Requirement {
  id: CapabilityId;
  /** What the person gets, as the capability check names it. */
  label: string;
  /** Fine-grained repository permissions, e.g. "Actions: Read and write". */
  fineGrained: string[];
  /** The classic scope. */
  classic: string;
}

export const REQUIREMENTS: readonly Requirement[] = [
  {
    id: 'listSessions',
    label: 'See your sessions',
    fineGrained: ['Agent tasks: Read', 'Pull requests: Read', 'Contents: Read', 'Metadata: Read'],
    classic: 'repo',
  },
  { id: 'readLogs', label: 'Read session logs', fineGrained: ['Actions: Read'], classic: 'repo' },
  { id: 'stopSessions', label: 'Stop sessions', fineGrained: ['Actions: Read and write'], classic: 'repo' },
  { id: 'startTasks', label: 'Start tasks', fineGrained: ['Agent tasks: Read and write'], classic: 'repo' },
];

/** The permission query parameters of GitHub's fine-grained token page (the highest level each permission needs). */
export const FINE_GRAINED_PARAMS: Readonly<Record<string, 'read' | 'write'>> = {
  agent_tasks: 'write',
  actions: 'write',
  pull_requests: 'read',
  contents: 'read',
};

export function requirement(id: CapabilityId): Requirement {
  const r = REQUIREMENTS.find((x) => x.id === id);
  if (!r) throw new Error(`unknown capability ${id}`);
  return r;
}
