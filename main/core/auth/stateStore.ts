// OAuth `state` values: 256 bits from the CSPRNG, single use, 10-minute life (CSRF protection, RFC 6749 §10.12).
import crypto from 'node:crypto';
import { ArbionError } from '../errors';
import { systemClock, type Clock } from '../ports';

export const STATE_TTL_MS = 10 * 60 * 1000;

export class StateStore {
  private readonly issued = new Map<string, number>();
  private readonly used = new Set<string>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly ttlMs: number = STATE_TTL_MS,
  ) {}

  issue(): string {
    this.prune();
    const state = crypto.randomBytes(32).toString('base64url');
    this.issued.set(state, this.clock.now() + this.ttlMs);
    return state;
  }

  /** Throws unless `state` was issued here, is unused and unexpired. Does not consume it. */
  check(state: string | null | undefined): void {
    if (!state) {
      throw new ArbionError('CallbackStateMismatch', 'The callback carries no state; it did not come from this sign-in.');
    }
    if (this.used.has(state)) {
      throw new ArbionError('CallbackStateMismatch', 'This sign-in link was already used; start the sign-in again.');
    }
    const expiresAt = this.issued.get(state);
    if (expiresAt === undefined) {
      throw new ArbionError('CallbackStateMismatch', 'The callback state does not match this sign-in (wrong or stale link).');
    }
    if (this.clock.now() > expiresAt) {
      throw new ArbionError('CallbackStateExpired', 'The sign-in link expired (10 minutes); start the sign-in again.');
    }
  }

  /** check() and mark the state used, so a replayed callback is refused. */
  consume(state: string | null | undefined): void {
    this.check(state);
    this.issued.delete(state!);
    this.used.add(state!);
  }

  /** Forget every outstanding state (sign-in cancelled or restarted); used states stay refused. */
  revokeAll(): void {
    for (const s of this.issued.keys()) this.used.add(s);
    this.issued.clear();
  }

  /** Expired states stay one more life so a late callback hears "expired" rather than "unknown". */
  private prune(): void {
    const now = this.clock.now();
    for (const [s, exp] of this.issued) if (now > exp + this.ttlMs) this.issued.delete(s);
  }
}
