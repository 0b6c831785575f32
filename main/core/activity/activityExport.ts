// The two CSV exports: positions (the rows a table shows, handed in as plain data, so a filter applied on
// screen is applied here too) and transactions in a date range. ISO dates, plain decimal numbers.
import type { Cents } from '../portfolio/money';
import type { ActivityTransaction } from './activityTypes';
import { centsDecimal, toCsv } from './csv';
import { byTimeThenId } from './realizedPnl';

export interface PositionCsvRow {
  /** How the account is shown (e.g. "Individual …4410"), never the full number. */
  account: string;
  symbol: string;
  description: string;
  assetType: string;
  /** Signed: negative for shorts. */
  quantity: number;
  price: number;
  marketValueCents: Cents;
  dayChangeCents: Cents;
  costBasisCents?: Cents;
  unrealizedCents?: Cents;
}

export const POSITION_CSV_HEADER = [
  'account',
  'symbol',
  'description',
  'asset_type',
  'quantity',
  'price',
  'market_value',
  'day_change',
  'cost_basis',
  'unrealized_pnl',
  'as_of',
] as const;

export function positionsCsv(rows: readonly PositionCsvRow[], asOfMs: number): string {
  const asOf = new Date(asOfMs).toISOString();
  return toCsv(
    POSITION_CSV_HEADER,
    rows.map((r) => [
      r.account,
      r.symbol,
      r.description,
      r.assetType,
      r.quantity,
      r.price,
      centsDecimal(r.marketValueCents),
      centsDecimal(r.dayChangeCents),
      r.costBasisCents === undefined ? '' : centsDecimal(r.costBasisCents),
      r.unrealizedCents === undefined ? '' : centsDecimal(r.unrealizedCents),
      asOf,
    ]),
  );
}

export const TRANSACTION_CSV_HEADER = [
  'date',
  'time',
  'account',
  'activity_id',
  'type',
  'description',
  'symbol',
  'quantity',
  'price',
  'net_amount',
  'fees',
  'order_id',
] as const;

/** Transactions with `fromMs ≤ time ≤ toMs`, oldest first; `date` is the trade date Schwab states, else the UTC date. */
export function transactionsCsv(
  transactions: readonly ActivityTransaction[],
  range: { fromMs: number; toMs: number },
  accountLabel: (accountHash: string) => string,
): string {
  const rows = transactions
    .filter((t) => t.time >= range.fromMs && t.time <= range.toMs)
    .sort(byTimeThenId)
    .map((t) => {
      const security = t.legs.find((l) => l.kind === 'security' && l.symbol === t.symbol);
      return [
        t.tradeDate ?? new Date(t.time).toISOString().slice(0, 10),
        new Date(t.time).toISOString(),
        accountLabel(t.accountHash),
        t.activityId,
        t.type,
        t.description,
        t.symbol ?? '',
        security ? security.quantity : '',
        security?.price ?? '',
        centsDecimal(t.netCents),
        centsDecimal(t.feesCents),
        t.orderId ?? '',
      ];
    });
  return toCsv(TRANSACTION_CSV_HEADER, rows);
}
