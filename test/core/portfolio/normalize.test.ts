import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { displayNumber, normalizeAccounts, unmappedHash } from '../../../main/core/portfolio/normalize';
import { maskSnapshot } from '../../../main/core/portfolio/masking';
import { toCents } from '../../../main/core/portfolio/money';
import { AccountsSchema, PositionSchema, type Account } from '../../../main/core/schwab/schemas';
import type { PortfolioSnapshot } from '../../../common/contract';
import { ACCOUNT_FIXTURES, FIXTURE_DIR, loadAccounts, readFixture } from './fixtures';
import { expectSnapshotReconciles } from '../../support/reconcile';

const AS_OF = Date.UTC(2025, 0, 15, 15, 0, 0);
/** Stand-in for Schwab's 64-hex hashes (never containing the number itself). */
const hashFor = (n: string): string => createHash('sha256').update(n).digest('hex').toUpperCase();
const normalize = (accounts: Account[]): PortfolioSnapshot => normalizeAccounts(accounts, { hashFor, asOf: AS_OF });

// weight: signed share of the liquidation value (shorts negative), apportioned with the cash row so the
// rows sum to exactly 100 % (largest remainder: a share may sit 0.01 from its nearest rounding, e.g. MRVL).
type Row = [symbol: string, qty: number, mv: number, dayPL: number, upl: number, uplPct: number | null, weight: number];
interface Expected {
  type: 'CASH' | 'MARGIN';
  liq: number;
  cash: number;
  buyingPower: number | null;
  cashAvailableForTrading: number;
  dayChange: number;
  dayChangePercent: number;
  positions: Row[];
}

// Worked out independently (Python, decimal arithmetic) from the raw samples, in dollars; the snapshot carries
// the same figures as integer cents.
const EXPECTED: Record<(typeof ACCOUNT_FIXTURES)[number], Expected> = {
  'account-cash-covered-call-short-option.json': {
    type: 'CASH', liq: 30433.63, cash: 11687.43, buyingPower: null, cashAvailableForTrading: 11687.43,
    dayChange: -267.87, dayChangePercent: -0.87,
    positions: [
      ['WMT 260605C00121000', -1, -3.5, 6.03, 90.84, 96.29, -0.01],
      ['WMT', 166, 18749.7, -273.9, -1186.9, -5.95, 61.61],
    ],
  },
  'account-cash-with-positions.json': {
    type: 'CASH', liq: 1000.37, cash: 1000.14, buyingPower: null, cashAvailableForTrading: 1000.14,
    dayChange: 148.43, dayChangePercent: 17.42,
    positions: [
      ['CAVA  240628C00100000', 1, 222.5, 74.5, 74.5, 50.34, 22.24],
      ['MSFT', 2, 847.18, 15.04, 20.57, 2.49, 84.69],
      ['CAVA', 8, 716.0, 9.28, 98.26, 15.91, 71.57],
      ['MU', 5, 669.55, 36.35, 65.0, 10.75, 66.93],
      ['XOM   240816C00145000', 3, 24.0, 13.26, -14.98, -38.43, 2.4],
    ],
  },
  'account-margin-with-option-positions.json': {
    type: 'MARGIN', liq: 50946.39, cash: 51420.89, buyingPower: 88853.04, cashAvailableForTrading: 44420.89,
    dayChange: 25.31, dayChangePercent: 0.05,
    positions: [
      ['META  250131P00510000', 1, 44.5, -18.5, -130.16, -74.52, 0.09],
      ['META  250131P00525000', -1, -75.0, 33.5, 202.33, 72.96, -0.15],
      ['TSLA  250221P00340000', -1, -440.0, 52.5, 188.32, 29.97, -0.86],
      ['MRVL  250321C00155000', -1, -272.5, -18.5, -67.17, -32.71, -0.54],
      ['MRVL  250321P00090000', -1, -64.0, 4.5, 155.33, 70.82, -0.13],
      ['MRVL  250321C00170000', 1, 120.5, 7.5, 33.84, 39.05, 0.24],
      ['MRVL  250321P00080000', 1, 25.0, -1.69, -69.66, -73.59, 0.05],
      ['NVDA  250228P00115000', -1, -59.0, 8.5, 126.33, 68.16, -0.12],
      ['TSLA  250221P00320000', 1, 228.0, -42.5, -142.66, -38.49, 0.45],
      ['NVDA  250228P00095000', 1, 18.0, 0.0, -21.66, -54.61, 0.04],
    ],
  },
  'account-margin-with-positions.json': {
    type: 'MARGIN', liq: 700.0, cash: 100.0, buyingPower: 100.0, cashAvailableForTrading: 100.0,
    dayChange: 15.31, dayChangePercent: 2.24,
    positions: [
      ['AMD', 2, 300.0, 12.82, 8.56, 2.94, 42.86],
      ['ERIC  250117C00015000', 1, 2.5, 2.49, -8.16, -76.55, 0.36],
    ],
  },
  'accounts-margin-no-positions.json': {
    type: 'MARGIN', liq: 0, cash: 0, buyingPower: 0, cashAvailableForTrading: 0, dayChange: 0, dayChangePercent: 0,
    positions: [],
  },
  'accounts-margin-with-option-position.json': {
    type: 'MARGIN', liq: 4045.83, cash: 3540.83, buyingPower: 7082.68, cashAvailableForTrading: 3540.83,
    dayChange: -20.0, dayChangePercent: -0.49,
    positions: [['AMAT  241115C00210000', 1, 505.0, -20.0, -20.0, -3.81, 12.48]],
  },
};

