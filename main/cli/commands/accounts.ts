// arbion accounts [--json]: every account with its balances, after one live refresh.
import type { AccountView, PortfolioSnapshot } from '../../../common/contract';
import { formatCurrency, formatSignedCurrency, formatSignedPercent } from '../../../common/format/numberFormat';
import { renderTable } from '../format/table';
import { snapshotFooter } from '../format/snapshotFooter';
import { refreshPortfolio } from '../portfolioRefresh';
import { defineCommand } from '../registry';

/** The --json shape: the snapshot's accounts without their positions (see `arbion positions`). */
export function accountsDocument(snapshot: PortfolioSnapshot) {
  const { accounts, ...rest } = snapshot;
  return { ...rest, accounts: accounts.map(({ positions, ...a }) => ({ ...a, positionCount: positions.length })) };
}

/** "MARGIN", or "MARGIN · BROKERAGE" when Schwab's userPreference says what kind of account it is. */
function typeText(a: AccountView): string {
  return a.kind ? `${a.type} · ${a.kind}` : a.type;
}

function row(a: AccountView): string[] {
  return [
    a.displayNumber,
    a.nickname ?? '—',
    typeText(a),
    formatCurrency(a.liquidationValue),
    formatCurrency(a.cashBalance),
    a.buyingPower === null ? '—' : formatCurrency(a.buyingPower),
    formatCurrency(a.cashAvailableForTrading),
    formatSignedCurrency(a.dayChange),
    formatSignedPercent(a.dayChangePercent),
  ];
}

export default defineCommand({
  name: 'accounts',
  summary: 'Accounts with balances: liquidation value, cash, buying power, day change',
  usage: 'arbion accounts [--json]',
  options: { json: { type: 'boolean', description: 'Print one JSON document on stdout (full account numbers)' } },
  async run(ctx, { values }) {
    const { masked, full } = await refreshPortfolio(ctx);
    if (values.json) {
      ctx.json(accountsDocument(full));
      return 0;
    }
    const t = masked.totals;
    const lines = renderTable(
      [
        { header: 'Account' },
        { header: 'Name' },
        { header: 'Type' },
        { header: 'Liquidation value', align: 'right' },
        { header: 'Cash', align: 'right' },
        { header: 'Buying power', align: 'right' },
        { header: 'Cash available', align: 'right' },
        { header: 'Day change', align: 'right' },
        { header: 'Day %', align: 'right' },
      ],
      masked.accounts.map(row),
      masked.accounts.length > 1
        ? [['Total', '', '', formatCurrency(t.liquidationValue), formatCurrency(t.cashBalance), '', '', formatSignedCurrency(t.dayChange), formatSignedPercent(t.dayChangePercent)]]
        : [],
    );
    for (const l of lines) ctx.out(l);
    ctx.out('');
    ctx.out(snapshotFooter(masked));
    return 0;
  },
});
