// Human countdowns for the tray menu and notifications: "6 d 23 h", "5 h 12 min", "42 min".
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatDuration(ms: number): string {
  if (ms <= 0) return '0 min';
  if (ms >= DAY) {
    const d = Math.floor(ms / DAY);
    const h = Math.floor((ms % DAY) / HOUR);
    return h > 0 ? `${d} d ${h} h` : `${d} d`;
  }
  if (ms >= HOUR) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m > 0 ? `${h} h ${m} min` : `${h} h`;
  }
  // Round up so "less than a minute" still reads as 1 min rather than 0 before expiry.
  return `${Math.max(1, Math.ceil(ms / MINUTE))} min`;
}
