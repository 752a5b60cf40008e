/** Hosts: github.com or a GitHub Enterprise Cloud data-residency host (`SUBDOMAIN.ghe.com`). Pure. */

const GHE_HOST = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.ghe\.com$/;

/** Normalises user input ("https://Octo.ghe.com/", "github.com") to a bare host, or null when not allowed. */
export function normalizeHost(input: string): string | null {
  const trimmed = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  if (trimmed === '' || trimmed === 'github.com' || trimmed === 'www.github.com' || trimmed === 'api.github.com')
    return 'github.com';
  if (GHE_HOST.test(trimmed)) return trimmed;
  return null;
}

export function isDataResidencyHost(host: string): boolean {
  return GHE_HOST.test(host);
}

/** REST/GraphQL base URL: `https://api.github.com` or `https://api.SUBDOMAIN.ghe.com`. */
export function apiBaseUrl(host: string): string {
  return isDataResidencyHost(host) ? `https://api.${host}` : 'https://api.github.com';
}

/** Web origin for links: `https://github.com` or `https://SUBDOMAIN.ghe.com`. */
export function webOrigin(host: string): string {
  return isDataResidencyHost(host) ? `https://${host}` : 'https://github.com';
}

/**
 * Origin patterns for `browser.permissions`: the web and API hosts the extension needs for `host`. github.com's are
 * in the manifest, a data-residency host's are optional; either can be withdrawn by the user at any time (Firefox
 * lets them, per site), so the background checks them before using the host and the views ask again.
 */
export function hostPermissionOrigins(host: string): string[] {
  return isDataResidencyHost(host)
    ? [`https://${host}/*`, `https://api.${host}/*`]
    : ['https://github.com/*', 'https://api.github.com/*'];
}

/** True for an https URL on one of the hosts we build links for. */
export function isSafeLink(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:';
  } catch {
    return false;
  }
}
