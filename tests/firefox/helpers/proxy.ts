/**
 * The HTTPS proxy Firefox is pointed at (preferences `network.proxy.*`): every `CONNECT` to a GitHub host is tunnelled
 * to the TLS bridge (tests/e2e/helpers/bridge.ts), which hands the request to the twin exactly as in Chromium
 * (`X-Twin-Host`, redirects not followed, `X-Twin-Abort` → connection dropped). Pages, extension pages and the
 * extension's background all go through it, so the shipped build talks to its production hosts and meets the twin.
 * Every other host is refused (403): no test reaches the internet. Firefox accepts the bridge's self-signed
 * certificate because the WebDriver BiDi session asks for `acceptInsecureCerts`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';

/** The hosts tunnelled to the twin (the bridge's list: GitHub, the Copilot API, job-log blobs, GHE.com, avatars). */
export const PROXIED_HOST =
  /^(github\.com|[a-z0-9-]+\.github\.com|([a-z0-9-]+\.)*githubcopilot\.com|[a-z0-9-]+\.blob\.core\.windows\.net|([a-z0-9-]+\.)*ghe\.com|avatars\.githubusercontent\.com)$/i;

export interface Proxy {
  port: number;
  /** Hosts refused so far (Firefox's own background traffic ends here). */
  refused: string[];
  close(): Promise<void>;
}

export async function startProxy(bridgePort: number): Promise<Proxy> {
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    // Plain http:// requests: nothing of ours uses them.
    refused.push(req.headers.host ?? req.url ?? '');
    res.writeHead(403).end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    const host = (req.url ?? '').replace(/:\d+$/, '');
    if (!PROXIED_HOST.test(host)) {
      refused.push(host);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(bridgePort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    refused,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
