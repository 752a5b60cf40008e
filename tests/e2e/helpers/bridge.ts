/**
 * The TLS bridge: catches the requests Playwright's `context.route` cannot see and hands them to the twin.
 *
 * Playwright does not route the follow-up request of a redirect (documented; microsoft/playwright#3993), so after
 * the twin answers `302 Location: https://…blob.core.windows.net/…` (job logs) Chromium would go to the real
 * network. The browser is started with `--host-resolver-rules` mapping every GitHub host to this local HTTPS
 * server (a self-signed certificate made for this run, valid around now: `../../helpers/certificate.ts`;
 * `--ignore-certificate-errors`), which forwards to the twin exactly like the
 * route handler does (`X-Twin-Host`, no redirect following, `X-Twin-Abort` → the connection is destroyed).
 * Every other host resolves to nothing, so no test ever reaches the internet.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeCertificate } from '../../helpers/certificate';

export interface Bridge {
  port: number;
  /** Chromium flags mapping the GitHub hosts to the bridge. */
  args: string[];
  close(): Promise<void>;
}

/** Host patterns (Chromium host-resolver syntax) sent to the bridge. */
export const BRIDGED_HOSTS = [
  'github.com',
  '*.github.com',
  '*.githubcopilot.com',
  '*.blob.core.windows.net',
  '*.ghe.com',
  'avatars.githubusercontent.com',
];

export async function startBridge(twinUrl: string): Promise<Bridge> {
  const twin = new URL(twinUrl);
  const { key, cert } = await makeCertificate(['github.com', '*.github.com', 'localhost']);
  const server = createServer({ key, cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const headers: IncomingHttpHeaders = { ...req.headers, 'x-twin-host': host, host: twin.host };
    const upstream = httpRequest(
      { hostname: twin.hostname, port: twin.port, method: req.method, path: req.url, headers },
      (answer) => {
        if (answer.headers['x-twin-abort']) {
          answer.resume();
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const rules = [...BRIDGED_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`), 'EXCLUDE 127.0.0.1', 'EXCLUDE localhost'];
  return {
    port,
    args: [`--host-resolver-rules=${rules.join(', ')}, MAP * ~NOTFOUND`, '--ignore-certificate-errors'],
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
