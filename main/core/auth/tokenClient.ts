// POST /v1/oauth/token for both grants: HTTP Basic client auth, form body, zod-checked JSON. Schwab's
// error bodies become typed errors, and the split that matters is kept sharp: a refused refresh token
// (sign in again) versus a transient failure (network, timeout, 429, 5xx — keep everything, retry later).
import { isLoopbackHost } from '../config';
import { ArbionError } from '../errors';
import { silentLogger } from '../log/logger';
import { registerSecret } from '../log/redact';
import type { Logger } from '../ports';
import {
  OAuthErrorSchema,
  RefreshTokenResponseSchema,
  TokenResponseSchema,
  parseNestedOAuthError,
  type OAuthError,
  type RefreshTokenResponse,
  type TokenResponse,
} from '../schwab/schemas';
import { loopbackUnreachable } from '../schwab/errorMapping';

export interface TokenClientOptions {
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof globalThis.fetch;
  /** Per request. Default 20 s. */
  timeoutMs?: number;
  logger?: Logger;
}

type Grant = 'authorization_code' | 'refresh_token';

/** Refresh-token refusals as Schwab and the libraries that talk to it have seen them. */
const REFRESH_REFUSALS = new Set([
  'unsupported_token_type',
  'refresh_token_authentication_error',
  'invalid_grant',
  'invalid_token',
  'expired_token',
]);

export class TokenClient {
  private readonly endpoint: string;
  private readonly doFetch: typeof globalThis.fetch;
  private readonly timeoutMs: number;
  private readonly log: Logger;

  constructor(private readonly options: TokenClientOptions) {
    this.endpoint = new URL('v1/oauth/token', options.apiBaseUrl.replace(/\/+$/, '') + '/').toString();
    this.doFetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.log = (options.logger ?? silentLogger).child('oauth');
    registerSecret(options.clientSecret, 'client-secret');
  }

  /** Exchange an authorization code (already URL-decoded, ending in `@`) for a token set. */
  async exchangeCode(code: string, redirectUri: string): Promise<TokenResponse> {
    registerSecret(code, 'auth-code');
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    const json = await this.post('authorization_code', body);
    const parsed = TokenResponseSchema.safeParse(json);
    if (!parsed.success) throw this.invalidPayload();
    this.registerTokens(parsed.data);
    return parsed.data;
  }

  /** Refresh grant. `refresh_token` in the answer may be absent (keep the old one) or new (rotate). */
  async refresh(refreshToken: string): Promise<RefreshTokenResponse> {
    registerSecret(refreshToken, 'refresh-token');
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
    const json = await this.post('refresh_token', body);
    const parsed = RefreshTokenResponseSchema.safeParse(json);
    if (!parsed.success) throw this.invalidPayload();
    this.registerTokens(parsed.data);
    return parsed.data;
  }

  private registerTokens(t: { access_token: string; refresh_token?: string | undefined; id_token?: string | undefined }): void {
    registerSecret(t.access_token, 'access-token');
    registerSecret(t.refresh_token, 'refresh-token');
    registerSecret(t.id_token, 'id-token');
  }

  private invalidPayload(): ArbionError {
    return new ArbionError('PayloadInvalid', "Schwab's token response did not have the expected fields.");
  }

