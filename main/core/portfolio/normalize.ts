// Schwab accounts → the PortfolioSnapshot every host shows. All money is carried in integer cents and
// only converted to dollars at the end, so every total equals the sum of the parts on screen exactly.
//
// Rules:
// - account liquidationValue = currentBalances.liquidationValue (Schwab's own figure, never recomputed);
// - dayChange = Σ positions' currentDayProfitLoss (so deposits do not count as gains);
// - dayChangePercent = dayChange / (liquidationValue − dayChange) × 100 (change against yesterday's value);
// - quantity = longQuantity − shortQuantity (negative for shorts);
// - options' marketValue is already ×100 in Schwab's payload, so it is used as sent;
// - previousClose comes with the quotes; a later price change moves value and day P&L from it
//   (common/portfolio: figures.ts, reducer.ts);
// - weights are signed shares of the liquidation value (shorts negative); with the cash & sweep row they
//   add up to exactly 100 % whenever cash + Σ marketValue equals the account value, as Schwab's do;
// - the sweep is the balances' moneyMarketFund beyond the money-market positions Schwab lists itself;
// - CASH accounts have no buying power (null); their spendable cash is cashAvailableForTrading, while MARGIN
//   accounts report availableFunds / buyingPower instead;
// - MARGIN accounts carry their margin detail (requirement, equity, SMA, calls: marginDetail.ts).
import { createHash } from 'node:crypto';
import type { AccountView, Freshness, PortfolioSnapshot, PositionView, SnapshotSource } from '../../../common/contract';
import { asCents, percentOf, roundPercent, toCents, type Cents } from '../../../common/money/cents';
import { totalsOfAccounts, withAccountFigures } from '../../../common/portfolio/figures';
import type { Account, Position } from '../schwab/schemas';
import { marginDetailOf } from './marginDetail';

export interface NormalizeOptions {
  /** The hash Schwab uses in paths for this account number (from accountNumbers). */
  hashFor: (accountNumber: string) => string | undefined;
  asOf: number;
  source?: SnapshotSource;
  freshness?: Freshness;
  freshnessReason?: string | null;
  demo?: boolean;
}

/** "…4410": the last four characters, the only part of an account number shown outside `--json`. */
export function displayNumber(accountNumber: string): string {
  return `…${accountNumber.slice(-4)}`;
}

/** A stable stand-in when accountNumbers did not list an account (never the number itself). */
export function unmappedHash(accountNumber: string): string {
  return `unmapped-${createHash('sha256').update(accountNumber).digest('hex').slice(0, 16)}`;
}

/** Quantities are floats in Schwab's JSON; strip binary noise from long − short. */
function quantityOf(p: Position): number {
  const q = p.longQuantity - p.shortQuantity;
  return Number.isInteger(q) ? q : Number(q.toPrecision(12));
}

