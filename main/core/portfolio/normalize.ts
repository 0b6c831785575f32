// Schwab accounts → the PortfolioSnapshot every host shows. All money is carried in integer cents and
// only converted to dollars at the end, so every total equals the sum of the parts on screen exactly.
//
// Rules (issue 4):
// - account liquidationValue = currentBalances.liquidationValue (Schwab's own figure, never recomputed);
// - dayChange = Σ positions' currentDayProfitLoss (so deposits do not count as gains);
// - dayChangePercent = dayChange / (liquidationValue − dayChange) × 100 (change against yesterday's value);
// - quantity = longQuantity − shortQuantity (negative for shorts);
// - options' marketValue is already ×100 in Schwab's payload, so it is used as sent;
// - weights are signed shares of the liquidation value (shorts negative); with the cash & sweep row they
//   add up to exactly 100 % whenever cash + Σ marketValue equals the account value, as Schwab's do;
// - the sweep is the balances' moneyMarketFund beyond the money-market positions Schwab lists itself;
// - CASH accounts have no buying power (null); their spendable cash is cashAvailableForTrading, while MARGIN
//   accounts report availableFunds / buyingPower instead;
// - MARGIN accounts carry their margin detail (requirement, equity, SMA, calls: marginDetail.ts).
import { createHash } from 'node:crypto';
import type { AccountView, Freshness, PortfolioSnapshot, PositionView, SnapshotSource } from '../../../common/contract';
import type { Account, Position } from '../schwab/schemas';
import { apportionPercents } from '../../../common/weights';
import { marginDetailOf } from './marginDetail';
import { fromCents, percent, roundPercent, sumCents, toCents, type Cents } from './money';

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

interface PositionCents {
  view: PositionView;
  marketValue: Cents;
  dayProfitLoss: Cents;
}

/** Weights are filled in by the account, which apportions them across all its rows. */
function normalizePosition(p: Position): PositionCents {
  const quantity = quantityOf(p);
  const marketValue = toCents(p.marketValue);
  const dayProfitLoss = toCents(p.currentDayProfitLoss ?? 0);
  const averagePrice = p.averagePrice ?? p.averageLongPrice ?? p.averageShortPrice ?? 0;
  let unrealized: Cents;
  if (p.longOpenProfitLoss !== undefined || p.shortOpenProfitLoss !== undefined) {
    unrealized = toCents(p.longOpenProfitLoss ?? 0) + toCents(p.shortOpenProfitLoss ?? 0);
  } else {
    // Cost = average price × signed quantity × contract size (market value is already ×100 for options).
    const multiplier = p.instrument.assetType === 'OPTION' ? (p.instrument.optionMultiplier ?? 100) : 1;
    unrealized = marketValue - toCents(averagePrice * quantity * multiplier);
  }
  // Cost basis implied by Schwab's own figures (value − gain), which needs no contract-size guess.
  const costBasis = Math.abs(marketValue - unrealized);
  const view: PositionView = {
    symbol: p.instrument.symbol,
    description: p.instrument.description ?? '',
    assetType: p.instrument.assetType,
    quantity,
    averagePrice,
    mark: null,
    lastPrice: null,
    netChange: null,
    netPercentChange: null,
    quoteTime: null,
    marketValue: fromCents(marketValue),
    dayProfitLoss: fromCents(dayProfitLoss),
    dayProfitLossPercent: roundPercent(p.currentDayProfitLossPercentage ?? 0),
    unrealizedProfitLoss: fromCents(unrealized),
    unrealizedProfitLossPercent: costBasis === 0 ? null : percent(unrealized, costBasis),
    weightPercent: 0,
  };
  // Optional keys only when Schwab sent them, so `--json` output has no undefined noise.
  if (p.instrument.putCall) view.putCall = p.instrument.putCall;
  if (p.instrument.underlyingSymbol) view.underlyingSymbol = p.instrument.underlyingSymbol;
  return { view, marketValue, dayProfitLoss };
}

function normalizeAccount(account: Account, hashFor: NormalizeOptions['hashFor']): AccountView {
  const sa = account.securitiesAccount;
  const liquidationValue = toCents(sa.currentBalances.liquidationValue);
  const raw = sa.positions ?? [];
  const positionViews: PositionView[] = new Array<PositionView>(raw.length);
  const values: Cents[] = new Array<Cents>(raw.length + 1);
  let dayChange: Cents = 0;
  let listedMoneyMarket: Cents = 0;
  for (let i = 0; i < raw.length; i++) {
    const n = normalizePosition(raw[i]!);
    positionViews[i] = n.view;
    values[i] = n.marketValue;
    dayChange += n.dayProfitLoss;
    if (n.view.assetType === 'CASH_EQUIVALENT') listedMoneyMarket += n.marketValue;
  }

  let cashBalance: Cents;
  let cashAvailableForTrading: Cents;
  let buyingPower: number | null;
  let margin: AccountView['margin'];
  if (sa.type === 'CASH') {
    const cur = sa.currentBalances;
    cashBalance = toCents(cur.cashBalance ?? cur.totalCash ?? 0);
    cashAvailableForTrading = toCents(
      cur.cashAvailableForTrading ?? sa.projectedBalances?.cashAvailableForTrading ?? fromCents(cashBalance),
    );
    buyingPower = null;
  } else {
    const cur = sa.currentBalances;
    cashBalance = toCents(cur.cashBalance ?? 0);
    cashAvailableForTrading = toCents(cur.availableFunds ?? sa.projectedBalances?.availableFunds ?? fromCents(cashBalance));
    const bp = cur.buyingPower ?? sa.projectedBalances?.buyingPower;
    buyingPower = bp === undefined ? null : fromCents(toCents(bp));
    margin = marginDetailOf(sa);
  }

  const sweepBalance = Math.max(0, toCents(sa.currentBalances.moneyMarketFund ?? 0) - listedMoneyMarket);
  // Weight against a positive account value only (a debit balance makes percentages meaningless).
  values[raw.length] = cashBalance + sweepBalance;
  const weights = apportionPercents(values, liquidationValue);
  for (let i = 0; i < raw.length; i++) positionViews[i]!.weightPercent = weights[i]!;

  return {
    accountNumber: sa.accountNumber,
    displayNumber: displayNumber(sa.accountNumber),
    hash: hashFor(sa.accountNumber) ?? unmappedHash(sa.accountNumber),
    type: sa.type,
    liquidationValue: fromCents(liquidationValue),
    cashBalance: fromCents(cashBalance),
    sweepBalance: fromCents(sweepBalance),
    cashWeightPercent: weights[raw.length]!,
    buyingPower,
    cashAvailableForTrading: fromCents(cashAvailableForTrading),
    dayChange: fromCents(dayChange),
    dayChangePercent: percent(dayChange, liquidationValue - dayChange),
    positions: positionViews,
    ...(margin ? { margin } : {}),
  };
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
    totals: totalsOf(views),
  };
}

/** Totals of the accounts shown, summed in cents: they equal the sum of the displayed parts exactly. */
export function totalsOf(accounts: readonly AccountView[]): PortfolioSnapshot['totals'] {
  const liquidationValue = sumCents(accounts.map((a) => toCents(a.liquidationValue)));
  const cashBalance = sumCents(accounts.map((a) => toCents(a.cashBalance)));
  const dayChange = sumCents(accounts.map((a) => toCents(a.dayChange)));
  return {
    liquidationValue: fromCents(liquidationValue),
    cashBalance: fromCents(cashBalance),
    dayChange: fromCents(dayChange),
    dayChangePercent: percent(dayChange, liquidationValue - dayChange),
  };
}
