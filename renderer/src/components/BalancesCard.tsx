// Balances for the selected account (or all of them): liquidation value, cash, buying power for MARGIN or
// cash available for trading for CASH, day change, and the long/short split of the positions; a MARGIN
// account adds its margin detail, and "All accounts" names every account Schwab reports in a margin call.
// Once the stream has sent an option's greeks, the card adds the portfolio delta and theta per day.
import { useMemo } from 'react';
import { formatSignedQuantity, MASK } from '../../../common/format/numberFormat';
import { optionRisk, type OptionRisk } from '../../../common/portfolio/figures';
import { usePrivacy } from '../privacyContext';
import type { AccountView, Cents, PortfolioSnapshot } from '../../../common/contract';
import { accountTitle } from './accountTitle';
import { Change } from './Change';
import { CALL_LABELS, MarginDetailList } from './MarginDetailList';
import { Money } from './Money';

/** The card's figures, picked from the model (every sum is the core's: the account's or the totals'). */
interface BalanceFigures {
  title: string;
  liquidationValue: Cents;
  cash: Cents;
  /** [label, value] of the account type's spending figure. */
  spending: [string, Cents] | null;
  dayChange: Cents;
  dayChangePercent: number;
  longValue: Cents;
  shortValue: Cents;
  positions: number;
}

export function balanceFigures(snapshot: PortfolioSnapshot, selected: AccountView | null): BalanceFigures {
  if (selected) {
    return {
      title: accountTitle(selected),
      liquidationValue: selected.liquidationValue,
      cash: selected.cashBalance,
      spending:
        selected.type === 'MARGIN' && selected.buyingPower !== null
          ? ['Buying power', selected.buyingPower]
          : ['Cash available for trading', selected.cashAvailableForTrading],
      dayChange: selected.dayChange,
      dayChangePercent: selected.dayChangePercent,
      longValue: selected.longValue,
      shortValue: selected.shortValue,
      positions: selected.positions.length,
    };
  }
  const t = snapshot.totals;
  return {
    title: 'All accounts',
    liquidationValue: t.liquidationValue,
    cash: t.cashBalance,
    spending: t.buyingPower === null ? null : ['Buying power (margin)', t.buyingPower],
    dayChange: t.dayChange,
    dayChangePercent: t.dayChangePercent,
    longValue: t.longValue,
    shortValue: t.shortValue,
    positions: t.positionCount,
  };
}

const DELTA_TITLE =
  'Σ option delta × contracts × multiplier, plus the shares held of those options’ underlyings; options without greeks yet are left out';
const THETA_TITLE = 'Σ option theta × contracts × multiplier: what time decay makes or costs the options in a day';

/** A share count gives the position size away next to a public quote, so privacy mode hides it. */
function Shares({ value }: { value: number }) {
  const hidden = usePrivacy();
  if (hidden) return <span className="masked" title="Hidden by privacy mode">{MASK}</span>;
  return <span className="shares">{formatSignedQuantity(value)} sh</span>;
}

function OptionRiskFigures({ risk }: { risk: OptionRisk }) {
  const partial = risk.optionsWithoutGreeks > 0 ? ` (${risk.optionsWithoutGreeks} option${risk.optionsWithoutGreeks === 1 ? '' : 's'} without greeks yet)` : '';
  return (
    <>
      <div className="figure" data-testid="portfolio-delta">
        <dt title={DELTA_TITLE + partial}>Portfolio delta</dt>
        <dd>
          <Shares value={risk.deltaShares} />
        </dd>
      </div>
      <div className="figure" data-testid="theta-per-day">
        <dt title={THETA_TITLE + partial}>Theta per day</dt>
        <dd>
          <Change value={risk.thetaPerDay} />
        </dd>
      </div>
    </>
  );
}

function AccountsInCall({ accounts }: { accounts: AccountView[] }) {
  const inCall = accounts.filter((a) => a.margin?.isInCall);
  if (inCall.length === 0) return null;
  return (
    <div className="margin-call" role="alert" data-testid="margin-call">
      <strong>Margin call</strong>
      <ul>
        {inCall.map((a) => (
          <li key={a.hash}>
            {accountTitle(a)}
            {a.margin!.calls.map((c) => (
              <span key={c.kind}>
                {' · '}
                {CALL_LABELS[c.kind]} <Money value={c.amount} />
              </span>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function BalancesCard({ snapshot, account }: { snapshot: PortfolioSnapshot; account: AccountView | null }) {
  const f = useMemo(() => balanceFigures(snapshot, account), [snapshot, account]);
  const risk = useMemo(() => optionRisk(account ? account.positions : snapshot.accounts.flatMap((a) => a.positions)), [snapshot, account]);
  return (
    <section className="card balances" aria-labelledby="balances-title">
      <h2 id="balances-title" className="card-title">
        Balances <span className="card-sub">{f.title}</span>
      </h2>
      <dl className="figures">
        <div className="figure lead">
          <dt>Liquidation value</dt>
          <dd>
            <Money value={f.liquidationValue} />
          </dd>
        </div>
        <div className="figure wide">
          <dt>Day change</dt>
          <dd>
            <Change value={f.dayChange} percent={f.dayChangePercent} />
          </dd>
        </div>
        <div className="figure">
          <dt>Cash</dt>
          <dd>
            <Money value={f.cash} />
          </dd>
        </div>
        {f.spending && (
          <div className="figure">
            <dt>{f.spending[0]}</dt>
            <dd>
              <Money value={f.spending[1]} />
            </dd>
          </div>
        )}
        <div className="figure">
          <dt>Long value</dt>
          <dd>
            <Money value={f.longValue} />
          </dd>
        </div>
        <div className="figure">
          <dt>Short value</dt>
          <dd>
            <Money value={f.shortValue} />
          </dd>
        </div>
        <div className="figure">
          <dt>Positions</dt>
          <dd>{f.positions}</dd>
        </div>
        {risk && <OptionRiskFigures risk={risk} />}
      </dl>
      {account?.margin && <MarginDetailList margin={account.margin} />}
      {!account && <AccountsInCall accounts={snapshot.accounts} />}
    </section>
  );
}
