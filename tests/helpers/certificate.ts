/**
 * A self-signed TLS certificate made at run time for the test harness's local HTTPS servers (the e2e TLS bridge,
 * the Firefox proxy). Its validity window is computed from the clock it is given (default: now), so no certificate
 * written down on one day expires under the suite on a later one (issue 12). Nothing trusts it but our test browsers.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export interface Certificate {
  /** PEM, PKCS #8. */
  key: string;
  /** PEM. */
  cert: string;
  notBefore: Date;
  notAfter: Date;
}

const HOUR = 3_600_000;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** Valid from an hour before `now` to two days after it (long enough for any soak, short enough to matter). */
export async function makeCertificate(hosts: string[] = ['localhost'], now: number = Date.now()): Promise<Certificate> {
  const crypto = webcrypto as unknown as Crypto;
  x509.cryptoProvider.set(crypto);
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const notBefore = new Date(now - HOUR);
  const notAfter = new Date(now + 48 * HOUR);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=agent-sessions-twin-bridge',
    keys,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.SubjectAlternativeNameExtension(hosts.map((value) => ({ type: 'dns' as const, value }))),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    cert: certificate.toString('pem'),
    notBefore,
    notAfter,
  };
}
