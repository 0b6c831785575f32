// Small portfolio views for the alert tests: one margin account holding a stock and an option. Money
// figures are integer cents as the contract carries them; per-share prices are dollars.
import type { AccountView, PortfolioSnapshot, PositionView } from '../../../common/contract';
import { asCents } from '../../../common/money/cents';

export function position(symbol: string, patch: Partial<PositionView> = {}): PositionView {
  return {
    symbol,
    description: symbol,
    assetType: symbol.length === 21 ? 'OPTION' : 'EQUITY',
    quantity: 10,
    averagePrice: 100,
    mark: 100,
    lastPrice: 100,
    previousClose: 100,
    netChange: 0,
    netPercentChange: 0,
    quoteTime: null,
    multiplier: symbol.length === 21 ? 100 : 1,
    marketValue: asCents(100_000),
    costBasis: asCents(100_000),
    dayProfitLoss: asCents(0),
    dayProfitLossPercent: 0,
    unrealizedProfitLoss: asCents(0),
    unrealizedProfitLossPercent: 0,
    weightPercent: 10,
    ...patch,
  };
}

export function account(patch: Partial<AccountView> = {}): AccountView {
  return {
    accountNumber: '12344410',
    displayNumber: '…4410',
    hash: 'HASH-A',
    type: 'MARGIN',
    liquidationValue: asCents(1_000_000),
    cashBalance: asCents(100_000),
    sweepBalance: asCents(0),
    cashWeightPercent: 10,
    buyingPower: asCents(2_000_000),
    cashAvailableForTrading: asCents(100_000),
    dayChange: asCents(0),
    dayChangePercent: 0,
    longValue: asCents(100_000),
    shortValue: asCents(0),
    positions: [position('AAPL')],
    ...patch,
  };
}

export function view(accounts: AccountView[] = [account()], patch: Partial<PortfolioSnapshot> = {}): PortfolioSnapshot {
  const sum = (pick: (a: AccountView) => number) => asCents(accounts.reduce((s, a) => s + pick(a), 0));
  return {
    asOf: '2025-01-15T15:00:00.000Z',
    source: 'live',
    freshness: 'fresh',
    freshnessReason: null,
    demo: false,
    accounts,
    totals: {
      liquidationValue: sum((a) => a.liquidationValue),
      cashBalance: sum((a) => a.cashBalance),
      dayChange: sum((a) => a.dayChange),
      dayChangePercent: accounts[0]?.dayChangePercent ?? 0,
      buyingPower: accounts.some((a) => a.buyingPower !== null) ? sum((a) => a.buyingPower ?? 0) : null,
      longValue: sum((a) => a.longValue),
      shortValue: sum((a) => a.shortValue),
      positionCount: accounts.reduce((n, a) => n + a.positions.length, 0),
    },
    ...patch,
  };
}

/** The view with AAPL's mark (and last) at `price` dollars per share. */
export function priced(price: number, extra: Partial<PositionView> = {}): PortfolioSnapshot {
  return view([account({ positions: [position('AAPL', { mark: price, lastPrice: price, ...extra })] })]);
}
