// Schwab's orders and transactions → Arbion's ActivityOrder / ActivityTransaction. Money goes through
// toCents (the one rounding rule); fee legs are the CURRENCY_USD items carrying a feeType; the fill price
// comes from the executions, never from `price` (that is the limit).
import { ArbionError } from '../errors';
import { toCents, type Cents } from '../portfolio/money';
import type { Order, Transaction, TransferItem } from '../schwab/activitySchemas';
import type { ActivityExecution, ActivityLeg, ActivityOrder, ActivityOrderLeg, ActivityTransaction } from './activityTypes';

/** "2024-05-07T13:30:01+0000", "2024-05-07T13:30:01.000Z" or a bare "2025-01-17" → ms. */
export function parseSchwabTime(text: string, what: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new ArbionError('PayloadInvalid', `Schwab sent an unreadable time "${text}" in ${what}.`);
  return ms;
}

function legOf(item: TransferItem): ActivityLeg {
  const instrument = item.instrument;
  const currency = instrument === undefined || instrument.assetType === 'CURRENCY' || instrument.symbol === 'CURRENCY_USD';
  const kind = item.feeType !== undefined ? 'fee' : currency ? 'cash' : 'security';
  // A fee leg without a cost states the fee as a positive amount.
  const costCents = item.cost !== undefined ? toCents(item.cost) : kind === 'fee' ? -toCents(item.amount ?? 0) : 0;
  const leg: ActivityLeg = { kind, quantity: kind === 'security' ? (item.amount ?? 0) : 0, costCents };
  if (instrument?.assetType !== undefined) leg.assetType = instrument.assetType;
  if (!currency && instrument?.symbol !== undefined) leg.symbol = instrument.symbol;
  if (instrument?.underlyingSymbol !== undefined) leg.underlyingSymbol = instrument.underlyingSymbol;
  if (instrument?.description !== undefined) leg.description = instrument.description;
  if (item.price !== undefined) leg.price = item.price;
  if (item.feeType !== undefined) leg.feeType = item.feeType;
  if (item.positionEffect !== undefined) leg.positionEffect = item.positionEffect;
  return leg;
}

export function normalizeTransaction(t: Transaction, accountHash: string): ActivityTransaction {
  const legs = (t.transferItems ?? []).map(legOf);
  const feesCents: Cents = legs.filter((l) => l.kind === 'fee').reduce((s, l) => s - l.costCents, 0);
  const security = legs.find((l) => l.kind === 'security' && l.symbol !== undefined);
  const out: ActivityTransaction = {
    activityId: t.activityId,
    accountHash,
    time: parseSchwabTime(t.time, `transaction ${t.activityId}`),
    type: t.type,
    description: t.description ?? '',
    netCents: toCents(t.netAmount),
    feesCents,
    legs,
  };
  const tradeDate = /^\d{4}-\d{2}-\d{2}/.exec(t.tradeDate ?? '')?.[0];
  if (tradeDate !== undefined) out.tradeDate = tradeDate;
  if (t.status !== undefined) out.status = t.status;
  if (t.orderId !== undefined) out.orderId = t.orderId;
  if (security?.symbol !== undefined) out.symbol = security.symbol;
  return out;
}

export function normalizeOrder(o: Order, accountHash: string, parentEntered?: number): ActivityOrder {
  const entered = o.enteredTime !== undefined ? parseSchwabTime(o.enteredTime, `order ${o.orderId}`) : parentEntered;
  const executions: ActivityExecution[] = (o.orderActivityCollection ?? [])
    .filter((a) => a.activityType === 'EXECUTION')
    .flatMap((a) => a.executionLegs ?? [])
    .map((e) => ({
      ...(e.legId !== undefined ? { legId: e.legId } : {}),
      quantity: e.quantity,
      price: e.price,
      time: parseSchwabTime(e.time, `order ${o.orderId}`),
    }));
  const legList = o.orderLegCollection ?? [];
  const legs: ActivityOrderLeg[] = legList.map((l) => {
    // With one leg every execution is that leg's, whether or not it names a legId.
    const mine = executions.filter((e) => legList.length === 1 || e.legId === l.legId);
    const filled = mine.reduce((s, e) => s + e.quantity, 0);
    const leg: ActivityOrderLeg = {
      instruction: l.instruction,
      quantity: l.quantity,
      assetType: l.instrument.assetType,
      symbol: l.instrument.symbol,
      filledQuantity: filled,
    };
    if (l.legId !== undefined) leg.legId = l.legId;
    if (l.positionEffect !== undefined) leg.positionEffect = l.positionEffect;
    if (l.instrument.description !== undefined) leg.description = l.instrument.description;
    if (filled > 0) leg.averagePrice = Math.round((mine.reduce((s, e) => s + e.quantity * e.price, 0) / filled) * 10_000) / 10_000;
    return leg;
  });
  const quantity = o.quantity ?? legs[0]?.quantity ?? 0;
  const filledQuantity = o.filledQuantity ?? legs[0]?.filledQuantity ?? 0;
  const out: ActivityOrder = {
    orderId: o.orderId,
    accountHash,
    status: o.status,
    strategy: o.orderStrategyType ?? 'SINGLE',
    quantity,
    filledQuantity,
    remainingQuantity: o.remainingQuantity ?? Math.max(0, quantity - filledQuantity),
    legs,
    executions,
    children: (o.childOrderStrategies ?? []).map((c) => normalizeOrder(c, accountHash, entered)),
  };
  if (entered !== undefined) out.enteredTime = entered;
  if (o.closeTime !== undefined) out.closeTime = parseSchwabTime(o.closeTime, `order ${o.orderId}`);
  if (o.orderType !== undefined) out.orderType = o.orderType;
  if (o.session !== undefined) out.session = o.session;
  if (o.duration !== undefined) out.duration = o.duration;
  if (o.complexOrderStrategyType !== undefined) out.complexStrategy = o.complexOrderStrategyType;
  if (o.price !== undefined) out.limitPrice = o.price;
  if (o.stopPrice !== undefined) out.stopPrice = o.stopPrice;
  return out;
}
