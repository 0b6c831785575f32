// Realized P&L, income (dividends + interest), fees and net deposits for today, month-to-date and
// year-to-date, per account and in total, all in integer cents. Periods are New York calendar periods
// (Schwab's business day). Realized P&L is estimated from the transactions given (average cost over the
// whole history, so bases from earlier periods count), labelled as such where it is shown.
import { nyParts, nyWallTimeToMs } from '../portfolio/marketHours';
import type { Cents } from '../portfolio/money';
import type { ActivityTransaction } from './activityTypes';
import { cashFlowsOf } from './cashFlows';
import { realizedPnl } from './realizedPnl';

export type Period = 'today' | 'monthToDate' | 'yearToDate';
export const PERIODS: readonly Period[] = ['today', 'monthToDate', 'yearToDate'];

export interface PeriodFigures {
  realizedCents: Cents;
  dividendsCents: Cents;
  interestCents: Cents;
  incomeCents: Cents;
  feesCents: Cents;
  netDepositsCents: Cents;
}

export type FiguresByPeriod = Record<Period, PeriodFigures>;

export interface ActivityFigures {
  byAccount: Record<string, FiguresByPeriod>;
  total: FiguresByPeriod;
  /** Closing trades whose opening is older than the history (left out of realized P&L). */
  unmatchedCloses: number;
}

/** Where each period starts (ms): midnight New York today, on the 1st of the month, on January 1st. */
export function periodStarts(nowMs: number): Record<Period, number> {
  const d = nyParts(nowMs);
  return {
    today: nyWallTimeToMs({ year: d.year, month: d.month, day: d.day }),
    monthToDate: nyWallTimeToMs({ year: d.year, month: d.month, day: 1 }),
    yearToDate: nyWallTimeToMs({ year: d.year, month: 1, day: 1 }),
  };
}

const zero = (): PeriodFigures => ({ realizedCents: 0, dividendsCents: 0, interestCents: 0, incomeCents: 0, feesCents: 0, netDepositsCents: 0 });
const zeroes = (): FiguresByPeriod => ({ today: zero(), monthToDate: zero(), yearToDate: zero() });

export function activityFigures(transactions: readonly ActivityTransaction[], nowMs: number): ActivityFigures {
  const starts = periodStarts(nowMs);
  const byAccount: Record<string, FiguresByPeriod> = {};
  const total = zeroes();
  const add = (accountHash: string, time: number, apply: (f: PeriodFigures) => void): void => {
    if (time > nowMs) return;
    const mine = (byAccount[accountHash] ??= zeroes());
    for (const p of PERIODS) {
      if (time < starts[p]) continue;
      apply(mine[p]);
      apply(total[p]);
    }
  };
  for (const t of transactions) byAccount[t.accountHash] ??= zeroes();

  const realized = realizedPnl(transactions);
  for (const e of realized.events) add(e.accountHash, e.time, (f) => (f.realizedCents += e.realizedCents));
  for (const t of transactions) {
    const c = cashFlowsOf(t);
    add(t.accountHash, t.time, (f) => {
      f.dividendsCents += c.dividendsCents;
      f.interestCents += c.interestCents;
      f.incomeCents += c.dividendsCents + c.interestCents;
      f.feesCents += c.feesCents;
      f.netDepositsCents += c.netDepositsCents;
    });
  }
  return { byAccount, total, unmatchedCloses: realized.unmatched.length };
}
