// arbion export positions|transactions --out FILE [--from --to]: the same CSV the window saves (header row,
// ISO dates, plain decimals). Positions come from one live refresh; transactions after one sync.
import fs from 'node:fs';
import path from 'node:path';
import { dateRangeOption, syncedActivity } from '../activityRead';
import { refreshPortfolio } from '../portfolioRefresh';
import { CliUsageError, defineCommand } from '../registry';

export default defineCommand({
  name: 'export',
  summary: 'Write positions or transactions (a date range) as CSV',
  usage: 'arbion export positions|transactions --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]',
  positionals: true,
  options: {
    out: { type: 'string', description: 'The CSV file to write ("-" for stdout)' },
    from: { type: 'string', description: 'transactions: first day (New York date), default: all stored' },
    to: { type: 'string', description: 'transactions: last day (New York date), default today' },
  },
  async run(ctx, { values, positionals }) {
    const [kind, ...extra] = positionals;
    if ((kind !== 'positions' && kind !== 'transactions') || extra.length > 0) {
      throw new CliUsageError('Say what to export: `arbion export positions --out FILE` or `arbion export transactions --out FILE`.');
    }
    if (typeof values.out !== 'string' || values.out.trim() === '') throw new CliUsageError('--out FILE is required (use - for stdout).');
    if (kind === 'positions' && (values.from !== undefined || values.to !== undefined)) throw new CliUsageError('--from and --to apply to transactions only.');
    const range = kind === 'transactions' ? dateRangeOption(values, Date.now(), null) : undefined;
    const csv =
      kind === 'positions'
        ? await (await refreshPortfolio(ctx)).core.handlers.exportCsv({ kind: 'positions' })
        : await (await syncedActivity(ctx)).handlers.exportCsv(range ? { kind: 'transactions', range } : { kind: 'transactions' });
    if (values.out === '-') {
      ctx.streams.stdout.write(csv.text);
      return 0;
    }
    const file = path.resolve(values.out);
    try {
      fs.writeFileSync(file, csv.text);
    } catch (e) {
      throw new Error(`Could not write ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`, { cause: e });
    }
    ctx.err(`Wrote ${csv.rows} ${kind === 'positions' ? 'position' : 'transaction'}${csv.rows === 1 ? '' : 's'} to ${file}.`);
    return 0;
  },
});
