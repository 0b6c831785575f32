// The market session in words for the window: "Pre-market · opens 9:30 AM ET (2:30 PM local)". Times are
// given in New York time, the exchange's clock, with the local time beside it only where the two differ.
import { marketSession, type MarketSession } from './marketHours';
import type { Pace } from './pollPace';

const NY = 'America/New_York';

export const SESSION_LABELS: Record<MarketSession, string> = {
  'pre-market': 'Pre-market',
  regular: 'Market open',
  'after-hours': 'After hours',
  closed: 'Market closed',
};

const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string | undefined, withDay: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${withDay}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      hour: 'numeric',
      minute: '2-digit',
      ...(withDay ? { weekday: 'short' } : {}),
      ...(timeZone ? { timeZone } : {}),
    });
    formats.set(key, f);
  }
  return f;
}

/** "9:30 AM ET", "9:30 AM ET (2:30 PM local)"; `withDay` adds the weekday ("Mon 9:30 AM ET"). */
export function etAndLocal(ms: number, options: { localTimeZone?: string; withDay?: boolean } = {}): string {
  const withDay = options.withDay ?? false;
  const et = format(NY, withDay).format(ms);
  const local = format(options.localTimeZone, withDay).format(ms);
  return et === local ? `${et} ET` : `${et} ET (${local} local)`;
}

export interface SessionText {
  session: MarketSession;
  label: string;
  /** What happens next: "closes 4:00 PM ET (9:00 PM local)". */
  detail: string;
}

export function sessionText(now: number, localTimeZone?: string): SessionText {
  const s = marketSession(now);
  // A change more than 20 hours away is on another day: name the weekday.
  const when = (ms: number): string =>
    etAndLocal(ms, { ...(localTimeZone ? { localTimeZone } : {}), withDay: ms - now > 20 * 3_600_000 });
  const detail =
    s.session === 'regular'
      ? `closes ${when(s.endsAt)}`
      : s.session === 'after-hours'
        ? `ends ${when(s.endsAt)}`
        : `opens ${when(s.nextOpenAt)}`;
  return { session: s.session, label: SESSION_LABELS[s.session], detail };
}

/**
 * The pace in force in words, for the footer: "every 10 s", "every 60 s outside market hours",
 * "paused until Mon 9:30 AM ET". `marketOpen` is what the poller uses (the demo's market never closes).
 */
export function paceText(pace: Pace, nextOpenAt: number, now: number, localTimeZone?: string): string {
  if (pace.reason === 'paused-until-open') {
    const when = etAndLocal(nextOpenAt, { ...(localTimeZone ? { localTimeZone } : {}), withDay: nextOpenAt - now > 20 * 3_600_000 });
    return `Refresh paused until ${when}`;
  }
  const sec = Math.round(pace.intervalMs / 1000);
  // The stream carries the prices; the REST refresh only reconciles them against Schwab's books.
  if (pace.reason === 'reconcile') return `Streaming · reconciling every ${sec} s`;
  return pace.reason === 'off-hours' ? `Refresh every ${sec} s outside market hours` : `Refresh every ${sec} s`;
}
