// arbion balance [--account …] [--privacy] [--json] [--watch]: one line for status bars, after one live refresh.
//   $128,410.07 ▲ $912.55 (+0.72%)        --privacy: ▲ +0.72%
//   $128,410.07 ▲ $912.55 (+0.72%) ⏸ 14:02   when Schwab could not be asked: the saved snapshot and its time
// --watch keeps running (polling and the quote stream on) and prints a new line whenever the line changes;
// --json prints the line's figures (integer cents) with asOf and freshness.
import type { PortfolioSnapshot } from '../../../common/contract';
import { selectAccount } from '../accountSelector';
import { balanceLine, privateBalanceLine, staleMarker } from '../format/balanceLine';
import { followPortfolio } from '../livePortfolio';
import { isLiveData, refreshPortfolio } from '../portfolioRefresh';
import type { CliContext } from '../context';
import { defineCommand } from '../registry';

export default defineCommand({
  name: 'balance',
  summary: 'One line for status bars: total value and day change (--privacy: the percent only)',
  usage: 'arbion balance [--account NUMBER|HASH|LAST4] [--privacy] [--json] [--watch]',
  options: {
    privacy: { type: 'boolean', description: 'Print only the direction and percent, no dollar figures' },
    account: { type: 'string', description: 'One account instead of the total: full number, hash, or its last digits' },
    json: { type: 'boolean', description: 'Print the figures of the line as JSON (integer cents) with asOf and freshness' },
    watch: { type: 'boolean', description: 'Keep running: a new line each time the balance changes (Ctrl-C to stop)' },
  },
  async run(ctx, { values }) {
    const account = typeof values.account === 'string' ? values.account : null;
    const privacy = values.privacy === true;
    if (values.watch) {
      let last: string | null = null;
      // Resolved once against the full account numbers; the live snapshots carry masked ones and the hash.
      let hash: string | null = null;
      await followPortfolio(
        ctx,
        (_change, now) => {
          const line = lineFor(ctx, now, hash, privacy);
          if (line !== last) ctx.out(line);
          last = line;
        },
        (full) => {
          if (account !== null) hash = selectAccount(full.accounts, account).hash;
        },
      );
      return 0;
    }
    const { full } = await refreshPortfolio(ctx);
    if (values.json) {
      const figure = account !== null ? selectAccount(full.accounts, account) : full.totals;
      const { liquidationValue, dayChange, dayChangePercent } = figure;
      ctx.json({ liquidationValue, dayChange, dayChangePercent, asOf: full.asOf, freshness: full.freshness });
      return 0;
    }
    ctx.out(lineFor(ctx, full, account, privacy));
    return 0;
  },
});

function lineFor(ctx: CliContext, snapshot: PortfolioSnapshot, account: string | null, privacy: boolean): string {
  const figure = account !== null ? selectAccount(snapshot.accounts, account) : snapshot.totals;
  const line = privacy ? privateBalanceLine(figure) : balanceLine(figure);
  return isLiveData(snapshot) ? line : `${line} ${staleMarker(snapshot.asOf, ctx.clock.now())}`;
}
