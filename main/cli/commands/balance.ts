// arbion balance [--account …] [--privacy] [--json]: one line for status bars, after one live refresh.
//   $128,410.07 ▲ $912.55 (+0.72%)        --privacy: ▲ +0.72%
//   $128,410.07 ▲ $912.55 (+0.72%) ⏸ 14:02   when Schwab could not be asked: the saved snapshot and its time
import { selectAccount } from '../accountSelector';
import { balanceLine, privateBalanceLine, staleMarker } from '../format/balanceLine';
import { isLiveData, refreshPortfolio } from '../portfolioRefresh';
import { defineCommand } from '../registry';

export default defineCommand({
  name: 'balance',
  summary: 'One line for status bars: total value and day change (--privacy: the percent only)',
  usage: 'arbion balance [--account NUMBER|HASH|LAST4] [--privacy] [--json]',
  options: {
    privacy: { type: 'boolean', description: 'Print only the direction and percent, no dollar figures' },
    account: { type: 'string', description: 'One account instead of the total: full number, hash, or its last digits' },
    json: { type: 'boolean', description: 'Print the figures of the line as JSON (integer cents) with asOf and freshness' },
  },
  async run(ctx, { values }) {
    const { full } = await refreshPortfolio(ctx);
    const figure = typeof values.account === 'string' ? selectAccount(full.accounts, values.account) : full.totals;
    if (values.json) {
      const { liquidationValue, dayChange, dayChangePercent } = figure;
      ctx.json({ liquidationValue, dayChange, dayChangePercent, asOf: full.asOf, freshness: full.freshness });
      return 0;
    }
    const line = values.privacy ? privateBalanceLine(figure) : balanceLine(figure);
    ctx.out(isLiveData(full) ? line : `${line} ${staleMarker(full.asOf, ctx.clock.now())}`);
    return 0;
  },
});
