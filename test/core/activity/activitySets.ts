// Hand-made transactions with round numbers, for figures whose right answer is worked out by hand.
import type { ActivityLeg, ActivityTransaction } from '../../../main/core/activity/activityTypes';

let seq = 1000;

export interface TradeOptions {
  account?: string;
  feesCents?: number;
  effect?: 'OPENING' | 'CLOSING' | 'AUTOMATIC';
  multiplier?: 1 | 100;
  type?: 'TRADE' | 'RECEIVE_AND_DELIVER';
}

/** A one-security transaction: `qty` signed (negative = sold), price per share; net = −qty × price × multiplier − fees. */
export function trade(time: number, symbol: string, qty: number, price: number, o: TradeOptions = {}): ActivityTransaction {
  const mult = o.multiplier ?? 1;
  const securityCents = -Math.round(qty * price * mult * 100);
  const fees = o.feesCents ?? 0;
  const legs: ActivityLeg[] = [];
  if (fees > 0) legs.push({ kind: 'fee', assetType: 'CURRENCY', quantity: 0, costCents: -fees, feeType: 'COMMISSION' });
  legs.push({ kind: 'security', assetType: mult === 100 ? 'OPTION' : 'EQUITY', symbol, quantity: qty, costCents: securityCents, price, ...(o.effect ? { positionEffect: o.effect } : {}) });
  return {
    activityId: String(++seq),
    accountHash: o.account ?? 'A',
    time,
    type: o.type ?? 'TRADE',
    description: '',
    netCents: securityCents - fees,
    feesCents: fees,
    symbol,
    legs,
  };
}

/** A cash-only transaction (dividend, interest, deposit, fee charge). */
export function cash(time: number, type: string, cents: number, description: string, account = 'A'): ActivityTransaction {
  return {
    activityId: String(++seq),
    accountHash: account,
    time,
    type,
    description,
    netCents: cents,
    feesCents: 0,
    legs: [{ kind: 'cash', assetType: 'CURRENCY', quantity: 0, costCents: 0 }],
  };
}

export const day = (n: number): number => Date.UTC(2024, 5, 1, 15) + n * 86_400_000;
