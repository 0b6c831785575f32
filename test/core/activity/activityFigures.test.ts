// Today / month-to-date / year-to-date figures on a hand-made year, with New York period boundaries.
import { describe, expect, it } from 'vitest';
import { activityFigures, periodStarts } from '../../../main/core/activity/activityFigures';
import { cashFlowsOf } from '../../../main/core/activity/cashFlows';
import { cash, trade } from './activitySets';

const NOW = Date.UTC(2025, 2, 14, 15, 0); // Fri 14 Mar 2025, 11:00 in New York (EDT)
const at = (m: number, d: number, h = 15): number => Date.UTC(2025, m - 1, d, h);

describe('period boundaries', () => {
  it('are New York midnights, across the DST change', () => {
    expect(periodStarts(NOW)).toEqual({
      today: Date.UTC(2025, 2, 14, 4), // EDT
      monthToDate: Date.UTC(2025, 2, 1, 5), // EST
      yearToDate: Date.UTC(2025, 0, 1, 5),
    });
  });
});

describe('cash flows', () => {
  it('classify dividends, interest, deposits and stand-alone fees', () => {
    expect(cashFlowsOf(cash(NOW, 'DIVIDEND_OR_INTEREST', 10670, 'COCA-COLA CO'))).toMatchObject({ dividendsCents: 10670, interestCents: 0 });
    expect(cashFlowsOf(cash(NOW, 'DIVIDEND_OR_INTEREST', 184, 'CREDIT INTEREST'))).toMatchObject({ dividendsCents: 0, interestCents: 184 });
    expect(cashFlowsOf(cash(NOW, 'WIRE_OUT', -250000, 'WIRE OUT'))).toMatchObject({ netDepositsCents: -250000, feesCents: 0 });
    expect(cashFlowsOf(cash(NOW, 'JOURNAL', -2500, 'WIRE TRANSFER FEE'))).toMatchObject({ feesCents: 2500, netDepositsCents: 0 });
    expect(cashFlowsOf(cash(NOW, 'JOURNAL', 100000, 'TRANSFER FROM 4410'))).toEqual({ dividendsCents: 0, interestCents: 0, feesCents: 0, netDepositsCents: 0 });
  });
});

describe('activity figures', () => {
  const set = [
    cash(Date.UTC(2024, 11, 2, 15), 'ACH_RECEIPT', 10_000_000, 'TRANSFER FROM EXTERNAL BANK'), // last year: none of the periods
    trade(Date.UTC(2024, 11, 3, 15), 'XYZ', 100, 10), // basis 1,000.00
    trade(at(2, 10), 'XYZ', -20, 12, { feesCents: 5 }), // YTD: 239.95 − 200.00 = 39.95
    trade(at(3, 1, 4, ), 'XYZ', -20, 9), // 23:00 on 28 Feb in New York: YTD only, 180.00 − 200.00 = −20.00
    trade(at(3, 1, 5), 'XYZ', -20, 11), // midnight 1 Mar in New York: MTD, 220.00 − 200.00 = 20.00
    trade(at(3, 14, 14), 'XYZ', -10, 15, { feesCents: 7 }), // today: 149.93 − 100.00 = 49.93
    trade(at(3, 14, 14), 'ABC', 10, 50, { account: 'B', feesCents: 3 }),
    cash(at(1, 20), 'DIVIDEND_OR_INTEREST', 1_000, 'ABC CORP', 'B'),
    cash(at(3, 3), 'DIVIDEND_OR_INTEREST', 2_000, 'XYZ INC'),
    cash(at(3, 14, 13), 'DIVIDEND_OR_INTEREST', 150, 'CREDIT INTEREST'),
    cash(at(2, 3), 'ELECTRONIC_FUND', 500_000, 'TRANSFER FROM CHECKING'),
    cash(at(3, 5), 'WIRE_OUT', -100_000, 'WIRE OUT'),
    cash(at(3, 5, 16), 'JOURNAL', -2_500, 'WIRE TRANSFER FEE'),
    cash(at(3, 20), 'DIVIDEND_OR_INTEREST', 99_999, 'FUTURE DIVIDEND'), // after now: not counted
  ];

  it('per account and total, each period including the shorter ones', () => {
    const f = activityFigures(set, NOW);
    expect(f.byAccount.A).toEqual({
      today: { realizedCents: 4993, dividendsCents: 0, interestCents: 150, incomeCents: 150, feesCents: 7, netDepositsCents: 0 },
      monthToDate: { realizedCents: 6993, dividendsCents: 2000, interestCents: 150, incomeCents: 2150, feesCents: 2507, netDepositsCents: -100000 },
      yearToDate: { realizedCents: 8988, dividendsCents: 2000, interestCents: 150, incomeCents: 2150, feesCents: 2512, netDepositsCents: 400000 },
    });
    expect(f.byAccount.B!.yearToDate).toEqual({ realizedCents: 0, dividendsCents: 1000, interestCents: 0, incomeCents: 1000, feesCents: 3, netDepositsCents: 0 });
    expect(f.total.today).toEqual({ realizedCents: 4993, dividendsCents: 0, interestCents: 150, incomeCents: 150, feesCents: 10, netDepositsCents: 0 });
    expect(f.total.yearToDate.incomeCents).toBe(3150);
    expect(f.unmatchedCloses).toBe(0);
  });
});
