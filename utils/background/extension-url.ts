/**
 * An extension page's URL to open as a tab. In Chrome `runtime.getURL` names a web-accessible resource declared with
 * `use_dynamic_url` (the drawer, issue 17 #8) by its per-session dynamic id, which only pages framing it may use; a tab
 * the extension opens itself takes the extension's own id. Elsewhere (Firefox) `getURL` is the page's URL.
 */
export function extensionPageUrl(
  runtime: { getURL?: (path: '/drawer.html') => string; id?: string },
  path: '/drawer.html',
): string | null {
  const url = runtime.getURL?.(path);
  if (!url) return null;
  if (url.startsWith('chrome-extension://') && runtime.id) return `chrome-extension://${runtime.id}${path}`;
  return url;
}