/** Samples whose balances are internally consistent (real captures); the two C++ fixtures are toy numbers. */
const RECONCILING = new Set([
  'account-cash-covered-call-short-option.json',
  'account-margin-with-option-positions.json',
  'accounts-margin-no-positions.json',
  'accounts-margin-with-option-position.json',
]);

describe('normalize: every account sample, to the cent', () => {
  it('covers every account sample in test/fixtures/schwab', () => {
    const onDisk = fs.readdirSync(FIXTURE_DIR).filter((f) => /^accounts?-(cash|margin)/.test(f));
    expect(onDisk.sort()).toEqual([...ACCOUNT_FIXTURES].sort());
  });

  for (const name of ACCOUNT_FIXTURES) {
    describe(name, () => {
      const accounts = loadAccounts(name);
      const snap = normalize(accounts);
      const exp = EXPECTED[name];
      const acct = snap.accounts[0]!;

      it('account figures follow the issue-4 rules', () => {
        expect(snap.accounts).toHaveLength(1);
        expect(acct.type).toBe(exp.type);
        expect(acct.liquidationValue).toBe(toCents(exp.liq));
        expect(acct.cashBalance).toBe(toCents(exp.cash));
        expect(acct.buyingPower).toBe(exp.buyingPower === null ? null : toCents(exp.buyingPower));
        expect(acct.cashAvailableForTrading).toBe(toCents(exp.cashAvailableForTrading));
        expect(acct.dayChange).toBe(toCents(exp.dayChange));
        expect(acct.dayChangePercent).toBe(exp.dayChangePercent);
        const number = accounts[0]!.securitiesAccount.accountNumber;
        expect(acct.accountNumber).toBe(number);
        expect(acct.displayNumber).toBe(`…${number.slice(-4)}`);
        expect(acct.hash).toBe(hashFor(number));
      });

      it('positions: quantity = long − short, values as sent, P/L and weights', () => {
        const rows: Row[] = acct.positions.map((p) => [
          p.symbol,
          p.quantity,
          p.marketValue,
          p.dayProfitLoss,
          p.unrealizedProfitLoss,
          p.unrealizedProfitLossPercent,
          p.weightPercent,
        ]);
        expect(rows).toEqual(exp.positions.map(([sym, qty, mv, day, upl, uplPct, w]) => [sym, qty, toCents(mv), toCents(day), toCents(upl), uplPct, w]));
      });

      it('every displayed total is the sum of its displayed parts (one assertion for every host)', () => {
        expectSnapshotReconciles(snap, { liquidation: RECONCILING.has(name) });
      });

      it('totals equal the sum of the displayed parts exactly', () => {
        const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);
        expect(acct.dayChange).toBe(sum(acct.positions.map((p) => p.dayProfitLoss)));
        expect(snap.totals.liquidationValue).toBe(sum(snap.accounts.map((a) => a.liquidationValue)));
        expect(snap.totals.cashBalance).toBe(sum(snap.accounts.map((a) => a.cashBalance)));
        expect(snap.totals.dayChange).toBe(sum(snap.accounts.map((a) => a.dayChange)));
        // Every emitted money figure is a whole number of cents.
        for (const v of [acct.liquidationValue, acct.cashBalance, acct.dayChange, ...acct.positions.map((p) => p.marketValue)]) {
          expect(Number.isInteger(v)).toBe(true);
        }
      });

      it(RECONCILING.has(name) ? 'reconciles: cash + long − short = liquidation value' : 'toy sample: does not reconcile (kept as a parsing case)', () => {
        const sa = accounts[0]!.securitiesAccount;
        const cb = sa.currentBalances;
        const fromPositions = toCents(cb.cashBalance ?? 0) + (sa.positions ?? []).reduce((s, p) => s + toCents(p.marketValue), 0);
        const fromBalances =
          toCents(cb.cashBalance ?? 0) +
          toCents(cb.longMarketValue ?? 0) +
          toCents(cb.longOptionMarketValue ?? 0) +
          toCents(cb.shortOptionMarketValue ?? 0) +
          toCents(cb.shortMarketValue ?? 0) +
          toCents(cb.moneyMarketFund ?? 0) +
          toCents(cb.mutualFundValue ?? 0) +
          toCents(cb.bondValue ?? 0) +
          toCents(cb.savings ?? 0);
        const liq = acct.liquidationValue;
        if (RECONCILING.has(name)) {
          expect(Math.abs(fromPositions - liq)).toBeLessThanOrEqual(1);
          expect(Math.abs(fromBalances - liq)).toBeLessThanOrEqual(1);
        } else {
          expect(Math.abs(fromPositions - liq)).toBeGreaterThan(100);
        }
      });
    });
  }

  it('without long/shortOpenProfitLoss, unrealized P/L falls back to marketValue − cost (options ×100)', () => {
    for (const name of ACCOUNT_FIXTURES) {
      const withPl = normalize(loadAccounts(name)).accounts[0]!.positions;
      const stripped = loadAccounts(name).map((a) => {
        for (const p of a.securitiesAccount.positions ?? []) {
          delete p.longOpenProfitLoss;
          delete p.shortOpenProfitLoss;
        }
        return a;
      });
      const without = normalize(stripped).accounts[0]!.positions;
      without.forEach((p, i) => {
        // The C++ toy sample's AMD row has a made-up longOpenProfitLoss that does not match its own prices.
        if (name === 'account-margin-with-positions.json' && p.symbol === 'AMD') {
          expect(p.unrealizedProfitLoss).toBe(-2424);
          return;
        }
        expect(Math.abs(p.unrealizedProfitLoss - withPl[i]!.unrealizedProfitLoss)).toBeLessThanOrEqual(1);
      });
    }
  });

  it('ETFs (COLLECTIVE_INVESTMENT), equities and options from the mixed positions sample', () => {
    const positions = (readFixture('positions-margin-mixed-equity-etf-option.json') as unknown[]).map((p) => PositionSchema.parse(p));
    const mv = positions.reduce((s, p) => s + toCents(p.marketValue), 0);
    const account = AccountsSchema.parse([
      {
        securitiesAccount: {
          type: 'MARGIN',
          accountNumber: '87654321',
          positions,
          currentBalances: { cashBalance: 1000, liquidationValue: (mv + 100_000) / 100, buyingPower: 2000, availableFunds: 1000 },
        },
      },
    ]);
    const snap = normalize(account);
    const a = snap.accounts[0]!;
    expect(a.liquidationValue).toBe(2032086);
    const spy = a.positions.find((p) => p.symbol === 'SPY')!;
    expect(spy).toMatchObject({ assetType: 'COLLECTIVE_INVESTMENT', description: 'SPDR S&P 500 ETF', quantity: 2, marketValue: 113888, unrealizedProfitLoss: -355 });
    expect(spy.putCall).toBeUndefined();
    const put = a.positions.find((p) => p.symbol.startsWith('MRNA'))!;
    expect(put).toMatchObject({ assetType: 'OPTION', putCall: 'PUT', underlyingSymbol: 'MRNA', quantity: 8, marketValue: 448000 });
    const okta = a.positions.find((p) => p.symbol === 'OKTA')!;
    expect(okta.description).toBe('');
    expect(okta.dayProfitLoss).toBe(-204008);
    expect(a.dayChange).toBe(-248280);
    // dayChange / (value − dayChange): −2482.80 / 22803.66
    expect(a.dayChangePercent).toBe(-10.89);
  });

  it('several accounts: totals in cents, percent against yesterday’s total', () => {
    const accounts = [
      ...loadAccounts('account-cash-covered-call-short-option.json'),
      ...loadAccounts('account-margin-with-option-positions.json'),
      ...loadAccounts('accounts-margin-with-option-position.json'),
    ];
    const snap = normalize(accounts);
    expect(snap.totals.liquidationValue).toBe(8542585); // 30433.63 + 50946.39 + 4045.83
    expect(snap.totals.cashBalance).toBe(6664915); // 11687.43 + 51420.89 + 3540.83
    expect(snap.totals.dayChange).toBe(-26256); // −267.87 + 25.31 − 20.00
    expect(snap.totals.dayChangePercent).toBe(-0.31); // −262.56 / 85688.41
    expect(snap.asOf).toBe('2025-01-15T15:00:00.000Z');
    expect(snap).toMatchObject({ source: 'live', freshness: 'fresh', freshnessReason: null, demo: false });
  });

  it('float noise in Schwab numbers does not leak (−273.900000000001 → −273.9)', () => {
    const snap = normalize(loadAccounts('account-cash-covered-call-short-option.json'));
    expect(snap.accounts[0]!.positions[1]!.dayProfitLoss).toBe(-27390);
  });

  it('an account missing from accountNumbers gets a stable stand-in hash, never its number', () => {
    const snap = normalizeAccounts(loadAccounts('accounts-margin-with-option-position.json'), { hashFor: () => undefined, asOf: AS_OF });
    expect(snap.accounts[0]!.hash).toBe(unmappedHash('12345678'));
    expect(snap.accounts[0]!.hash).not.toContain('12345678');
  });
});

