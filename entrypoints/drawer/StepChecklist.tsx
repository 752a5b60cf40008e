import { Octicon } from '../../components/Octicon';
import type { LogChunk } from '../../utils/model/log';

type Step = NonNullable<LogChunk['steps']>[number];

/** The icon and words for one Actions step (status + conclusion from the jobs API). */
function stepLook(step: Pick<Step, 'status' | 'conclusion'>): { icon: string; cls: string; label: string } {
  if (step.status === 'completed') {
    switch (step.conclusion) {
      case 'success':
        return { icon: 'check-circle', cls: 'as-step--success', label: 'succeeded' };
      case 'failure':
        return { icon: 'x-circle', cls: 'as-step--failure', label: 'failed' };
      case 'cancelled':
        return { icon: 'circle-slash', cls: 'as-step--muted', label: 'cancelled' };
      case 'skipped':
        return { icon: 'skip', cls: 'as-step--muted', label: 'skipped' };
      default:
        return { icon: 'check-circle', cls: 'as-step--muted', label: step.conclusion ?? 'completed' };
    }
  }
  if (step.status === 'in_progress') return { icon: 'sync', cls: 'as-step--running', label: 'running' };
  return { icon: 'clock', cls: 'as-step--muted', label: 'queued' };
}

/** Live checklist of the run's steps while no log is readable yet. */
export function StepChecklist({ steps }: { steps: Step[] }) {
  if (!steps.length) return <p class="as-drawer-note">Waiting for the run to start…</p>;
  return (
    <ol class="as-steps" aria-label="Run steps">
      {steps.map((s, i) => {
        const look = stepLook(s);
        return (
          <li
            key={i}
            class={`as-step ${look.cls}`}
            data-step-status={s.status}
            data-step-conclusion={s.conclusion ?? ''}
          >
            <Octicon
              name={look.icon}
              label={look.label}
              class={look.cls === 'as-step--running' ? 'as-spin' : undefined}
            />
            <span class="as-step-name">{s.name}</span>
          </li>
        );
      })}
    </ol>
  );
}
