// Realized P&L by the average-cost method, estimated from the transactions Arbion has (Schwab's own lot
// method may differ). Per account and symbol, in time order:
// - a leg in the direction of the position (or from flat) opens: quantity and cost basis grow by what
//   was paid (fees included), or for a short by what was received;
// - a leg against it closes: realized = the cash of the closed part (fees included) − the closed part's
//   share of the cost basis (basis × closed / held, rounded to the cent); the basis shrinks by that share;
//   going through zero opens the rest the other way, unless Schwab marks the leg CLOSING;
// - expirations and assignments (RECEIVE_AND_DELIVER at price 0) close the contracts for no cash, so a
//   long option's premium is lost and a short option's premium is kept; the stock of an assignment is
//   an ordinary trade at the strike;
// - a CLOSING leg with nothing open (bought before the history starts) is counted as unmatched, not guessed.
// The basis is a signed amount: positive for longs (paid), negative for shorts (received), so closing
// either way is cash − allocated basis.
import type { Cents } from '../portfolio/money';
import type { ActivityLeg, ActivityTransaction } from './activityTypes';

export interface RealizedEvent {
  activityId: string;
  accountHash: string;
  time: number;
  symbol: string;
  /** Shares or contracts closed (unsigned). */
  quantity: number;
  realizedCents: Cents;
}

export interface OpenLot {
  accountHash: string;
  symbol: string;
  /** Signed. */
  quantity: number;
  costCents: Cents;
}

export interface RealizedResult {
  events: RealizedEvent[];
  /** CLOSING legs with no matching open quantity in the history. */
  unmatched: Array<{ activityId: string; accountHash: string; symbol: string; quantity: number }>;
  open: OpenLot[];
}

const POSITION_TYPES: ReadonlySet<string> = new Set(['TRADE', 'RECEIVE_AND_DELIVER']);
const round6 = (n: number): number => Math.round(n * 1_000_000) / 1_000_000;

/** Oldest first; same instant by activity id (Schwab's ids grow with time). */
export function byTimeThenId(a: ActivityTransaction, b: ActivityTransaction): number {
  return a.time - b.time || a.activityId.length - b.activityId.length || (a.activityId < b.activityId ? -1 : a.activityId > b.activityId ? 1 : 0);
}

/** The cash each security leg brings: one leg takes the net amount; with several, fees go with the first. */
function legCash(t: ActivityTransaction, legs: ActivityLeg[]): Cents[] {
  if (legs.length === 1) return [t.netCents];
  return legs.map((l, i) => l.costCents - (i === 0 ? t.feesCents : 0));
}

export function realizedPnl(transactions: readonly ActivityTransaction[]): RealizedResult {
  const open = new Map<string, OpenLot>();
  const events: RealizedEvent[] = [];
  const unmatched: RealizedResult['unmatched'] = [];
  const ordered = transactions.filter((t) => POSITION_TYPES.has(t.type) && t.status !== 'INVALID').sort(byTimeThenId);
  for (const t of ordered) {
    const legs = t.legs.filter((l) => l.kind === 'security' && l.symbol !== undefined && l.quantity !== 0);
    const cash = legCash(t, legs);
    legs.forEach((leg, i) => {
      const symbol = leg.symbol!;
      const key = `${t.accountHash}|${symbol}`;
      const lot = open.get(key) ?? { accountHash: t.accountHash, symbol, quantity: 0, costCents: 0 };
      const dq = leg.quantity;
      const c = cash[i]!;
      if (lot.quantity === 0 || Math.sign(lot.quantity) === Math.sign(dq)) {
        if (leg.positionEffect === 'CLOSING') {
          unmatched.push({ activityId: t.activityId, accountHash: t.accountHash, symbol, quantity: Math.abs(dq) });
          return;
        }
        lot.quantity = round6(lot.quantity + dq);
        lot.costCents -= c;
      } else {
        const closing = Math.min(Math.abs(dq), Math.abs(lot.quantity));
        const allocated = Math.round((lot.costCents * closing) / Math.abs(lot.quantity));
        const closingCash = closing === Math.abs(dq) ? c : Math.round((c * closing) / Math.abs(dq));
        events.push({ activityId: t.activityId, accountHash: t.accountHash, time: t.time, symbol, quantity: closing, realizedCents: closingCash - allocated });
        lot.costCents -= allocated;
        lot.quantity = round6(lot.quantity + Math.sign(dq) * closing);
        const rest = round6(Math.abs(dq) - closing);
        if (rest > 0) {
          if (leg.positionEffect === 'CLOSING') {
            unmatched.push({ activityId: t.activityId, accountHash: t.accountHash, symbol, quantity: rest });
          } else {
            lot.quantity = Math.sign(dq) * rest;
            lot.costCents = -(c - closingCash);
          }
        }
      }
      if (lot.quantity === 0) lot.costCents = 0;
      open.set(key, lot);
    });
  }
  return { events, unmatched, open: [...open.values()].filter((l) => l.quantity !== 0) };
}
