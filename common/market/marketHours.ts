// US equities regular session (9:30–16:00 America/New_York, Mon–Fri), NYSE full-day holidays and the
// usual 13:00 early closes, plus the extended sessions (pre-market from 4:00, after hours until 20:00, or
// 17:00 after an early close). Used to slow or pause polling when prices cannot move, to cut history into
// New York trading days, and for the window's session badge — one calendar for all of them. Special
// one-off closures (e.g. national days of mourning) are not known.

const NY = 'America/New_York';
const OPEN_MIN = 9 * 60 + 30;
const CLOSE_MIN = 16 * 60;
const EARLY_CLOSE_MIN = 13 * 60;
const PRE_MARKET_MIN = 4 * 60;
const AFTER_HOURS_MIN = 4 * 60; // after-hours trading lasts four hours after the close

export interface NyDate {
  year: number;
  month: number; // 1–12
  day: number;
}

interface NyParts extends NyDate {
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: NY,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

export function nyParts(ms: number): NyParts {
  const p: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const year = p.year!;
  const month = p.month!;
  const day = p.day!;
  return {
    year,
    month,
    day,
    hour: p.hour! % 24,
    minute: p.minute!,
    second: p.second!,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** The UTC instant at which New York's wall clock reads y-m-d h:min (DST-aware). */
export function nyWallTimeToMs(date: NyDate, hour = 0, minute = 0): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  let guess = wall + 5 * 3600_000; // EST; corrected below for EDT
  for (let i = 0; i < 3; i++) {
    const p = nyParts(guess);
    const seen = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    const diff = wall - seen;
    if (diff === 0) break;
    guess += diff;
  }
  return guess;
}

/** Midnight in New York of the day containing `ms`. */
export function startOfNyDay(ms: number): number {
  return nyWallTimeToMs(nyParts(ms));
}

function addDays(d: NyDate, n: number): NyDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function weekdayOf(d: NyDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/** The n-th (1-based) given weekday of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = weekdayOf({ year, month, day: 1 });
    return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = weekdayOf({ year, month, day: lastDay });
  return lastDay - ((last - weekday + 7) % 7);
}

function easterSunday(year: number): NyDate {
  // Anonymous Gregorian algorithm.
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

/** Saturday holidays move to Friday, Sunday ones to Monday (NYSE rule 7.2). */
function observed(d: NyDate): NyDate {
  const w = weekdayOf(d);
  if (w === 6) return addDays(d, -1);
  if (w === 0) return addDays(d, 1);
  return d;
}

const key = (d: NyDate): string => `${d.year}-${d.month}-${d.day}`;
const holidayCache = new Map<number, Set<string>>();

function holidays(year: number): Set<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const list: NyDate[] = [];
  // New Year's Day: a Saturday Jan 1 is not observed on the Friday before (it would fall in the old year).
  const ny = { year, month: 1, day: 1 };
  if (weekdayOf(ny) !== 6) list.push(observed(ny));
  list.push({ year, month: 1, day: nthWeekday(year, 1, 1, 3) }); // Martin Luther King Jr. Day
  list.push({ year, month: 2, day: nthWeekday(year, 2, 1, 3) }); // Washington's Birthday
  list.push(addDays(easterSunday(year), -2)); // Good Friday
  list.push({ year, month: 5, day: nthWeekday(year, 5, 1, -1) }); // Memorial Day
  if (year >= 2022) list.push(observed({ year, month: 6, day: 19 })); // Juneteenth
  list.push(observed({ year, month: 7, day: 4 })); // Independence Day
  list.push({ year, month: 9, day: nthWeekday(year, 9, 1, 1) }); // Labor Day
  list.push({ year, month: 11, day: nthWeekday(year, 11, 4, 4) }); // Thanksgiving
  list.push(observed({ year, month: 12, day: 25 })); // Christmas
  const set = new Set(list.map(key));
  holidayCache.set(year, set);
  return set;
}

export function isNyseHoliday(d: NyDate): boolean {
  return holidays(d.year).has(key(d));
}

export function isTradingDay(d: NyDate): boolean {
  const w = weekdayOf(d);
  return w !== 0 && w !== 6 && !isNyseHoliday(d);
}

/** Minutes after midnight at which the session closes on a trading day (13:00 on early-close days). */
export function closeMinute(d: NyDate): number {
  const thanksgiving = nthWeekday(d.year, 11, 4, 4);
  const dayAfterThanksgiving = d.month === 11 && d.day === thanksgiving + 1;
  const christmasEve = d.month === 12 && d.day === 24;
  const julyThird = d.month === 7 && d.day === 3 && weekdayOf({ ...d, day: 4 }) !== 6 && weekdayOf({ ...d, day: 4 }) !== 0;
  return dayAfterThanksgiving || christmasEve || julyThird ? EARLY_CLOSE_MIN : CLOSE_MIN;
}

/** True during the regular session. */
export function isRegularMarketOpen(ms: number): boolean {
  const p = nyParts(ms);
  if (!isTradingDay(p)) return false;
  const minute = p.hour * 60 + p.minute;
  return minute >= OPEN_MIN && minute < closeMinute(p);
}

/** The next regular-session open strictly after `ms`. */
export function nextMarketOpen(ms: number): number {
  let d: NyDate = nyParts(ms);
  for (let i = 0; i < 15; i++) {
    if (isTradingDay(d)) {
      const open = nyWallTimeToMs(d, 9, 30);
      if (open > ms) return open;
    }
    d = addDays(d, 1);
  }
  /* c8 ignore next */
  return ms + 24 * 3600_000;
}

export type MarketSession = 'pre-market' | 'regular' | 'after-hours' | 'closed';

export interface MarketSessionState {
  session: MarketSession;
  /** When this session ends (the next session starts), ms. */
  endsAt: number;
  /** The next regular-session open strictly after now, ms. */
  nextOpenAt: number;
}

/** Which US equities session `ms` falls in, and when it ends. */
export function marketSession(ms: number): MarketSessionState {
  const p = nyParts(ms);
  const nextOpenAt = nextMarketOpen(ms);
  if (isTradingDay(p)) {
    const minute = p.hour * 60 + p.minute;
    const close = closeMinute(p);
    const at = (m: number): number => nyWallTimeToMs(p, Math.floor(m / 60), m % 60);
    if (minute >= PRE_MARKET_MIN && minute < OPEN_MIN) return { session: 'pre-market', endsAt: at(OPEN_MIN), nextOpenAt };
    if (minute >= OPEN_MIN && minute < close) return { session: 'regular', endsAt: at(close), nextOpenAt };
    if (minute >= close && minute < close + AFTER_HOURS_MIN) {
      return { session: 'after-hours', endsAt: at(close + AFTER_HOURS_MIN), nextOpenAt };
    }
  }
  // Closed until the pre-market of the next trading day (today's, before 4:00).
  let d: NyDate = p;
  for (let i = 0; i < 15; i++) {
    if (isTradingDay(d)) {
      const pre = nyWallTimeToMs(d, PRE_MARKET_MIN / 60, 0);
      if (pre > ms) return { session: 'closed', endsAt: pre, nextOpenAt };
    }
    d = addDays(d, 1);
  }
  /* c8 ignore next */
  return { session: 'closed', endsAt: nextOpenAt, nextOpenAt };
}
