// Portfolio view models: what every host shows of the accounts, balances and positions. No token, secret
// or full account number crosses the contract (accountNumber is masked to "…4410" outside `arbion … --json`).
import { z } from 'zod';

export type Freshness = 'fresh' | 'stale' | 'offline' | 'rate-limited' | 'reauth-required';
export type SnapshotSource = 'live' | 'cache';
export type AccountType = 'CASH' | 'MARGIN';

export interface PositionView {
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
  averagePrice: number;
  /** Per-share prices from the refresh's quotes request; null when that symbol had no quote this refresh. */
  mark: number | null;
  lastPrice: number | null;
  /** Today's change per share against the previous close, in dollars and in percent (null: no quote). */
  netChange: number | null;
  netPercentChange: number | null;
  /** ISO time of the quote the prices come from (null: no quote this refresh). */
  quoteTime: string | null;
  marketValue: number;
  dayProfitLoss: number;
  dayProfitLossPercent: number;
  unrealizedProfitLoss: number;
  /** unrealizedProfitLoss / cost basis × 100 (null when the cost basis is zero). */
  unrealizedProfitLossPercent: number | null;
  /**
   * Share of the account's liquidation value, signed (shorts negative): marketValue / liquidationValue × 100,
   * apportioned so the positions' weights plus cashWeightPercent add up to exactly 100 when they add up to
   * the account value (0 when the account value is not positive).
   */
  weightPercent: number;
}

/** A margin call Schwab reports on the account (amount in dollars, > 0). */
export interface MarginCall {
  kind: 'maintenance' | 'reg-t' | 'day-trading-buying-power' | 'day-trading-equity';
  amount: number;
}

/**
 * Margin figures of a MARGIN account, as Schwab sends them (null where the payload has no such field).
 * Current balances first, then projected, then the start-of-day (initial) block.
 */
export interface MarginDetail {
  equity: number | null;
  /** Schwab's equityPercentage (equity as a share of the long market value), 0–100. */
  equityPercent: number | null;
  /** Start-of-day margin equity (initialBalances.marginEquity). */
  marginEquity: number | null;
  maintenanceRequirement: number | null;
  /** Special Memorandum Account. */
  sma: number | null;
  dayTradingBuyingPower: number | null;
  optionBuyingPower: number | null;
  stockBuyingPower: number | null;
  unsettledCash: number | null;
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
  liquidationValue: number;
  cashBalance: number;
  /** Money-market sweep Schwab reports in the balances (moneyMarketFund) beyond what it lists as positions. */
  sweepBalance: number;
  /** (cashBalance + sweepBalance) as a share of liquidationValue: the positions table's "Cash & sweep" row. */
  cashWeightPercent: number;
  /** null for CASH accounts. */
  buyingPower: number | null;
  cashAvailableForTrading: number;
  dayChange: number;
  dayChangePercent: number;
  positions: PositionView[];
}

export interface PortfolioTotals {
  liquidationValue: number;
  cashBalance: number;
  dayChange: number;
  dayChangePercent: number;
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
