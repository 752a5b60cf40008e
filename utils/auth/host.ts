/**
 * Host permissions for the configured GitHub host: optional in the manifest for GitHub Enterprise Cloud
 * data-residency hosts (`*.ghe.com`), in the manifest for github.com, and withdrawable by the user in both cases
 * (Firefox). `requestHostPermission` must be called from an extension page in a user gesture (the options page's or
 * popup's button); the background only checks `hasHostPermission` before using the host.
 */
import { browser } from 'wxt/browser';
import { hostPermissionOrigins, normalizeHost } from '../github/hosts';

export async function requestHostPermission(hostInput: string): Promise<boolean> {
  const host = normalizeHost(hostInput);
  if (!host) return false;
  const origins = hostPermissionOrigins(host);
  if (origins.length === 0) return true;
  try {
    return await browser.permissions.request({ origins });
  } catch {
    return false;
  }
}

export async function hasHostPermission(host: string): Promise<boolean> {
  const origins = hostPermissionOrigins(host);
  if (origins.length === 0) return true;
  try {
    return await browser.permissions.contains({ origins });
  } catch {
    return false;
  }
}
