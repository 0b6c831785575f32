// Feeds the balance history: one point per refresh for the total and for each account (by hash), and once
// per New York day the downsampling of older points.
import type { PortfolioSnapshot } from '../../../common/contract';
import type { Logger } from '../ports';
import { TOTAL_SERIES, type HistoryStore } from '../store/historyStore';
import { startOfNyDay } from './marketHours';

export interface BalanceHistoryRecorder {
  record(snapshot: PortfolioSnapshot, at: number): void;
}

export function createBalanceHistoryRecorder(history: HistoryStore, log: Logger): BalanceHistoryRecorder {
  let compactedDay: number | null = null;
  return {
    record(snapshot, at) {
      history.record(at, [
        {
          series: TOTAL_SERIES,
          liquidationCents: snapshot.totals.liquidationValue,
          dayChangeCents: snapshot.totals.dayChange,
        },
        ...snapshot.accounts.map((a) => ({
          series: a.hash,
          liquidationCents: a.liquidationValue,
          dayChangeCents: a.dayChange,
        })),
      ]);
      const day = startOfNyDay(at);
      if (compactedDay === day) return;
      compactedDay = day;
      const r = history.compact();
      if (r.toQuarterHour + r.toDaily > 0) log.info('history compacted', { ...r });
    },
  };
}
