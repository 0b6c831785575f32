// ACCT_ACTIVITY content as Schwab sends it: "1" the account number, "2" the message type, "3" the event as a
// JSON *string* (or "" for SUBSCRIBED). Numbers inside the event are packed {lo, signScale}: lo / 10^(signScale>>1).
import type { ActivityEvent } from '../activity';

export const ACCT_ACTIVITY = 'ACCT_ACTIVITY';
export const ACCT_ACTIVITY_FIELDS = [0, 1, 2, 3] as const;

/** Six decimals, the scale Schwab's captures use (signScale 12 → 10^6). */
function packed(n: number): { lo: string; signScale: number } {
  return { lo: String(Math.round(Math.abs(n) * 1_000_000)), signScale: n < 0 ? 13 : 12 };
}

const EASTERN = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "2025-03-20 13:43:45.620": Eastern wall time without a zone, as the captures show. */
export function easternTimestamp(ms: number): string {
  const p = Object.fromEntries(EASTERN.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${String(ms % 1000).padStart(3, '0')}`;
}

/** The event's "3" payload (before it is stringified). */
export function activityPayload(e: ActivityEvent): Record<string, unknown> {
  const base: Record<string, unknown> = { EventType: e.type };
  if (e.quantity !== undefined && e.price !== undefined) {
    base.ExecutionInfo = {
      ExecutionQuantity: e.quantity,
      ExecutionPrice: packed(e.price),
      ExecutionTimeStamp: { DateTimeString: easternTimestamp(e.timeMs) },
    };
  }
  return { SchwabOrderID: String(e.orderId), AccountNumber: e.accountNumber, BaseEvent: base };
}

/** One content entry; "3" holds the payload as JSON text, so a client has to parse it a second time. */
export function activityContent(key: string, seq: number, accountNumber: string, messageType: string, payload: Record<string, unknown> | undefined): Record<string, unknown> {
  return { seq, key, '1': accountNumber, '2': messageType, '3': payload === undefined ? '' : JSON.stringify(payload) };
}
