/**
 * The content script for a GitHub Enterprise Cloud data-residency host (`SUBDOMAIN.ghe.com`). Declaring `*.ghe.com`
 * in the manifest would ask for every such host at install; instead the one host the user configured, once they
 * granted it at run time (options page), gets the same built script registered here. github.com keeps its manifest entry.
 */
import { isDataResidencyHost } from '../github/hosts';

export const GHE_SCRIPT_ID = 'agent-sessions-ghe';
/** Where WXT writes the github.com content script in the built extension. */
export const CONTENT_SCRIPT_FILE = 'content-scripts/github.js';

interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<Array<{ id: string; matches?: string[] }>>;
  registerContentScripts(scripts: Array<Record<string, unknown>>): Promise<void>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
}

export interface GheDeps {
  scripting: ScriptingApi | undefined;
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
}

/** Registers the content script for `host` when it is a granted ghe.com host; removes it otherwise. Never throws. */
export async function syncGheContentScript(
  deps: GheDeps,
  host: string | null,
): Promise<'registered' | 'removed' | 'none'> {
  const scripting = deps.scripting;
  if (!scripting) return 'none';
  try {
    const existing = await scripting.getRegisteredContentScripts({ ids: [GHE_SCRIPT_ID] });
    const wanted = host && isDataResidencyHost(host) ? `https://${host}/*` : null;
    const granted = wanted ? await deps.permissions.contains({ origins: [wanted] }) : false;
    if (wanted && granted) {
      if (existing.some((s) => s.matches?.length === 1 && s.matches[0] === wanted)) return 'registered';
      if (existing.length) await scripting.unregisterContentScripts({ ids: [GHE_SCRIPT_ID] });
      await scripting.registerContentScripts([
        {
          id: GHE_SCRIPT_ID,
          matches: [wanted],
          js: [CONTENT_SCRIPT_FILE],
          runAt: 'document_start',
          persistAcrossSessions: true,
        },
      ]);
      return 'registered';
    }
    if (existing.length) await scripting.unregisterContentScripts({ ids: [GHE_SCRIPT_ID] });
    return 'removed';
  } catch (error) {
    console.warn('[agent-sessions] could not update the content script for', host, error);
    return 'none';
  }
}
