// Error bodies in the shape each Schwab API family uses (as in test/fixtures/schwab/error-*.json):
// Trader ServiceError `{message, errors[]}`, Market Data `{errors:[{id, status, title, detail?}]}`,
// OAuth `{error, error_description}` (with the nested refresh-token error), and the edge's HTML pages.
import { randomUUID } from 'node:crypto';
import type { MarketDataError, OAuthError, TraderError } from '../core/schwab/schemas';
import { tokenDigest } from './ids';

export type ApiFamily = 'oauth' | 'trader' | 'marketdata';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}

export function traderError(message: string, errors?: string[]): TraderError {
  return errors ? { message, errors } : { message };
}

export function marketDataError(status: number, detail?: string, source?: Record<string, unknown>): MarketDataError {
  return {
    errors: [
      {
        id: randomUUID(),
        status,
        title: statusTitle(status),
        ...(detail ? { detail } : {}),
        ...(source ? { source } : {}),
      },
    ],
  };
}

export function oauthError(error: string, description?: string): OAuthError {
  return description === undefined ? { error } : { error, error_description: description };
}

/** 400 body Schwab sends for an expired, revoked or unknown refresh token: a JSON error inside a string. */
export function refreshTokenRejected(refreshToken: string): OAuthError {
  const digest = tokenDigest(refreshToken);
  const inner = JSON.stringify({
    error_description: `Exception while authenticating refresh token [tokenDigest=${digest}, Exception=Failed refresh token authentication [tokenDigest=${digest}]]`,
    error: 'refresh_token_authentication_error',
  });
  return oauthError('unsupported_token_type', `400 Bad Request: "${inner}"`);
}

/** The body for a given status in the family's shape (used by fault injection and the router). */
export function errorBodyFor(family: ApiFamily, status: number, detail?: string): OAuthError | TraderError | MarketDataError {
  switch (family) {
    case 'oauth':
      return oauthError(status === 503 || status === 429 ? 'temporarily_unavailable' : 'server_error', detail ?? statusTitle(status));
    case 'marketdata':
      return marketDataError(status, detail);
    case 'trader':
      return traderError(statusTitle(status), detail ? [detail] : undefined);
  }
}

/** An edge/gateway HTML page, as the CDN in front of api.schwabapi.com sends for 502s. */
export function edgeHtml(status: number, path: string): string {
  const title = statusTitle(status);
  return `<HTML><HEAD>\n<TITLE>${title}</TITLE>\n</HEAD><BODY>\n<H1>${title}</H1>\nThe proxy server received an invalid response from an upstream server while requesting "${path.replace(/[<>&"]/g, '')}".<P>\n</BODY>\n</HTML>\n`;
}
