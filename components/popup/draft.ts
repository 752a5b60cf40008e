/**
 * The New task form's draft survives the popup closing (a click outside closes it). Kept in `storage.session`:
 * trusted contexts only (content scripts cannot read it, unlike storage.local), gone when the browser quits; the
 * prompt is capped at the form's limit. Cleared when the task starts.
 */
import { browser } from 'wxt/browser';
import { PROMPT_LIMIT } from './sections';

interface TaskDraft {
  repo: string;
  baseRef: string;
  prompt: string;
  model: string;
  customAgent: string;
  createPr: boolean;
}

const KEY = 'newTaskDraft';
const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

export async function loadDraft(): Promise<TaskDraft | null> {
  try {
    const raw = (await browser.storage.session.get(KEY))[KEY] as Partial<TaskDraft> | undefined;
    if (!raw || typeof raw !== 'object') return null;
    return {
      repo: str(raw.repo, 200),
      baseRef: str(raw.baseRef, 255),
      prompt: str(raw.prompt, PROMPT_LIMIT + 100),
      model: str(raw.model, 100),
      customAgent: str(raw.customAgent, 100),
      createPr: raw.createPr !== false,
    };
  } catch {
    return null;
  }
}

export async function saveDraft(draft: TaskDraft | null): Promise<void> {
  try {
    if (!draft) await browser.storage.session.remove(KEY);
    else await browser.storage.session.set({ [KEY]: { ...draft, prompt: draft.prompt.slice(0, PROMPT_LIMIT + 100) } });
  } catch {
    // storage.session missing (old browser): the draft lives as long as the popup
  }
}
