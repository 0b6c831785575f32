// Option greeks through the model: streamed in with a price patch, kept across a REST snapshot, and summed
// into the portfolio delta (in shares of the underlying) and theta per day, checked against hand sums.
import { describe, expect, it } from 'vitest';
import type { OptionGreeks, PortfolioSnapshot, PricePatch } from '../../../common/contract';
import { optionRisk } from '../../../common/portfolio/figures';
import { withKnownGreeks } from '../../../common/portfolio/knownGreeks';
import { reducePortfolio } from '../../../common/portfolio/reducer';
import { buildSnapshot } from '../../../renderer/src/testing/sampleSnapshot';

const CALL = 'SPY   261218C00550000';
const PUT = 'AAPL  270115P00200000';
const T1 = '2026-11-27T21:00:05.000Z';
const T2 = '2026-11-27T21:00:06.000Z';

const greeks = (delta: number | null, theta: number | null, iv: number | null = 20, daysToExpiration: number | null = 30): OptionGreeks => ({ delta, theta, iv, daysToExpiration });
const option = (symbol: string, mark: number, g: OptionGreeks, asOf = T1): PricePatch => ({ symbol, mark, asOf, greeks: g });
const positionOf = (s: PortfolioSnapshot, symbol: string) => s.accounts.flatMap((a) => a.positions).find((p) => p.symbol === symbol)!;

function streamed(base: PortfolioSnapshot): PortfolioSnapshot {
  return reducePortfolio(base, { type: 'prices', prices: [option(CALL, 61.35, greeks(0.62, -0.15, 18.5, 386)), option(PUT, 2.2, greeks(-0.3, -0.04, 27.25, 414))] }).snapshot!;
}

describe('option greeks in the model', () => {
  const base = buildSnapshot();

  it('a price patch sets an option’s delta, theta, IV and days to expiration; the window applying the patch holds the same', () => {
    const window = structuredClone(base);
    const { snapshot, patch } = reducePortfolio(base, { type: 'prices', prices: [option(CALL, 61.35, greeks(0.62, -0.15, 18.5, 386))] });
    // The mark is the one already shown: the greeks alone make the patch.
    expect(positionOf(base, CALL).mark).toBe(61.35);
    expect(patch).not.toBeNull();
    expect(positionOf(snapshot!, CALL)).toMatchObject({ delta: 0.62, theta: -0.15, iv: 18.5, daysToExpiration: 386 });
    const applied = reducePortfolio(window, { type: 'patch', patch: patch! }).snapshot!;
    expect(positionOf(applied, CALL)).toMatchObject({ delta: 0.62, theta: -0.15, iv: 18.5, daysToExpiration: 386 });
  });

  it('the same greeks and mark again make no patch; an unknown greek keeps the one shown; stocks take no greeks', () => {
    const s = streamed(base);
    expect(reducePortfolio(s, { type: 'prices', prices: [option(CALL, 61.35, greeks(0.62, -0.15, 18.5, 386), T2)] }).patch).toBeNull();
    const next = reducePortfolio(s, { type: 'prices', prices: [option(CALL, 61.35, greeks(0.63, null, null, null), T2)] }).snapshot!;
    expect(positionOf(next, CALL)).toMatchObject({ delta: 0.63, theta: -0.15, iv: 18.5, daysToExpiration: 386 });
    const stock = reducePortfolio(s, { type: 'prices', prices: [{ symbol: 'AAPL', mark: 231.4, asOf: T2, greeks: greeks(1, 0) }] });
    expect(stock.patch).toBeNull();
    expect(positionOf(stock.snapshot!, 'AAPL').delta).toBeUndefined();
  });

  it('a REST snapshot keeps the last known greeks of the contracts still held', () => {
    const s = streamed(base);
    const rest = buildSnapshot({ asOf: T2 });
    expect(positionOf(rest, CALL).delta).toBeUndefined();
    const kept = withKnownGreeks(rest, s);
    expect(positionOf(kept, CALL)).toMatchObject({ delta: 0.62, theta: -0.15, iv: 18.5, daysToExpiration: 386 });
    expect(positionOf(kept, PUT)).toMatchObject({ delta: -0.3, theta: -0.04 });
    expect(positionOf(kept, 'AAPL').delta).toBeUndefined();
    expect(withKnownGreeks(rest, null)).toBe(rest);
  });

  it('portfolio delta in shares and theta per day, per account and in total, against hand sums', () => {
    expect(optionRisk(base.accounts.flatMap((a) => a.positions))).toBeNull();
    const s = streamed(base);
    const first = s.accounts[0]!;
    // Call: 0.62 × 5 × 100 = 310; put: −0.30 × −3 × 100 = 90; shares of the underlyings: SPY 150 + AAPL 300.
    // Theta: −0.15 × 5 × 100 = −$75.00; −0.04 × −3 × 100 = +$12.00.
    expect(optionRisk(first.positions)).toEqual({ deltaShares: 850, thetaPerDay: -6_300, optionsWithGreeks: 2, optionsWithoutGreeks: 0 });
    // All accounts: the KO call has no greeks yet, so neither it nor the KO shares count.
    const all = optionRisk(s.accounts.flatMap((a) => a.positions))!;
    expect(all).toEqual({ deltaShares: 850, thetaPerDay: -6_300, optionsWithGreeks: 2, optionsWithoutGreeks: 1 });
    const ko = s.accounts.flatMap((a) => a.positions).find((p) => p.symbol.startsWith('KO    '))!;
    const withKo = reducePortfolio(s, { type: 'prices', prices: [option(ko.symbol, ko.mark!, greeks(0.41, -0.012), T2)] }).snapshot!;
    // KO call: 0.41 × −2 × 100 = −82, plus 200 KO shares; theta −0.012 × −2 × 100 = +$2.40.
    expect(optionRisk(withKo.accounts.flatMap((a) => a.positions))).toEqual({ deltaShares: 850 - 82 + 200, thetaPerDay: -6_300 + 240, optionsWithGreeks: 3, optionsWithoutGreeks: 0 });
  });
});
