// Time parameters for the orders and transactions routes. Schwab takes exactly `yyyy-MM-dd'T'HH:mm:ss.SSSZ`
// (milliseconds, UTC "Z"; microseconds are rejected with a 400), at most 60 days of orders and one year of
// transactions per call, so longer ranges are cut into consecutive chunks.

export const DAY_MS = 86_400_000;
/** Orders per call: the sources say 60 days and 1 year; 60 is what every source accepts. */
export const ORDERS_MAX_RANGE_MS = 60 * DAY_MS;
/** Transactions per call: one year (365 days is never more than a calendar year). */
export const TRANSACTIONS_MAX_RANGE_MS = 365 * DAY_MS;

/** `2026-12-02T00:00:00.000Z` — three fraction digits, UTC. */
export function formatSchwabTime(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${ms}`);
  return new Date(ms).toISOString();
}

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** [from, to] cut into consecutive ranges of at most `maxMs`, oldest first; each starts 1 ms after the last. */
export function chunkRange(range: TimeRange, maxMs: number): TimeRange[] {
  if (!(range.toMs >= range.fromMs)) throw new RangeError('the end of a time range is before its start');
  const out: TimeRange[] = [];
  let from = range.fromMs;
  for (;;) {
    const to = Math.min(range.toMs, from + maxMs);
    out.push({ fromMs: from, toMs: to });
    if (to >= range.toMs) return out;
    from = to + 1;
  }
}
