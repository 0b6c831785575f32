// The auth state the UI and tray watch. Derived from the vault's token metadata (so every process sees
// the same thing) plus what only this process knows: a sign-in in progress and the last sign-in error.
// Time matters too — warnings at 24 h and 1 h before the 7-day deadline — so a timer re-derives it.
import type { AuthState, RefreshWarning, SecretStorageInfo, UserFacingError } from '../../../common/contract';
import type { ArbionError } from '../errors';
import { systemClock, type Clock } from '../ports';
import type { TokenMeta } from '../store/tokenVault';

export const WARN_24H_MS = 24 * 60 * 60 * 1000;
export const WARN_1H_MS = 60 * 60 * 1000;
const MAX_TIMER_MS = 2_147_483_647;

export interface AuthContext {
  mode: 'demo' | 'live';
  configured: boolean;
  redirectUri: string | null;
  storage: SecretStorageInfo;
}

export interface AuthSession {
  signingIn: boolean;
  lastError: UserFacingError | null;
}

export function refreshWarning(refreshExpiresAt: number | null, now: number): RefreshWarning {
  if (refreshExpiresAt === null) return null;
  const left = refreshExpiresAt - now;
  if (left <= WARN_1H_MS) return 'refresh-expires-1h';
  if (left <= WARN_24H_MS) return 'refresh-expires-24h';
  return null;
}

export function expiredReason(refreshExpiresAt: number): string {
  return `The Schwab sign-in expired at ${new Date(refreshExpiresAt).toISOString()} (refresh tokens last 7 days). Sign in again.`;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function computeAuthState(meta: TokenMeta, ctx: AuthContext, session: AuthSession, now: number): AuthState {
  let status: AuthState['status'] = meta.status;
  let reason = meta.reason;
  if (status === 'signed-in' && meta.refreshExpiresAt !== null && now >= meta.refreshExpiresAt) {
    status = 'reauth-required';
    reason = expiredReason(meta.refreshExpiresAt);
  }
  if (session.signingIn) status = 'signing-in';
  const hasTokens = meta.status !== 'signed-out';
  return {
    status,
    mode: ctx.mode,
    configured: ctx.configured,
    redirectUri: ctx.redirectUri,
    accessExpiresAt: hasTokens ? iso(meta.accessExpiresAt) : null,
    refreshExpiresAt: hasTokens ? iso(meta.refreshExpiresAt) : null,
    signedInAt: hasTokens ? iso(meta.signedInAt) : null,
    warning: status === 'signed-in' ? refreshWarning(meta.refreshExpiresAt, now) : null,
    reason: status === 'reauth-required' ? reason : (session.lastError?.message ?? null),
    lastError: session.lastError,
    storage: ctx.storage,
  };
}

export function userFacing(error: ArbionError): UserFacingError {
  return { code: error.code, message: error.message };
}

/** Holds the current AuthState, emits on change, and re-derives it when a time threshold passes. */
export class AuthStateObservable {
  private session: AuthSession = { signingIn: false, lastError: null };
  private current: AuthState;
  private readonly listeners = new Set<(s: AuthState) => void>();
  private timer: unknown = null;
  private disposed = false;

  constructor(
    private readonly readMeta: () => TokenMeta,
    private context: AuthContext,
    private readonly clock: Clock = systemClock,
  ) {
    this.current = computeAuthState(this.readMeta(), this.context, this.session, this.clock.now());
    this.schedule();
  }

  get(): AuthState {
    return this.current;
  }

  subscribe(cb: (s: AuthState) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  setContext(patch: Partial<AuthContext>): void {
    this.context = { ...this.context, ...patch };
    this.update();
  }

  setSession(patch: Partial<AuthSession>): void {
    this.session = { ...this.session, ...patch };
    this.update();
  }

  /** Re-read the vault and emit when anything changed. */
  update(): AuthState {
    if (this.disposed) return this.current;
    let meta: TokenMeta;
    try {
      meta = this.readMeta();
    } catch {
      // A locked or vanished database must not crash a timer; keep the last known state.
      return this.current;
    }
    const next = computeAuthState(meta, this.context, this.session, this.clock.now());
    const changed = JSON.stringify(next) !== JSON.stringify(this.current);
    this.current = next;
    this.schedule();
    if (changed) for (const cb of [...this.listeners]) cb(next);
    return next;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  /** Wake up at the next moment the derived state changes by itself (24 h, 1 h, expiry). */
  private schedule(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.disposed) return;
    const expires = this.current.refreshExpiresAt === null ? null : Date.parse(this.current.refreshExpiresAt);
    if (expires === null || this.current.status !== 'signed-in') return;
    const now = this.clock.now();
    const next = [expires - WARN_24H_MS, expires - WARN_1H_MS, expires].find((t) => t > now);
    if (next === undefined) return;
    this.timer = this.clock.setTimeout(() => this.update(), Math.min(MAX_TIMER_MS, next - now + 1));
  }
}