/** Weights, day change and the long/short split are filled in by the account (common/portfolio/figures). */
function normalizePosition(p: Position): PositionView {
  const quantity = quantityOf(p);
  const marketValue = toCents(p.marketValue);
  const averagePrice = p.averagePrice ?? p.averageLongPrice ?? p.averageShortPrice ?? 0;
  const multiplier = p.instrument.assetType === 'OPTION' ? (p.instrument.optionMultiplier ?? 100) : 1;
  let unrealized: Cents;
  if (p.longOpenProfitLoss !== undefined || p.shortOpenProfitLoss !== undefined) {
    unrealized = asCents(toCents(p.longOpenProfitLoss ?? 0) + toCents(p.shortOpenProfitLoss ?? 0));
  } else {
    // Cost = average price × signed quantity × contract size (market value is already ×100 for options).
    unrealized = asCents(marketValue - toCents(averagePrice * quantity * multiplier));
  }
  // Cost basis implied by Schwab's own figures (value − gain), which needs no contract-size guess.
  const costBasis = asCents(marketValue - unrealized);
  const view: PositionView = {
    symbol: p.instrument.symbol,
    description: p.instrument.description ?? '',
    assetType: p.instrument.assetType,
    quantity,
    averagePrice,
    mark: null,
    lastPrice: null,
    previousClose: null,
    netChange: null,
    netPercentChange: null,
    quoteTime: null,
    multiplier,
    marketValue,
    costBasis,
    dayProfitLoss: toCents(p.currentDayProfitLoss ?? 0),
    dayProfitLossPercent: roundPercent(p.currentDayProfitLossPercentage ?? 0),
    unrealizedProfitLoss: unrealized,
    unrealizedProfitLossPercent: costBasis === 0 ? null : percentOf(unrealized, asCents(Math.abs(costBasis))),
    weightPercent: 0,
  };
  // Optional keys only when Schwab sent them, so `--json` output has no undefined noise.
  if (p.instrument.putCall) view.putCall = p.instrument.putCall;
  if (p.instrument.underlyingSymbol) view.underlyingSymbol = p.instrument.underlyingSymbol;
  // The quote stream fills these in; until then an option's greeks are unknown.
  if (view.assetType === 'OPTION') {
    view.delta = null;
    view.theta = null;
    view.iv = null;
    view.daysToExpiration = null;
  }
  return view;
}

function normalizeAccount(account: Account, hashFor: NormalizeOptions['hashFor']): AccountView {
  const sa = account.securitiesAccount;
  const raw = sa.positions ?? [];
  const positions = raw.map(normalizePosition);
  let listedMoneyMarket = 0;
  for (const p of positions) if (p.assetType === 'CASH_EQUIVALENT') listedMoneyMarket += p.marketValue;

  let cashBalance: Cents;
  let cashAvailableForTrading: Cents;
  let buyingPower: Cents | null;
  let margin: AccountView['margin'];
  if (sa.type === 'CASH') {
    const cur = sa.currentBalances;
    cashBalance = toCents(cur.cashBalance ?? cur.totalCash ?? 0);
    const available = cur.cashAvailableForTrading ?? sa.projectedBalances?.cashAvailableForTrading;
    cashAvailableForTrading = available === undefined ? cashBalance : toCents(available);
    buyingPower = null;
  } else {
    const cur = sa.currentBalances;
    cashBalance = toCents(cur.cashBalance ?? 0);
    const available = cur.availableFunds ?? sa.projectedBalances?.availableFunds;
    cashAvailableForTrading = available === undefined ? cashBalance : toCents(available);
    const bp = cur.buyingPower ?? sa.projectedBalances?.buyingPower;
    buyingPower = bp === undefined ? null : toCents(bp);
    margin = marginDetailOf(sa);
  }

  return withAccountFigures({
    accountNumber: sa.accountNumber,
    displayNumber: displayNumber(sa.accountNumber),
    hash: hashFor(sa.accountNumber) ?? unmappedHash(sa.accountNumber),
    type: sa.type,
    liquidationValue: toCents(sa.currentBalances.liquidationValue),
    cashBalance,
    sweepBalance: asCents(Math.max(0, toCents(sa.currentBalances.moneyMarketFund ?? 0) - listedMoneyMarket)),
    cashWeightPercent: 0,
    buyingPower,
    cashAvailableForTrading,
    dayChange: asCents(0),
    dayChangePercent: 0,
    longValue: asCents(0),
    shortValue: asCents(0),
    positions,
    ...(margin ? { margin } : {}),
  }, true);
}

export function normalizeAccounts(accounts: readonly Account[], options: NormalizeOptions): PortfolioSnapshot {
  const views = accounts.map((a) => normalizeAccount(a, options.hashFor));
  return {
    asOf: new Date(options.asOf).toISOString(),
    source: options.source ?? 'live',
    freshness: options.freshness ?? 'fresh',
    freshnessReason: options.freshnessReason ?? null,
    demo: options.demo ?? false,
    accounts: views,
    totals: totalsOfAccounts(views),
  };
}
