// Average-cost realized P&L on hand-made sets; every expected figure is worked out in the comment beside it.
import { describe, expect, it } from 'vitest';
import { realizedPnl } from '../../../main/core/activity/realizedPnl';
import { cash, day, trade } from './activitySets';

const total = (r: ReturnType<typeof realizedPnl>): number => r.events.reduce((s, e) => s + e.realizedCents, 0);

describe('realized P&L (average cost)', () => {
  it('partial closes use the average of two buys; fees count', () => {
    const r = realizedPnl([
      trade(day(0), 'XYZ', 100, 10), // basis 1000.00
      trade(day(1), 'XYZ', 50, 13), // basis 1650.00 for 150 → avg 11.00
      trade(day(2), 'XYZ', -60, 12, { feesCents: 5 }), // 719.95 − 660.00 = 59.95
      trade(day(3), 'XYZ', -90, 10.5), // 945.00 − 990.00 = −45.00
    ]);
    expect(r.events.map((e) => [e.quantity, e.realizedCents])).toEqual([
      [60, 5995],
      [90, -4500],
    ]);
    expect(r.open).toEqual([]);
  });

  it('opening fees raise the basis', () => {
    const r = realizedPnl([trade(day(0), 'XYZ', 10, 100, { feesCents: 100 }), trade(day(1), 'XYZ', -10, 100)]);
    expect(total(r)).toBe(-100); // bought for 1001.00 all in, sold for 1000.00
  });

  it('a short: sold first, covered in two parts', () => {
    const r = realizedPnl([
      trade(day(0), 'TSLA', -50, 20, { feesCents: 3 }), // received 999.97
      trade(day(1), 'TSLA', 20, 18), // basis share −399.988 → −399.99; paid 360.00 → +39.99
      trade(day(2), 'TSLA', 30, 22), // basis left −599.98; paid 660.00 → −60.02
    ]);
    expect(r.events.map((e) => e.realizedCents)).toEqual([3999, -6002]);
  });

  it('an option bought and left to expire loses its premium; a written one that expires keeps it', () => {
    const r = realizedPnl([
      trade(day(0), 'MSFT  241115C00425000', 2, 3.45, { multiplier: 100, feesCents: 135 }), // paid 691.35
      trade(day(30), 'MSFT  241115C00425000', -2, 0, { multiplier: 100, type: 'RECEIVE_AND_DELIVER', effect: 'CLOSING' }),
      trade(day(0), 'JNJ   241115C00160000', -1, 1.85, { multiplier: 100, feesCents: 69 }), // received 184.31
      trade(day(30), 'JNJ   241115C00160000', 1, 0, { multiplier: 100, type: 'RECEIVE_AND_DELIVER', effect: 'CLOSING' }),
    ]);
    expect(r.events.map((e) => [e.symbol.slice(0, 4), e.realizedCents])).toEqual([
      ['MSFT', -69135],
      ['JNJ ', 18431],
    ]);
  });

  it('an assignment: the short call is kept as premium, the shares go at the strike against their average cost', () => {
    const r = realizedPnl([
      trade(day(0), 'KO', 200, 60), // basis 12,000.00 → avg 60.00
      trade(day(10), 'KO    241220C00066000', -1, 1.15, { multiplier: 100, feesCents: 69 }), // received 114.31
      trade(day(40), 'KO    241220C00066000', 1, 0, { multiplier: 100, type: 'RECEIVE_AND_DELIVER', effect: 'CLOSING' }),
      trade(day(40) + 60_000, 'KO', -100, 66, { feesCents: 20, effect: 'CLOSING' }), // 6,599.80 − 6,000.00
    ]);
    expect(r.events.map((e) => e.realizedCents)).toEqual([11431, 59980]);
    expect(r.open).toEqual([{ accountHash: 'A', symbol: 'KO', quantity: 100, costCents: 600000 }]);
  });

  it('a close with nothing open (bought before the history) is unmatched, not a short', () => {
    const r = realizedPnl([trade(day(0), 'OLD', -10, 50, { effect: 'CLOSING' }), trade(day(1), 'OLD', 5, 40), trade(day(2), 'OLD', -5, 44)]);
    expect(r.unmatched).toEqual([expect.objectContaining({ symbol: 'OLD', quantity: 10 })]);
    expect(r.events.map((e) => e.realizedCents)).toEqual([2000]); // 220.00 − 200.00
  });

  it('selling through zero without a CLOSING mark opens a short with the rest', () => {
    const r = realizedPnl([
      trade(day(0), 'XYZ', 10, 10), // basis 100.00
      trade(day(1), 'XYZ', -15, 12), // 10 close: 120.00 − 100.00; 5 short opened for 60.00
      trade(day(2), 'XYZ', 5, 11), // cover: 60.00 − 55.00
    ]);
    expect(r.events.map((e) => e.realizedCents)).toEqual([2000, 500]);
    expect(r.open).toEqual([]);
  });

  it('keeps accounts apart and ignores cash-only and INVALID transactions; input order does not matter', () => {
    const invalid = { ...trade(day(2), 'XYZ', -10, 99), status: 'INVALID' };
    const r = realizedPnl([
      trade(day(3), 'XYZ', -10, 12, { account: 'B' }),
      invalid,
      cash(day(1), 'DIVIDEND_OR_INTEREST', 500, 'XYZ CORP'),
      trade(day(1), 'XYZ', 10, 20, { account: 'B' }),
      trade(day(0), 'XYZ', 10, 10, { account: 'A' }),
      trade(day(4), 'XYZ', -10, 12, { account: 'A' }),
    ]);
    expect(r.events.map((e) => [e.accountHash, e.realizedCents])).toEqual([
      ['B', -8000],
      ['A', 2000],
    ]);
  });

  it('fractional fund shares close to the cent', () => {
    const r = realizedPnl([trade(day(0), 'SWPPX', 512.347, 80.1), trade(day(1), 'SWPPX', -200.5, 93.62)]);
    // basis 41,038.99 (512.347 × 80.10 = 41,038.9947); its 200.5/512.347 share 16,060.048 → 16,060.05;
    // proceeds 200.5 × 93.62 = 18,770.81
    expect(r.events[0]!.realizedCents).toBe(1877081 - 1606005);
  });
});
