// Schwab's OAuth 2 authorization-code flow, as observed in real traffic and Schwab's developer portal:
// - authorize: client_id + redirect_uri (exact string match against the registered list), optional
//   response_type/state/scope/PKCE (accepted, ignored); redirect to `redirect_uri[/]?code=…%40&session=…[&state=…]`;
// - token: client auth by HTTP Basic (body credentials also accepted); authorization_code (single use, 30 s,
//   redirect_uri must match) and refresh_token grants; access tokens live 30 min, refresh tokens 7 days from
//   the login — a refresh does not extend that; a new login revokes the client's earlier tokens.
// Time comes from the injected Clock so tests can move it.
import type { Clock } from '../core/ports';
import { oauthError, refreshTokenRejected } from './errorBodies';
import { newAccessToken, newAuthorizationCode, newIdToken, newRefreshToken, newSessionId } from './ids';

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  appName: string;
}

export interface OAuthOptions {
  clock: Clock;
  autoApprove: boolean;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  codeTtlSec: number;
  /** Schwab invalidates a client's earlier tokens when the user logs in again (schwab-py#94). */
  revokeOnNewLogin: boolean;
  /** Hand out a new refresh token on each refresh (same deadline) and retire the old one. Schwab does not
   * today, but may; clients must persist the new one. Default false. */
  rotateRefreshTokens?: boolean;
  issuer: string;
}

export type AuthorizeOutcome =
  | { kind: 'redirect'; location: string }
  | { kind: 'consent'; consentId: string; client: RegisteredClient; redirectUri: string; scope: string | undefined }
  | { kind: 'error'; status: number; message: string };

export interface TokenOutcome {
  status: number;
  body: unknown;
}

interface PendingConsent {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  expiresAt: number;
}
interface CodeRecord {
  clientId: string;
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}
interface Grant {
  clientId: string;
  revoked: boolean;
}
interface AccessRecord {
  clientId: string;
  grantId: number;
  expiresAt: number;
}
interface RefreshRecord {
  clientId: string;
  grantId: number;
  /** Fixed at login: refreshing never moves it. */
  expiresAt: number;
  revoked: boolean;
}

const CONSENT_TTL_MS = 10 * 60_000;

