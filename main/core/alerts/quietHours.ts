// Quiet hours: a daily window on the local clock ("22:00"–"07:00" wraps midnight) during which fired
// alerts are logged but not notified. Equal start and end, or either unset, means no quiet hours.

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function inQuietHours(now: number, start: string | null, end: string | null, timeZone?: string): boolean {
  if (start === null || end === null || start === end) return false;
  const parts = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: 'numeric', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) }).formatToParts(now);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0) % 24;
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  const t = hour * 60 + minute;
  const from = minutesOf(start);
  const to = minutesOf(end);
  return from < to ? t >= from && t < to : t >= from || t < to;
}
