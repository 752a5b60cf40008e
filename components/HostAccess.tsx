import { useState } from 'preact/hooks';
import { requestHostPermission } from '../utils/auth/host';
import type { AppError } from '../utils/model/errors';

/** True when the background stopped because the user withdrew (or never gave) access to the GitHub host. */
export function needsHostAccess(error: AppError | null | undefined): boolean {
  return error?.kind === 'missing-permission' && !!error.permission?.startsWith('access to ');
}

/**
 * "Allow access to github.com": asks the browser for the host permission again (it must be this click: browsers
 * only grant permissions in a user gesture), then asks the background to sync. Says so when access is refused.
 */
export function HostAccessButton({
  host,
  onGranted,
  ask = requestHostPermission,
}: {
  host: string;
  onGranted: () => void;
  ask?: (host: string) => Promise<boolean>;
}) {
  const [refused, setRefused] = useState(false);
  const click = () => {
    setRefused(false);
    ask(host)
      .then((granted) => {
        if (granted) onGranted();
        else setRefused(true);
      })
      .catch(() => setRefused(true));
  };
  return (
    <>
      <button type="button" class="as-btn as-btn-sm as-btn-primary" onClick={click} data-action="allow-host">
        Allow access to {host}
      </button>
      {refused && (
        <output class="as-hint">
          Access was not granted: the extension cannot read your sessions on {host} until it is.
        </output>
      )}
    </>
  );
}
