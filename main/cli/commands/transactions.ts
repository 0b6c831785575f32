// arbion transactions [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--type TYPE] [--json]: the transactions stored
// after one sync, newest first (default: the last 30 days, New York dates).
import { TransactionTypeFilterSchema } from '../../../common/contract';
import { formatQuantity, formatSignedCurrency } from '../../../common/format/numberFormat';
import { formatSymbol } from '../../../common/format/optionSymbol';
import { dateRangeOption, syncedActivity } from '../activityRead';
import { renderTable } from '../format/table';
import { CliUsageError, defineCommand } from '../registry';
import { asCents } from '../../../common/money/cents';

export default defineCommand({
  name: 'transactions',
  summary: 'Transactions in a date range (default: the last 30 days), optionally of one type',
  usage: 'arbion transactions [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--type TRADE|DIVIDEND_OR_INTEREST|…] [--json]',
  options: {
    from: { type: 'string', description: 'First day (New York date), default 30 days ago' },
    to: { type: 'string', description: 'Last day (New York date), default today' },
    type: { type: 'string', description: 'One Schwab type: TRADE, DIVIDEND_OR_INTEREST, ACH_RECEIPT, RECEIVE_AND_DELIVER, …' },
    json: { type: 'boolean', description: 'Print one JSON document on stdout' },
  },
  async run(ctx, { values }) {
    let type: string | undefined;
    if (values.type !== undefined) {
      const parsed = TransactionTypeFilterSchema.safeParse(String(values.type).toUpperCase());
      if (!parsed.success) throw new CliUsageError(`--type takes a Schwab transaction type such as TRADE (got "${String(values.type)}").`);
      type = parsed.data;
    }
    const range = dateRangeOption(values, Date.now(), 30)!;
    const { handlers } = await syncedActivity(ctx);
    const rows = await handlers.getTransactions(range, type);
    if (values.json) {
      ctx.json({ range, type: type ?? null, transactions: rows });
      return 0;
    }
    if (rows.length === 0) {
      ctx.out(`No transactions from ${range.from} to ${range.to}${type ? ` of type ${type}` : ''}.`);
      return 0;
    }
    for (const line of renderTable(
      [{ header: 'Date' }, { header: 'Account' }, { header: 'Type' }, { header: 'Description' }, { header: 'Symbol' }, { header: 'Qty', align: 'right' }, { header: 'Amount', align: 'right' }],
      rows.map((t) => [
        t.tradeDate ?? t.time.slice(0, 10),
        t.account,
        t.type,
        t.description,
        t.symbol ? formatSymbol(t.symbol) : '',
        t.quantity !== null ? formatQuantity(t.quantity) : '',
        formatSignedCurrency(asCents(t.netCents)),
      ]),
    )) {
      ctx.out(line);
    }
    return 0;
  },
});
