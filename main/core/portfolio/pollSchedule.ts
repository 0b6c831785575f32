// When to poll next. Pure, so the rules are testable without timers: the user's interval during the
// regular session; outside it the Settings say same / slower / paused until the next open; after errors
// an exponentially growing wait (with jitter) that honours Retry-After.
import type { Settings } from '../../../common/contract';
import type { ArbionError } from '../errors';
import { MIN_INTERVAL_MS, paceInForce } from '../../../common/market/pollPace';

export { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../../../common/market/pollPace';
/** Longest wait between attempts while Schwab keeps failing. */
export const MAX_ERROR_BACKOFF_MS = 300_000;

export interface ScheduleInput {
  now: number;
  settings: Pick<Settings, 'refreshIntervalSec' | 'offHours' | 'offHoursIntervalSec'> & Partial<Pick<Settings, 'reconcileIntervalSec'>>;
  marketOpen: boolean;
  /** The quote stream is healthy: the refresh slows to the reconcile pace. */
  streamingHealthy?: boolean;
  /** Next regular-session open (used when off-hours polling is paused). */
  nextOpenAt: number;
  /** Failed polls in a row (0 after a success). */
  consecutiveErrors: number;
  lastError: ArbionError | null;
  random?: () => number;
}

export interface PollPlan {
  /** Wait before the next poll. */
  delayMs: number;
  /** The interval in force, for the 3-interval staleness rule (Infinity while paused for the night). */
  intervalMs: number;
  /** Why this delay, for logs and the doctor. */
  reason: 'interval' | 'off-hours' | 'paused-until-open' | 'reconcile' | 'backoff' | 'retry-after';
}

/** The interval in force now, ignoring errors. */
export function effectiveInterval(input: Pick<ScheduleInput, 'settings' | 'marketOpen' | 'now' | 'nextOpenAt' | 'streamingHealthy'>): {
  intervalMs: number;
  delayMs: number;
  reason: PollPlan['reason'];
} {
  return paceInForce(input);
}

export function planNextPoll(input: ScheduleInput): PollPlan {
  const normal = effectiveInterval(input);
  if (input.consecutiveErrors === 0 || input.lastError === null) return normal;
  // Errors: base × 2^(n−1), capped, with "equal jitter" so the wait never drops below the normal interval
  // and several Arbion windows on one machine do not retry in step.
  const base = Number.isFinite(normal.intervalMs) ? normal.intervalMs : MIN_INTERVAL_MS;
  const ceiling = Math.min(MAX_ERROR_BACKOFF_MS, base * 2 ** Math.min(input.consecutiveErrors - 1, 20));
  const random = input.random ?? Math.random;
  let delayMs = Math.max(base, Math.round(ceiling / 2 + random() * (ceiling / 2)));
  let reason: PollPlan['reason'] = 'backoff';
  const retryAfterMs = (input.lastError.retryAfterSec ?? 0) * 1000;
  if (retryAfterMs > delayMs) {
    delayMs = retryAfterMs;
    reason = 'retry-after';
  }
  // While paused for the night, a failed manual refresh does not restart polling before the open.
  if (normal.reason === 'paused-until-open') delayMs = Math.max(delayMs, normal.delayMs);
  return { delayMs, intervalMs: normal.intervalMs, reason };
}
