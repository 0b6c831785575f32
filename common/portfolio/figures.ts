// Every derived figure of the portfolio model, computed in one place from integer cents: a position's value
// and P&L from a price, an account's weights, day change and long/short split, the totals of any set of
// accounts, and the totals of any subset of table rows. The core builds its snapshots with these and the
// window calls them for its filtered footer, so a total never differs between hosts.
import type { AccountView, PortfolioTotals, PositionView } from '../contract/portfolio';
import { asCents, percentOf, roundPercent, valueCents, type Cents, type PricePerShare } from '../money/cents';
import { apportionPercents } from '../weights';

/** P&L percent: change / |base| × 100, null when the base is zero. */
function percentOfBase(change: Cents, base: Cents): number | null {
  return base === 0 ? null : percentOf(change, asCents(Math.abs(base)));
}

/** A position repriced: value = quantity × price × multiplier; day P&L from the previous close when known. */
export function repricePosition(p: PositionView, price: PricePerShare): Pick<PositionView, 'marketValue' | 'dayProfitLoss' | 'dayProfitLossPercent' | 'unrealizedProfitLoss' | 'unrealizedProfitLossPercent'> {
  const marketValue = valueCents(p.quantity, price, p.multiplier);
  const dayProfitLoss =
    p.previousClose !== null
      ? asCents(marketValue - valueCents(p.quantity, p.previousClose, p.multiplier))
      : asCents(p.dayProfitLoss + marketValue - p.marketValue);
  const unrealizedProfitLoss = asCents(marketValue - p.costBasis);
  return {
    marketValue,
    dayProfitLoss,
    dayProfitLossPercent: percentOfBase(dayProfitLoss, asCents(marketValue - dayProfitLoss)) ?? 0,
    unrealizedProfitLoss,
    unrealizedProfitLossPercent: percentOfBase(unrealizedProfitLoss, p.costBasis),
  };
}

/** The account's cash & sweep row: its cash balance plus the money-market sweep Schwab lists only in balances. */
export function cashAndSweep(account: Pick<AccountView, 'cashBalance' | 'sweepBalance'>): Cents {
  return asCents(account.cashBalance + account.sweepBalance);
}

/**
 * The account figures that follow from its positions and cash. Weights are written into copies of the
 * positions, or into the positions themselves when `ownsPositions` (a snapshot being built).
 */
export function withAccountFigures(account: AccountView, ownsPositions = false): AccountView {
  const positions = account.positions;
  const values = new Array<number>(positions.length + 1);
  let dayChange = 0;
  let longValue = 0;
  let shortValue = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    values[i] = p.marketValue;
    dayChange += p.dayProfitLoss;
    if (p.marketValue > 0) longValue += p.marketValue;
    else shortValue += p.marketValue;
  }
  values[positions.length] = cashAndSweep(account);
  // Signed shares of a positive account value that add up to 100 % with the cash & sweep row.
  const weights = apportionPercents(values, account.liquidationValue);
  let weighted = positions;
  if (ownsPositions) positions.forEach((p, i) => (p.weightPercent = weights[i]!));
  else weighted = positions.map((p, i) => (p.weightPercent === weights[i] ? p : { ...p, weightPercent: weights[i]! }));
  const day = asCents(dayChange);
  return {
    ...account,
    dayChange: day,
    dayChangePercent: percentOf(day, asCents(account.liquidationValue - day)),
    longValue: asCents(longValue),
    shortValue: asCents(shortValue),
    cashWeightPercent: weights[positions.length]!,
    positions: weighted,
  };
}

/** Totals of a set of accounts: each figure is the sum of the accounts' own. */
export function totalsOfAccounts(accounts: readonly AccountView[]): PortfolioTotals {
  let liquidationValue = 0;
  let cashBalance = 0;
  let dayChange = 0;
  let longValue = 0;
  let shortValue = 0;
  let positionCount = 0;
  let buyingPower: number | null = null;
  for (const a of accounts) {
    liquidationValue += a.liquidationValue;
    cashBalance += a.cashBalance;
    dayChange += a.dayChange;
    longValue += a.longValue;
    shortValue += a.shortValue;
    positionCount += a.positions.length;
    if (a.type === 'MARGIN' && a.buyingPower !== null) buyingPower = (buyingPower ?? 0) + a.buyingPower;
  }
  const liq = asCents(liquidationValue);
  const day = asCents(dayChange);
  return {
    liquidationValue: liq,
    cashBalance: asCents(cashBalance),
    dayChange: day,
    dayChangePercent: percentOf(day, asCents(liq - day)),
    buyingPower: buyingPower === null ? null : asCents(buyingPower),
    longValue: asCents(longValue),
    shortValue: asCents(shortValue),
    positionCount,
  };
}

/**
 * Weights of every row of several accounts against their combined value (the "all accounts" table), the
 * positions' then each account's cash & sweep row, apportioned so they still add up to 100 %.
 */
