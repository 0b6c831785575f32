// Balance history per account (by hash) and for the total. Every refresh is kept for the current New York
// day; older raw points are thinned to the last one per 15 minutes, and after 30 days to the last one per
// day, so a year of 10-second polling stays well under a few megabytes.
import type { HistoryPoint, HistoryRange } from '../../../common/contract';
import type { Db } from './database';
import { nyParts, startOfNyDay } from '../portfolio/marketHours';

export const TOTAL_SERIES = 'total';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const QUARTER_HOUR = 15 * MINUTE;
/** 15-minute points are kept this long before they become daily ones. */
export const FINE_RETENTION_MS = 30 * DAY;

export interface HistoryRecord {
  /** Account hash or TOTAL_SERIES. */
  series: string;
  liquidationCents: number;
  dayChangeCents: number;
}

export interface CompactionResult {
  /** Raw points folded into 15-minute ones. */
  toQuarterHour: number;
  /** 15-minute points folded into daily ones. */
  toDaily: number;
}

export interface HistoryStore {
  record(at: number, points: readonly HistoryRecord[]): void;
  /** Points for a chart, oldest first, at most ~1,500 (thinned at query time for long ranges). */
  range(range: HistoryRange, series?: string): HistoryPoint[];
  /** Downsample what has aged; idempotent. */
  compact(): CompactionResult;
  /** Stored rows (all series, or one). */
  count(series?: string): number;
  /** Series names with any history. */
  series(): string[];
}

/** Window and query-time bucket per range. */
const RANGES: Record<HistoryRange, { windowMs: number; bucketMs: number }> = {
  '1D': { windowMs: DAY, bucketMs: MINUTE },
  '1W': { windowMs: 7 * DAY, bucketMs: QUARTER_HOUR },
  '1M': { windowMs: 30 * DAY, bucketMs: HOUR },
  '1Y': { windowMs: 365 * DAY, bucketMs: DAY },
  ALL: { windowMs: Number.MAX_SAFE_INTEGER, bucketMs: DAY },
};

export function createHistoryStore(db: Db, clock: { now(): number }): HistoryStore {
  const seriesIds = new Map<string, number>();
  const selectSeries = db.prepare<[string], { id: number }>('SELECT id FROM balance_series WHERE name = ?');
  const insertSeries = db.prepare<[string]>('INSERT INTO balance_series (name) VALUES (?)');
  const insertPoint = db.prepare<[number, number, number, number]>(
    `INSERT OR REPLACE INTO balance_history (series_id, at, liquidation_cents, day_change_cents, tier)
     VALUES (?, ?, ?, ?, 0)`,
  );
  // SQLite returns the bare column from the row holding MAX(at): the last value in each bucket.
  const selectRange = db.prepare<[number, number, number, number, number], { at: number; cents: number }>(
    `SELECT MAX(at) AS at, liquidation_cents AS cents FROM balance_history
     WHERE series_id = ? AND at >= ? AND at <= ?
     GROUP BY CAST((at - ?) / ? AS INTEGER) ORDER BY at`,
  );
  // Drop each raw point that has a later one in the same quarter hour (the cut is quarter-hour aligned,
  // so every bucket lies wholly on one side of it); the survivor is the bucket's closing value.
  const foldRaw = db.prepare<{ cut: number }>(
    `DELETE FROM balance_history AS h
     WHERE h.tier = 0 AND h.at < @cut AND EXISTS (
       SELECT 1 FROM balance_history AS n
       WHERE n.series_id = h.series_id AND n.at > h.at AND n.at < (h.at / ${QUARTER_HOUR} + 1) * ${QUARTER_HOUR})`,
  );
  const promoteRaw = db.prepare<{ cut: number }>('UPDATE balance_history SET tier = 1 WHERE tier = 0 AND at < @cut');
  const selectOld = db.prepare<[number], { series_id: number; at: number }>(
    'SELECT series_id, at FROM balance_history WHERE at < ? ORDER BY series_id, at',
  );
  const deletePoint = db.prepare<[number, number]>('DELETE FROM balance_history WHERE series_id = ? AND at = ?');
  const setTier = db.prepare<[number, number]>('UPDATE balance_history SET tier = 2 WHERE series_id = ? AND at = ?');

  const idFor = (name: string, create: boolean): number | undefined => {
    const known = seriesIds.get(name);
    if (known !== undefined) return known;
    let id = selectSeries.get(name)?.id;
    if (id === undefined && create) id = Number(insertSeries.run(name).lastInsertRowid);
    if (id !== undefined) seriesIds.set(name, id);
    return id;
  };

  const insertAll = (at: number, points: readonly HistoryRecord[]): void => {
    for (const p of points) insertPoint.run(idFor(p.series, true)!, at, p.liquidationCents, p.dayChangeCents);
  };
  const insertAllAtomically = db.transaction(insertAll);
  // Inside a caller's transaction (bulk imports, the benchmark) a savepoint per call would only cost time.
  const record = (at: number, points: readonly HistoryRecord[]): void =>
    db.inTransaction ? insertAll(at, points) : insertAllAtomically(at, points);

  const compact = db.transaction((): CompactionResult => {
    const now = clock.now();
    const rawCut = startOfNyDay(now);
    const folded = foldRaw.run({ cut: rawCut }).changes;
    promoteRaw.run({ cut: rawCut });

    // Daily fold: the last point of each New York day older than the cut.
    const dailyCut = startOfNyDay(now - FINE_RETENTION_MS);
    const rows = selectOld.all(dailyCut);
    let removed = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const next = rows[i + 1];
      const last = !next || next.series_id !== row.series_id || dayKey(next.at) !== dayKey(row.at);
      if (last) setTier.run(row.series_id, row.at);
      else {
        deletePoint.run(row.series_id, row.at);
        removed++;
      }
    }
    return { toQuarterHour: folded, toDaily: removed };
  });

  function count(series?: string): number {
    if (series === undefined) {
      return (db.prepare('SELECT COUNT(*) AS n FROM balance_history').get() as { n: number }).n;
    }
    const id = idFor(series, false);
    if (id === undefined) return 0;
    return (db.prepare('SELECT COUNT(*) AS n FROM balance_history WHERE series_id = ?').get(id) as { n: number }).n;
  }

  return {
    record: (at, points) => record(at, points),
    range(range, series = TOTAL_SERIES) {
      const id = idFor(series, false);
      if (id === undefined) return [];
      const now = clock.now();
      const { windowMs, bucketMs } = RANGES[range];
      const from = windowMs >= now ? 0 : now - windowMs;
      // Day buckets start at 05:00 UTC (New York midnight in winter) so one trading day is one bucket.
      const offset = bucketMs >= DAY ? 5 * HOUR : 0;
      return selectRange
        .all(id, from, now, offset, bucketMs)
        .map((r) => ({ time: Math.floor(r.at / 1000), value: r.cents / 100 }));
    },
    compact: () => compact(),
    count,
    series: () => (db.prepare('SELECT name FROM balance_series ORDER BY id').all() as { name: string }[]).map((r) => r.name),
  };
}

function dayKey(ms: number): number {
  const p = nyParts(ms);
  return p.year * 10_000 + p.month * 100 + p.day;
}
