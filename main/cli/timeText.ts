// Times for people: the local date-time plus how far away it is ("in 29 min", "6 d 23 h ago").
export function relative(ms: number): string {
  const abs = Math.abs(ms);
  const min = Math.round(abs / 60_000);
  let text: string;
  if (min < 1) text = 'less than a minute';
  else if (min < 60) text = `${min} min`;
  else if (min < 48 * 60) text = `${Math.floor(min / 60)} h ${min % 60} min`;
  else text = `${Math.floor(min / 1440)} d ${Math.floor((min % 1440) / 60)} h`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

export function whenText(iso: string | null, now: number = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(t));
  return `${local} (${relative(t - now)})`;
}

const clockTime = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' });
const dateTime = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** For table cells: "2:31:05 PM" today, "May 12, 2026, 3:59 PM" before. */
export function shortTime(ms: number, now: number = Date.now()): string {
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  return new Date(now).toDateString() === d.toDateString() ? clockTime.format(d) : dateTime.format(d);
}
