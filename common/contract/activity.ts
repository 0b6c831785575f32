// Activity view models: working orders, today's fills, transactions, the realized / income / fee / deposit
// figures and the sync's progress. Money is integer cents (fields ending in `Cents`); prices per share stay
// as Schwab sends them (they may carry four decimals). Accounts are named by hash and their masked label.
import { z } from 'zod';

export interface OrderLegView {
  instruction: string;
  positionEffect: string | null;
  symbol: string;
  assetType: string;
  quantity: number;
  filledQuantity: number;
  /** Quantity-weighted average of this leg's executions (null before any). */
  averagePrice: number | null;
}

export interface OrderView {
  orderId: string;
  accountHash: string;
  /** e.g. "Individual …4410": never the full account number. */
  account: string;
  status: string;
  /** ISO times. */
  enteredTime: string | null;
  closeTime: string | null;
  orderType: string | null;
  duration: string | null;
  /** SINGLE, OCO, TRIGGER, … */
  strategy: string;
  /** The limit and the stop (not what it filled at — see averagePrice). */
  limitPrice: number | null;
  stopPrice: number | null;
  quantity: number;
  filledQuantity: number;
  remainingQuantity: number;
  /** Average fill price over every execution (null before any). */
  averagePrice: number | null;
  legs: OrderLegView[];
  /** OCO / trigger children. */
  children: OrderView[];
}

/** One order's executions today, summed. */
export interface FillView {
  orderId: string;
  accountHash: string;
  account: string;
  symbol: string;
  instruction: string;
  quantity: number;
  averagePrice: number;
  /** Quantity × average price, in cents. */
  valueCents: number;
  /** ISO time of the latest execution. */
  time: string;
  /** The order has nothing left to fill. */
  complete: boolean;
}

export interface TransactionView {
  activityId: string;
  accountHash: string;
  account: string;
  /** ISO time. */
  time: string;
  tradeDate: string | null;
  type: string;
  status: string | null;
  description: string;
  symbol: string | null;
  /** Signed (negative: out of the account). */
  quantity: number | null;
  price: number | null;
  netCents: number;
  feesCents: number;
  orderId: string | null;
}

export type ActivityPeriod = 'today' | 'monthToDate' | 'yearToDate';
export const ACTIVITY_PERIODS: readonly ActivityPeriod[] = ['today', 'monthToDate', 'yearToDate'];

export interface PeriodFiguresView {
  /** Estimated from Schwab transactions by average cost (Schwab's lot method may differ). */
  realizedCents: number;
  dividendsCents: number;
  interestCents: number;
  incomeCents: number;
  /** Positive: paid. */
  feesCents: number;
  netDepositsCents: number;
}
export type FiguresByPeriodView = Record<ActivityPeriod, PeriodFiguresView>;

export interface AccountFiguresView {
  accountHash: string;
  account: string;
  figures: FiguresByPeriodView;
}

export interface ActivityFiguresView {
  total: FiguresByPeriodView;
  accounts: AccountFiguresView[];
  /** Closing trades whose opening is older than the stored history (left out of realized P&L). */
  unmatchedCloses: number;
}

export type ActivitySyncPhase = 'idle' | 'backfilling' | 'syncing' | 'error';

export interface ActivitySyncView {
  phase: ActivitySyncPhase;
  /** Calls finished / planned in the current sync (0/0 when idle). */
  done: number;
  total: number;
  /** ISO time of the last complete sync. */
  lastSyncAt: string | null;
  error: string | null;
}

export interface ActivityView {
  sync: ActivitySyncView;
  workingOrders: OrderView[];
  todaysFills: FillView[];
  figures: ActivityFiguresView;
  /** The transaction types stored, for the filter. */
  transactionTypes: string[];
}

/** Pushed when a sync sees an order fill (part or all); the window toasts it, the host notifies. */
export interface OrderFillNotice {
  fill: FillView;
  /** Quantity filled since the last sync. */
  newQuantity: number;
}

export type OrderStatusFilter = 'working' | 'filled' | 'all';

const ISO_DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
/** New York calendar days, both ends included. */
export const DateRangeSchema = z
  .object({ from: ISO_DATE, to: ISO_DATE })
  .refine((r) => r.from <= r.to, 'the range ends before it starts');
export type DateRange = z.infer<typeof DateRangeSchema>;
export const TransactionTypeFilterSchema = z.string().regex(/^[A-Z_]{1,40}$/);
export const TransactionSearchSchema = z.string().max(200);
export const OrderStatusFilterSchema = z.enum(['working', 'filled', 'all']);

export type CsvExportKind = 'positions' | 'transactions';
/** Positions: the rows the table shows (account + symbol, in its order); transactions: a date range. */
export const CsvExportRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('positions'),
    rows: z.array(z.object({ accountHash: z.string().min(1).max(128), symbol: z.string().min(1).max(64) })).max(20_000).optional(),
  }),
  z.object({ kind: z.literal('transactions'), range: DateRangeSchema.optional() }),
]);
export type CsvExportRequest = z.infer<typeof CsvExportRequestSchema>;

export interface CsvExport {
  /** A file name to offer, e.g. "arbion-transactions-2026-01-01-2026-12-02.csv". */
  fileName: string;
  text: string;
  rows: number;
}
