// Orders and transactions as Arbion keeps them: Schwab's payloads normalised, money in integer cents,
// times in epoch ms, accounts by hash (the full account number is not kept). Prices stay as Schwab
// sends them (they may carry four decimals); every sum is taken on cents.
import type { Cents } from '../portfolio/money';

export type LegKind = 'security' | 'fee' | 'cash';

export interface ActivityLeg {
  kind: LegKind;
  assetType?: string;
  symbol?: string;
  underlyingSymbol?: string;
  description?: string;
  /** Signed shares or contracts for security legs (negative = out of the account); 0 otherwise. */
  quantity: number;
  /** Signed cash of this leg: negative when paid. */
  costCents: Cents;
  price?: number;
  feeType?: string;
  positionEffect?: string;
}

export interface ActivityTransaction {
  activityId: string;
  accountHash: string;
  time: number;
  /** YYYY-MM-DD as Schwab states it, when it does. */
  tradeDate?: string;
  type: string;
  status?: string;
  description: string;
  orderId?: string;
  netCents: Cents;
  /** Commission and regulatory fee legs, as a positive amount paid. */
  feesCents: Cents;
  /** The security the transaction is about, when a leg names one. */
  symbol?: string;
  legs: ActivityLeg[];
}

export interface ActivityOrderLeg {
  legId?: number;
  instruction: string;
  positionEffect?: string;
  quantity: number;
  assetType: string;
  symbol: string;
  description?: string;
  /** Executed so far on this leg and the quantity-weighted average price of those executions. */
  filledQuantity: number;
  averagePrice?: number;
}

export interface ActivityExecution {
  legId?: number;
  quantity: number;
  price: number;
  time: number;
}

export interface ActivityOrder {
  orderId: string;
  accountHash: string;
  status: string;
  enteredTime?: number;
  closeTime?: number;
  orderType?: string;
  session?: string;
  duration?: string;
  /** SINGLE, OCO, TRIGGER, … */
  strategy: string;
  complexStrategy?: string;
  /** The limit price (not what it filled at — see the legs' averagePrice). */
  limitPrice?: number;
  stopPrice?: number;
  quantity: number;
  filledQuantity: number;
  remainingQuantity: number;
  legs: ActivityOrderLeg[];
  executions: ActivityExecution[];
  children: ActivityOrder[];
}
