import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { createHistoryStore, TOTAL_SERIES, type HistoryStore } from '../../../main/core/store/historyStore';
import { closeMinute, isTradingDay, nyParts, nyWallTimeToMs } from '../../../main/core/portfolio/marketHours';

const HASH = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90';
const ny = (iso: string): number => Date.parse(iso);

let dir: string;
let db: Db;
let now: number;
let history: HistoryStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-history-'));
  db = openDatabase(path.join(dir, 'arbion.db'));
  now = ny('2025-01-15T12:00:00-05:00');
  history = createHistoryStore(db, { now: () => now });
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Records one point per series every `stepMs` in [from, to), value = cents derived from the time. */
function poll(from: number, to: number, stepMs: number, value: (t: number) => number = (t) => Math.floor(t / 1000) % 1_000_000): void {
  db.transaction(() => {
    for (let t = from; t < to; t += stepMs) {
      history.record(t, [
        { series: TOTAL_SERIES, liquidationCents: value(t) * 2, dayChangeCents: 0 },
        { series: HASH, liquidationCents: value(t), dayChangeCents: 0 },
      ]);
    }
  })();
}

describe('history store', () => {
  it('records per account hash and total; range returns chart points oldest first', () => {
    poll(now - 3600_000, now, 10_000, () => 12_345_67);
    const pts = history.range('1D', HASH);
    expect(pts.length).toBe(60); // 1-minute buckets over the last hour
    expect(pts[0]!.value).toBe(12345.67);
    expect(history.range('1D')[0]!.value).toBe(24691.34); // 'total' by default
    expect(pts.every((p, i) => i === 0 || p.time > pts[i - 1]!.time)).toBe(true);
    expect(pts.at(-1)!.time).toBe(Math.floor((now - 10_000) / 1000));
    expect(history.range('1D', 'no-such-account')).toEqual([]);
    expect(history.series()).toEqual([TOTAL_SERIES, HASH]);
  });

  it('keeps every refresh of the current New York day and folds older ones to the last per 15 minutes', () => {
    const yesterday9 = ny('2025-01-14T09:00:00-05:00');
    poll(yesterday9, now, 10_000);
    const todayRaw = (now - ny('2025-01-15T00:00:00-05:00')) / 10_000; // 4320
    const result = history.compact();
    expect(history.count(HASH)).toBe(todayRaw + 15 * 4); // 09:00–24:00 yesterday → 60 quarter hours
    expect(result.toQuarterHour).toBe(2 * (15 * 360 - 15 * 4));
    // The survivor of each quarter hour is its closing value.
    const row = db
      .prepare('SELECT at, liquidation_cents AS c, tier FROM balance_history h JOIN balance_series s ON s.id = h.series_id WHERE s.name = ? ORDER BY at LIMIT 1')
      .get(HASH) as { at: number; c: number; tier: number };
    expect(row.at).toBe(ny('2025-01-14T09:14:50-05:00'));
    expect(row.c).toBe(Math.floor(row.at / 1000) % 1_000_000);
    expect(row.tier).toBe(1);
    // Idempotent.
    expect(history.compact()).toEqual({ toQuarterHour: 0, toDaily: 0 });
    expect(history.count(HASH)).toBe(todayRaw + 60);
  });

  it('after 30 days keeps one point per New York day (the day’s last)', () => {
    poll(ny('2025-01-14T09:00:00-05:00'), ny('2025-01-16T02:00:00-05:00'), 10_000);
    now = ny('2025-01-16T12:00:00-05:00');
    history.compact();
    now = ny('2025-02-20T12:00:00-05:00');
    const r = history.compact();
    expect(r.toDaily).toBeGreaterThan(0);
    const rows = db
      .prepare('SELECT at, tier FROM balance_history h JOIN balance_series s ON s.id = h.series_id WHERE s.name = ? ORDER BY at')
      .all(HASH) as Array<{ at: number; tier: number }>;
    expect(rows.map((x) => x.at)).toEqual([
      ny('2025-01-14T23:59:50-05:00'),
      ny('2025-01-15T23:59:50-05:00'),
      ny('2025-01-16T01:59:50-05:00'),
    ]);
    expect(rows.every((x) => x.tier === 2)).toBe(true);
    const all = history.range('ALL', HASH);
    expect(all.map((p) => p.time)).toEqual(rows.map((x) => x.at / 1000));
  });

  it('range windows: 1W in 15-minute buckets, 1M hourly, 1Y daily', () => {
    poll(now - 40 * 86_400_000, now, 60_000);
    const week = history.range('1W', HASH);
    expect(week.length).toBe(7 * 96);
    expect(history.range('1M', HASH).length).toBe(30 * 24);
    const year = history.range('1Y', HASH);
    expect(year.length).toBeGreaterThanOrEqual(40);
    expect(year.length).toBeLessThanOrEqual(41);
    for (const r of ['1D', '1W', '1M', '1Y', 'ALL'] as const) expect(history.range(r, HASH).length).toBeLessThanOrEqual(1500);
  });

  it('a simulated year of polling stays small (10 s in market hours, 60 s otherwise; compacted nightly)', () => {
    const start = ny('2025-01-01T00:00:00-05:00');
    let cents = 10_000_000;
    for (let day = 0; day < 365; day++) {
      const from = start + day * 86_400_000;
      const date = nyParts(from + 12 * 3600_000);
      const open = isTradingDay(date) ? nyWallTimeToMs(date, 9, 30) : Infinity;
      const close = isTradingDay(date) ? nyWallTimeToMs(date, 0, closeMinute(date)) : -Infinity;
      db.transaction(() => {
        for (let t = from; t < from + 86_400_000; ) {
          cents += (t % 7) - 3;
          history.record(t, [
            { series: TOTAL_SERIES, liquidationCents: cents, dayChangeCents: 0 },
            { series: HASH, liquidationCents: cents, dayChangeCents: 0 },
          ]);
          t += t >= open && t < close ? 10_000 : 60_000;
        }
      })();
      now = from + 86_400_000 + 60_000; // just after the next New York midnight (±DST hour)
      history.compact();
    }
    // Per series: ≤ 1 day raw (compacted right after midnight, so ~0) + 30 × 96 quarter hours + ~335 days.
    const perSeries = history.count(HASH);
    expect(perSeries).toBeGreaterThan(30 * 96);
    expect(perSeries).toBeLessThanOrEqual(30 * 96 + 96 + 340 + 60 * 24);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fs.statSync(path.join(dir, 'arbion.db')).size;
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    expect(history.range('1Y', HASH).length).toBeGreaterThanOrEqual(360);
  }, 120_000);

  it('history survives reopening the database file', () => {
    poll(now - 600_000, now, 10_000, () => 500);
    db.close();
    db = openDatabase(path.join(dir, 'arbion.db'));
    history = createHistoryStore(db, { now: () => now });
    expect(history.range('1D', HASH).map((p) => p.value)).toEqual(Array(10).fill(5));
  });
});
