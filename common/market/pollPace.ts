// The refresh pace in force: the user's interval during the regular session; outside it the Settings say
// the same pace, a slower one, or paused until the next open. The core's scheduler and the window's footer
// both read it from here, so the footer states what the poller actually does. While the quote stream is
// healthy the prices come from it, and the REST refresh only reconciles at the slower reconcile pace.

export const MIN_INTERVAL_MS = 5_000;
export const MAX_INTERVAL_MS = 300_000;
const MAX_OFF_HOURS_INTERVAL_MS = 3_600_000;

export interface PaceSettings {
  refreshIntervalSec: number;
  offHours: 'same' | 'slow' | 'pause';
  offHoursIntervalSec: number;
  /** The pace while the quote stream is healthy (absent: no stream). */
  reconcileIntervalSec?: number;
}

export interface Pace {
  /** The interval in force (Infinity while paused for the night). */
  intervalMs: number;
  /** Wait before the next poll when nothing fails. */
  delayMs: number;
  reason: 'interval' | 'off-hours' | 'paused-until-open' | 'reconcile';
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export const MAX_RECONCILE_INTERVAL_MS = 600_000;

export interface PaceInput {
  settings: PaceSettings;
  marketOpen: boolean;
  now: number;
  nextOpenAt: number;
  /** The quote stream is streaming with heartbeats arriving. */
  streamingHealthy?: boolean;
}

export function paceInForce(input: PaceInput): Pace {
  const pace = pollingPace(input);
  const reconcileSec = input.settings.reconcileIntervalSec;
  if (!input.streamingHealthy || reconcileSec === undefined || !Number.isFinite(pace.intervalMs)) return pace;
  const reconcile = clamp(reconcileSec * 1000, MIN_INTERVAL_MS, MAX_RECONCILE_INTERVAL_MS);
  // Never faster than the polling pace would be: the stream only ever slows the REST refresh down.
  if (reconcile <= pace.intervalMs) return pace;
  return { intervalMs: reconcile, delayMs: reconcile, reason: 'reconcile' };
}

function pollingPace(input: PaceInput): Pace {
  const base = clamp(input.settings.refreshIntervalSec * 1000, MIN_INTERVAL_MS, MAX_INTERVAL_MS);
  if (input.marketOpen || input.settings.offHours === 'same') return { intervalMs: base, delayMs: base, reason: 'interval' };
  if (input.settings.offHours === 'slow') {
    const slow = Math.max(base, clamp(input.settings.offHoursIntervalSec * 1000, MIN_INTERVAL_MS, MAX_OFF_HOURS_INTERVAL_MS));
    return { intervalMs: slow, delayMs: slow, reason: 'off-hours' };
  }
  return { intervalMs: Infinity, delayMs: Math.max(0, input.nextOpenAt - input.now), reason: 'paused-until-open' };
}
