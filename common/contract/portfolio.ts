// Portfolio view models: what every host shows of the accounts, balances and positions. No token, secret
// or full account number crosses the contract (accountNumber is masked to "…4410" outside `arbion … --json`).
// Money is integer cents (`Cents`) everywhere it could be summed; per-share prices are dollars per share
// (`PricePerShare`, full quoted precision) and are never summed. Percentages are computed once, in the core.
import { z } from 'zod';
import type { Cents, PricePerShare } from '../money/cents';

export type { Cents, PricePerShare } from '../money/cents';

/** `streaming`: fresh, and the quote stream moves the prices between refreshes (as-of = the last tick). */
export type Freshness = 'fresh' | 'streaming' | 'stale' | 'offline' | 'rate-limited' | 'reauth-required';
export type SnapshotSource = 'live' | 'cache';
export type AccountType = 'CASH' | 'MARGIN';

/**
 * An option's greeks as the quote stream last sent them (per share; theta per calendar day; IV in percent).
 * Options carry these keys (null until the stream has sent the figure); other positions do not.
 */
export interface OptionGreeks {
  delta: number | null;
  theta: number | null;
  iv: number | null;
  daysToExpiration: number | null;
  /** The underlying's price per share (the stream's LEVELONE_OPTIONS field 35). */
  underlyingPrice?: number | null;
}
export type OptionGreekKey = keyof OptionGreeks;
export const OPTION_GREEK_KEYS: readonly OptionGreekKey[] = ['delta', 'theta', 'iv', 'daysToExpiration', 'underlyingPrice'];

export interface PositionView extends Partial<OptionGreeks> {
  /** Schwab symbol as sent (options: 21-char OCC form, e.g. "SPY   261218C00550000"). */
  symbol: string;
  description: string;
  /** Schwab instrument.assetType: EQUITY, OPTION, COLLECTIVE_INVESTMENT, MUTUAL_FUND, CASH_EQUIVALENT, FIXED_INCOME, … */
  assetType: string;
  putCall?: 'PUT' | 'CALL';
  underlyingSymbol?: string;
  /** long − short: negative for shorts. */
  quantity: number;
  /** Per share (options too), as Schwab reports it. */
  averagePrice: PricePerShare;
  /** Per-share prices from the quotes (refresh or stream); null when that symbol had no quote yet. */
  mark: PricePerShare | null;
  lastPrice: PricePerShare | null;
  /** Yesterday's close per share (null: not quoted); day P&L on a price change is measured from it. */
  previousClose: PricePerShare | null;
  /** Today's change per share against the previous close, in dollars and in percent (null: no quote). */
  netChange: PricePerShare | null;
  netPercentChange: number | null;
  /** ISO time of the quote the prices come from (null: no quote this refresh). */
  quoteTime: string | null;
  /** Contract size: market value = quantity × price × multiplier (100 for equity options, 1 otherwise). */
  multiplier: number;
  marketValue: Cents;
  /** Signed cost of the position (market value − unrealized P&L; negative for shorts). */
  costBasis: Cents;
  dayProfitLoss: Cents;
  dayProfitLossPercent: number;
  unrealizedProfitLoss: Cents;
  /** unrealizedProfitLoss / |cost basis| × 100 (null when the cost basis is zero). */
  unrealizedProfitLossPercent: number | null;
  /**
   * Share of the account's liquidation value, signed (shorts negative): marketValue / liquidationValue × 100,
   * apportioned so the positions' weights plus cashWeightPercent add up to exactly 100 when they add up to
   * the account value (0 when the account value is not positive).
   */
  weightPercent: number;
}

/** A margin call Schwab reports on the account (amount > 0). */
export interface MarginCall {
  kind: 'maintenance' | 'reg-t' | 'day-trading-buying-power' | 'day-trading-equity';
  amount: Cents;
}

/**
 * Margin figures of a MARGIN account, as Schwab sends them (null where the payload has no such field).
 * Current balances first, then projected, then the start-of-day (initial) block.
 */
export interface MarginDetail {
  equity: Cents | null;
  /** Schwab's equityPercentage (equity as a share of the long market value), 0–100. */
  equityPercent: number | null;
  /** Start-of-day margin equity (initialBalances.marginEquity). */
  marginEquity: Cents | null;
  maintenanceRequirement: Cents | null;
  /** Special Memorandum Account. */
  sma: Cents | null;
  dayTradingBuyingPower: Cents | null;
  optionBuyingPower: Cents | null;
  stockBuyingPower: Cents | null;
  unsettledCash: Cents | null;
  /** Day trades in the rolling five business days (pattern-day-trader rule). */
  roundTrips: number | null;
  isDayTrader: boolean | null;
  /** Schwab's isInCall, or any call amount above zero. */
  isInCall: boolean;
  calls: MarginCall[];
}

