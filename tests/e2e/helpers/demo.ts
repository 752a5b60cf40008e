/**
 * The demo scenario (tests/twin/scenarios/demo.json) as the e2e specs name it: its tokens, pull requests and
 * session ids. One place, so a change to the scenario is one change here; keep in step with the JSON.
 */

/** The twin serves every github.com page (tests/e2e/helpers/routing.ts). */
export const GH = 'https://github.com';

/**
 * The demo's classic token (octo-demo, `repo`). The Copilot API refuses it as GitHub refuses every PAT, so drawers
 * show Actions steps and job logs; only a `capiAcceptsTokens` world lets it through.
 */
export const DEMO_TOKEN = 'ghp_demo_token';
/**
 * The demo's fine-grained token with agent_tasks: write, for specs that need a token of real length (the engine's
 * shape check wants ≥ 20 characters, which `DEMO_TOKEN` is not).
 */
export const FULL_TOKEN = 'github_pat_demo_full';

/** octo-org/webapp #42, React timeline, three sessions. */
export const PR42 = `${GH}/octo-org/webapp/pull/42`;
/** PR 42's first session: completed. */
export const S42_FIRST = '5e1f0a42-1111-4a11-9a11-000000000001';
/** PR 42's second session: completed. */
export const S42_SECOND = '5e1f0a42-2222-4a22-9a22-000000000002';
/** PR 42's latest session: running (real Copilot API log), ready for review 14 m after its start (-2 m). */
export const S42 = '5e1f0a42-3333-4a33-9a33-000000000003';
/** PR 42's sessions, oldest first. */
export const PR42_SESSIONS = [S42_FIRST, S42_SECOND, S42] as const;

/** octo-org/webapp #43, legacy timeline, one session. */
export const PR43 = `${GH}/octo-org/webapp/pull/43`;
/** PR 43's session: waiting for the user, its run in progress. */
export const S43 = '5e1f0a43-4444-4a44-9a44-000000000004';

/** octo-org/webapp #44's session: failed. */
export const S44 = '5e1f0a44-5555-4a55-9a55-000000000005';

/** octo-org/api-server #8's session: cancelled. */
export const S08 = '5e1f0a08-9999-4a99-9a99-000000000009';

/** octo-org/infra #22: a page layout no anchor matches. */
export const PR22 = `${GH}/octo-org/infra/pull/22`;
/** PR 22's session: in progress forever; its run never stops, even on force-cancel. */
export const S22 = '5e1f0a22-dddd-4ddd-9ddd-00000000000d';

/** octo-org/infra #21's session: running; a cancel needs force-cancel. */
export const S21 = '5e1f0a21-cccc-4ccc-9ccc-00000000000c';

/** octo-org/website #5's session, started by monalisa (read-only repository for octo-demo). */
export const S05 = '5e1f0a05-eeee-4eee-9eee-00000000000e';

/** octo-demo/copilot-agents-lab #3. */
export const PR_LAB = `${GH}/octo-demo/copilot-agents-lab/pull/3`;
/** PR_LAB's session: completed, with a real Actions job log (copilot-job-2026-06.log). */
export const S_LAB = 'df23daeb-385c-448c-8d5e-ecbf9a46cc25';

/** The octo-demo/dotfiles task's session (no PR): appears at +90 s, queued, completes 6 m later. */
export const DOTFILES = '5e1f0a99-ffff-4fff-9fff-00000000000f';

/** The archived octo-org/docs #12 task's session: listed too (is_archived=true), marked archived; the popup shows it
 * on demand. */
export const ARCHIVED = '5e1f0a12-bbbb-4bbb-9bbb-00000000000b';
