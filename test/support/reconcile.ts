// "Every displayed total equals the sum of its displayed parts, to the cent", as one assertion over a
// snapshot: accounts against their positions, the all-accounts totals against the accounts.
import { expect } from 'vitest';
import type { PortfolioSnapshot } from '../../common/contract';

const sum = (xs: readonly number[]): number => xs.reduce((n, x) => n + x, 0);

export function expectSnapshotReconciles(s: PortfolioSnapshot, options: { liquidation?: boolean } = {}): void {
  for (const a of s.accounts) {
    const all = [...a.liquidationValue === 0 ? [] : [a.liquidationValue], a.cashBalance, a.dayChange, ...a.positions.map((p) => p.marketValue)];
    for (const v of all) expect(Number.isInteger(v), `${a.displayNumber}: whole cents`).toBe(true);
    expect(a.dayChange, a.displayNumber).toBe(sum(a.positions.map((p) => p.dayProfitLoss)));
    expect(a.longValue, a.displayNumber).toBe(sum(a.positions.filter((p) => p.marketValue > 0).map((p) => p.marketValue)));
    expect(a.shortValue, a.displayNumber).toBe(sum(a.positions.filter((p) => p.marketValue < 0).map((p) => p.marketValue)));
    if (options.liquidation !== false) {
      expect(a.cashBalance + a.sweepBalance + a.longValue + a.shortValue, a.displayNumber).toBe(a.liquidationValue);
      if (a.liquidationValue > 0) {
        const bp = (p: number): number => Math.round(p * 100);
        expect(bp(a.cashWeightPercent) + sum(a.positions.map((p) => bp(p.weightPercent))), a.displayNumber).toBe(10_000);
      }
    }
  }
  expect(s.totals.liquidationValue).toBe(sum(s.accounts.map((a) => a.liquidationValue)));
  expect(s.totals.cashBalance).toBe(sum(s.accounts.map((a) => a.cashBalance)));
  expect(s.totals.dayChange).toBe(sum(s.accounts.map((a) => a.dayChange)));
  expect(s.totals.longValue).toBe(sum(s.accounts.map((a) => a.longValue)));
  expect(s.totals.shortValue).toBe(sum(s.accounts.map((a) => a.shortValue)));
  expect(s.totals.positionCount).toBe(sum(s.accounts.map((a) => a.positions.length)));
}