export interface AccountView {
  /** Full number only in the CLI's --json; "…4410" everywhere else. */
  accountNumber: string;
  displayNumber: string;
  hash: string;
  type: AccountType;
  /** The user's name for the account in Schwab (userPreference nickName), when known. */
  nickname?: string;
  /** Schwab's kind of account from userPreference (e.g. "BROKERAGE", "IRA"), when known. */
  kind?: string;
  /** MARGIN accounts only (absent for CASH and in snapshots cached by older versions). */
  margin?: MarginDetail;
  /** Schwab's own figure after a full refresh; moved by the change in market value on a price patch. */
  liquidationValue: Cents;
  cashBalance: Cents;
  /** Money-market sweep Schwab reports in the balances (moneyMarketFund) beyond what it lists as positions. */
  sweepBalance: Cents;
  /** (cashBalance + sweepBalance) as a share of liquidationValue: the positions table's "Cash & sweep" row. */
  cashWeightPercent: number;
  /** null for CASH accounts. */
  buyingPower: Cents | null;
  cashAvailableForTrading: Cents;
  /** Σ positions' day P&L (deposits are not gains). */
  dayChange: Cents;
  /** dayChange against yesterday's value (liquidationValue − dayChange). */
  dayChangePercent: number;
  /** Σ of the positive and of the negative market values. */
  longValue: Cents;
  shortValue: Cents;
  positions: PositionView[];
}

/** Totals of a set of accounts (all of them in a snapshot), each the sum of the accounts' figures. */
export interface PortfolioTotals {
  liquidationValue: Cents;
  cashBalance: Cents;
  dayChange: Cents;
  dayChangePercent: number;
  /** Σ buying power of the MARGIN accounts that report one (null: none does). */
  buyingPower: Cents | null;
  longValue: Cents;
  shortValue: Cents;
  positionCount: number;
}

export interface PortfolioSnapshot {
  asOf: string;
  source: SnapshotSource;
  freshness: Freshness;
  /** Why the data is not fresh, in words a trader understands (null when fresh). */
  freshnessReason: string | null;
  /** True when the data comes from the embedded Schwab sandbox. */
  demo: boolean;
  accounts: AccountView[];
  totals: PortfolioTotals;
}

export type HistoryRange = '1D' | '1W' | '1M' | '1Y' | 'ALL';
export interface HistoryPoint {
  /** Unix seconds. */
  time: number;
  value: number;
}

export const HistoryRangeSchema = z.enum(['1D', '1W', '1M', '1Y', 'ALL']);
export const AccountHashSchema = z.string().min(1).max(128);

/** A new price for one symbol (what a quote stream sends); applied to every position in that symbol. */
export interface PricePatch {
  symbol: string;
  /** The price positions are valued at. */
  mark: PricePerShare;
  lastPrice?: PricePerShare | null;
  netChange?: PricePerShare | null;
  netPercentChange?: number | null;
  /** Options: the greeks of the same quote (applied to option positions only). */
  greeks?: OptionGreeks;
  /** ISO time of the quote; a patch older than the last full snapshot is ignored. */
  asOf: string;
}

/** One position's figures after a price change, addressed by account hash and index in its positions. */
export interface PositionChange
  extends Pick<
    PositionView,
    | 'mark'
    | 'lastPrice'
    | 'netChange'
    | 'netPercentChange'
    | 'quoteTime'
    | 'marketValue'
    | 'dayProfitLoss'
    | 'dayProfitLossPercent'
    | 'unrealizedProfitLoss'
    | 'unrealizedProfitLossPercent'
    | OptionGreekKey
  > {
  accountHash: string;
  index: number;
  symbol: string;
}

/**
 * An account's figures after a price change, as the core derived them: its totals, its cash row's weight, and
 * the weight of each row whose weight moved, so a window applies them without deriving them again.
 */
export interface AccountChange
  extends Pick<AccountView, 'hash' | 'liquidationValue' | 'dayChange' | 'dayChangePercent' | 'longValue' | 'shortValue' | 'cashWeightPercent'> {
  /** How many positions the account had: a window holding another number derives the figures itself. */
  positionCount: number;
  /** [index in positions, weight %] of every row whose weight changed. */
  weights: Array<[index: number, weightPercent: number]>;
}

/** What a price change altered: the rows, their accounts' totals and the all-accounts totals. */
export interface PortfolioPatch {
  asOf: string;
  positions: PositionChange[];
  accounts: AccountChange[];
  totals: PortfolioTotals;
}
