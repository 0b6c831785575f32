// When to poll next. Pure, so the rules are testable without timers: the user's interval during the
// regular session; outside it the Settings say same / slower / paused until the next open; after errors
// an exponentially growing wait (with jitter) that honours Retry-After.
import type { Settings } from '../../../preload/contract';
import type { ArbionError } from '../errors';

export const MIN_INTERVAL_MS = 5_000;
export const MAX_INTERVAL_MS = 300_000;
/** Longest wait between attempts while Schwab keeps failing. */
export const MAX_ERROR_BACKOFF_MS = 300_000;

export interface ScheduleInput {
  now: number;
  settings: Pick<Settings, 'refreshIntervalSec' | 'offHours' | 'offHoursIntervalSec'>;
  marketOpen: boolean;
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
  reason: 'interval' | 'off-hours' | 'paused-until-open' | 'backoff' | 'retry-after';
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The interval in force now, ignoring errors. */
export function effectiveInterval(input: Pick<ScheduleInput, 'settings' | 'marketOpen' | 'now' | 'nextOpenAt'>): {
  intervalMs: number;
  delayMs: number;
  reason: PollPlan['reason'];
} {
  const base = clamp(input.settings.refreshIntervalSec * 1000, MIN_INTERVAL_MS, MAX_INTERVAL_MS);
  if (input.marketOpen || input.settings.offHours === 'same') return { intervalMs: base, delayMs: base, reason: 'interval' };
  if (input.settings.offHours === 'slow') {
    const slow = Math.max(base, clamp(input.settings.offHoursIntervalSec * 1000, MIN_INTERVAL_MS, 3_600_000));
    return { intervalMs: slow, delayMs: slow, reason: 'off-hours' };
  }
  return { intervalMs: Infinity, delayMs: Math.max(0, input.nextOpenAt - input.now), reason: 'paused-until-open' };
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
