// Turns what Schwab (or the network) did wrong into an ArbionError a trader can read. Both Schwab error
// shapes are understood: Trader `{message, errors[]}` and Market Data `{errors:[{id,status,title,detail}]}`,
// plus the OAuth `{error, error_description}` and gateway `{fault:{faultstring}}` bodies seen in the wild.
import { isLoopbackHost } from '../config';
import { ArbionError, type ErrorCode } from '../errors';
import { MarketDataErrorSchema, OAuthErrorSchema, TraderErrorSchema, parseNestedOAuthError } from './schemas';

const MAX_DETAIL = 300;

/** The readable part of an error body (JSON in any known shape, or short plain text), if any. */
export function errorBodyDetail(bodyText: string): string | undefined {
  const text = bodyText.trim();
  if (text === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // HTML error pages (edge/WAF outages) carry nothing useful; short plain text does.
    if (/^<(!doctype|html)/i.test(text)) return undefined;
    return clip(text.replace(/\s+/g, ' '));
  }
  const trader = TraderErrorSchema.safeParse(json);
  if (trader.success) {
    const extra = (trader.data.errors ?? []).filter((e) => e && e !== trader.data.message);
    return clip([trader.data.message, ...extra].join('; '));
  }
  const md = MarketDataErrorSchema.safeParse(json);
  if (md.success) {
    const parts = md.data.errors.map((e) => (e.detail ? `${e.title}: ${e.detail}` : e.title));
    return clip([...new Set(parts)].join('; '));
  }
  const oauth = OAuthErrorSchema.safeParse(json);
  if (oauth.success) {
    const inner = parseNestedOAuthError(oauth.data);
    if (inner) return clip(`${oauth.data.error} (${inner.error})`);
    return clip(oauth.data.error_description ? `${oauth.data.error}: ${oauth.data.error_description}` : oauth.data.error);
  }
  const fault = (json as { fault?: { faultstring?: unknown } } | null)?.fault?.faultstring;
  if (typeof fault === 'string') return clip(fault);
  return undefined;
}

function clip(s: string): string {
  return s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : s;
}

export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden';
  if (status === 404) return 'NotFound';
  if (status === 429) return 'RateLimited';
  if (status >= 500) return 'ServerError';
  return 'BadRequest';
}

function lead(status: number): string {
  if (status === 401) return 'Schwab did not accept the sign-in';
  if (status === 403) return 'Schwab refused access';
  if (status === 404) return 'Schwab could not find what Arbion asked for';
  if (status === 429) return 'Schwab is limiting how often Arbion may ask';
  if (status >= 500) return "Schwab's servers had a problem";
  return 'Schwab rejected the request';
}

/** An HTTP error response as an ArbionError (status and Retry-After kept for the retry logic). */
export function errorFromResponse(status: number, bodyText: string, retryAfterSec?: number): ArbionError {
  const detail = errorBodyDetail(bodyText);
  const wait = retryAfterSec !== undefined ? ` Schwab asked to wait ${retryAfterSec} s.` : '';
  const message = `${lead(status)} (HTTP ${status})${detail ? `: ${detail}` : ''}.${wait}`;
  return new ArbionError(codeForStatus(status), message, {
    status,
    ...(retryAfterSec !== undefined ? { retryAfterSec } : {}),
  });
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ENETUNREACH: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection dropped',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers',
  UND_ERR_BODY_TIMEOUT: 'response stalled',
};

/**
 * A fetch/body failure (not an HTTP status) as Network, or passes ArbionErrors through. For a loopback
 * origin (the sandbox) the internet is not the cause, so the message names the address that did not answer.
 */
export function errorFromFetchFailure(e: unknown, origin?: URL): ArbionError {
  if (e instanceof ArbionError) return e;
  const code = findCode(e);
  const why = (code && NETWORK_CODES[code]) ?? (code ? code : e instanceof Error ? e.message : String(e));
  if (origin && isLoopbackHost(origin.hostname)) {
    return new ArbionError('Network', `${loopbackUnreachable(origin)} (${why}).`, { cause: e });
  }
  return new ArbionError('Network', `Could not reach Schwab (${why}). Check the internet connection.`, { cause: e });
}

/** "The sandbox at 127.0.0.1:8123 is not answering": the loopback API origin that refused the connection. */
export function loopbackUnreachable(origin: URL): string {
  return `The sandbox at ${origin.host} is not answering`;
}

export function timeoutError(timeoutMs: number): ArbionError {
  return new ArbionError('Timeout', `Schwab did not answer within ${Math.round(timeoutMs / 1000)} s.`);
}

function findCode(e: unknown, depth = 0): string | undefined {
  if (!e || typeof e !== 'object' || depth > 4) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return findCode((e as { cause?: unknown }).cause, depth + 1);
}
