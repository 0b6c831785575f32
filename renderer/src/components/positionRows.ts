// The positions table's row model: flattening (one account or all), filtering, sorting and the totals row.
// Kept free of React so the rules are tested directly and the component stays about rendering.
import type { PortfolioSnapshot } from '../../../preload/contract';
import { formatSymbol, symbolSortKey } from '../../../common/format/optionSymbol';

export interface PositionRow {
  key: string;
  accountHash: string;
  account: string;
  symbol: string;
  /** Readable symbol ("SPY 18 Dec 26 550 C" for options). */
  display: string;
  sortSymbol: string;
  description: string;
  assetType: string;
  quantity: number;
  averagePrice: number;
  marketValue: number;
  dayProfitLoss: number;
  dayProfitLossPercent: number;
  unrealizedProfitLoss: number;
  unrealizedProfitLossPercent: number | null;
  weightPercent: number;
}

export type SortKey =
  | 'account'
  | 'symbol'
  | 'description'
  | 'quantity'
  | 'averagePrice'
  | 'marketValue'
  | 'dayProfitLoss'
  | 'dayProfitLossPercent'
  | 'unrealizedProfitLoss'
  | 'unrealizedProfitLossPercent'
  | 'weightPercent';

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

export const TEXT_KEYS: ReadonlySet<SortKey> = new Set(['account', 'symbol', 'description']);
export const DEFAULT_SORT: SortState = { key: 'weightPercent', direction: 'desc' };

// Parsing OCC symbols is the costliest part of building rows; symbols repeat every poll, so remember them.
const symbolCache = new Map<string, { display: string; sortKey: string }>();
function symbolInfo(symbol: string): { display: string; sortKey: string } {
  let info = symbolCache.get(symbol);
  if (!info) {
    if (symbolCache.size > 50_000) symbolCache.clear();
    info = { display: formatSymbol(symbol), sortKey: symbolSortKey(symbol) };
    symbolCache.set(symbol, info);
  }
  return info;
}

/** Rows for one account (by hash) or for all accounts; in "all", weight is re-based on the total. */
export function buildRows(snapshot: PortfolioSnapshot, accountHash: string | null): PositionRow[] {
  const accounts = accountHash ? snapshot.accounts.filter((a) => a.hash === accountHash) : snapshot.accounts;
  const total = snapshot.totals.liquidationValue;
  const rows: PositionRow[] = [];
  for (const a of accounts) {
    a.positions.forEach((p, i) => {
      const info = symbolInfo(p.symbol);
      rows.push({
        key: `${a.hash}:${p.symbol}:${i}`,
        accountHash: a.hash,
        account: a.displayNumber,
        symbol: p.symbol,
        display: info.display,
        sortSymbol: info.sortKey,
        description: p.description,
        assetType: p.assetType,
        quantity: p.quantity,
        averagePrice: p.averagePrice,
        marketValue: p.marketValue,
        dayProfitLoss: p.dayProfitLoss,
        dayProfitLossPercent: p.dayProfitLossPercent,
        unrealizedProfitLoss: p.unrealizedProfitLoss,
        unrealizedProfitLossPercent: p.unrealizedProfitLossPercent,
        weightPercent: accountHash || total === 0 ? p.weightPercent : (Math.abs(p.marketValue) / total) * 100,
      });
    });
  }
  return rows;
}

/** Case-insensitive match on symbol (as sent and as shown), description, asset type and account. */
export function filterRows(rows: PositionRow[], query: string): PositionRow[] {
  const q = query.trim().toLowerCase();
  if (!q) return rows;
  const terms = q.split(/\s+/);
  return rows.filter((r) => {
    const hay = `${r.symbol} ${r.display} ${r.description} ${r.assetType} ${r.account}`.toLowerCase();
    return terms.every((t) => hay.includes(t));
  });
}

const collator = new Intl.Collator('en-US', { numeric: true, sensitivity: 'base' });

function sortValue(r: PositionRow, key: SortKey): string | number | null {
  switch (key) {
    case 'symbol':
      return r.sortSymbol;
    case 'account':
      return r.account;
    case 'description':
      return r.description;
    default:
      return r[key];
  }
}

/** Stable sort; missing values (no cost basis, no description) go last in either direction. */
export function sortRows(rows: PositionRow[], sort: SortState): PositionRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const n = rows.length;
  // Sort indices over pre-read keys: this runs on every poll for up to thousands of rows.
  const order = Array.from({ length: n }, (_, i) => i);
  if (TEXT_KEYS.has(sort.key)) {
    const keys = rows.map((r) => sortValue(r, sort.key) as string);
    order.sort((a, b) => {
      const ka = keys[a]!;
      const kb = keys[b]!;
      if (!ka || !kb) return !ka === !kb ? a - b : !ka ? 1 : -1;
      return collator.compare(ka, kb) * sign || a - b;
    });
  } else {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = sortValue(rows[i]!, sort.key);
      keys[i] = v === null ? Number.NaN : (v as number);
    }
    order.sort((a, b) => {
      const ka = keys[a]!;
      const kb = keys[b]!;
      const aMissing = Number.isNaN(ka);
      const bMissing = Number.isNaN(kb);
      if (aMissing || bMissing) return aMissing === bMissing ? a - b : aMissing ? 1 : -1;
      return (ka - kb) * sign || a - b;
    });
  }
  return order.map((i) => rows[i]!);
}

/** A header click: same column flips; a new column starts descending for numbers, ascending for text. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: TEXT_KEYS.has(key) ? 'asc' : 'desc' };
}

export interface RowTotals {
  count: number;
  marketValue: number;
  dayProfitLoss: number;
  /** Against yesterday's value of the same rows. */
  dayProfitLossPercent: number | null;
  unrealizedProfitLoss: number;
  /** Against the rows' cost basis (market value − unrealized P&L). */
  unrealizedProfitLossPercent: number | null;
  weightPercent: number;
}

export function totalsOf(rows: PositionRow[]): RowTotals {
  // One pass, summing whole cents.
  let mvCents = 0;
  let dayCents = 0;
  let unrlCents = 0;
  let weightPercent = 0;
  for (const r of rows) {
    mvCents += Math.round(r.marketValue * 100);
    dayCents += Math.round(r.dayProfitLoss * 100);
    unrlCents += Math.round(r.unrealizedProfitLoss * 100);
    weightPercent += r.weightPercent;
  }
  const marketValue = mvCents / 100;
  const dayProfitLoss = dayCents / 100;
  const unrealizedProfitLoss = unrlCents / 100;
  const previous = marketValue - dayProfitLoss;
  const cost = marketValue - unrealizedProfitLoss;
  return {
    count: rows.length,
    marketValue,
    dayProfitLoss,
    dayProfitLossPercent: Math.abs(previous) < 0.005 ? null : (dayProfitLoss / Math.abs(previous)) * 100,
    unrealizedProfitLoss,
    unrealizedProfitLossPercent: Math.abs(cost) < 0.005 ? null : (unrealizedProfitLoss / Math.abs(cost)) * 100,
    weightPercent,
  };
}
