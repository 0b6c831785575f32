// The margin figures of one MARGIN account: requirement, equity, SMA, day-trading and option buying power,
// unsettled cash, round trips (the pattern-day-trader count) and any margin call, shown in red. A figure
// Schwab does not send for the account is left out rather than shown as $0.00.
import type { Cents, MarginCall, MarginDetail } from '../../../common/contract';
import { formatPercent } from '../../../common/format/numberFormat';
import { Money } from './Money';

export const CALL_LABELS: Record<MarginCall['kind'], string> = {
  maintenance: 'Maintenance call',
  'reg-t': 'Reg T call',
  'day-trading-buying-power': 'Day-trading buying power call',
  'day-trading-equity': 'Day-trading equity call',
};

/** FINRA's pattern-day-trader rule: four day trades in five business days in a margin account. */
const PDT_ROUND_TRIPS = 4;

function MoneyFigure({ label, value, title }: { label: string; value: Cents | null; title?: string }) {
  if (value === null) return null;
  return (
    <div className="figure">
      <dt title={title}>{label}</dt>
      <dd>
        <Money value={value} />
      </dd>
    </div>
  );
}

export function MarginDetailList({ margin }: { margin: MarginDetail }) {
  return (
    <section className="margin-detail" aria-labelledby="margin-title" data-testid="margin-detail">
      <h3 id="margin-title" className="subhead">
        Margin
      </h3>
      {margin.isInCall && (
        <div className="margin-call" role="alert" data-testid="margin-call">
          <strong>Margin call</strong>
          {margin.calls.length === 0 ? (
            <span> Schwab reports this account in a call.</span>
          ) : (
            <ul>
              {margin.calls.map((c) => (
                <li key={c.kind}>
                  {CALL_LABELS[c.kind]} <Money value={c.amount} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <dl className="figures">
        <MoneyFigure label="Maintenance requirement" value={margin.maintenanceRequirement} />
        {margin.equity !== null && (
          <div className="figure">
            <dt title="Schwab's equityPercentage: equity as a share of the long market value">Margin equity</dt>
            <dd>
              <Money value={margin.equity} />
              {margin.equityPercent !== null && <span className="pct"> {formatPercent(margin.equityPercent)}</span>}
            </dd>
          </div>
        )}
        <MoneyFigure label="Start-of-day margin equity" value={margin.marginEquity} />
        <MoneyFigure label="SMA" value={margin.sma} title="Special Memorandum Account" />
        <MoneyFigure label="Day-trading buying power" value={margin.dayTradingBuyingPower} />
        <MoneyFigure label="Option buying power" value={margin.optionBuyingPower} />
        <MoneyFigure label="Stock buying power" value={margin.stockBuyingPower} />
        <MoneyFigure label="Unsettled cash" value={margin.unsettledCash} />
        {margin.roundTrips !== null && (
          <div className="figure">
            <dt title={`Day trades in the last five business days; ${PDT_ROUND_TRIPS} make a pattern day trader`}>Round trips (PDT)</dt>
            <dd className={margin.roundTrips >= PDT_ROUND_TRIPS - 1 ? 'warn-text' : undefined}>
              {margin.roundTrips}
              {margin.isDayTrader ? ' · flagged day trader' : ''}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
