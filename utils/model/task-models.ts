/**
 * The models `POST /agents/repos/{owner}/{repo}/tasks` takes, as GitHub's REST description lists them for its `model`
 * field (@octokit/openapi, api.github.com.json): "The allowed models may change over time and depend on the user's
 * GitHub Copilot plan and organization policies." So the New task form suggests these and still sends whatever
 * the person types; GitHub's refusal of one is shown in its words.
 */
export const TASK_MODELS: readonly string[] = [
  'claude-sonnet-4.6',
  'claude-opus-4.6',
  'gpt-5.2-codex',
  'gpt-5.3-codex',
  'gpt-5.4',
  'claude-sonnet-4.5',
  'claude-opus-4.5',
];
