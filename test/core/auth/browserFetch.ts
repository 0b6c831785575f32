// A browser stand-in for the tests: GET over real HTTP/HTTPS, following redirects by hand the way a
// browser does, trusting the loopback server's self-signed certificate for that request only.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';

export interface BrowserResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  url: string;
}

export interface BrowserGetOptions {
  /** PEM to trust for https (the loopback certificate). */
  ca?: string;
  /** Override the Host header (DNS-rebinding tests). */
  host?: string;
  method?: string;
}

export function browserGet(url: string, options: BrowserGetOptions = {}): Promise<BrowserResponse> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      {
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: options.method ?? 'GET',
        headers: { ...(options.host ? { Host: options.host } : {}), Accept: 'text/html' },
        ...(u.protocol === 'https:'
          ? {
              ca: options.ca,
              agent: false,
              // Verify the certificate against the address we dialled, even when the Host header lies.
              checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(u.hostname, cert),
            }
          : { agent: false }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), url }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Follow redirects like a browser until a non-redirect answer; returns every hop. Stops before following
 * into `stopAt` (an origin) when given, so a test can inspect the callback URL first.
 */
export async function followRedirects(
  url: string,
  options: BrowserGetOptions & { stopAt?: string; maxHops?: number } = {},
): Promise<{ final: BrowserResponse | null; location: string | null; hops: string[] }> {
  const hops: string[] = [];
  let current = url;
  for (let i = 0; i < (options.maxHops ?? 10); i++) {
    if (options.stopAt && current.startsWith(options.stopAt)) return { final: null, location: current, hops };
    hops.push(current);
    const res = await browserGet(current, options);
    if (res.status >= 300 && res.status < 400 && res.headers.location) {
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    return { final: res, location: null, hops };
  }
  throw new Error(`too many redirects from ${url}`);
}

/** POST an HTML form (application/x-www-form-urlencoded) like a browser submitting it. */
export function browserPostForm(url: string, form: Record<string, string>): Promise<BrowserResponse> {
  const u = new URL(url);
  const body = new URLSearchParams(form).toString();
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      {
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), url }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * What a user does when the browser warns about the loopback server's self-signed certificate and they
 * click "continue": take the certificate the server presents and trust it — for the next request only.
 */
export function acceptCertificate(url: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: u.hostname, port: Number(u.port || 443), rejectUnauthorized: false }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      if (!cert?.raw) {
        reject(new Error('no certificate presented'));
        return;
      }
      const b64 = cert.raw.toString('base64').replace(/(.{64})/g, '$1\n');
      resolve(`-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`);
    });
    socket.on('error', reject);
  });
}