  private async post(grant: Grant, body: URLSearchParams): Promise<unknown> {
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
    registerSecret(basic, 'basic-auth');
    let res: Response;
    let text: string;
    try {
      res = await this.doFetch(this.endpoint, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: body.toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      throw this.fetchFailure(e);
    }
    if (res.ok) {
      try {
        return JSON.parse(text);
      } catch {
        throw this.invalidPayload();
      }
    }
    const error = mapTokenError(grant, res.status, text, res.headers.get('retry-after'));
    this.log.warn('token request failed', { grant, status: res.status, code: error.code });
    throw error;
  }

  private fetchFailure(e: unknown): ArbionError {
    if (e instanceof ArbionError) return e;
    const name = (e as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new ArbionError('Timeout', `Schwab's sign-in service did not answer within ${Math.round(this.timeoutMs / 1000)} s.`, {
        cause: e,
      });
    }
    const code = networkCode(e);
    const endpoint = new URL(this.endpoint);
    const lead = isLoopbackHost(endpoint.hostname) ? loopbackUnreachable(endpoint) : "Could not reach Schwab's sign-in service";
    const advice = isLoopbackHost(endpoint.hostname) ? '' : ' Check the connection.';
    return new ArbionError('Network', `${lead}${code ? ` (${code})` : ''}.${advice}`, {
      cause: e,
    });
  }
}

function networkCode(e: unknown, depth = 0): string | undefined {
  if (!e || typeof e !== 'object' || depth > 4) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return networkCode((e as { cause?: unknown }).cause, depth + 1);
}

function parseOAuthError(text: string): OAuthError | undefined {
  try {
    const parsed = OAuthErrorSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const n = Number(header);
  return Number.isFinite(n) && n >= 0 ? Math.ceil(n) : undefined;
}

/** Schwab's token-endpoint answer (non-2xx) as a typed error. Exported for tests of the mapping itself. */
export function mapTokenError(grant: Grant, status: number, text: string, retryAfter: string | null = null): ArbionError {
  if (status === 429) {
    const wait = retryAfterSeconds(retryAfter);
    return new ArbionError('RateLimited', "Schwab's sign-in service is limiting requests; Arbion will try again.", {
      status,
      ...(wait !== undefined ? { retryAfterSec: wait } : {}),
    });
  }
  if (status >= 500) {
    return new ArbionError('ServerError', `Schwab's sign-in service had a problem (HTTP ${status}); Arbion will try again.`, { status });
  }
  const oauth = parseOAuthError(text);
  if (!oauth) {
    // Edge/WAF "Access Denied" HTML pages come and go (Schwabdev #61): not a verdict on the tokens.
    if (status === 403) {
      return new ArbionError('ServerError', `Schwab's sign-in service refused the connection for now (HTTP ${status}).`, { status });
    }
    return new ArbionError(
      grant === 'authorization_code' ? 'TokenExchangeFailed' : 'BadRequest',
      `Schwab's sign-in service answered HTTP ${status} without an explanation.`,
      { status },
    );
  }
  const inner = parseNestedOAuthError(oauth);
  const errorName = inner?.error ?? oauth.error;
  const named = inner ? `${oauth.error} / ${inner.error}` : oauth.error;

  if (oauth.error === 'invalid_client') {
    if (grant === 'refresh_token' && /refresh token/i.test(oauth.error_description ?? '')) {
      return new ArbionError(
        'RefreshTokenExpired',
        `Schwab no longer accepts the saved sign-in (${named}: refresh token invalid). Sign in again.`,
        { status },
      );
    }
    return new ArbionError(
      'InvalidClient',
      'Schwab rejected the App Key or Secret (invalid_client). Check SCHWAB_CLIENT_ID / SCHWAB_CLIENT_SECRET ' +
        'and that the app is "Ready For Use" in the Schwab developer portal.',
      { status },
    );
  }
  if (grant === 'refresh_token') {
    if (REFRESH_REFUSALS.has(oauth.error) || REFRESH_REFUSALS.has(errorName)) {
      return new ArbionError(
        'RefreshTokenExpired',
        `Schwab no longer accepts the saved sign-in (${named}). Refresh tokens last 7 days and a newer sign-in ` +
          'elsewhere replaces them. Sign in again.',
        { status },
      );
    }
    return new ArbionError('BadRequest', `Schwab refused to refresh the access token (${named}).`, { status });
  }
  return new ArbionError(
    'TokenExchangeFailed',
    `Schwab refused the authorization code (${named}). Codes work once and expire after about 30 seconds, and ` +
      'the callback URL must match the registered one exactly. Start the sign-in again.',
    { status },
  );
}
