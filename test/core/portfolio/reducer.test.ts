// The portfolio model's reducer on its own: snapshots, price patches and the patches the core sends.
import { describe, expect, it } from 'vitest';
import type { PortfolioSnapshot, PricePatch } from '../../../common/contract';
import { totalsOfAccounts, totalsOfRows, withAccountFigures } from '../../../common/portfolio/figures';
import { reducePortfolio } from '../../../common/portfolio/reducer';
import { asCents } from '../../../common/money/cents';
import { buildSnapshot, SAMPLE_AS_OF } from '../../../renderer/src/testing/sampleSnapshot';

const LATER = '2026-11-27T21:00:05.000Z';
const price = (symbol: string, mark: number, asOf = LATER): PricePatch => ({ symbol, mark, asOf });

function reprice(state: PortfolioSnapshot, prices: PricePatch[]) {
  return reducePortfolio(state, { type: 'prices', prices });
}

/** Every displayed total equals the sum of its displayed parts, to the cent. */
function expectReconciled(s: PortfolioSnapshot): void {
  for (const a of s.accounts) {
    expect(a.dayChange).toBe(a.positions.reduce((n, p) => n + p.dayProfitLoss, 0));
    expect(a.longValue + a.shortValue).toBe(a.positions.reduce((n, p) => n + p.marketValue, 0));
    expect(a.cashBalance + a.sweepBalance + a.longValue + a.shortValue).toBe(a.liquidationValue);
    const weights = Math.round(a.cashWeightPercent * 100) + a.positions.reduce((n, p) => n + Math.round(p.weightPercent * 100), 0);
    if (a.liquidationValue > 0) expect(weights).toBe(10_000);
  }
  expect(s.totals).toEqual(totalsOfAccounts(s.accounts));
}

