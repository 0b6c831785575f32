import { describe, expect, it } from 'vitest';
import {
  closeMinute,
  isNyseHoliday,
  isRegularMarketOpen,
  nextMarketOpen,
  startOfNyDay,
} from '../../../main/core/portfolio/marketHours';

/** An instant given as New York wall time with its UTC offset spelled out. */
const at = (iso: string): number => Date.parse(iso);

describe('US equities regular hours (America/New_York)', () => {
  it('open 9:30–16:00 on a winter weekday (EST, UTC−5)', () => {
    expect(isRegularMarketOpen(at('2025-01-15T09:29:59-05:00'))).toBe(false);
    expect(isRegularMarketOpen(at('2025-01-15T09:30:00-05:00'))).toBe(true);
    expect(isRegularMarketOpen(at('2025-01-15T15:59:59-05:00'))).toBe(true);
    expect(isRegularMarketOpen(at('2025-01-15T16:00:00-05:00'))).toBe(false);
  });

  it('follows daylight saving time (EDT, UTC−4)', () => {
    expect(isRegularMarketOpen(at('2025-07-15T09:30:00-04:00'))).toBe(true);
    expect(isRegularMarketOpen(at('2025-07-15T13:30:00Z'))).toBe(true); // 9:30 EDT
    expect(isRegularMarketOpen(at('2025-01-15T13:30:00Z'))).toBe(false); // 8:30 EST
    // The Monday after the spring-forward Sunday.
    expect(isRegularMarketOpen(at('2025-03-10T09:30:00-04:00'))).toBe(true);
  });

  it('closed on weekends', () => {
    expect(isRegularMarketOpen(at('2025-01-18T12:00:00-05:00'))).toBe(false); // Saturday
    expect(isRegularMarketOpen(at('2025-01-19T12:00:00-05:00'))).toBe(false); // Sunday
  });

  it('knows NYSE holidays, incl. observed dates and Good Friday', () => {
    const h = (year: number, month: number, day: number): boolean => isNyseHoliday({ year, month, day });
    expect(h(2025, 1, 1)).toBe(true);
    expect(h(2025, 1, 20)).toBe(true); // MLK
    expect(h(2025, 2, 17)).toBe(true); // Presidents Day
    expect(h(2025, 4, 18)).toBe(true); // Good Friday
    expect(h(2025, 5, 26)).toBe(true); // Memorial Day
    expect(h(2025, 6, 19)).toBe(true); // Juneteenth
    expect(h(2025, 7, 4)).toBe(true);
    expect(h(2025, 9, 1)).toBe(true); // Labor Day
    expect(h(2025, 11, 27)).toBe(true); // Thanksgiving
    expect(h(2025, 12, 25)).toBe(true);
    expect(h(2026, 7, 3)).toBe(true); // July 4 2026 is a Saturday → Friday
    expect(h(2022, 12, 26)).toBe(true); // Christmas 2022 was a Sunday → Monday
    expect(h(2022, 1, 1)).toBe(false); // Saturday New Year's Day is not moved to Dec 31
    expect(h(2021, 12, 31)).toBe(false);
    expect(h(2024, 3, 29)).toBe(true); // Good Friday 2024
    expect(h(2025, 1, 15)).toBe(false);
    expect(isRegularMarketOpen(at('2025-07-04T12:00:00-04:00'))).toBe(false);
  });

  it('early closes at 13:00', () => {
    expect(closeMinute({ year: 2025, month: 11, day: 28 })).toBe(13 * 60);
    expect(closeMinute({ year: 2025, month: 12, day: 24 })).toBe(13 * 60);
    expect(isRegularMarketOpen(at('2025-11-28T13:30:00-05:00'))).toBe(false);
    expect(isRegularMarketOpen(at('2025-11-28T12:30:00-05:00'))).toBe(true);
  });

  it('next open skips nights, weekends and holidays', () => {
    expect(nextMarketOpen(at('2025-01-15T17:00:00-05:00'))).toBe(at('2025-01-16T09:30:00-05:00'));
    expect(nextMarketOpen(at('2025-01-17T17:00:00-05:00'))).toBe(at('2025-01-21T09:30:00-05:00')); // weekend + MLK
    expect(nextMarketOpen(at('2025-03-07T17:00:00-05:00'))).toBe(at('2025-03-10T09:30:00-04:00')); // across DST
    expect(nextMarketOpen(at('2025-01-15T08:00:00-05:00'))).toBe(at('2025-01-15T09:30:00-05:00'));
    expect(nextMarketOpen(at('2025-01-15T10:00:00-05:00'))).toBe(at('2025-01-16T09:30:00-05:00'));
  });

  it('start of the New York day', () => {
    expect(startOfNyDay(at('2025-01-15T23:59:00-05:00'))).toBe(at('2025-01-15T00:00:00-05:00'));
    expect(startOfNyDay(at('2025-07-15T00:30:00-04:00'))).toBe(at('2025-07-15T00:00:00-04:00'));
    expect(startOfNyDay(at('2025-07-15T03:00:00Z'))).toBe(at('2025-07-14T00:00:00-04:00'));
  });
});
