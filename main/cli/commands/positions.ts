// arbion positions [--account NUMBER|HASH|LAST4] [--json]: holdings per account after one live refresh.
// --json prints the PortfolioSnapshot (filtered to the account when one is given).
import type { AccountView, PortfolioSnapshot } from '../../../common/contract';
import {
  formatCurrency,
  formatPercent,
  formatPrice,
  formatQuantity,
  formatSignedCurrency,
} from '../../../common/format/numberFormat';
import { formatSymbol, symbolSortKey } from '../../../common/format/optionSymbol';
import { totalsOfAccounts, totalsOfRows } from '../../../common/portfolio/figures';
import { selectAccount } from '../accountSelector';
import { snapshotFooter } from '../format/snapshotFooter';
import { renderTable } from '../format/table';
import { refreshPortfolio } from '../portfolioRefresh';
import { defineCommand } from '../registry';

/** One account's snapshot: its totals are that account's, not the whole portfolio's. */
function filtered(snapshot: PortfolioSnapshot, hash: string | null): PortfolioSnapshot {
  if (hash === null) return snapshot;
  const accounts = snapshot.accounts.filter((a) => a.hash === hash);
  return { ...snapshot, accounts, totals: totalsOfAccounts(accounts) };
}

function accountTable(a: AccountView): string[] {
  const positions = [...a.positions]
    .map((p) => ({ p, key: symbolSortKey(p.symbol) }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
    .map((e) => e.p);
  const title = `${a.displayNumber}  ${a.type}  ${formatCurrency(a.liquidationValue)}  (${positions.length} position${positions.length === 1 ? '' : 's'})`;
  if (positions.length === 0) return [title, '  No positions.'];
  const total = totalsOfRows(positions.map((p) => ({ ...p, kind: 'position' as const })));
  return [
    title,
    ...renderTable(
      [
        { header: 'Symbol' },
        { header: 'Qty', align: 'right' },
        { header: 'Avg price', align: 'right' },
        { header: 'Market value', align: 'right' },
        { header: 'Day P&L', align: 'right' },
        { header: 'Unrealized P&L', align: 'right' },
        { header: 'Weight', align: 'right' },
      ],
      positions.map((p) => [
        formatSymbol(p.symbol),
        formatQuantity(p.quantity),
        formatPrice(p.averagePrice),
        formatCurrency(p.marketValue),
        formatSignedCurrency(p.dayProfitLoss),
        formatSignedCurrency(p.unrealizedProfitLoss),
        formatPercent(p.weightPercent),
      ]),
      [['Total', '', '', formatCurrency(total.marketValue), formatSignedCurrency(total.dayProfitLoss), formatSignedCurrency(total.unrealizedProfitLoss), '']],
    ),
  ];
}

export default defineCommand({
  name: 'positions',
  summary: 'Positions per account: quantity, average price, market value, day and unrealized P&L, weight',
  usage: 'arbion positions [--account NUMBER|HASH|LAST4] [--json]',
  options: {
    account: { type: 'string', description: 'Only this account: full number, hash, or its last digits' },
    json: { type: 'boolean', description: 'Print the PortfolioSnapshot as JSON on stdout (full account numbers)' },
  },
  async run(ctx, { values }) {
    const { masked, full } = await refreshPortfolio(ctx);
    const hash = typeof values.account === 'string' ? selectAccount(full.accounts, values.account).hash : null;
    if (values.json) {
      ctx.json(filtered(full, hash));
      return 0;
    }
    const view = filtered(masked, hash);
    view.accounts.forEach((a, i) => {
      if (i > 0) ctx.out('');
      for (const l of accountTable(a)) ctx.out(l);
    });
    ctx.out('');
    ctx.out(snapshotFooter(view));
    return 0;
  },
});
