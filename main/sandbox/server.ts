// The HTTP side: node:http on 127.0.0.1, one handler that counts the request, applies injected faults,
// checks the Bearer token, runs the route and writes the response with Schwab's headers (Date from the
// sandbox clock, because clients measure clock skew from it; Schwab-Client-CorrelId).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../core/ports';
import { edgeHtml, errorBodyFor, marketDataError, traderError, type ApiFamily } from './errorBodies';
import type { FaultInjector } from './faults';
import { newCorrelId } from './ids';
import { invalidJsonText, withoutField } from './malformedBody';
import type { OAuthServer } from './oauth';
import { familyOf, type RouteResult, type Router } from './router';

const MAX_BODY_BYTES = 64 * 1024;

export interface ServerDeps {
  clock: Clock;
  router: Router;
  oauth: OAuthServer;
  faults: FaultInjector;
}

export class RequestCounters {
  private readonly counts = new Map<string, number>();
  private waiters: Array<{ key: string; n: number; resolve: () => void }> = [];
  add(key: string): void {
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    this.waiters = this.waiters.filter((w) => (w.key === key && count >= w.n ? (w.resolve(), false) : true));
  }
  /** Resolves once `key` has been requested `n` times (tests wait on this event instead of polling). */
  reached(key: string, n: number): Promise<void> {
    if ((this.counts.get(key) ?? 0) >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ key, n, resolve }));
  }
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
  reset(): void {
    this.counts.clear();
  }
}

export interface RunningServer {
  server: Server;
  port: number;
  counters: RequestCounters;
  close(): Promise<void>;
}

export async function startHttpServer(deps: ServerDeps, port: number): Promise<RunningServer> {
  const counters = new RequestCounters();
  const server = createServer((req, res) => {
    handle(deps, counters, req, res).catch((err: unknown) => {
      if (!res.headersSent) send(deps.clock, res, { status: 500, json: errorBodyFor('trader', 500, String(err)) });
      else res.destroy();
    });
  });
  // Keep-alive sockets would hold close() open; tests start and stop many sandboxes.
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    counters,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(deps: ServerDeps, counters: RequestCounters, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const match = deps.router.match(method, url.pathname);
  const family: ApiFamily = match?.route.family ?? familyOf(url.pathname);
  counters.add(match ? `${method} ${match.route.pattern}` : `${method} (unmatched)`);

  const faults = deps.faults.take(url.pathname);
  if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
  if (faults.drop) {
    req.socket.destroy();
    return;
  }
  if (faults.fail) {
    const { status, retryAfterSec } = faults.fail;
    const headers: Record<string, string> = retryAfterSec !== undefined ? { 'Retry-After': String(retryAfterSec) } : {};
    if (status === 502) send(deps.clock, res, { status, html: edgeHtml(status, url.pathname), headers });
    else send(deps.clock, res, { status, json: errorBodyFor(family, status), headers });
    return;
  }

  let body = '';
  if (method === 'POST') {
    const read = await readBody(req);
    if (read === undefined) {
      send(deps.clock, res, { status: 413, json: errorBodyFor(family, 400, 'Request body too large') });
      return;
    }
    body = read;
  }

  if (!match) {
    send(deps.clock, res, { status: 404, json: errorBodyFor(family, 404, `No resource at ${method} ${url.pathname}`) });
    return;
  }

  if (match.route.auth) {
    const check = deps.oauth.checkBearer(req.headers.authorization);
    if (!check.ok) {
      send(deps.clock, res, unauthorized(family, check.reason));
      return;
    }
  }

  let result = match.route.handle({
    method,
    url,
    params: match.params,
    headers: req.headers,
    body,
    nowMs: deps.clock.now(),
  });

  if ('json' in result && result.status >= 200 && result.status < 300) {
    const mode = deps.faults.takeMalform(url.pathname);
    if (mode === 'invalid-json') {
      sendRaw(deps.clock, res, result.status, 'application/json', invalidJsonText(result.json), result.headers);
      return;
    }
    if (mode === 'missing-field') {
      const path = match.route.requiredField?.(result.json);
      result = { ...result, json: path ? withoutField(result.json, path) : {} };
    }
  }
  send(deps.clock, res, result);
}

function unauthorized(family: ApiFamily, reason: string): RouteResult {
  if (family === 'marketdata') {
    // Schwab's Market Data example answers a missing Authorization header with 400, not 401.
    if (reason === 'missing') {
      return { status: 400, json: { errors: [{ ...marketDataError(400).errors[0]!, status: '400', detail: 'Missing header', source: { header: 'Authorization' } }] } };
    }
    return { status: 401, json: marketDataError(401, 'Client not authorized') };
  }
  const why = reason === 'expired' ? 'The access token has expired.' : reason === 'missing' ? 'Missing access token.' : 'The access token is invalid.';
  return { status: 401, json: traderError('Unauthorized', [why]) };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function baseHeaders(clock: Clock, extra: Record<string, string> | undefined): Record<string, string> {
  return {
    Date: new Date(clock.now()).toUTCString(),
    'Schwab-Client-CorrelId': newCorrelId(),
    'Cache-Control': 'no-store',
    ...extra,
  };
}

function send(clock: Clock, res: ServerResponse, result: RouteResult): void {
  if ('redirect' in result) {
    res.writeHead(result.status, { ...baseHeaders(clock, undefined), Location: result.redirect, 'Content-Length': '0' });
    res.end();
    return;
  }
  if ('html' in result) {
    sendRaw(clock, res, result.status, 'text/html; charset=utf-8', result.html, result.headers);
    return;
  }
  sendRaw(clock, res, result.status, 'application/json', JSON.stringify(result.json), result.headers);
}

function sendRaw(clock: Clock, res: ServerResponse, status: number, type: string, text: string, extra?: Record<string, string>): void {
  const buf = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...baseHeaders(clock, extra), 'Content-Type': type, 'Content-Length': String(buf.length) });
  res.end(buf);
}