export function combinedWeights(accounts: readonly AccountView[]): number[] {
  const values: number[] = [];
  let whole = 0;
  for (const a of accounts) {
    for (const p of a.positions) values.push(p.marketValue);
    values.push(cashAndSweep(a));
    whole += a.liquidationValue;
  }
  return apportionPercents(values, whole);
}

/** A row of a positions table, as far as its totals go (cash rows carry only value and weight). */
export interface TotalsRow {
  kind: 'position' | 'cash';
  marketValue: Cents;
  dayProfitLoss: Cents | null;
  unrealizedProfitLoss: Cents | null;
  weightPercent: number;
}

export interface RowTotals {
  /** Positions (cash rows not counted). */
  count: number;
  /** Every row, cash included: with all rows shown, the account value. */
  marketValue: Cents;
  dayProfitLoss: Cents;
  /** Against the rows' gross value at the previous close (Σ |value − day P&L|): a mixed long/short set nets to ~0. */
  dayProfitLossPercent: number | null;
  unrealizedProfitLoss: Cents;
  /** Against the rows' gross cost (Σ |market value − unrealized P&L|). */
  unrealizedProfitLossPercent: number | null;
  weightPercent: number;
  /** Longs and shorts together: the percentages' gross base differs from the net value, so it is labelled. */
  mixed: boolean;
}

/** Totals of any subset of rows (a filtered table's footer), summed in cents and basis points. */
export function totalsOfRows(rows: readonly TotalsRow[]): RowTotals {
  let mv = 0;
  let day = 0;
  let unrealized = 0;
  let grossPrevious = 0;
  let grossCost = 0;
  let weightBp = 0;
  let count = 0;
  let longs = false;
  let shorts = false;
  for (const r of rows) {
    mv += r.marketValue;
    weightBp += Math.round(r.weightPercent * 100);
    if (r.kind !== 'position') continue;
    count++;
    if (r.marketValue > 0) longs = true;
    else if (r.marketValue < 0) shorts = true;
    const d = r.dayProfitLoss ?? 0;
    day += d;
    grossPrevious += Math.abs(r.marketValue - d);
    if (r.unrealizedProfitLoss !== null) {
      unrealized += r.unrealizedProfitLoss;
      grossCost += Math.abs(r.marketValue - r.unrealizedProfitLoss);
    }
  }
  return {
    count,
    marketValue: asCents(mv),
    dayProfitLoss: asCents(day),
    dayProfitLossPercent: grossPrevious === 0 ? null : roundPercent((day / grossPrevious) * 100),
    unrealizedProfitLoss: asCents(unrealized),
    unrealizedProfitLossPercent: grossCost === 0 ? null : roundPercent((unrealized / grossCost) * 100),
    weightPercent: weightBp / 100,
    mixed: longs && shorts,
  };
}

/** Option risk of a set of positions, from the streamed greeks. */
export interface OptionRisk {
  /**
   * Portfolio delta in shares of the underlying: Σ delta × quantity × multiplier over the options whose delta
   * is known, plus the shares held of those options' underlyings (a stock's delta is 1 a share).
   */
  deltaShares: number;
  /** Theta per day: Σ theta × quantity × multiplier over the options whose theta is known, each rounded once to cents. */
  thetaPerDay: Cents;
  /** Options counted, and options held whose greeks are not known yet (left out of both figures). */
  optionsWithGreeks: number;
  optionsWithoutGreeks: number;
}

const SHARE_TYPES: ReadonlySet<string> = new Set(['EQUITY', 'COLLECTIVE_INVESTMENT']);

/** Null when no option among the positions has a delta or a theta yet. */
export function optionRisk(positions: Iterable<PositionView>): OptionRisk | null {
  let delta = 0;
  let theta = 0;
  let withGreeks = 0;
  let withoutGreeks = 0;
  const underlyings = new Set<string>();
  const shares: PositionView[] = [];
  for (const p of positions) {
    if (SHARE_TYPES.has(p.assetType)) shares.push(p);
    if (p.assetType !== 'OPTION') continue;
    const d = p.delta ?? null;
    const t = p.theta ?? null;
    if (d === null && t === null) {
      withoutGreeks++;
      continue;
    }
    withGreeks++;
    if (d !== null) {
      delta += d * p.quantity * p.multiplier;
      if (p.underlyingSymbol) underlyings.add(p.underlyingSymbol);
    }
    if (t !== null) theta += valueCents(p.quantity, t, p.multiplier);
  }
  if (withGreeks === 0) return null;
  for (const p of shares) if (underlyings.has(p.symbol)) delta += p.quantity;
  return {
    // Hundredths of a share: enough for a position count, free of float noise.
    deltaShares: Math.round(delta * 100) / 100 + 0,
    thetaPerDay: asCents(theta),
    optionsWithGreeks: withGreeks,
    optionsWithoutGreeks: withoutGreeks,
  };
}
