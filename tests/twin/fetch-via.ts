/**
 * A `fetch` for code under test in Node (the API layer, the engine, benches) that sends every GitHub host to the
 * twin, which picks the host from `X-Twin-Host` (as the e2e route handler does). Redirects are passed through
 * (`redirect: 'manual'`), so a job log's 302 to the blob host reaches the caller as GitHub sends it.
 */
export function fetchVia(twinUrl: string): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('x-twin-host', url.host);
    return fetch(`${twinUrl}${url.pathname}${url.search}`, {
      ...init,
      method: init?.method ?? (input instanceof Request ? input.method : 'GET'),
      body: init?.body ?? null,
      headers,
      redirect: 'manual',
    });
  }) as typeof fetch;
}
