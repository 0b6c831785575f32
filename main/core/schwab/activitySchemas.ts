// Schwab's order and transaction payloads (GET …/orders, GET …/transactions), loose like the other schemas:
// unknown fields pass, only what normalisation needs is required. Where real payloads disagree both forms
// are accepted (from the samples in test/fixtures/schwab/, see SOURCES.md there):
// - ids (`orderId`, `activityId`, `positionId`) arrive as JSON integers and, in some captures, as strings;
// - `accountNumber` is an integer in orders and a string in transactions (and missing in one capture);
// - `tradeDate` is a full timestamp in some captures and a bare date in others;
// - an OCO/trigger parent order may carry no legs of its own, only `childOrderStrategies`.
import { z } from 'zod';

const num = z.number();
const optNum = num.optional();
const optStr = z.string().optional();

/** An integer id or its decimal string, kept as a string (13-digit order ids fit a double, but barely). */
export const SchwabIdSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

const accountNumber = z.union([z.string(), z.number()]).transform(String).optional();

// ---------------------------------------------------------------------------------------------
// Orders

export const OrderInstrumentSchema = z.looseObject({
  assetType: z.string(),
  symbol: z.string(),
  cusip: optStr,
  description: optStr,
  putCall: optStr,
  underlyingSymbol: optStr,
  instrumentId: optNum,
});

export const OrderLegSchema = z.looseObject({
  orderLegType: optStr,
  legId: optNum,
  instrument: OrderInstrumentSchema,
  instruction: z.string(),
  positionEffect: optStr,
  quantity: num,
});
export type OrderLeg = z.infer<typeof OrderLegSchema>;

export const ExecutionLegSchema = z.looseObject({
  legId: optNum,
  quantity: num,
  price: num,
  time: z.string(),
  mismarkedQuantity: optNum,
  instrumentId: optNum,
});

export const OrderActivitySchema = z.looseObject({
  activityType: z.string(),
  activityId: SchwabIdSchema.optional(),
  executionType: optStr,
  quantity: optNum,
  orderRemainingQuantity: optNum,
  executionLegs: z.array(ExecutionLegSchema).optional(),
});

export const OrderSchema = z.looseObject({
  orderId: SchwabIdSchema,
  status: z.string(),
  accountNumber,
  enteredTime: optStr,
  closeTime: optStr,
  session: optStr,
  duration: optStr,
  orderType: optStr,
  complexOrderStrategyType: optStr,
  orderStrategyType: optStr,
  price: optNum,
  stopPrice: optNum,
  quantity: optNum,
  filledQuantity: optNum,
  remainingQuantity: optNum,
  cancelable: z.boolean().optional(),
  editable: z.boolean().optional(),
  statusDescription: optStr,
  tag: optStr,
  orderLegCollection: z.array(OrderLegSchema).optional(),
  orderActivityCollection: z.array(OrderActivitySchema).optional(),
  get childOrderStrategies() {
    return z.array(OrderSchema).optional();
  },
});
export type Order = z.infer<typeof OrderSchema>;
export const OrdersSchema = z.array(OrderSchema);

// ---------------------------------------------------------------------------------------------
// Transactions

export const TransactionInstrumentSchema = z.looseObject({
  assetType: optStr,
  symbol: optStr,
  description: optStr,
  cusip: optStr,
  instrumentId: optNum,
  closingPrice: optNum,
  putCall: optStr,
  underlyingSymbol: optStr,
  optionPremiumMultiplier: optNum,
});

export const TransferItemSchema = z.looseObject({
  instrument: TransactionInstrumentSchema.optional(),
  amount: optNum,
  cost: optNum,
  price: optNum,
  feeType: optStr,
  positionEffect: optStr,
});
export type TransferItem = z.infer<typeof TransferItemSchema>;

export const TransactionSchema = z.looseObject({
  activityId: SchwabIdSchema,
  time: z.string(),
  type: z.string(),
  netAmount: num,
  accountNumber,
  description: optStr,
  status: optStr,
  subAccount: optStr,
  tradeDate: optStr,
  settlementDate: optStr,
  positionId: SchwabIdSchema.optional(),
  orderId: SchwabIdSchema.optional(),
  activityType: optStr,
  transferItems: z.array(TransferItemSchema).optional(),
});
export type Transaction = z.infer<typeof TransactionSchema>;
export const TransactionsSchema = z.array(TransactionSchema);

/** Schwab's transaction types, every one of which `types` may name. */
export const TRANSACTION_TYPES = [
  'TRADE',
  'RECEIVE_AND_DELIVER',
  'DIVIDEND_OR_INTEREST',
  'ACH_RECEIPT',
  'ACH_DISBURSEMENT',
  'CASH_RECEIPT',
  'CASH_DISBURSEMENT',
  'ELECTRONIC_FUND',
  'WIRE_OUT',
  'WIRE_IN',
  'JOURNAL',
  'MEMORANDUM',
  'MARGIN_CALL',
  'MONEY_MARKET',
  'SMA_ADJUSTMENT',
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/** Schwab's order statuses (the `status` filter takes exactly one). */
export const ORDER_STATUSES = [
  'AWAITING_PARENT_ORDER',
  'AWAITING_CONDITION',
  'AWAITING_STOP_CONDITION',
  'AWAITING_MANUAL_REVIEW',
  'ACCEPTED',
  'AWAITING_UR_OUT',
  'PENDING_ACTIVATION',
  'QUEUED',
  'WORKING',
  'REJECTED',
  'PENDING_CANCEL',
  'CANCELED',
  'PENDING_REPLACE',
  'REPLACED',
  'FILLED',
  'EXPIRED',
  'NEW',
  'AWAITING_RELEASE_TIME',
  'PENDING_ACKNOWLEDGEMENT',
  'PENDING_RECALL',
  'UNKNOWN',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses after which an order no longer changes. */
export const TERMINAL_ORDER_STATUSES: ReadonlySet<string> = new Set(['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED', 'REPLACED']);
