// arbion positions [--account NUMBER|HASH|LAST4] [--json]: holdings per account after one live refresh.
// --json prints the PortfolioSnapshot (filtered to the account when one is given).
import type { PortfolioSnapshot } from '../../../common/contract';
import { totalsOfAccounts } from '../../../common/portfolio/figures';
import { selectAccount } from '../accountSelector';
import { accountTable } from '../format/accountTable';
import { snapshotFooter } from '../format/snapshotFooter';
import { refreshPortfolio } from '../portfolioRefresh';
import { defineCommand } from '../registry';

/** One account's snapshot: its totals are that account's, not the whole portfolio's. */
function filtered(snapshot: PortfolioSnapshot, hash: string | null): PortfolioSnapshot {
  if (hash === null) return snapshot;
  const accounts = snapshot.accounts.filter((a) => a.hash === hash);
  return { ...snapshot, accounts, totals: totalsOfAccounts(accounts) };
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
