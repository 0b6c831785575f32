// Structural change detection, so the poller emits only when something a trader can see changed and an
// idle window does no work. `asOf` is ignored on purpose: a poll that returns the same numbers is not news.
import type { AccountView, PortfolioSnapshot, PositionView } from '../../../preload/contract';

const POSITION_KEYS = [
  'symbol',
  'description',
  'assetType',
  'putCall',
  'underlyingSymbol',
  'quantity',
  'averagePrice',
  'marketValue',
  'dayProfitLoss',
  'dayProfitLossPercent',
  'unrealizedProfitLoss',
  'unrealizedProfitLossPercent',
  'weightPercent',
] as const satisfies ReadonlyArray<keyof PositionView>;

const ACCOUNT_KEYS = [
  'accountNumber',
  'displayNumber',
  'hash',
  'type',
  'liquidationValue',
  'cashBalance',
  'buyingPower',
  'cashAvailableForTrading',
  'dayChange',
  'dayChangePercent',
] as const satisfies ReadonlyArray<keyof AccountView>;

function positionsDiffer(a: readonly PositionView[], b: readonly PositionView[]): boolean {
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    for (const k of POSITION_KEYS) if (x[k] !== y[k]) return true;
  }
  return false;
}

function accountsDiffer(a: readonly AccountView[], b: readonly AccountView[]): boolean {
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    for (const k of ACCOUNT_KEYS) if (x[k] !== y[k]) return true;
    if (positionsDiffer(x.positions, y.positions)) return true;
  }
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
    t.dayChangePercent !== u.dayChangePercent
  ) {
    return true;
  }
  return accountsDiffer(prev.accounts, next.accounts);
}
