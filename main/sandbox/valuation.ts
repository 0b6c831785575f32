// Values every holding at the current and the previous-close price, and derives each account's balances
// from those values — all in integer cents, so every balance is exactly consistent with the positions:
//   marketValue      = price × (long − short) × multiplier          (negative for shorts)
//   day P&L          = (price − previous close) × (long − short) × multiplier
//   liquidationValue = cash + Σ marketValue
//                    = cash + longMarketValue + shortMarketValue + longOptionMarketValue
//                      + shortOptionMarketValue + moneyMarketFund
// where longMarketValue covers equities, ETFs and mutual funds (mutualFundValue is the funds' share of it)
// and moneyMarketFund covers money-market (CASH_EQUIVALENT) positions. Margin figures follow Reg T in
// simplified form: equity excludes options, maintenance is 30 % of stock and a standard naked-option charge.
import type { Market } from './market';
import type { DemoAccount, Holding } from './portfolio';

export interface HoldingValue {
  holding: Holding;
  priceCents: number;
  closeCents: number;
  /** Signed: negative for shorts. */
  marketValueCents: number;
  closeValueCents: number;
  dayPnLCents: number;
  /** Long: value − cost; short: proceeds − cost to close. */
  openPnLCents: number;
  costCents: number;
  maintenanceCents: number;
}

export interface BalanceTotals {
  cashCents: number;
  /** Equities + ETFs + mutual funds, long side. */
  longMarketValueCents: number;
  /** Equities + ETFs only (marginable stock). */
  longStockValueCents: number;
  mutualFundValueCents: number;
  /** Short stock, negative. */
  shortMarketValueCents: number;
  longOptionMarketValueCents: number;
  /** Short options, negative. */
  shortOptionMarketValueCents: number;
  moneyMarketFundCents: number;
  liquidationValueCents: number;
  /** MARGIN only (0 for CASH): cash + stock + money market, options excluded. */
  equityCents: number;
  maintenanceRequirementCents: number;
  /** MARGIN: max(0, equity − maintenance); CASH: the cash balance. */
  availableFundsCents: number;
}

export interface AccountValue {
  account: DemoAccount;
  positions: HoldingValue[];
  current: BalanceTotals;
  /** The same figures at the previous close (Schwab's initialBalances). */
  initial: BalanceTotals;
  dayPnLCents: number;
}

const signedQty = (h: Holding): number => h.longQuantity - h.shortQuantity;

function valueAt(h: Holding, priceCents: number): number {
  return Math.round(priceCents * signedQty(h) * h.multiplier);
}

/** Naked short option: (max(20 % of underlying − out-of-the-money amount, 10 % of strike/underlying) + mark) × 100. */
function shortOptionRequirement(h: Holding, optionCents: number, underlyingCents: number): number {
  const o = h.option!;
  const otm = o.putCall === 'CALL' ? Math.max(0, o.strikeCents - underlyingCents) : Math.max(0, underlyingCents - o.strikeCents);
  const base = o.putCall === 'CALL' ? underlyingCents : o.strikeCents;
  const perShare = Math.max(0.2 * underlyingCents - otm, 0.1 * base) + optionCents;
  return Math.round(perShare * 100 * h.shortQuantity);
}

function maintenance(account: DemoAccount, h: Holding, priceCents: number, underlying: (s: string) => number): number {
  if (account.type === 'CASH') return 0;
  const mv = Math.abs(valueAt(h, priceCents));
  switch (h.kind) {
    case 'EQUITY':
    case 'ETF':
      return Math.round(mv * 0.3);
    case 'OPTION': {
      if (h.shortQuantity === 0) return 0;
      const o = h.option!;
      // A call covered by long shares of the underlying needs no extra margin.
      const cover = account.holdings.find((x) => x.symbol === o.underlying && x.longQuantity > 0);
      if (o.putCall === 'CALL' && cover && cover.longQuantity >= h.shortQuantity * 100) return 0;
      return shortOptionRequirement(h, priceCents, underlying(o.underlying));
    }
    default:
      return 0;
  }
}

function totals(account: DemoAccount, rows: Array<{ h: Holding; value: number; maint: number }>): BalanceTotals {
  const t: BalanceTotals = {
    cashCents: account.cashCents,
    longMarketValueCents: 0,
    longStockValueCents: 0,
    mutualFundValueCents: 0,
    shortMarketValueCents: 0,
    longOptionMarketValueCents: 0,
    shortOptionMarketValueCents: 0,
    moneyMarketFundCents: 0,
    liquidationValueCents: 0,
    equityCents: 0,
    maintenanceRequirementCents: 0,
    availableFundsCents: 0,
  };
  for (const { h, value, maint } of rows) {
    t.maintenanceRequirementCents += maint;
    if (h.kind === 'OPTION') {
      if (value >= 0) t.longOptionMarketValueCents += value;
      else t.shortOptionMarketValueCents += value;
    } else if (h.kind === 'MONEY_MARKET') {
      t.moneyMarketFundCents += value;
    } else if (value < 0) {
      t.shortMarketValueCents += value;
    } else {
      t.longMarketValueCents += value;
      if (h.kind === 'MUTUAL_FUND') t.mutualFundValueCents += value;
      else t.longStockValueCents += value;
    }
  }
  t.liquidationValueCents =
    t.cashCents +
    t.longMarketValueCents +
    t.shortMarketValueCents +
    t.longOptionMarketValueCents +
    t.shortOptionMarketValueCents +
    t.moneyMarketFundCents;
  if (account.type === 'MARGIN') {
    t.equityCents = t.cashCents + t.longMarketValueCents + t.moneyMarketFundCents + t.shortMarketValueCents;
    t.availableFundsCents = Math.max(0, t.equityCents - t.maintenanceRequirementCents);
  } else {
    t.availableFundsCents = t.cashCents;
  }
  return t;
}

export function valueAccount(account: DemoAccount, market: Market): AccountValue {
  const positions: HoldingValue[] = account.holdings.map((h) => {
    const priceCents = market.price(h.symbol);
    const closeCents = market.close(h.symbol);
    const marketValueCents = valueAt(h, priceCents);
    const closeValueCents = valueAt(h, closeCents);
    const costCents = Math.round(h.averagePrice * 100 * (h.longQuantity + h.shortQuantity) * h.multiplier);
    return {
      holding: h,
      priceCents,
      closeCents,
      marketValueCents,
      closeValueCents,
      dayPnLCents: Math.round((priceCents - closeCents) * signedQty(h) * h.multiplier),
      openPnLCents: h.shortQuantity > 0 ? costCents + marketValueCents : marketValueCents - costCents,
      costCents,
      maintenanceCents: maintenance(account, h, priceCents, (s) => market.price(s)),
    };
  });
  const current = totals(
    account,
    positions.map((p) => ({ h: p.holding, value: p.marketValueCents, maint: p.maintenanceCents })),
  );
  const initial = totals(
    account,
    positions.map((p) => ({
      h: p.holding,
      value: p.closeValueCents,
      maint: maintenance(account, p.holding, p.closeCents, (s) => market.close(s)),
    })),
  );
  return { account, positions, current, initial, dayPnLCents: positions.reduce((s, p) => s + p.dayPnLCents, 0) };
}
