import { describe, expect, it } from 'vitest';
import { toCents } from '../../../common/money/cents';
import { normalizeAccounts } from '../../../main/core/portfolio/normalize';
import { snapshotChanged } from '../../../main/core/portfolio/snapshotDiff';
import type { PortfolioSnapshot } from '../../../common/contract';
import { loadAccounts } from './fixtures';

const make = (asOf: number): PortfolioSnapshot =>
  normalizeAccounts(
    [...loadAccounts('account-margin-with-option-positions.json'), ...loadAccounts('account-cash-covered-call-short-option.json')],
    { hashFor: (n) => `h${n.length}`, asOf },
  );

describe('snapshot diff', () => {
  it('a re-poll with the same numbers is not a change (asOf aside)', () => {
    expect(snapshotChanged(make(1), make(2))).toBe(false);
    expect(snapshotChanged(null, make(1))).toBe(true);
  });

  it('any visible difference is a change', () => {
    const cases: Array<(s: PortfolioSnapshot) => void> = [
      (s) => (s.accounts[1]!.positions[1]!.marketValue = toCents(0.01 + s.accounts[1]!.positions[1]!.marketValue / 100)),
      (s) => (s.accounts[0]!.positions[9]!.dayProfitLoss = toCents(1)),
      (s) => (s.accounts[0]!.positions[3]!.quantity = -2),
      (s) => s.accounts[0]!.positions.pop(),
      (s) => s.accounts[0]!.positions.reverse(),
      (s) => (s.accounts[1]!.buyingPower = toCents(1)),
      (s) => (s.accounts[0]!.cashAvailableForTrading = toCents(0)),
      (s) => s.accounts.reverse(),
      (s) => (s.totals.dayChangePercent = 9),
      (s) => (s.freshness = 'stale'),
      (s) => (s.freshnessReason = 'x'),
      (s) => (s.source = 'cache'),
      (s) => (s.accounts[0]!.positions[0]!.unrealizedProfitLossPercent = null),
    ];
    for (const mutate of cases) {
      const next = make(2);
      mutate(next);
      expect(snapshotChanged(make(1), next)).toBe(true);
    }
  });

  it('every field of a position and an account counts (guards the explicit field list)', () => {
    const sample = make(1);
    const position = sample.accounts[0]!.positions.find((p) => p.putCall && p.underlyingSymbol)!;
    const positionKeys = Object.keys(position) as Array<keyof typeof position>;
    expect(positionKeys.length).toBe(25); // 21, and an option's four greeks
    for (const key of positionKeys) {
      const next = make(2);
      const target = next.accounts[0]!.positions[sample.accounts[0]!.positions.indexOf(position)]!;
      (target as unknown as Record<string, unknown>)[key] = `changed-${key}`;
      expect(snapshotChanged(make(1), next), key).toBe(true);
    }
    const accountKeys = Object.keys(sample.accounts[0]!).filter((k) => k !== 'positions');
    // The sample's first account is MARGIN: 10 keys, the cash & sweep row's two, long and short value, and
    // margin; nickname and kind come from userPreference.
    expect(accountKeys.length).toBe(15);
    for (const key of [...accountKeys, 'nickname', 'kind']) {
      const next = make(2);
      (next.accounts[0] as unknown as Record<string, unknown>)[key] = `changed-${key}`;
      expect(snapshotChanged(make(1), next), key).toBe(true);
    }
    const marginKeys = Object.keys(sample.accounts[0]!.margin!);
    expect(marginKeys.length).toBe(13);
    for (const key of marginKeys) {
      const next = make(2);
      (next.accounts[0]!.margin as unknown as Record<string, unknown>)[key] = `changed-${key}`;
      expect(snapshotChanged(make(1), next), `margin.${key}`).toBe(true);
    }
    const withCall = make(2);
    withCall.accounts[0]!.margin!.calls = [{ kind: 'reg-t', amount: toCents(1) }];
    const otherCall = make(2);
    otherCall.accounts[0]!.margin!.calls = [{ kind: 'reg-t', amount: toCents(2) }];
    expect(snapshotChanged(withCall, otherCall)).toBe(true);
  });
});
