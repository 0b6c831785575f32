// arbion history [--range 1D|1W|1M|1Y|ALL] [--account …] [--json]: the balance history kept in the data
// dir (every refresh today, then 15-minute and daily points), after one live refresh adds the latest point.
import { HistoryRangeSchema, type HistoryRange } from '../../../common/contract';
import { arrow, formatCurrency, formatSignedPercent } from '../../../common/format/numberFormat';
import { asCents, percentOf, toCents } from '../../../common/money/cents';
import { selectAccount } from '../accountSelector';
import { renderTable } from '../format/table';
import { refreshPortfolio } from '../portfolioRefresh';
import { CliUsageError, defineCommand } from '../registry';
import { shortTime } from '../timeText';

export default defineCommand({
  name: 'history',
  summary: 'Balance history of the total or one account (1D, 1W, 1M, 1Y, ALL)',
  usage: 'arbion history [--range 1D|1W|1M|1Y|ALL] [--account NUMBER|HASH|LAST4] [--json]',
  options: {
    range: { type: 'string', description: 'How far back: 1D, 1W (default), 1M, 1Y or ALL' },
    account: { type: 'string', description: 'One account instead of the total: full number, hash, or its last digits' },
    json: { type: 'boolean', description: 'Print one JSON document on stdout' },
  },
  async run(ctx, { values }) {
    const parsedRange = HistoryRangeSchema.safeParse(typeof values.range === 'string' ? values.range.toUpperCase() : '1W');
    if (!parsedRange.success) throw new CliUsageError(`--range takes 1D, 1W, 1M, 1Y or ALL (got "${String(values.range)}").`);
    const range: HistoryRange = parsedRange.data;

    const { full, core } = await refreshPortfolio(ctx);
    const account = typeof values.account === 'string' ? selectAccount(full.accounts, values.account) : null;
    const points = await core.handlers.getHistory(range, account?.hash);

    if (values.json) {
      ctx.json({
        range,
        account: account ? { accountNumber: account.accountNumber, displayNumber: account.displayNumber, hash: account.hash } : null,
        asOf: full.asOf,
        freshness: full.freshness,
        points,
      });
      return 0;
    }

    const what = account ? `Account ${account.displayNumber}` : 'All accounts';
    if (points.length === 0) {
      ctx.out(`${what}, ${range}: no history yet.`);
      return 0;
    }
    const now = ctx.clock.now();
    for (const l of renderTable(
      [{ header: 'Time' }, { header: 'Value', align: 'right' }],
      points.map((p) => [shortTime(p.time * 1000, now), formatCurrency(toCents(p.value))]),
    )) {
      ctx.out(l);
    }
    const first = points[0]!.value;
    const last = points.at(-1)!.value;
    // History points are dollars; their difference is taken in cents like every other figure.
    const change = asCents(toCents(last) - toCents(first));
    ctx.out('');
    ctx.out(
      `${what}, ${range}: ${points.length} point${points.length === 1 ? '' : 's'}, ${formatCurrency(toCents(first))} → ${formatCurrency(toCents(last))} ` +
        `(${arrow(change) ? `${arrow(change)} ` : ''}${formatCurrency(asCents(Math.abs(change)))}, ${formatSignedPercent(percentOf(change, toCents(first)))})`,
    );
    return 0;
  },
});
