// What the activity commands share: one live refresh (the accounts), then one activity sync into the data
// dir's database (a year's backfill the first time, only what is newer after that), progress on stderr.
import { DateRangeSchema, type ArbionHandlers, type DateRange } from '../../common/contract';
import type { CliContext } from './context';
import { refreshPortfolio, type RefreshedPortfolio } from './portfolioRefresh';
import { CliUsageError } from './registry';

/** The core's handler table after one sync: the same methods the window calls. */
export async function syncedActivity(ctx: CliContext): Promise<RefreshedPortfolio & { handlers: ArbionHandlers }> {
  const refreshed = await refreshPortfolio(ctx);
  const { handlers, events } = refreshed.core;
  const off = events.on('activity', (v) => {
    if (v.sync.phase === 'backfilling' && v.sync.total > 0) ctx.err(`Downloading a year of activity… ${v.sync.done}/${v.sync.total}`);
  });
  try {
    await handlers.syncActivity();
  } finally {
    off();
  }
  return { ...refreshed, handlers };
}

const DAY_MS = 86_400_000;
export const nyDate = (ms: number): string => new Date(ms).toLocaleDateString('en-CA', { timeZone: 'America/New_York' });

/** --from / --to as New York dates (YYYY-MM-DD); `defaultDays` back from today when --from is absent. */
export function dateRangeOption(values: Record<string, string | boolean | undefined>, nowMs: number, defaultDays: number | null): DateRange | undefined {
  const from = typeof values.from === 'string' ? values.from : undefined;
  const to = typeof values.to === 'string' ? values.to : undefined;
  if (from === undefined && to === undefined && defaultDays === null) return undefined;
  const range = { from: from ?? nyDate(nowMs - (defaultDays ?? 365) * DAY_MS), to: to ?? nyDate(nowMs) };
  for (const [name, value] of Object.entries(range)) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !Number.isFinite(Date.parse(value))) {
      throw new CliUsageError(`--${name} takes a date as YYYY-MM-DD (got "${value}").`);
    }
  }
  const parsed = DateRangeSchema.safeParse(range);
  if (!parsed.success) throw new CliUsageError(`--from ${range.from} is after --to ${range.to}.`);
  return parsed.data;
}
