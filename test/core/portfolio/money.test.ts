import { describe, expect, it } from 'vitest';
import { formatUsd, fromCents, percent, roundMoney, sumCents, toCents } from '../../../main/core/portfolio/money';

describe('money', () => {
  it('converts dollars to integer cents, stripping float noise, half away from zero', () => {
    expect(toCents(-273.900000000001)).toBe(-27390);
    expect(toCents(-1186.899999999999)).toBe(-118690);
    expect(toCents(1.005)).toBe(101);
    expect(toCents(-1.005)).toBe(-101);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(-0.004)).toBe(0);
    expect(Object.is(toCents(-0.001), -0)).toBe(false);
    expect(toCents(Number.NaN)).toBe(0);
    expect(toCents(12345678.91)).toBe(1234567891);
  });

  it('the fast path agrees with a decimal reference on 200,000 Schwab-like numbers', () => {
    const reference = (d: number): number => {
      const scaled = Number((d * 100).toPrecision(15));
      const r = Math.sign(scaled) * Math.round(Math.abs(scaled));
      return r === 0 ? 0 : r;
    };
    let seed = 42;
    const rand = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200_000; i++) {
      const decimals = 1 + Math.floor(rand() * 5);
      const d = Number(((rand() - 0.5) * 2e6).toFixed(decimals)) + (i % 7 === 0 ? 1e-12 : 0);
      expect(toCents(d)).toBe(reference(d));
    }
  });

  it('sums in cents where summing dollars drifts', () => {
    const dollars = Array.from({ length: 1000 }, () => 0.1);
    expect(dollars.reduce((s, d) => s + d, 0)).not.toBe(100);
    expect(fromCents(sumCents(dollars.map(toCents)))).toBe(100);
  });

  it('percent guards a zero base and rounds to 2 decimals', () => {
    expect(percent(1, 3)).toBe(33.33);
    expect(percent(-26787, 3070150)).toBe(-0.87);
    expect(percent(5, 0)).toBe(0);
    expect(roundMoney(2.675)).toBe(2.68);
  });

  it('formats US dollars with Intl', () => {
    expect(formatUsd(128410.07)).toBe('$128,410.07');
    expect(formatUsd(-3.5)).toBe('-$3.50');
  });
});
