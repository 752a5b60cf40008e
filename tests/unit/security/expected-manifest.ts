/**
 * The permissions the extension may hold — one list for the unit manifest test and the e2e check of the build.
 * Adding one is a decision: justify it in docs/security.md and the README first.
 */
export const EXPECTED_PERMISSIONS = ['alarms', 'notifications', 'scripting', 'storage'];
export const EXPECTED_HOSTS = [
  'https://*.blob.core.windows.net/*',
  'https://api.business.githubcopilot.com/*',
  'https://api.enterprise.githubcopilot.com/*',
  'https://api.github.com/*',
  'https://api.githubcopilot.com/*',
  'https://api.individual.githubcopilot.com/*',
  'https://github.com/*',
];
