// arbion watch [--json]: the portfolio live in the terminal, redrawn in place like `top` — the total, each
// account and its positions — as the refresh and the quote stream move it. --json prints NDJSON instead:
// one {"type":"snapshot"} line, then a {"type":"patch"} or {"type":"snapshot"} line per change. Ctrl-C exits 0.
import type { PortfolioSnapshot } from '../../../common/contract';
import { formatCurrency } from '../../../common/format/numberFormat';
import { accountTable } from '../format/accountTable';
import { balanceLine } from '../format/balanceLine';
import { followPortfolio } from '../livePortfolio';
import { defineCommand } from '../registry';
import { whenText } from '../timeText';

/** Home the cursor and clear the screen, so each frame replaces the last. */
const REDRAW = '\x1b[H\x1b[2J';

function frame(snapshot: PortfolioSnapshot): string {
  const lines = [
    `Total ${balanceLine(snapshot.totals)}   [${snapshot.freshness}${snapshot.demo ? ', demo' : ''}, as of ${whenText(snapshot.asOf)}]`,
    `Cash ${formatCurrency(snapshot.totals.cashBalance)}   Ctrl-C to quit`,
    '',
  ];
  for (const a of snapshot.accounts) lines.push(...accountTable(a), '');
  return lines.join('\n');
}

export default defineCommand({
  name: 'watch',
  summary: 'Live view of totals and positions, updated in place as prices stream (--json: NDJSON patches)',
  usage: 'arbion watch [--json]',
  options: {
    json: { type: 'boolean', description: 'One JSON object per line: the snapshot, then each patch or new snapshot' },
  },
  async run(ctx, { values }) {
    const tty = (ctx.streams.stdout as NodeJS.WritableStream & { isTTY?: boolean }).isTTY === true;
    await followPortfolio(ctx, (change, now) => {
      if (values.json) ctx.streams.stdout.write(`${JSON.stringify(change)}\n`);
      else ctx.streams.stdout.write(`${tty ? REDRAW : ''}${frame(now)}\n`);
    });
    return 0;
  },
});
