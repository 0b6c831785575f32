// The positions table's row model: flattening (one account or all), filtering, sorting and the totals row.
// Kept free of React so the rules are tested directly and the component stays about rendering.
import type { AccountView, Cents, PortfolioSnapshot, PositionView, PricePerShare } from '../../../common/contract';
import { formatSymbol, optionParts, symbolSortKey } from '../../../common/format/optionSymbol';
import { cashAndSweep, combinedWeights } from '../../../common/portfolio/figures';

export interface PositionRow {
  /** 'cash': the account's cash & sweep row (pinned below the positions, in every sort). */
  kind: 'position' | 'cash';
  key: string;
  accountHash: string;
  account: string;
  symbol: string;
  /** Readable symbol ("SPY 18 Dec 26 550 C" for options). */
  display: string;
  /** Options: the readable symbol without its put/call letter, which `putCall` carries for a tag shown first. */
  displayBase: string;
  putCall: 'C' | 'P' | null;
  sortSymbol: string;
  description: string;
  assetType: string;
  quantity: number | null;
  mark: PricePerShare | null;
  lastPrice: PricePerShare | null;
  netChange: PricePerShare | null;
  netPercentChange: number | null;
  quoteTime: string | null;
  averagePrice: PricePerShare | null;
  marketValue: Cents;
  dayProfitLoss: Cents | null;
  dayProfitLossPercent: number | null;
  unrealizedProfitLoss: Cents | null;
  unrealizedProfitLossPercent: number | null;
  /** Signed share of the liquidation value shown (the account's, or all accounts' in "all"). */
  weightPercent: number;
  /** Options: the quoted greeks (null: not quoted yet, or not an option). */
  delta: number | null;
  theta: number | null;
  iv: number | null;
  daysToExpiration: number | null;
}

export type SortKey =
  | 'account'
  | 'symbol'
  | 'description'
  | 'quantity'
  | 'mark'
  | 'lastPrice'
  | 'netChange'
  | 'netPercentChange'
  | 'averagePrice'
  | 'marketValue'
  | 'dayProfitLoss'
  | 'dayProfitLossPercent'
  | 'unrealizedProfitLoss'
  | 'unrealizedProfitLossPercent'
  | 'weightPercent'
  | 'delta'
  | 'theta'
  | 'iv'
  | 'daysToExpiration';

export const SORT_KEYS: readonly SortKey[] = [
  'account',
  'symbol',
  'description',
  'quantity',
  'mark',
  'lastPrice',
  'netChange',
  'netPercentChange',
  'averagePrice',
  'marketValue',
  'dayProfitLoss',
  'dayProfitLossPercent',
  'unrealizedProfitLoss',
  'unrealizedProfitLossPercent',
  'weightPercent',
  'delta',
  'theta',
  'iv',
  'daysToExpiration',
];

export const CASH_ROW_LABEL = 'Cash & sweep';

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

export const TEXT_KEYS: ReadonlySet<SortKey> = new Set(['account', 'symbol', 'description']);
export const DEFAULT_SORT: SortState = { key: 'weightPercent', direction: 'desc' };

// Parsing OCC symbols is the costliest part of building rows; symbols repeat every poll, so remember them.
interface SymbolInfo {
  display: string;
  displayBase: string;
  putCall: 'C' | 'P' | null;
  sortKey: string;
}
const symbolCache = new Map<string, SymbolInfo>();
function symbolInfo(symbol: string): SymbolInfo {
  let info = symbolCache.get(symbol);
  if (!info) {
    if (symbolCache.size > 50_000) symbolCache.clear();
    const parts = optionParts(symbol);
    info = {
      display: formatSymbol(symbol),
      displayBase: parts ? parts.base : symbol,
      putCall: parts ? parts.putCall : null,
      sortKey: symbolSortKey(symbol),
    };
    symbolCache.set(symbol, info);
  }
  return info;
}

// A patch replaces only the positions it changes (the others keep their objects), so a row is built again
// only for a position object not seen before; 2,500 rows are rebuilt otherwise on every streamed tick.
interface CachedRow {
  row: PositionRow;
  /** The position's place in its account (part of the row's key). */
  index: number;
  /** The same row with the weight of all accounts' combined value ("all"), when it was asked for. */
  combined: PositionRow | null;
}
const rowCache = new WeakMap<PositionView, CachedRow>();

