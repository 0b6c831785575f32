import { describe, expect, it } from 'vitest';
import { planNextPoll } from '../../../main/core/portfolio/pollSchedule';
import { DEFAULT_SETTINGS } from '../../../common/contract';
import { ArbionError } from '../../../main/core/errors';

const now = 1_000_000;
const base = {
  now,
  settings: DEFAULT_SETTINGS,
  marketOpen: true,
  nextOpenAt: now + 3_600_000,
  consecutiveErrors: 0,
  lastError: null,
  random: () => 0.5,
};

describe('poll schedule', () => {
  it('while the stream is healthy the refresh slows to the reconcile pace, never faster than polling, and paused stays paused', () => {
    expect(planNextPoll({ ...base, streamingHealthy: true })).toEqual({ delayMs: 60_000, intervalMs: 60_000, reason: 'reconcile' });
    expect(planNextPoll({ ...base, streamingHealthy: false })).toEqual({ delayMs: 10_000, intervalMs: 10_000, reason: 'interval' });
    const slowPoll = { ...DEFAULT_SETTINGS, refreshIntervalSec: 120, reconcileIntervalSec: 30 };
    expect(planNextPoll({ ...base, settings: slowPoll, streamingHealthy: true })).toMatchObject({ delayMs: 120_000, reason: 'interval' });
    const paused = { ...base, marketOpen: false, settings: { ...DEFAULT_SETTINGS, offHours: 'pause' as const }, streamingHealthy: true };
    expect(planNextPoll(paused).reason).toBe('paused-until-open');
  });

  it('10 s by default during the session; the setting is clamped to 5 s – 5 min', () => {
    expect(planNextPoll(base)).toEqual({ delayMs: 10_000, intervalMs: 10_000, reason: 'interval' });
    expect(planNextPoll({ ...base, settings: { ...DEFAULT_SETTINGS, refreshIntervalSec: 5 } }).delayMs).toBe(5_000);
    expect(planNextPoll({ ...base, settings: { ...DEFAULT_SETTINGS, refreshIntervalSec: 1 } }).delayMs).toBe(5_000);
    expect(planNextPoll({ ...base, settings: { ...DEFAULT_SETTINGS, refreshIntervalSec: 900 } }).delayMs).toBe(300_000);
  });

  it('outside market hours: same, slow or paused until the open', () => {
    const closed = { ...base, marketOpen: false };
    expect(planNextPoll({ ...closed, settings: { ...DEFAULT_SETTINGS, offHours: 'same' } }).delayMs).toBe(10_000);
    expect(planNextPoll({ ...closed, settings: { ...DEFAULT_SETTINGS, offHours: 'slow', offHoursIntervalSec: 120 } })).toEqual({
      delayMs: 120_000,
      intervalMs: 120_000,
      reason: 'off-hours',
    });
    // "slow" is never faster than the normal interval.
    expect(
      planNextPoll({ ...closed, settings: { ...DEFAULT_SETTINGS, refreshIntervalSec: 300, offHours: 'slow', offHoursIntervalSec: 60 } }).delayMs,
    ).toBe(300_000);
    expect(planNextPoll({ ...closed, settings: { ...DEFAULT_SETTINGS, offHours: 'pause' } })).toEqual({
      delayMs: 3_600_000,
      intervalMs: Infinity,
      reason: 'paused-until-open',
    });
  });

  it('backs off exponentially after errors, never below the interval, capped at 5 minutes', () => {
    const err = new ArbionError('ServerError', 'x', { status: 503 });
    const delays = [1, 2, 3, 4, 5, 10].map(
      (n) => planNextPoll({ ...base, consecutiveErrors: n, lastError: err, random: () => 1 }).delayMs,
    );
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000]);
    expect(planNextPoll({ ...base, consecutiveErrors: 1, lastError: err, random: () => 0 }).delayMs).toBe(10_000);
    expect(planNextPoll({ ...base, consecutiveErrors: 4, lastError: err, random: () => 0 }).delayMs).toBe(40_000);
  });

  it('honours Retry-After when it asks for longer', () => {
    const limited = new ArbionError('RateLimited', 'x', { status: 429, retryAfterSec: 90 });
    expect(planNextPoll({ ...base, consecutiveErrors: 1, lastError: limited })).toMatchObject({ delayMs: 90_000, reason: 'retry-after' });
  });
});
