import { describe, expect, it } from 'vitest';
import { computeFreshness, staleAt } from '../../../main/core/portfolio/freshness';
import { ArbionError, type ErrorCode } from '../../../main/core/errors';

const now = 1_000_000_000;
const base = { now, lastSuccessAt: now - 5_000, lastError: null, intervalMs: 10_000, reauthRequired: false };
const err = (code: ErrorCode): ArbionError => new ArbionError(code, 'x');

describe('freshness', () => {
  it('fresh within 3 poll intervals, stale after', () => {
    expect(computeFreshness(base)).toEqual({ freshness: 'fresh', reason: null });
    expect(computeFreshness({ ...base, lastSuccessAt: now - 30_000 }).freshness).toBe('fresh');
    expect(computeFreshness({ ...base, lastSuccessAt: now - 30_001 }).freshness).toBe('stale');
    expect(staleAt(now, 10_000)).toBe(now + 30_001);
  });

  it('never stale by age while polling is paused for the night (interval ∞)', () => {
    expect(computeFreshness({ ...base, lastSuccessAt: now - 3600_000 * 60, intervalMs: Infinity }).freshness).toBe('fresh');
  });

  it('maps the last error: offline, rate-limited, reauth-required, stale with a reason', () => {
    expect(computeFreshness({ ...base, lastError: err('Network') }).freshness).toBe('offline');
    expect(computeFreshness({ ...base, lastError: err('Timeout') }).freshness).toBe('offline');
    expect(computeFreshness({ ...base, lastError: err('RateLimited') }).freshness).toBe('rate-limited');
    expect(computeFreshness({ ...base, lastError: err('ReauthRequired') }).freshness).toBe('reauth-required');
    expect(computeFreshness({ ...base, reauthRequired: true }).freshness).toBe('reauth-required');
    const bad = computeFreshness({ ...base, lastError: err('PayloadInvalid') });
    expect(bad.freshness).toBe('stale');
    expect(bad.reason).toMatch(/could not read/);
    expect(computeFreshness({ ...base, lastError: err('ServerError') }).reason).toMatch(/servers/);
  });

  it('a cached snapshot with no live success yet is stale', () => {
    expect(computeFreshness({ ...base, lastSuccessAt: null }).freshness).toBe('stale');
  });

  it('streaming while the quote stream is healthy; any refresh problem or missing live data outranks it', () => {
    expect(computeFreshness({ ...base, streamingHealthy: true })).toEqual({ freshness: 'streaming', reason: null });
    expect(computeFreshness({ ...base, streamingHealthy: false }).freshness).toBe('fresh');
    expect(computeFreshness({ ...base, streamingHealthy: true, lastError: err('Network') }).freshness).toBe('offline');
    expect(computeFreshness({ ...base, streamingHealthy: true, reauthRequired: true }).freshness).toBe('reauth-required');
    expect(computeFreshness({ ...base, streamingHealthy: true, lastSuccessAt: null }).freshness).toBe('stale');
    expect(computeFreshness({ ...base, streamingHealthy: true, lastSuccessAt: now - 30_001 }).freshness).toBe('stale');
  });
});
