// The HTTPS server that receives Schwab's redirect during one login (RFC 8252 §7.3 loopback redirect).
// 127.0.0.1 only, on the registered port and path, one valid callback then closed; everything else —
// wrong path, wrong Host (DNS rebinding), wrong/missing/reused state, no code — is refused with a page.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArbionError } from '../errors';
import { systemClock, type Clock, type Logger } from '../ports';
import { silentLogger } from '../log/logger';
import { CALLBACK_PAGE_HEADERS, renderCallbackPage, type CallbackPage } from './callbackPage';
import { callbackPathMatches, judgeCallbackQuery, readQuery } from './callbackParser';
import { createLoopbackCertificate } from './loopbackCertificate';
import type { StateStore } from './stateStore';

export const DEFAULT_LOGIN_TIMEOUT_MS = 300_000;

export interface LoopbackServerOptions {
  /** The registered callback, https://127.0.0.1[:port][/path]. */
  redirectUri: string;
  states: StateStore;
  timeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
  /**
   * Runs with the decoded code before the browser gets its answer, so the page can say whether the
   * sign-in really worked. Its error becomes the login's error.
   */
  exchange?: (code: string) => Promise<void>;
  /** A request was refused but the login goes on (e.g. a stray request with the wrong state). */
  onRejected?: (error: ArbionError) => void;
}

export interface LoopbackServer {
  readonly port: number;
  /** PEM of the throw-away certificate (tests trust it for their own requests only). */
  readonly certificatePem: string;
  /** The decoded code once one valid callback arrived (and `exchange` succeeded); rejects otherwise. */
  readonly result: Promise<string>;
  /** Stop waiting: result rejects with LoginCancelled. */
  cancel(message?: string): void;
  close(): Promise<void>;
}

export function loopbackPort(redirectUri: string): number {
  const url = new URL(redirectUri);
  return url.port === '' ? 443 : Number(url.port);
}

function listenError(e: NodeJS.ErrnoException, port: number): ArbionError {
  if (e.code === 'EADDRINUSE') {
    return new ArbionError(
      'PortBusy',
      `Port ${port} on 127.0.0.1 is in use by another program, so Arbion cannot receive Schwab's callback there. ` +
        'Close that program and try again, or sign in by pasting the URL your browser lands on.',
      { cause: e },
    );
  }
  if (e.code === 'EACCES') {
    return new ArbionError(
      'PortBusy',
      `Port ${port} needs administrator rights on this system. Register a callback URL with a port above 1024 ` +
        '(e.g. https://127.0.0.1:8182), or sign in by pasting the URL your browser lands on.',
      { cause: e },
    );
  }
  return new ArbionError('Internal', `Could not start the sign-in callback server: ${e.message}`, { cause: e });
}