describe('cash & sweep row', () => {
  const bp = (n: number): number => Math.round(n * 100);

  it('on every reconciling sample, cash + positions equal the account value and the weights sum to 100.00 %', () => {
    for (const name of RECONCILING) {
      for (const a of normalize(loadAccounts(name)).accounts) {
        if (a.liquidationValue <= 0) continue;
        const rows = a.cashBalance + a.sweepBalance + a.positions.reduce((s, p) => s + p.marketValue, 0);
        expect(rows, name).toBe(a.liquidationValue);
        expect(bp(a.cashWeightPercent) + a.positions.reduce((s, p) => s + bp(p.weightPercent), 0), name).toBe(10_000);
      }
    }
  });

  it('a money-market sweep Schwab reports only in the balances joins the cash row; one listed as a position does not', () => {
    const [base] = loadAccounts('accounts-margin-with-option-position.json');
    const withSweep = structuredClone(base!);
    withSweep.securitiesAccount.currentBalances.moneyMarketFund = 1200;
    withSweep.securitiesAccount.currentBalances.liquidationValue = 4045.83 + 1200;
    const a = normalize([withSweep]).accounts[0]!;
    expect(a.cashBalance).toBe(354083);
    expect(a.sweepBalance).toBe(120000);
    expect(bp(a.cashWeightPercent) + a.positions.reduce((s, p) => s + bp(p.weightPercent), 0)).toBe(10_000);

    const listed = structuredClone(withSweep);
    listed.securitiesAccount.positions = [
      ...listed.securitiesAccount.positions!,
      PositionSchema.parse({
        shortQuantity: 0, averagePrice: 1, currentDayProfitLoss: 0, currentDayProfitLossPercentage: 0, longQuantity: 1200,
        settledLongQuantity: 1200, settledShortQuantity: 0, marketValue: 1200, maintenanceRequirement: 0,
        instrument: { assetType: 'CASH_EQUIVALENT', cusip: '808515779', symbol: 'SWVXX', description: 'SCHWAB VALUE ADVANTAGE MONEY INV', type: 'MONEY_MARKET_FUND' },
      }),
    ];
    expect(normalize([listed]).accounts[0]!.sweepBalance).toBe(0);
  });
});

describe('masking', () => {
  it('replaces every full account number by its display number', () => {
    const snap = normalize([...loadAccounts('account-cash-with-positions.json'), ...loadAccounts('accounts-margin-with-option-position.json')]);
    const masked = maskSnapshot(snap);
    expect(masked.accounts.map((a) => a.accountNumber)).toEqual(['…6789', '…5678']);
    const json = JSON.stringify(masked);
    expect(json).not.toContain('123456789');
    expect(json).not.toContain('12345678');
    // The input is not mutated (the --json path still has the full numbers).
    expect(snap.accounts[0]!.accountNumber).toBe('123456789');
    expect(displayNumber('12345674410')).toBe('…4410');
  });
});
