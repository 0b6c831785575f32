// The one door from Arbion to Schwab's API. Read-only by construction (readOnlyGuard runs before any
// I/O), Bearer auth from the token manager with one refresh-and-retry on 401, a shared rate limiter,
// per-request timeouts, bounded retries with backoff on 429/5xx/timeouts/connection errors, and zod
// validation of every body (zod, or its compiled form on the refresh's hot path).
import type { AccessTokenSource, Clock, Logger } from '../ports';
import { systemClock } from '../ports';
import { ArbionError } from '../errors';
import { silentLogger } from '../log/logger';
import { DEFAULT_BACKOFF, backoffDelay, parseRetryAfter, sleep, type BackoffPolicy } from './backoff';
import { errorFromFetchFailure, errorFromResponse, timeoutError } from './errorMapping';
import { parseJsonBody, parsePayload, type PayloadSchema } from './payload';
import { createRateLimiter, type RateLimiter } from './rateLimiter';
import { assertReadOnlyRequest } from './readOnlyGuard';

export const SCHWAB_API_BASE_URL = 'https://api.schwabapi.com';

export interface SchwabHttpOptions {
  /** Origin of the API, e.g. https://api.schwabapi.com or the sandbox's http://127.0.0.1:PORT. */
  baseUrl: string;
  tokens: AccessTokenSource;
  clock?: Clock;
  /** Share one limiter between every client talking to the same account (default: a private 120/min one). */
  limiter?: RateLimiter;
  fetch?: typeof globalThis.fetch;
  /** Per attempt, headers and body included. Default 15 s. */
  timeoutMs?: number;
  /** Attempts per call for transient failures (429, 5xx, timeouts, connection errors). Default 4. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** A Retry-After longer than this is not slept inside a call; the error goes to the caller (the poller). */
  maxRetryAfterSec?: number;
  random?: () => number;
  logger?: Logger;
}

export interface SchwabResponse<T> {
  data: T;
  status: number;
  /** Milliseconds from the first attempt to the parsed body (waits included). */
  ms: number;
  attempts: number;
  /** The server's Date header, for clock-skew checks. */
  serverDate: string | null;
}

export interface RequestOptions {
  query?: Record<string, string>;
  signal?: AbortSignal;
}

export interface SchwabHttpClient {
  readonly baseUrl: string;
  /** GET `path` and validate the JSON body with `schema`; `what` names the payload in error messages. */
  get<T>(path: string, schema: PayloadSchema<T>, what: string, options?: RequestOptions): Promise<SchwabResponse<T>>;
  /**
   * The generic entry point. Exists so nothing can route around the guard: any method other than GET, or
   * any path outside /trader/v1 and /marketdata/v1, throws ReadOnlyViolation before any I/O.
   */
  request<T>(method: string, path: string, schema: PayloadSchema<T>, what: string, options?: RequestOptions): Promise<SchwabResponse<T>>;
  /** Requests sent (attempts, not calls) since creation. */
  requestCount(): number;
}

export function createSchwabHttpClient(options: SchwabHttpOptions): SchwabHttpClient {
  const base = new URL(new URL(options.baseUrl).origin);
  const clock = options.clock ?? systemClock;
  const limiter = options.limiter ?? createRateLimiter({ clock });
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const maxRetryAfterSec = options.maxRetryAfterSec ?? 60;
  const random = options.random ?? Math.random;
  const log = (options.logger ?? silentLogger).child('schwab');
  let sent = 0;

  /** One HTTP exchange with a deadline covering headers and body. Throws Network/Timeout. */
  async function exchange(url: URL, token: string, signal: AbortSignal | undefined) {
    const controller = new AbortController();
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort(timeoutError(timeoutMs));
    }, timeoutMs);
    const combined = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
    try {
      sent++;
      const res = await doFetch(url, {
        method: 'GET',
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        signal: combined,
        redirect: 'error',
      });
      const text = await res.text();
      return { status: res.status, ok: res.ok, text, headers: res.headers };
    } catch (e) {
      if (timedOut) throw timeoutError(timeoutMs);
      if (signal?.aborted) throw signal.reason ?? e;
      throw errorFromFetchFailure(e, base);
    } finally {
      clock.clearTimeout(timer);
    }
  }

  async function request<T>(
    method: string,
    path: string,
    schema: PayloadSchema<T>,
    what: string,
    opts: RequestOptions = {},
  ): Promise<SchwabResponse<T>> {
    const qs = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '';
    const url = assertReadOnlyRequest(method, base, path + qs); // before any I/O, including the token
    const started = clock.now();
    let token = await options.tokens.getAccessToken();
    let refreshed = false;
    let attempt = 0; // attempts that count against maxAttempts (a 401 refresh does not)
    let total = 0;
    for (;;) {
      attempt++;
      total++;
      await limiter.acquire(opts.signal);
      let outcome: Awaited<ReturnType<typeof exchange>> | ArbionError;
      try {
        outcome = await exchange(url, token, opts.signal);
      } catch (e) {
        if (!(e instanceof ArbionError)) throw e; // caller cancelled
        outcome = e;
      }

      if (!(outcome instanceof ArbionError) && outcome.status === 401 && !refreshed) {
        refreshed = true;
        attempt--;
        log.info('401 from Schwab; refreshing the access token once', { path: url.pathname });
        token = await options.tokens.refreshAfterUnauthorized(token);
        continue;
      }

      let error: ArbionError;
      if (outcome instanceof ArbionError) {
        error = outcome;
      } else if (outcome.ok) {
        const json = parseJsonBody(outcome.text, what);
        const data = parsePayload(schema, json, what);
        const ms = clock.now() - started;
        log.debug('GET ok', { path: url.pathname, status: outcome.status, ms, attempts: total });
        return { data, status: outcome.status, ms, attempts: total, serverDate: outcome.headers.get('date') };
      } else {
        const retryAfter = parseRetryAfter(outcome.headers.get('retry-after'), clock.now());
        error = errorFromResponse(outcome.status, outcome.text, retryAfter);
        if (outcome.status === 401) {
          error = new ArbionError('Unauthorized', `${error.message} A fresh access token was rejected too.`, {
            status: 401,
          });
        }
      }

      const canRetry = error.transient && attempt < maxAttempts;
      const retryAfterSec = error.retryAfterSec;
      if (!canRetry || (retryAfterSec !== undefined && retryAfterSec > maxRetryAfterSec)) {
        log.warn('GET failed', { path: url.pathname, code: error.code, status: error.status, attempts: total });
        throw error;
      }
      const wait = retryAfterSec !== undefined ? retryAfterSec * 1000 : backoffDelay(attempt - 1, policy, random);
      log.info('GET retrying', { path: url.pathname, code: error.code, status: error.status, waitMs: wait, attempt });
      await sleep(clock, wait, opts.signal);
    }
  }

  return {
    baseUrl: base.origin,
    get: (path, schema, what, opts) => request('GET', path, schema, what, opts),
    request,
    requestCount: () => sent,
  };
}
