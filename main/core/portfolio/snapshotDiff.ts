// Structural change detection, so the poller emits only when something a trader can see changed and an
// idle window does no work. `asOf` is ignored on purpose: a poll that returns the same numbers is not news.
import type { AccountView, MarginDetail, PortfolioSnapshot, PositionView } from '../../../common/contract';

// Field-by-field on purpose: explicit property reads stay monomorphic and fast (an unchanged 2,500-position
// poll walks everything); keep these in step with PositionView and AccountView.
function positionDiffers(x: PositionView, y: PositionView): boolean {
  return (
    x.marketValue !== y.marketValue ||
    x.dayProfitLoss !== y.dayProfitLoss ||
    x.quantity !== y.quantity ||
    x.symbol !== y.symbol ||
    x.unrealizedProfitLoss !== y.unrealizedProfitLoss ||
    x.unrealizedProfitLossPercent !== y.unrealizedProfitLossPercent ||
    x.dayProfitLossPercent !== y.dayProfitLossPercent ||
    x.weightPercent !== y.weightPercent ||
    x.averagePrice !== y.averagePrice ||
    x.mark !== y.mark ||
    x.lastPrice !== y.lastPrice ||
    x.previousClose !== y.previousClose ||
    x.multiplier !== y.multiplier ||
    x.costBasis !== y.costBasis ||
    x.netChange !== y.netChange ||
    x.netPercentChange !== y.netPercentChange ||
    x.quoteTime !== y.quoteTime ||
    x.description !== y.description ||
    x.assetType !== y.assetType ||
    x.putCall !== y.putCall ||
    x.underlyingSymbol !== y.underlyingSymbol ||
    x.delta !== y.delta ||
    x.theta !== y.theta ||
    x.iv !== y.iv ||
    x.daysToExpiration !== y.daysToExpiration
  );
}

function marginDiffers(x: MarginDetail | undefined, y: MarginDetail | undefined): boolean {
  if (x === undefined || y === undefined) return x !== y;
  if (
    x.equity !== y.equity ||
    x.equityPercent !== y.equityPercent ||
    x.marginEquity !== y.marginEquity ||
    x.maintenanceRequirement !== y.maintenanceRequirement ||
    x.sma !== y.sma ||
    x.dayTradingBuyingPower !== y.dayTradingBuyingPower ||
    x.optionBuyingPower !== y.optionBuyingPower ||
    x.stockBuyingPower !== y.stockBuyingPower ||
    x.unsettledCash !== y.unsettledCash ||
    x.roundTrips !== y.roundTrips ||
    x.isDayTrader !== y.isDayTrader ||
    x.isInCall !== y.isInCall ||
    x.calls.length !== y.calls.length
  ) {
    return true;
  }
  return x.calls.some((c, i) => c.kind !== y.calls[i]!.kind || c.amount !== y.calls[i]!.amount);
}

function accountDiffers(x: AccountView, y: AccountView): boolean {
  if (
    x.liquidationValue !== y.liquidationValue ||
    x.dayChange !== y.dayChange ||
    x.dayChangePercent !== y.dayChangePercent ||
    x.cashBalance !== y.cashBalance ||
    x.sweepBalance !== y.sweepBalance ||
    x.cashWeightPercent !== y.cashWeightPercent ||
    x.buyingPower !== y.buyingPower ||
    x.cashAvailableForTrading !== y.cashAvailableForTrading ||
    x.longValue !== y.longValue ||
    x.shortValue !== y.shortValue ||
    x.accountNumber !== y.accountNumber ||
    x.displayNumber !== y.displayNumber ||
    x.hash !== y.hash ||
    x.type !== y.type ||
    x.positions.length !== y.positions.length ||
    x.nickname !== y.nickname ||
    x.kind !== y.kind ||
    marginDiffers(x.margin, y.margin)
  ) {
    return true;
  }
  for (let i = 0; i < x.positions.length; i++) if (positionDiffers(x.positions[i]!, y.positions[i]!)) return true;
  return false;
}

function accountsDiffer(a: readonly AccountView[], b: readonly AccountView[]): boolean {
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) if (accountDiffers(a[i]!, b[i]!)) return true;
  return false;
}

/** True when `next` shows anything different from `prev` (values, order, freshness, source), asOf aside. */
export function snapshotChanged(prev: PortfolioSnapshot | null, next: PortfolioSnapshot): boolean {
  if (prev === null) return true;
  if (
    prev.source !== next.source ||
    prev.freshness !== next.freshness ||
    prev.freshnessReason !== next.freshnessReason ||
    prev.demo !== next.demo
  ) {
    return true;
  }
  const t = prev.totals;
  const u = next.totals;
  if (
    t.liquidationValue !== u.liquidationValue ||
    t.cashBalance !== u.cashBalance ||
    t.dayChange !== u.dayChange ||
    t.dayChangePercent !== u.dayChangePercent ||
    t.buyingPower !== u.buyingPower ||
    t.longValue !== u.longValue ||
    t.shortValue !== u.shortValue ||
    t.positionCount !== u.positionCount
  ) {
    return true;
  }
  return accountsDiffer(prev.accounts, next.accounts);
}
