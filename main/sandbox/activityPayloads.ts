// Renders the activity ledger as Schwab's JSON (shapes of the real captures in test/fixtures/schwab/):
// orders with an integer accountNumber, orderLegCollection and orderActivityCollection/executionLegs, OCO
// parents holding their two exits in childOrderStrategies; transactions with a string accountNumber,
// fee legs as CURRENCY_USD items with feeType, times as "2024-05-07T13:30:01+0000".
import type { Order, Transaction } from '../core/schwab/activitySchemas';
import { ASSET_TYPE } from './book';
import type { SbInstrument, SbItem, SbOcoOrder, SbOrder, SbTransaction } from './activityLedger';
import { DAY_MS } from './activityHistory';

/** Schwab's timestamp style in these payloads: second precision, "+0000". */
export function schwabTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

const CURRENCY_USD = { assetType: 'CURRENCY', status: 'ACTIVE', symbol: 'CURRENCY_USD', description: 'USD currency', instrumentId: 1, closingPrice: 0 };

function orderInstrument(i: SbInstrument): Record<string, unknown> {
  const base: Record<string, unknown> = { assetType: ASSET_TYPE[i.kind], cusip: i.cusip, symbol: i.symbol };
  if (i.description !== undefined) base.description = i.description;
  base.instrumentId = i.instrumentId;
  if (i.option) {
    base.type = 'VANILLA';
    base.putCall = i.option.putCall;
    base.underlyingSymbol = i.option.underlying;
    base.optionDeliverables = [{ symbol: i.option.underlying, deliverableUnits: 100 }];
  }
  return base;
}

function transactionInstrument(i: SbInstrument, closingPrice: number): Record<string, unknown> {
  const base: Record<string, unknown> = { assetType: ASSET_TYPE[i.kind], status: 'ACTIVE', symbol: i.symbol };
  if (i.description !== undefined) base.description = i.description;
  base.instrumentId = i.instrumentId;
  base.closingPrice = closingPrice;
  if (i.option) {
    base.expirationDate = `${i.option.expiration}T04:00:00+0000`;
    base.optionPremiumMultiplier = 100;
    base.putCall = i.option.putCall;
    base.strikePrice = i.option.strikeCents / 100;
    base.type = 'VANILLA';
    base.underlyingSymbol = i.option.underlying;
  } else if (i.kind === 'EQUITY') {
    base.type = 'COMMON_STOCK';
  } else if (i.kind === 'ETF') {
    base.type = 'EXCHANGE_TRADED_FUND';
  } else if (i.kind === 'MONEY_MARKET') {
    base.type = 'MONEY_MARKET_FUND';
  }
  return base;
}

export function orderPayload(o: SbOrder): Order {
  const filled = o.executions.reduce((s, e) => s + e.quantity, 0);
  let remaining = o.quantity - filled;
  const body: Record<string, unknown> = {
    session: 'NORMAL',
    duration: o.duration,
    orderType: o.orderType,
    complexOrderStrategyType: 'NONE',
    quantity: o.quantity,
    filledQuantity: filled,
    remainingQuantity: o.status === 'CANCELED' || o.status === 'REJECTED' ? 0 : remaining,
    requestedDestination: 'AUTO',
    destinationLinkName: o.instrument.kind === 'OPTION' ? 'CDRG' : 'NITE',
  };
  if (o.price !== undefined) body.price = o.price;
  if (o.stopPrice !== undefined) body.stopPrice = o.stopPrice;
  body.orderLegCollection = [
    {
      orderLegType: o.instrument.kind === 'OPTION' ? 'OPTION' : o.instrument.kind === 'MUTUAL_FUND' || o.instrument.kind === 'MONEY_MARKET' ? 'MUTUAL_FUND' : 'EQUITY',
      legId: 1,
      instrument: orderInstrument(o.instrument),
      instruction: o.instruction,
      positionEffect: o.instruction.endsWith('CLOSE') || o.instruction === 'SELL' || o.instruction === 'BUY_TO_COVER' ? 'CLOSING' : 'OPENING',
      quantity: o.quantity,
    },
  ];
  body.orderStrategyType = 'SINGLE';
  body.orderId = o.orderId;
  body.cancelable = o.status === 'WORKING';
  body.editable = o.status === 'WORKING';
  body.status = o.status;
  body.enteredTime = schwabTimestamp(o.enteredMs);
  if (o.closeMs !== undefined) body.closeTime = schwabTimestamp(o.closeMs);
  body.accountNumber = Number(o.accountNumber);
  if (o.executions.length > 0) {
    remaining = o.quantity;
    body.orderActivityCollection = o.executions.map((e) => {
      remaining -= e.quantity;
      return {
        activityType: 'EXECUTION',
        activityId: e.activityId,
        executionType: 'FILL',
        quantity: e.quantity,
        orderRemainingQuantity: remaining,
        executionLegs: [{ legId: 1, quantity: e.quantity, mismarkedQuantity: 0, price: e.price, time: schwabTimestamp(e.timeMs), instrumentId: o.instrument.instrumentId }],
      };
    });
  }
  return body as Order;
}

export function ocoPayload(o: SbOcoOrder): Order {
  const body: Record<string, unknown> = {
    session: 'NORMAL',
    duration: 'GOOD_TILL_CANCEL',
    orderType: 'LIMIT',
    complexOrderStrategyType: 'NONE',
    quantity: o.children[0].quantity,
    filledQuantity: 0,
    remainingQuantity: o.children[0].quantity,
    requestedDestination: 'AUTO',
    destinationLinkName: 'NITE',
    orderStrategyType: 'OCO',
    orderId: o.orderId,
    cancelable: true,
    editable: false,
    status: 'WORKING',
    enteredTime: schwabTimestamp(o.enteredMs),
    accountNumber: Number(o.accountNumber),
    childOrderStrategies: o.children.map(orderPayload),
  };
  return body as Order;
}

function itemPayload(item: SbItem, closingPrice: (symbol: string) => number): Record<string, unknown> {
  if (!item.instrument) {
    return { instrument: CURRENCY_USD, amount: item.amount, cost: item.costCents / 100, ...(item.feeType ? { feeType: item.feeType } : {}) };
  }
  const out: Record<string, unknown> = {
    instrument: transactionInstrument(item.instrument, closingPrice(item.instrument.symbol)),
    amount: item.amount,
    cost: item.costCents / 100,
  };
  if (item.price !== undefined) out.price = item.price;
  if (item.positionEffect) out.positionEffect = item.positionEffect;
  return out;
}

export function transactionPayload(t: SbTransaction, closingPrice: (symbol: string) => number): Transaction {
  const body: Record<string, unknown> = { activityId: t.activityId, time: schwabTimestamp(t.timeMs) };
  if (t.description !== undefined) body.description = t.description;
  body.accountNumber = t.accountNumber;
  body.type = t.type;
  body.status = 'VALID';
  body.subAccount = t.subAccount;
  body.tradeDate = schwabTimestamp(t.timeMs);
  if (t.type === 'TRADE') body.settlementDate = schwabTimestamp(t.timeMs + DAY_MS);
  if (t.positionId !== undefined) body.positionId = t.positionId;
  if (t.orderId !== undefined) body.orderId = t.orderId;
  body.netAmount = t.netCents / 100;
  body.activityType = t.type === 'TRADE' ? 'EXECUTION' : 'TRANSFER';
  body.transferItems = t.items.map((i) => itemPayload(i, closingPrice));
  return body as Transaction;
}