export type BearerCheck =
  | { ok: true; clientId: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked' };

export class OAuthServer {
  private readonly clients = new Map<string, RegisteredClient>();
  private readonly consents = new Map<string, PendingConsent>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly grants = new Map<number, Grant>();
  private readonly access = new Map<string, AccessRecord>();
  private readonly refresh = new Map<string, RefreshRecord>();
  private nextGrant = 1;

  constructor(private readonly opts: OAuthOptions) {}

  setAutoApprove(on: boolean): void {
    this.opts.autoApprove = on;
  }

  registerClient(client: RegisteredClient): void {
    this.clients.set(client.clientId, { ...client, redirectUris: [...client.redirectUris] });
  }

  client(clientId: string): RegisteredClient | undefined {
    return this.clients.get(clientId);
  }

  registerRedirectUri(clientId: string, uri: string): void {
    const c = this.clients.get(clientId);
    if (!c) throw new Error(`unknown client ${clientId}`);
    if (!c.redirectUris.includes(uri)) c.redirectUris.push(uri);
  }

  // ------------------------------------------------------------------ authorize

  authorize(query: URLSearchParams): AuthorizeOutcome {
    const clientId = query.get('client_id');
    const redirectUri = query.get('redirect_uri');
    const client = clientId ? this.clients.get(clientId) : undefined;
    // Never redirect to an unverified URI: errors about the client or the URI are shown, not redirected.
    if (!clientId || !client) return { kind: 'error', status: 400, message: 'Invalid client_id: this app is not registered.' };
    if (!redirectUri) return { kind: 'error', status: 400, message: 'Missing redirect_uri.' };
    if (!client.redirectUris.includes(redirectUri)) {
      return {
        kind: 'error',
        status: 400,
        message: 'The redirect_uri does not exactly match a callback URL registered for this app.',
      };
    }
    const state = query.get('state') ?? undefined;
    const responseType = query.get('response_type');
    if (responseType !== null && responseType !== 'code') {
      return { kind: 'redirect', location: callbackUrl(redirectUri, [['error', 'unsupported_response_type'], ['state', state]]) };
    }
    if (this.opts.autoApprove) return { kind: 'redirect', location: this.issueCode(client.clientId, redirectUri, state) };
    const consentId = newSessionId();
    this.consents.set(consentId, {
      clientId: client.clientId,
      redirectUri,
      state,
      expiresAt: this.opts.clock.now() + CONSENT_TTL_MS,
    });
    return { kind: 'consent', consentId, client, redirectUri, scope: query.get('scope') ?? undefined };
  }

  /** The user's answer on the consent page. */
  decide(consentId: string, allow: boolean): AuthorizeOutcome {
    const pending = this.consents.get(consentId);
    this.consents.delete(consentId);
    if (!pending || pending.expiresAt <= this.opts.clock.now()) {
      return { kind: 'error', status: 400, message: 'This sign-in request has expired. Start again from the app.' };
    }
    if (!allow) {
      return {
        kind: 'redirect',
        location: callbackUrl(pending.redirectUri, [
          ['error', 'access_denied'],
          ['error_description', 'The user denied access'],
          ['state', pending.state],
        ]),
      };
    }
    return { kind: 'redirect', location: this.issueCode(pending.clientId, pending.redirectUri, pending.state) };
  }

  private issueCode(clientId: string, redirectUri: string, state: string | undefined): string {
    const code = newAuthorizationCode();
    this.codes.set(code, {
      clientId,
      redirectUri,
      expiresAt: this.opts.clock.now() + this.opts.codeTtlSec * 1000,
      used: false,
    });
    return callbackUrl(redirectUri, [['code', code], ['session', newSessionId()], ['state', state]]);
  }

  // ------------------------------------------------------------------ token

  token(authorization: string | undefined, form: URLSearchParams): TokenOutcome {
    const client = this.authenticateClient(authorization, form);
    if (!client) return { status: 401, body: oauthError('invalid_client', 'Unauthorized') };
    const grantType = form.get('grant_type');
    if (!grantType) return { status: 400, body: oauthError('invalid_request', 'Missing grant_type') };
    if (grantType === 'authorization_code') return this.exchangeCode(client, form);
    if (grantType === 'refresh_token') return this.refreshGrant(client, form);
    return { status: 400, body: oauthError('unsupported_grant_type', `Unsupported grant_type: ${grantType.slice(0, 40)}`) };
  }

  private authenticateClient(authorization: string | undefined, form: URLSearchParams): RegisteredClient | undefined {
    let id: string | null;
    let secret: string | null;
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      // RFC 6749 §2.3.1 form-encodes id and secret before base64 (schwab-go does); plain values decode unchanged.
      id = safeDecode(decoded.slice(0, colon));
      secret = safeDecode(decoded.slice(colon + 1));
      const bodyId = form.get('client_id');
      if (bodyId !== null && bodyId !== id) return undefined;
    } else {
      id = form.get('client_id');
      secret = form.get('client_secret');
    }
    if (!id || secret === null) return undefined;
    const client = this.clients.get(id);
    return client && client.clientSecret === secret ? client : undefined;
  }

  private exchangeCode(client: RegisteredClient, form: URLSearchParams): TokenOutcome {
    const code = form.get('code');
    if (!code) return { status: 400, body: oauthError('invalid_request', 'Missing code') };
    const record = this.codes.get(code);
    const now = this.opts.clock.now();
    if (!record || record.clientId !== client.clientId) {
      return { status: 400, body: oauthError('invalid_grant', 'Invalid authorization code') };
    }
    if (record.used) return { status: 400, body: oauthError('invalid_grant', 'Authorization code already used') };
    if (record.expiresAt <= now) return { status: 400, body: oauthError('invalid_grant', 'Authorization code expired') };
    const redirectUri = form.get('redirect_uri');
    if (redirectUri !== record.redirectUri) {
      return { status: 400, body: oauthError('invalid_grant', 'redirect_uri does not match the authorization request') };
    }
    record.used = true;
    if (this.opts.revokeOnNewLogin) {
      for (const g of this.grants.values()) if (g.clientId === client.clientId) g.revoked = true;
    }
    const grantId = this.nextGrant++;
    this.grants.set(grantId, { clientId: client.clientId, revoked: false });
    const refreshToken = newRefreshToken();
    this.refresh.set(refreshToken, {
      clientId: client.clientId,
      grantId,
      expiresAt: now + this.opts.refreshTokenTtlSec * 1000,
      revoked: false,
    });
    this.sweep(now);
    return { status: 200, body: this.tokenBody(client, grantId, refreshToken) };
  }

  private refreshGrant(client: RegisteredClient, form: URLSearchParams): TokenOutcome {
    const token = form.get('refresh_token');
    if (!token) return { status: 400, body: oauthError('invalid_request', 'Missing refresh_token') };
    const record = this.refresh.get(token);
    const now = this.opts.clock.now();
    const grant = record ? this.grants.get(record.grantId) : undefined;
    if (!record || !grant || record.clientId !== client.clientId || record.revoked || grant.revoked || record.expiresAt <= now) {
      return { status: 400, body: refreshTokenRejected(token) };
    }
    this.sweep(now);
    if (this.opts.rotateRefreshTokens) {
      record.revoked = true;
      const rotated = newRefreshToken();
      this.refresh.set(rotated, { ...record, revoked: false });
      return { status: 200, body: this.tokenBody(client, record.grantId, rotated) };
    }
    // Schwab answers a refresh with the same refresh token, and its 7-day deadline does not move.
    return { status: 200, body: this.tokenBody(client, record.grantId, token) };
  }

  private tokenBody(client: RegisteredClient, grantId: number, refreshToken: string) {
    const now = this.opts.clock.now();
    const accessToken = newAccessToken();
    this.access.set(accessToken, {
      clientId: client.clientId,
      grantId,
      expiresAt: now + this.opts.accessTokenTtlSec * 1000,
    });
    // Key order as in Schwab's documented example.
    return {
      expires_in: this.opts.accessTokenTtlSec,
      token_type: 'Bearer',
      scope: 'api',
      refresh_token: refreshToken,
      access_token: accessToken,
      id_token: newIdToken({
        iss: this.opts.issuer,
        aud: client.clientId,
        sub: `sandbox-user-${grantId}`,
        iat: Math.floor(now / 1000),
        exp: Math.floor(now / 1000) + this.opts.accessTokenTtlSec,
      }),
    };
  }

  // ------------------------------------------------------------------ resource access

  checkBearer(authorization: string | undefined): BearerCheck {
    if (!authorization) return { ok: false, reason: 'missing' };
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m) return { ok: false, reason: 'malformed' };
    const record = this.access.get(m[1]!);
    if (!record) return { ok: false, reason: 'unknown' };
    if (this.grants.get(record.grantId)?.revoked) return { ok: false, reason: 'revoked' };
    if (record.expiresAt <= this.opts.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, clientId: record.clientId };
  }

  // ------------------------------------------------------------------ faults

  expireAccessTokens(): void {
    const now = this.opts.clock.now();
    for (const r of this.access.values()) r.expiresAt = Math.min(r.expiresAt, now);
  }

  expireRefreshTokens(): void {
    const now = this.opts.clock.now();
    for (const r of this.refresh.values()) r.expiresAt = Math.min(r.expiresAt, now);
  }

  /** Like a password reset: refresh tokens die at once; issued access tokens run out their 30 minutes. */
  revokeRefreshTokens(): void {
    for (const r of this.refresh.values()) r.revoked = true;
  }

  /** Forget long-dead records so a long demo does not grow without bound. */
  private sweep(now: number): void {
    for (const [k, r] of this.codes) if (r.expiresAt + 60_000 < now) this.codes.delete(k);
    for (const [k, r] of this.consents) if (r.expiresAt < now) this.consents.delete(k);
    for (const [k, r] of this.access) if (r.expiresAt + 86_400_000 < now) this.access.delete(k);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * Schwab's callback URL: parameters appended to the registered URI; a `/` is inserted before `?` when the
 * URI has no path (`https://127.0.0.1` → `https://127.0.0.1/?code=…`). The code's trailing `@` is
 * percent-encoded as `%40`.
 */
export function callbackUrl(redirectUri: string, params: Array<[string, string | undefined]>): string {
  const query = params
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  const hashAt = redirectUri.indexOf('#');
  const base = hashAt >= 0 ? redirectUri.slice(0, hashAt) : redirectUri;
  const withPath = /^[a-z][a-z0-9+.-]*:\/\/[^/?]*$/i.test(base) ? `${base}/` : base;
  return `${withPath}${withPath.includes('?') ? '&' : '?'}${query}`;
}
