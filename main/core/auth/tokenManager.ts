// Bearer tokens for the Schwab client. Refreshes when less than 5 minutes remain and after a 401,
// single-flight (N concurrent callers, one refresh). The 7-day deadline counts from the original
// sign-in and is never moved. A refused refresh token marks the vault reauth-required with its reason
// and keeps the tokens; a transient failure (network, 5xx, 429, timeout) changes nothing stored.
import { ArbionError, toArbionError } from '../errors';
import { silentLogger } from '../log/logger';
import { systemClock, type AccessTokenSource, type Clock, type Logger } from '../ports';
import { AUDIT_EVENTS, type AuditLog } from '../store/auditLog';
import type { TokenSet, TokenVault } from '../store/tokenVault';
import { expiredReason } from './authState';
import type { TokenClient } from './tokenClient';

export const ACCESS_REFRESH_BUFFER_MS = 5 * 60 * 1000;
export const REFRESH_TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export interface TokenManagerOptions {
  vault: TokenVault;
  /** The token client for the current credentials (they can change from Settings). */
  client: () => Promise<TokenClient>;
  audit: AuditLog;
  clock?: Clock;
  logger?: Logger;
  bufferMs?: number;
  /** The stored state changed (refreshed, reauth-required); the auth-state observable re-reads it. */
  onChange?: () => void;
}

/** Codes from the token endpoint that mean "these tokens will never work again": sign in again. */
const REAUTH_CODES = new Set(['RefreshTokenExpired', 'InvalidClient']);

export class TokenManager implements AccessTokenSource {
  private inflight: Promise<string> | null = null;
  /** Access tokens already replaced by a refresh in this process (a late 401 for one needs no new refresh). */
  private readonly replaced = new Set<string>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly bufferMs: number;

  constructor(private readonly options: TokenManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = (options.logger ?? silentLogger).child('tokens');
    this.bufferMs = options.bufferMs ?? ACCESS_REFRESH_BUFFER_MS;
  }

  async getAccessToken(): Promise<string> {
    if (this.inflight) return this.inflight;
    const tokens = await this.usableTokens();
    if (this.fresh(tokens)) return tokens.accessToken;
    return this.refreshOnce(tokens.accessToken);
  }

  async refreshAfterUnauthorized(rejected: string): Promise<string> {
    if (this.inflight) return this.inflight;
    if (this.replaced.has(rejected)) return this.getAccessToken();
    const tokens = await this.usableTokens();
    // Someone (this process after the await, or another process) already replaced the rejected token.
    if (this.inflight) return this.inflight;
    if (this.replaced.has(rejected) || tokens.accessToken !== rejected) return this.getAccessToken();
    return this.refreshOnce(rejected);
  }

  /** Refresh now whatever the expiry (the CLI and tests); still single-flight. */
  refreshNow(): Promise<string> {
    return this.refreshOnce();
  }

  /** The stored tokens if they may still be used; otherwise NotSignedIn / ReauthRequired. */
  private async usableTokens(): Promise<TokenSet> {
    const meta = this.options.vault.meta();
    if (meta.status === 'signed-out') {
      throw new ArbionError('NotSignedIn', 'Not signed in to Schwab. Sign in from the app or run `arbion login`.');
    }
    if (meta.status === 'reauth-required') {
      throw new ArbionError('ReauthRequired', meta.reason ?? 'Schwab needs you to sign in again.');
    }
    const tokens = await this.options.vault.readTokens();
    if (!tokens) throw new ArbionError('NotSignedIn', 'Not signed in to Schwab. Sign in from the app or run `arbion login`.');
    if (this.clock.now() >= tokens.refreshExpiresAt) {
      const reason = expiredReason(tokens.refreshExpiresAt);
      this.options.vault.markReauthRequired(reason);
      this.options.audit.append(AUDIT_EVENTS.reauthRequired, 'info', reason);
      this.options.onChange?.();
      throw new ArbionError('ReauthRequired', reason);
    }
    return tokens;
  }

  private fresh(tokens: TokenSet): boolean {
    // A token that lives less than twice the buffer (a short-lived sandbox token) is renewed at half-life,
    // not on every request.
    const lifetime = tokens.accessExpiresAt - (tokens.refreshedAt ?? tokens.signedInAt);
    const buffer = Math.min(this.bufferMs, Math.max(0, lifetime / 2));
    return tokens.accessExpiresAt - this.clock.now() > buffer;
  }

  /** `stale`: the access token this refresh replaces (none for a forced refresh). */
  private refreshOnce(stale?: string): Promise<string> {
    if (!this.inflight) {
      this.inflight = this.refresh(stale).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async refresh(stale: string | undefined): Promise<string> {
    const tokens = await this.usableTokens();
    // Another process sharing the data dir (the CLI next to the browser host) may have refreshed already.
    if (stale !== undefined && tokens.accessToken !== stale && this.fresh(tokens)) return tokens.accessToken;
    let response;
    try {
      const client = await this.options.client();
      response = await client.refresh(tokens.refreshToken);
    } catch (e) {
      throw this.refreshFailed(toArbionError(e));
    }
    const now = this.clock.now();
    const rotated = response.refresh_token !== undefined && response.refresh_token !== tokens.refreshToken;
    const next: TokenSet = {
      accessToken: response.access_token,
      refreshToken: response.refresh_token ?? tokens.refreshToken,
      scope: response.scope ?? tokens.scope,
      signedInAt: tokens.signedInAt,
      accessExpiresAt: now + response.expires_in * 1000,
      // Schwab's 7 days run from the sign-in; a refresh (even one that rotates the token) does not extend them.
      refreshExpiresAt: tokens.refreshExpiresAt,
      refreshedAt: now,
    };
    const written = await this.options.vault.saveTokens(next, { ifSignedInAt: tokens.signedInAt });
    if (!written) {
      throw new ArbionError('NotSignedIn', 'Signed out while the access token was being refreshed.');
    }
    this.replaced.add(tokens.accessToken);
    if (this.replaced.size > 32) this.replaced.delete(this.replaced.values().next().value!);
    this.options.audit.append(AUDIT_EVENTS.refresh, 'ok', rotated ? 'access token refreshed; refresh token rotated' : 'access token refreshed');
    this.log.info('access token refreshed', { accessExpiresAt: new Date(next.accessExpiresAt).toISOString(), rotated });
    this.options.onChange?.();
    return next.accessToken;
  }

  private refreshFailed(error: ArbionError): ArbionError {
    if (REAUTH_CODES.has(error.code)) {
      const reason = error.message;
      this.options.vault.markReauthRequired(reason);
      this.options.audit.append(AUDIT_EVENTS.refresh, 'fail', `${error.code}: ${error.message}`);
      this.options.audit.append(AUDIT_EVENTS.reauthRequired, 'info', reason);
      this.log.warn('refresh token refused; sign-in required', { code: error.code });
      this.options.onChange?.();
      return new ArbionError('ReauthRequired', reason, { cause: error, ...(error.status ? { status: error.status } : {}) });
    }
    // Transient or unexpected: the stored tokens stay exactly as they are.
    this.options.audit.append(AUDIT_EVENTS.refresh, 'fail', `${error.code}: ${error.message}`);
    this.log.warn('token refresh failed; tokens kept', { code: error.code, transient: error.transient });
    return error;
  }
}
