// Small portfolio views for the alert tests: one margin account holding a stock and an option.
import type { AccountView, PortfolioSnapshot, PositionView } from '../../../common/contract';

export function position(symbol: string, patch: Partial<PositionView> = {}): PositionView {
  return {
    symbol,
    description: symbol,
    assetType: symbol.length === 21 ? 'OPTION' : 'EQUITY',
    quantity: 10,
    averagePrice: 100,
    mark: 100,
    lastPrice: 100,
    netChange: 0,
    netPercentChange: 0,
    quoteTime: null,
    marketValue: 1000,
    dayProfitLoss: 0,
    dayProfitLossPercent: 0,
    unrealizedProfitLoss: 0,
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
    liquidationValue: 10_000,
    cashBalance: 1000,
    sweepBalance: 0,
    cashWeightPercent: 10,
    buyingPower: 20_000,
    cashAvailableForTrading: 1000,
    dayChange: 0,
    dayChangePercent: 0,
    positions: [position('AAPL')],
    ...patch,
  };
}

export function view(accounts: AccountView[] = [account()], patch: Partial<PortfolioSnapshot> = {}): PortfolioSnapshot {
  const dayChange = accounts.reduce((s, a) => s + a.dayChange, 0);
  return {
    asOf: '2025-01-15T15:00:00.000Z',
    source: 'live',
    freshness: 'fresh',
    freshnessReason: null,
    demo: false,
    accounts,
    totals: { liquidationValue: 10_000, cashBalance: 1000, dayChange, dayChangePercent: accounts[0]?.dayChangePercent ?? 0 },
    ...patch,
  };
}

/** The view with AAPL's mark (and last) at `price`. */
export function priced(price: number, extra: Partial<PositionView> = {}): PortfolioSnapshot {
  return view([account({ positions: [position('AAPL', { mark: price, lastPrice: price, ...extra })] })]);
}