describe('portfolio reducer', () => {
  const base = buildSnapshot();

  it('a full snapshot replaces the whole and sends no patch', () => {
    const next = buildSnapshot({ asOf: LATER });
    expect(reducePortfolio(base, { type: 'snapshot', snapshot: next })).toEqual({ snapshot: next, patch: null });
  });

  it('a price moves the position, its account and the totals, and the patch holds only what changed', () => {
    const { snapshot, patch } = reprice(base, [price('NVDA', 140.25)]);
    expect(patch).not.toBeNull();
    const nvda = snapshot!.accounts[0]!.positions.find((p) => p.symbol === 'NVDA')!;
    // 400 shares × $140.25, previous close $135.60.
    expect(nvda.marketValue).toBe(5_610_000);
    expect(nvda.dayProfitLoss).toBe(5_610_000 - 5_424_000);
    expect(nvda.mark).toBe(140.25);
    expect(nvda.quoteTime).toBe(LATER);
    const before = base.accounts[0]!;
    expect(snapshot!.accounts[0]!.liquidationValue).toBe(before.liquidationValue + 80_000); // 400 × $2.00
    expect(patch!.positions.map((p) => [p.accountHash, p.symbol])).toEqual([[before.hash, 'NVDA']]);
    expect(patch!.accounts.map((a) => a.hash)).toEqual([before.hash]);
    expect(patch!.totals).toEqual(snapshot!.totals);
    expect(snapshot!.accounts[1]).toBe(base.accounts[1]); // untouched accounts are the same objects
    expectReconciled(snapshot!);
  });

  it('option value = quantity × price × multiplier, day P&L from the previous close', () => {
    const { snapshot } = reprice(base, [price('SPY   261218C00550000', 62.1)]);
    const call = snapshot!.accounts[0]!.positions.find((p) => p.symbol === 'SPY   261218C00550000')!;
    expect(call.multiplier).toBe(100);
    expect(call.marketValue).toBe(5 * 6210 * 100); // 5 contracts × $62.10 × 100
    expect(call.dayProfitLoss).toBe(5 * (6210 - 6010) * 100); // previous close $60.10
    expect(call.unrealizedProfitLoss).toBe(call.marketValue - call.costBasis);
    expectReconciled(snapshot!);
  });

  it('ignores a symbol not held, a price older than the snapshot, and a price that is not positive', () => {
    for (const prices of [[price('ZZZZ', 10)], [price('NVDA', 150, '2026-11-27T20:00:00.000Z')], [price('NVDA', 0)], [price('NVDA', Number.NaN)]]) {
      const r = reprice(base, prices);
      expect(r.patch).toBeNull();
      expect(r.snapshot).toBe(base);
    }
    expect(reprice(base, [price('NVDA', 138.25)]).patch).toBeNull(); // the price already shown
    expect(reducePortfolio(null, { type: 'prices', prices: [price('NVDA', 150)] })).toEqual({ snapshot: null, patch: null });
  });

  it('the window applying the patch holds exactly what the core holds', () => {
    let core: PortfolioSnapshot = base;
    let window: PortfolioSnapshot | null = structuredClone(base);
    const symbols = ['AAPL', 'MSFT', 'TSLA', 'AAPL  270115P00200000', 'SPY', 'NVDA'];
    for (let i = 0; i < 60; i++) {
      const symbol = symbols[i % symbols.length]!;
      const held = core.accounts.flatMap((a) => a.positions).find((p) => p.symbol === symbol)!;
      const at = new Date(Date.parse(SAMPLE_AS_OF) + (i + 1) * 1000).toISOString();
      const r = reprice(core, [price(symbol, Math.round(held.mark! * (1 + Math.sin(i) * 0.01) * 10_000) / 10_000, at)]);
      if (!r.patch) continue;
      core = r.snapshot!;
      window = reducePortfolio(window, { type: 'patch', patch: structuredClone(r.patch) }).snapshot;
      expect(window).toEqual(core);
      expectReconciled(core);
    }
  });

  it('the patch carries every weight that moved, and a window holding other rows derives the figures itself', () => {
    const { snapshot, patch } = reprice(base, [price('NVDA', 180)]); // a big move shifts the account's weights
    const before = base.accounts[0]!;
    const after = snapshot!.accounts[0]!;
    const moved = after.positions.flatMap((p, i) => (p.weightPercent !== before.positions[i]!.weightPercent ? [[i, p.weightPercent]] : []));
    expect(moved.length).toBeGreaterThan(1);
    const change = patch!.accounts[0]!;
    expect(change.weights).toEqual(moved);
    expect(change.cashWeightPercent).toBe(after.cashWeightPercent);
    expect(change.positionCount).toBe(before.positions.length);

    // A window with one row fewer in that account (a refresh it saw and the core's patch did not).
    const dropped = before.positions.at(-1)!;
    const shorter = {
      ...base,
      accounts: base.accounts.map((a, i) => (i === 0 ? withAccountFigures({ ...a, liquidationValue: asCents(a.liquidationValue - dropped.marketValue), positions: a.positions.slice(0, -1) }) : a)),
    };
    const applied = reducePortfolio(structuredClone(shorter), { type: 'patch', patch: structuredClone(patch!) }).snapshot!.accounts[0]!;
    const derived = reprice(shorter, [price('NVDA', 180)]).snapshot!.accounts[0]!;
    expect(applied.positions.map((p) => p.weightPercent)).toEqual(derived.positions.map((p) => p.weightPercent));
    expect(applied.cashWeightPercent).toBe(derived.cashWeightPercent);
  });

  it('a run of prices reprices exactly what the same prices do to a fresh copy of each state', () => {
    // The core keeps where each symbol is held from one state to the next; a copy has to find it again.
    let carried: PortfolioSnapshot = base;
    const symbols = [...new Set(base.accounts.flatMap((a) => a.positions.map((p) => p.symbol)))];
    for (let i = 0; i < 80; i++) {
      const batch = [symbols[i % symbols.length]!, symbols[(i * 7 + 3) % symbols.length]!];
      const at = new Date(Date.parse(SAMPLE_AS_OF) + (i + 1) * 1000).toISOString();
      const prices = batch.map((symbol) => {
        const held = carried.accounts.flatMap((a) => a.positions).find((p) => p.symbol === symbol)!;
        return price(symbol, Math.round((held.mark ?? 10) * (1 + Math.cos(i + symbol.length) * 0.02) * 10_000) / 10_000, at);
      });
      const fresh = reprice(structuredClone(carried), prices);
      const r = reprice(carried, prices);
      expect(r.patch).toEqual(fresh.patch);
      expect(r.snapshot).toEqual(fresh.snapshot);
      carried = r.snapshot!;
    }
  });

  it('a refresh that moves the rows is repriced by where the rows are now', () => {
    reprice(base, [price('NVDA', 141)]);
    const moved = { ...base, accounts: base.accounts.map((a, i) => (i === 0 ? { ...a, positions: [...a.positions].reverse() } : a)) };
    const { snapshot, patch } = reprice(moved, [price('NVDA', 141)]);
    const index = moved.accounts[0]!.positions.findIndex((p) => p.symbol === 'NVDA');
    expect(patch!.positions.map((p) => [p.symbol, p.index])).toEqual([['NVDA', index]]);
    expect(snapshot!.accounts[0]!.positions[index]!.mark).toBe(141);
  });

  it('a patch older than the window’s snapshot is ignored (a full refresh overtook it)', () => {
    const { patch } = reprice(base, [price('NVDA', 150)]);
    const newer = buildSnapshot({ asOf: '2026-11-27T21:05:00.000Z' });
    expect(reducePortfolio(newer, { type: 'patch', patch: patch! })).toEqual({ snapshot: newer, patch: null });
  });

  it('the totals of any subset of rows are the sums of those rows', () => {
    const rows = base.accounts[0]!.positions.slice(1, 5).map((p) => ({ ...p, kind: 'position' as const }));
    const t = totalsOfRows(rows);
    expect(t.marketValue).toBe(rows.reduce((n, r) => n + r.marketValue, 0));
    expect(t.dayProfitLoss).toBe(rows.reduce((n, r) => n + r.dayProfitLoss, 0));
    expect(t.unrealizedProfitLoss).toBe(rows.reduce((n, r) => n + r.unrealizedProfitLoss, 0));
    expect(t.count).toBe(4);
  });
});
