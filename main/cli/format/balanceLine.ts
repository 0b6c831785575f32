// The one-line balance for status bars (tmux, polybar, i3blocks, SwiftBar):
//   "$128,410.07 ▲ $912.55 (+0.72%)"   and in privacy mode only the direction and percent: "▲ +0.72%".
// Numbers that are not live carry their age in the line itself ("… ⏸ 14:02"), since a status bar shows
// only stdout and would otherwise show a frozen figure as if it were current.
import type { PortfolioTotals } from '../../../common/contract';
import { arrow, formatCurrency, formatSignedPercent } from '../../../common/format/numberFormat';
import { asCents } from '../../../common/money/cents';

/** The figures of the total or of one account. */
export type BalanceFigure = Pick<PortfolioTotals, 'liquidationValue' | 'dayChange' | 'dayChangePercent'>;

export function balanceLine(totals: BalanceFigure): string {
  const a = arrow(totals.dayChange);
  const change = `${a ? `${a} ` : ''}${formatCurrency(asCents(Math.abs(totals.dayChange)))}`;
  return `${formatCurrency(totals.liquidationValue)} ${change} (${formatSignedPercent(totals.dayChangePercent)})`;
}

/** No dollar figure at all, so nothing about the size of the account shows on a shared screen. */
export function privateBalanceLine(totals: BalanceFigure): string {
  const a = arrow(totals.dayChangePercent);
  return `${a ? `${a} ` : ''}${formatSignedPercent(totals.dayChangePercent)}`;
}

const hourMinute = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayMonth = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });

/** "⏸ 14:02" for data from today (local time), "⏸ Mar 2 14:02" for older data. */
export function staleMarker(asOf: string, now: number): string {
  const at = new Date(asOf);
  const sameDay = at.toDateString() === new Date(now).toDateString();
  return `⏸ ${sameDay ? '' : `${dayMonth.format(at)} `}${hourMinute.format(at)}`;
}