export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const clock = options.clock ?? systemClock;
  const log = (options.logger ?? silentLogger).child('loopback');
  const redirect = new URL(options.redirectUri);
  if (redirect.protocol !== 'https:' || redirect.hostname !== '127.0.0.1') {
    throw new ArbionError('ConfigInvalid', `The loopback callback needs an https://127.0.0.1 callback URL, not ${redirect.origin}.`);
  }
  const port = loopbackPort(options.redirectUri);
  const expectedHosts = new Set([`127.0.0.1:${port}`, ...(port === 443 ? ['127.0.0.1'] : [])]);
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  // Validity follows the real wall clock the browser checks, not an injected test clock.
  const certificate = await createLoopbackCertificate();

  let settled = false;
  let resolveResult!: (code: string) => void;
  let rejectResult!: (e: ArbionError) => void;
  const result = new Promise<string>((res, rej) => {
    resolveResult = res;
    rejectResult = rej;
  });
  // Nobody may be listening yet when a timeout fires; the caller still sees the rejection via `result`.
  result.catch(() => undefined);

  const server = https.createServer({ cert: certificate.cert, key: certificate.key, minVersion: 'TLSv1.2' });
  // A browser that refuses the self-signed certificate aborts its first handshake; that is expected.
  server.on('tlsClientError', () => undefined);

  let timer: unknown = null;
  const shutdown = (): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    server.close();
    server.closeIdleConnections();
  };
  const finish = (outcome: { code: string } | { error: ArbionError }): void => {
    if (settled) return;
    settled = true;
    if ('code' in outcome) resolveResult(outcome.code);
    else rejectResult(outcome.error);
    shutdown();
  };

  const answer = (res: ServerResponse, status: number, page: CallbackPage): Promise<void> =>
    new Promise((done) => {
      res.writeHead(status, CALLBACK_PAGE_HEADERS);
      res.end(renderCallbackPage(page), () => done());
    });

  const refuse = (res: ServerResponse, status: number, error: ArbionError, notify = true): void => {
    log.warn('callback refused', { code: error.code, status });
    if (notify) options.onRejected?.(error);
    void answer(res, status, { ok: false, title: 'Not accepted', message: error.message });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (settled) {
      refuse(res, 410, new ArbionError('CallbackInvalid', 'This sign-in is already over.'), false);
      return;
    }
    const host = (req.headers.host ?? '').toLowerCase();
    if (!expectedHosts.has(host)) {
      refuse(res, 421, new ArbionError('CallbackInvalid', `Refused a callback addressed to host "${host.slice(0, 80)}" (expected 127.0.0.1:${port}).`));
      return;
    }
    if (req.method !== 'GET') {
      refuse(res, 405, new ArbionError('CallbackInvalid', `Refused a ${req.method} request to the callback.`));
      return;
    }
    const target = new URL(req.url ?? '/', `https://127.0.0.1:${port}`);
    if (!callbackPathMatches(options.redirectUri, target.pathname)) {
      // Browsers ask for /favicon.ico and the like; refuse quietly and keep waiting.
      refuse(res, 404, new ArbionError('CallbackInvalid', 'Not the sign-in callback path.'), false);
      return;
    }
    const verdict = judgeCallbackQuery(readQuery(target.search), options.states);
    if (!verdict.ok) {
      if (verdict.final) {
        await answer(res, verdict.httpStatus, { ok: false, title: 'Sign-in not completed', message: verdict.error.message });
        finish({ error: verdict.error });
      } else {
        refuse(res, verdict.httpStatus, verdict.error);
      }
      return;
    }
    // One valid callback: stop accepting new connections while the code is exchanged.
    server.close();
    try {
      await options.exchange?.(verdict.code);
    } catch (e) {
      const error = e instanceof ArbionError ? e : new ArbionError('TokenExchangeFailed', (e as Error).message, { cause: e });
      await answer(res, 502, { ok: false, title: 'Sign-in failed', message: error.message });
      finish({ error });
      return;
    }
    await answer(res, 200, {
      ok: true,
      title: 'Signed in',
      message: 'Arbion is signed in to Schwab. You can close this tab and return to Arbion.',
    });
    finish({ code: verdict.code });
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      log.error('callback handler failed', { error: e });
      if (!res.headersSent) res.writeHead(500, CALLBACK_PAGE_HEADERS).end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => reject(listenError(e, port));
    server.once('error', onError);
    // 127.0.0.1 only: nothing on the network can reach the callback.
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (e) => log.error('callback server error', { error: e }));

  timer = clock.setTimeout(() => {
    finish({
      error: new ArbionError(
        'LoginTimeout',
        `No sign-in callback arrived within ${Math.round(timeoutMs / 1000)} s. Start the sign-in again.`,
      ),
    });
  }, timeoutMs);

  const boundPort = (server.address() as AddressInfo).port;
  log.debug('callback server listening', { port: boundPort });

  return {
    port: boundPort,
    certificatePem: certificate.cert,
    result,
    cancel: (message = 'Sign-in was cancelled.') => finish({ error: new ArbionError('LoginCancelled', message) }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!settled) finish({ error: new ArbionError('LoginCancelled', 'Sign-in was cancelled.') });
        if (!server.listening) {
          server.closeAllConnections();
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
