// The US equities session (pre-market / regular / after hours / closed) with holidays and early closes, its
// words for the window, and the pace in force that the footer states — all from the one calendar in common/.
import { describe, expect, it } from 'vitest';
import { marketSession } from '../../../common/market/marketHours';
import { paceInForce } from '../../../common/market/pollPace';
import { etAndLocal, paceText, sessionText } from '../../../common/market/sessionText';
import { effectiveInterval } from '../../../main/core/portfolio/pollSchedule';
import { DEFAULT_SETTINGS } from '../../../common/contract';

const utc = (iso: string): number => Date.parse(iso);

describe('market session', () => {
  it.each([
    ['2025-01-15T08:59:00Z', 'closed', '2025-01-15T09:00:00Z'], // 3:59 ET, before the pre-market
    ['2025-01-15T13:00:00Z', 'pre-market', '2025-01-15T14:30:00Z'], // 8:00 ET
    ['2025-01-15T15:00:00Z', 'regular', '2025-01-15T21:00:00Z'], // 10:00 ET
    ['2025-01-15T22:00:00Z', 'after-hours', '2025-01-16T01:00:00Z'], // 17:00 ET, until 20:00
    ['2025-01-16T02:00:00Z', 'closed', '2025-01-16T09:00:00Z'], // 21:00 ET, closed until 4:00
    ['2025-01-18T15:00:00Z', 'closed', '2025-01-21T09:00:00Z'], // Saturday; Monday the 20th is MLK Day
    ['2025-07-04T15:00:00Z', 'closed', '2025-07-07T08:00:00Z'], // Independence Day (EDT)
    ['2025-11-28T19:00:00Z', 'after-hours', '2025-11-28T22:00:00Z'], // 14:00 ET after the 13:00 early close
  ])('%s is %s until %s', (at, session, endsAt) => {
    const s = marketSession(utc(at));
    expect(s.session).toBe(session);
    expect(new Date(s.endsAt).toISOString()).toBe(new Date(utc(endsAt)).toISOString());
  });

  it('gives the next regular open, skipping weekends and holidays', () => {
    expect(new Date(marketSession(utc('2025-01-18T15:00:00Z')).nextOpenAt).toISOString()).toBe('2025-01-21T14:30:00.000Z');
  });
});

describe('session words', () => {
  it('gives New York time with the local time beside it only where they differ', () => {
    const at = utc('2025-01-15T15:00:00Z');
    expect(sessionText(at, 'UTC')).toEqual({ session: 'regular', label: 'Market open', detail: 'closes 4:00 PM ET (9:00 PM local)' });
    expect(sessionText(at, 'America/New_York').detail).toBe('closes 4:00 PM ET');
    expect(sessionText(utc('2025-01-15T13:00:00Z'), 'Europe/Berlin').detail).toBe('opens 9:30 AM ET (3:30 PM local)');
    // Over a long weekend the day is named.
    expect(sessionText(utc('2025-01-18T15:00:00Z'), 'UTC')).toMatchObject({ label: 'Market closed', detail: 'opens Tue 9:30 AM ET (Tue 2:30 PM local)' });
    expect(etAndLocal(utc('2025-07-07T13:30:00Z'), { localTimeZone: 'America/Toronto' })).toBe('9:30 AM ET');
  });
});

describe('pace in force', () => {
  const closedAt = utc('2025-01-18T15:00:00Z');
  const nextOpenAt = marketSession(closedAt).nextOpenAt;
  const pace = (offHours: 'same' | 'slow' | 'pause', marketOpen: boolean) =>
    paceInForce({ settings: { ...DEFAULT_SETTINGS, offHours }, marketOpen, now: closedAt, nextOpenAt });

  it('states what the poller does, not the setting', () => {
    expect(paceText(pace('slow', true), nextOpenAt, closedAt, 'UTC')).toBe('Refresh every 10 s');
    expect(paceText(pace('slow', false), nextOpenAt, closedAt, 'UTC')).toBe('Refresh every 60 s outside market hours');
    expect(paceText(pace('same', false), nextOpenAt, closedAt, 'UTC')).toBe('Refresh every 10 s');
    expect(paceText(pace('pause', false), nextOpenAt, closedAt, 'UTC')).toBe('Refresh paused until Tue 9:30 AM ET (Tue 2:30 PM local)');
  });

  it('is the very rule the poll scheduler uses', () => {
    for (const offHours of ['same', 'slow', 'pause'] as const) {
      for (const marketOpen of [true, false]) {
        expect(effectiveInterval({ settings: { ...DEFAULT_SETTINGS, offHours }, marketOpen, now: closedAt, nextOpenAt })).toEqual(
          pace(offHours, marketOpen),
        );
      }
    }
  });
});
