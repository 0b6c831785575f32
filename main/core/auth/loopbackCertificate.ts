// A throw-away TLS certificate for the loopback callback, made in memory at each login. The private key
// lives only in this process (never on disk) and the certificate dies with the server.
import selfsigned from 'selfsigned';

export interface LoopbackCertificate {
  /** PEM of the certificate (public; tests trust it for one request). */
  cert: string;
  /** PEM of the private key; handed straight to tls, never written anywhere. */
  key: string;
  fingerprint: string;
}

export async function createLoopbackCertificate(now: Date = new Date()): Promise<LoopbackCertificate> {
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + 24 * 60 * 60 * 1000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private, fingerprint: pems.fingerprint };
}
