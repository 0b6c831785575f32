// Realized P&L, income, fees and net deposits for today, month-to-date and year-to-date (integer cents from
// the core), in total and per account. Realized P&L is an estimate: Arbion's average cost, not Schwab's lots.
import type { ActivityFiguresView, ActivityPeriod, PeriodFiguresView } from '../../../common/contract';
import { ACTIVITY_PERIODS } from '../../../common/contract';
import { Money } from './Money';
import { asCents } from '../../../common/money/cents';

const PERIOD_LABEL: Record<ActivityPeriod, string> = { today: 'Today', monthToDate: 'Month to date', yearToDate: 'Year to date' };
const ROWS: ReadonlyArray<{ key: keyof PeriodFiguresView; label: string; signed: boolean }> = [
  { key: 'realizedCents', label: 'Realized P&L', signed: true },
  { key: 'incomeCents', label: 'Income (dividends + interest)', signed: false },
  { key: 'dividendsCents', label: 'Dividends', signed: false },
  { key: 'interestCents', label: 'Interest', signed: false },
  { key: 'feesCents', label: 'Fees paid', signed: false },
  { key: 'netDepositsCents', label: 'Net deposits', signed: true },
];

export function ActivityFigures({ figures }: { figures: ActivityFiguresView }) {
  const scopes = [{ id: 'total', account: 'All accounts', figures: figures.total }, ...figures.accounts.map((a) => ({ id: a.accountHash, account: a.account, figures: a.figures }))];
  return (
    <section className="card activity-figures" aria-labelledby="activity-figures-title">
      <div className="card-head">
        <h2 id="activity-figures-title" className="card-title">
          Realized &amp; income
        </h2>
        <span className="card-sub" data-testid="realized-note">
          Estimated from Schwab transactions (average cost; Schwab&apos;s lot method may differ)
          {figures.unmatchedCloses > 0 ? ` · ${figures.unmatchedCloses} close${figures.unmatchedCloses === 1 ? '' : 's'} older than the history left out` : ''}
        </span>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Realized and income figures (scrollable)">
        <table className="activity-table">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Figure</th>
              {ACTIVITY_PERIODS.map((p) => (
                <th key={p} scope="col" className="num">
                  {PERIOD_LABEL[p]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {scopes.flatMap((s) =>
              ROWS.map((r, i) => (
                <tr key={`${s.id}-${r.key}`} className={i === 0 ? 'group-start' : undefined}>
                  {i === 0 ? (
                    <th scope="rowgroup" rowSpan={ROWS.length}>
                      {s.account}
                    </th>
                  ) : null}
                  <th scope="row">{r.label}</th>
                  {ACTIVITY_PERIODS.map((p) => (
                    <td key={p} className="num" data-testid={`fig-${s.id}-${r.key}-${p}`}>
                      <Money value={asCents(s.figures[p][r.key])} signed={r.signed} />
                    </td>
                  ))}
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
