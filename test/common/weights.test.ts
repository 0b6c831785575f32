import { describe, expect, it } from 'vitest';
import { apportionPercents } from '../../common/weights';

/** Hamilton's method written the plain way: exact shares, floors, leftover by remainder order (ties to the earlier row). */
function reference(parts: number[], whole: number): number[] {
  if (!(whole > 0) || parts.length === 0) return parts.map(() => 0);
  const sum = parts.reduce((s, p) => s + p, 0);
  const target = Math.sign(sum) * Math.round(Math.abs(sum * 10_000) / whole);
  const exact = parts.map((p) => (p * 10_000) / whole);
  const floors = exact.map(Math.floor);
  let leftover = target - floors.reduce((s, f) => s + f, 0);
  const order = exact.map((_, i) => i).sort((a, b) => {
    const ra = exact[a]! - floors[a]!;
    const rb = exact[b]! - floors[b]!;
    return (leftover > 0 ? rb - ra : ra - rb) || a - b;
  });
  const step = Math.sign(leftover);
  for (let k = 0; leftover !== 0; k++) {
    floors[order[k % parts.length]!]! += step;
    leftover -= step;
  }
  return floors.map((f) => f / 100);
}

const bp = (xs: number[]): number => xs.reduce((s, x) => s + Math.round(x * 100), 0);

describe('apportionPercents', () => {
  it('splits three equal thirds as 33.34 / 33.33 / 33.33 (the leftover to the earliest tie)', () => {
    expect(apportionPercents([100, 100, 100], 300)).toEqual([33.34, 33.33, 33.33]);
  });

  it('takes away from the smallest remainders when the floors overshoot (negative parts)', () => {
    const parts = [-100, 400, 1];
    expect(apportionPercents(parts, 301)).toEqual(reference(parts, 301));
    expect(bp(apportionPercents(parts, 301))).toBe(10_000);
  });

  it('gives zeros for a whole of zero or below', () => {
    expect(apportionPercents([5, 6], 0)).toEqual([0, 0]);
    expect(apportionPercents([5, 6], -11)).toEqual([0, 0]);
  });

  it('agrees with the plain method on 2,000 random tables, longs, shorts and ties included', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 2000; t++) {
      const n = 1 + Math.floor(rand() * 40);
      const parts = Array.from({ length: n }, () => {
        const r = rand();
        // Some repeated values so ties happen; some shorts.
        if (r < 0.2) return 12_345;
        return Math.round((rand() - 0.15) * 10 ** (2 + Math.floor(rand() * 7)));
      });
      const sum = parts.reduce((s, p) => s + p, 0);
      const whole = sum > 0 && rand() < 0.7 ? sum : 1 + Math.floor(rand() * 10 ** 8);
      const got = apportionPercents(parts, whole);
      expect(got, `parts ${parts.join(',')} whole ${whole}`).toEqual(reference(parts, whole));
      if (whole === sum) expect(bp(got)).toBe(10_000);
    }
  });
});
