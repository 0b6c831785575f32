// Times and durations in the words the window uses ("as of 2:31:05 PM", "4 min old", "5 h 12 min").
const LOCALE = 'en-US';
const clockTime = new Intl.DateTimeFormat(LOCALE, { hour: 'numeric', minute: '2-digit', second: '2-digit' });
const dateTime = new Intl.DateTimeFormat(LOCALE, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const fullDateTime = new Intl.DateTimeFormat(LOCALE, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

function toMs(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Today's timestamps show the clock time only; older ones add the date. */
export function formatAsOf(iso: string, nowMs: number): string {
  const ms = toMs(iso);
  if (ms === null) return '—';
  const d = new Date(ms);
  const sameDay = new Date(nowMs).toDateString() === d.toDateString();
  return sameDay ? clockTime.format(d) : dateTime.format(d);
}

export function formatTimestamp(iso: string | null | undefined): string {
  const ms = toMs(iso);
  return ms === null ? '—' : fullDateTime.format(new Date(ms));
}

/** "45 s", "12 min", "5 h 12 min", "3 d 4 h" — coarse enough to read at a glance. */
export function formatDuration(ms: number): string {
  const totalSec = Math.max(0, Math.floor(ms / 1000));
  if (totalSec < 60) return `${totalSec} s`;
  const totalMin = Math.floor(totalSec / 60);
  if (totalMin < 60) return `${totalMin} min`;
  const hours = Math.floor(totalMin / 60);
  const mins = totalMin % 60;
  if (hours < 24) return mins ? `${hours} h ${mins} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const remH = hours % 24;
  return remH ? `${days} d ${remH} h` : `${days} d`;
}

/** Milliseconds from now until `iso` (negative once passed), or null when unknown. */
export function msUntil(iso: string | null | undefined, nowMs: number): number | null {
  const ms = toMs(iso);
  return ms === null ? null : ms - nowMs;
}

/** Age of a timestamp: "4 min old". */
export function formatAge(iso: string, nowMs: number): string {
  const ms = toMs(iso);
  return ms === null ? 'age unknown' : `${formatDuration(nowMs - ms)} old`;
}
