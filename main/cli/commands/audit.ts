// arbion audit [--limit N] [--json]: the audit trail in the data dir, newest first (sign-ins, refreshes,
// re-auth, sign-outs, API error classes). Entries never hold a token, code, secret or full account number.
import { AuditLimitSchema } from '../../../common/contract';
import { renderTable } from '../format/table';
import { CliUsageError, defineCommand } from '../registry';
import { shortTime } from '../timeText';

export default defineCommand({
  name: 'audit',
  summary: 'The audit trail: sign-ins, token refreshes, re-auth, sign-outs, API errors (newest first)',
  usage: 'arbion audit [--limit N] [--json]',
  options: {
    limit: { type: 'string', description: 'How many entries (1–1000, default 20)' },
    json: { type: 'boolean', description: 'Print the entries as a JSON array on stdout' },
  },
  async run(ctx, { values }) {
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!AuditLimitSchema.safeParse(limit).success) {
      throw new CliUsageError(`--limit must be a whole number from 1 to 1000, not "${String(values.limit)}".`);
    }
    const { handlers } = await ctx.core();
    const entries = await handlers.getAuditLog(limit);
    if (values.json) {
      ctx.json(entries);
      return 0;
    }
    if (entries.length === 0) {
      ctx.out('The audit log is empty.');
      return 0;
    }
    const now = ctx.clock.now();
    for (const l of renderTable(
      [{ header: 'Time' }, { header: 'Event' }, { header: 'Outcome' }, { header: 'Detail' }],
      entries.map((e) => [shortTime(Date.parse(e.at), now), e.event, e.outcome, e.detail ?? '']),
    )) {
      ctx.out(l);
    }
    return 0;
  },
});