function positionRow(a: AccountView, p: PositionView, index: number): CachedRow {
  const cached = rowCache.get(p);
  if (cached && cached.row.accountHash === a.hash && cached.row.account === a.displayNumber && cached.index === index) return cached;
  const info = symbolInfo(p.symbol);
  const entry: CachedRow = {
    index,
    combined: null,
    row: {
      kind: 'position',
      key: `${a.hash}:${p.symbol}:${index}`,
      accountHash: a.hash,
      account: a.displayNumber,
      symbol: p.symbol,
      display: info.display,
      displayBase: info.displayBase,
      putCall: info.putCall,
      sortSymbol: info.sortKey,
      description: p.description,
      assetType: p.assetType,
      quantity: p.quantity,
      // A cached snapshot from before quotes existed has no such fields.
      mark: p.mark ?? null,
      lastPrice: p.lastPrice ?? null,
      netChange: p.netChange ?? null,
      netPercentChange: p.netPercentChange ?? null,
      quoteTime: p.quoteTime ?? null,
      averagePrice: p.averagePrice,
      marketValue: p.marketValue,
      dayProfitLoss: p.dayProfitLoss,
      dayProfitLossPercent: p.dayProfitLossPercent,
      unrealizedProfitLoss: p.unrealizedProfitLoss,
      unrealizedProfitLossPercent: p.unrealizedProfitLossPercent,
      weightPercent: p.weightPercent,
      delta: p.delta ?? null,
      theta: p.theta ?? null,
      iv: p.iv ?? null,
      daysToExpiration: p.daysToExpiration ?? null,
    },
  };
  rowCache.set(p, entry);
  return entry;
}

function cashRow(a: AccountView): PositionRow {
  return {
    kind: 'cash',
    key: `${a.hash}:cash`,
    accountHash: a.hash,
    account: a.displayNumber,
    symbol: CASH_ROW_LABEL,
    display: CASH_ROW_LABEL,
    displayBase: CASH_ROW_LABEL,
    putCall: null,
    sortSymbol: CASH_ROW_LABEL,
    description: a.sweepBalance !== 0 ? 'Cash balance and money-market sweep' : 'Cash balance',
    assetType: 'CASH',
    quantity: null,
    mark: null,
    lastPrice: null,
    netChange: null,
    netPercentChange: null,
    quoteTime: null,
    averagePrice: null,
    marketValue: cashAndSweep(a),
    dayProfitLoss: null,
    dayProfitLossPercent: null,
    unrealizedProfitLoss: null,
    unrealizedProfitLossPercent: null,
    weightPercent: a.cashWeightPercent ?? 0,
    delta: null,
    theta: null,
    iv: null,
    daysToExpiration: null,
  };
}

/**
 * Rows for one account (by hash) or for all accounts, each account's cash & sweep row included. In "all",
 * weights are re-based on the total value, apportioned again so that every row's weight still sums to 100 %.
 * Rows are never changed once made: a row whose figures are the same is the same object as before.
 */
export function buildRows(snapshot: PortfolioSnapshot, accountHash: string | null): PositionRow[] {
  const accounts = accountHash ? snapshot.accounts.filter((a) => a.hash === accountHash) : snapshot.accounts;
  const combined = !accountHash && accounts.length > 1;
  // Rows are built in the same order combinedWeights walks them: each account's positions, then its cash.
  const weights = combined ? combinedWeights(accounts) : null;
  const rows: PositionRow[] = [];
  for (const a of accounts) {
    a.positions.forEach((p, i) => {
      const entry = positionRow(a, p, i);
      if (!weights) {
        rows.push(entry.row);
        return;
      }
      const weight = weights[rows.length]!;
      if (entry.combined?.weightPercent !== weight) entry.combined = entry.row.weightPercent === weight ? entry.row : { ...entry.row, weightPercent: weight };
      rows.push(entry.combined);
    });
    const cash = cashRow(a);
    if (weights) cash.weightPercent = weights[rows.length]!;
    rows.push(cash);
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

/**
 * The last order sortRows produced, by row key: a streamed tick seldom moves a row in the order, and the
 * engine's merge sort takes an already sorted run in one pass, so the next sort starts from this order.
 * The comparator is a total order (ties by place), so where it starts never changes the result.
 */
let lastOrder: { keys: string[]; order: number[] } | null = null;

function startingOrder(rows: readonly PositionRow[]): number[] {
  const n = rows.length;
  const last = lastOrder;
  if (last && last.keys.length === n && rows.every((r, i) => r.key === last.keys[i])) return last.order.slice();
  return Array.from({ length: n }, (_, i) => i);
}

/** Stable sort; missing values (no cost basis, no quote) go last in either direction; cash rows stay last. */
export function sortRows(all: PositionRow[], sort: SortState): PositionRow[] {
  const rows = all.filter((r) => r.kind === 'position');
  const cash = all.filter((r) => r.kind === 'cash');
  const sign = sort.direction === 'asc' ? 1 : -1;
  const n = rows.length;
  // Sort indices over pre-read keys: this runs on every streamed tick for up to thousands of rows.
  const order = startingOrder(rows);
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
  lastOrder = { keys: rows.map((r) => r.key), order };
  return [...order.map((i) => rows[i]!), ...cash];
}

/** A header click: same column flips; a new column starts descending for numbers, ascending for text. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: TEXT_KEYS.has(key) ? 'asc' : 'desc' };
}
