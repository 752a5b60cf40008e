/** "Start a new task": a view inside the popup. Sends `startTask`; the background adds the session to Running. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { NewTaskInput } from '../../utils/messages/protocol';
import type { AppError } from '../../utils/model/errors';
import type { AccountSummary } from '../../utils/model/state';
import { TASK_MODELS } from '../../utils/model/task-models';
import { accountLabel } from '../../utils/sessions/selectors';
import { errorOf, type ViewTransport } from '../../utils/view-state/client';
import { ErrorNote } from '../ErrorNote';
import { Octicon } from '../Octicon';
import { loadDraft, saveDraft } from './draft';
import { PROMPT_LIMIT, REPO_PATTERN, repoNamesFrom } from './sections';

export function NewTask({
  api,
  accounts = [],
  knownRepos,
  onDone,
  onCancel,
}: {
  api: Pick<ViewTransport, 'request'>;
  /** Several accounts signed in: the one that starts the task is picked (the first by default). */
  accounts?: AccountSummary[];
  /** Repositories seen in sessions: suggested after the recent ones. */
  knownRepos: string[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const [recent, setRecent] = useState<string[]>([]);
  const [account, setAccount] = useState(accounts[0]?.key ?? '');
  const named = accounts.length > 1 && account ? { account } : {};
  const [repo, setRepo] = useState('');
  const [baseRef, setBaseRef] = useState('');
  const [prompt, setPrompt] = useState('');
  const [model, setModel] = useState('');
  const [customAgent, setCustomAgent] = useState('');
  const [createPr, setCreatePr] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [touched, setTouched] = useState(false);
  const repoRef = useRef<HTMLInputElement>(null);
  const [restored, setRestored] = useState(false);

  // The draft from the last time the popup closed, then every change kept (the popup can close at any click).
  useEffect(() => {
    let live = true;
    void loadDraft().then((d) => {
      if (!live) return;
      if (d) {
        setRepo((v) => v || d.repo);
        setBaseRef((v) => v || d.baseRef);
        setPrompt((v) => v || d.prompt);
        setModel((v) => v || d.model);
        setCustomAgent((v) => v || d.customAgent);
        setCreatePr(d.createPr);
      }
      setRestored(true);
    });
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (restored) void saveDraft({ repo, baseRef, prompt, model, customAgent, createPr });
  }, [restored, repo, baseRef, prompt, model, customAgent, createPr]);

  useEffect(() => {
    repoRef.current?.focus();
    let live = true;
    api
      .request<unknown>({ type: 'listRecentRepos', ...named })
      .then((r) => {
        if (live) setRecent(repoNamesFrom(r));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, named.account]);

  const suggestions = [...new Set([...recent, ...knownRepos])];
  const repoValue = repo.trim();
  const repoOk = REPO_PATTERN.test(repoValue);
  const promptLen = prompt.length;
  const tooLong = promptLen > PROMPT_LIMIT;
  const promptEmpty = prompt.trim() === '';

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (!repoOk || promptEmpty || tooLong) return;
    const [owner, name] = repoValue.split('/') as [string, string];
    const input: NewTaskInput = { owner, repo: name, prompt, createPullRequest: createPr };
    if (baseRef.trim()) input.baseRef = baseRef.trim();
    if (model.trim()) input.model = model.trim();
    if (customAgent.trim()) input.customAgent = customAgent.trim();
    setBusy(true);
    setError(null);
    try {
      await api.request({ type: 'startTask', input, ...named });
      setRestored(false);
      await saveDraft(null);
      onDone();
    } catch (err) {
      setError(errorOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="as-newtask" onSubmit={submit} aria-labelledby="newtask-title" data-testid="new-task" noValidate>
      <div class="as-view-head">
        <button type="button" class="as-icon-btn" onClick={onCancel} aria-label="Back to sessions" data-action="back">
          <Octicon name="chevron-right" class="as-flip" />
        </button>
        <h2 id="newtask-title">Start a new task</h2>
      </div>
      {accounts.length > 1 && (
        <>
          <label class="as-label" for="nt-account">
            Account
          </label>
          <select
            id="nt-account"
            class="as-select"
            value={account}
            onChange={(e) => setAccount((e.target as HTMLSelectElement).value)}
            data-testid="task-account"
          >
            {accounts.map((a) => (
              <option key={a.key} value={a.key}>
                {accountLabel(a.key)}
              </option>
            ))}
          </select>
        </>
      )}
      <label class="as-label" for="nt-repo">
        Repository
      </label>
      <input
        id="nt-repo"
        ref={repoRef}
        class="as-input"
        list="nt-repos"
        placeholder="owner/repository"
        autocomplete="off"
        spellcheck={false}
        value={repo}
        aria-invalid={touched && !repoOk ? 'true' : undefined}
        aria-describedby={touched && !repoOk ? 'nt-repo-err' : undefined}
        onInput={(e) => setRepo((e.target as HTMLInputElement).value)}
      />
      <datalist id="nt-repos">
        {suggestions.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      {touched && !repoOk && (
        <p id="nt-repo-err" class="as-field-error">
          Write the repository as owner/name, for example octo-org/website.
        </p>
      )}
      {recent.length > 0 && !repo && (
        <div class="as-chips">
          <span class="as-optional">Recent:</span>
          {recent.slice(0, 5).map((r) => (
            <button key={r} type="button" class="as-chip" onClick={() => setRepo(r)}>
              {r}
            </button>
          ))}
        </div>
      )}
      <label class="as-label" for="nt-base">
        Base branch <span class="as-optional">(optional — the default branch otherwise)</span>
      </label>
      <input
        id="nt-base"
        class="as-input"
        placeholder="main"
        autocomplete="off"
        spellcheck={false}
        value={baseRef}
        onInput={(e) => setBaseRef((e.target as HTMLInputElement).value)}
      />
      <label class="as-label" for="nt-prompt">
        What should the agent do?
      </label>
      <textarea
        id="nt-prompt"
        class="as-input as-textarea"
        rows={6}
        value={prompt}
        aria-describedby="nt-count"
        aria-invalid={tooLong || (touched && promptEmpty) ? 'true' : undefined}
        onInput={(e) => setPrompt((e.target as HTMLTextAreaElement).value)}
      />
      <p id="nt-count" class={`as-count${tooLong ? ' as-count--over' : ''}`} data-testid="prompt-count">
        {promptLen.toLocaleString('en-US')} / {PROMPT_LIMIT.toLocaleString('en-US')} characters
        {tooLong && ` — ${(promptLen - PROMPT_LIMIT).toLocaleString('en-US')} too many`}
      </p>
      {touched && promptEmpty && <p class="as-field-error">Describe the task for the agent.</p>}
      <details class="as-more">
        <summary>Model and custom agent</summary>
        <label class="as-label" for="nt-model">
          Model <span class="as-optional">(optional)</span>
        </label>
        <input
          id="nt-model"
          class="as-input"
          placeholder="Default"
          list="nt-models"
          autocomplete="off"
          value={model}
          onInput={(e) => setModel((e.target as HTMLInputElement).value)}
        />
        <datalist id="nt-models" data-testid="task-models">
          {TASK_MODELS.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <label class="as-label" for="nt-agent">
          Custom agent <span class="as-optional">(optional)</span>
        </label>
        <input
          id="nt-agent"
          class="as-input"
          placeholder="None"
          value={customAgent}
          onInput={(e) => setCustomAgent((e.target as HTMLInputElement).value)}
        />
      </details>
      <label class="as-check">
        <input
          type="checkbox"
          checked={createPr}
          onChange={(e) => setCreatePr((e.target as HTMLInputElement).checked)}
        />
        Open a pull request
      </label>
      {error && <ErrorNote error={error} />}
      <div class="as-form-actions">
        <button type="button" class="as-btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="as-btn as-btn-primary" disabled={busy || tooLong} data-action="start-task">
          <Octicon name="play" />
          {busy ? 'Starting…' : 'Start task'}
        </button>
      </div>
    </form>
  );
}
