// Orders and transactions routes with Schwab's parameter rules:
//   orders:       fromEnteredTime and toEnteredTime required, exactly yyyy-MM-dd'T'HH:mm:ss.SSSZ (a value with
//                 microseconds gets `'…' is not a valid value for fromEnteredTime`), at most 60 days apart;
//                 for all accounts the start must also lie within 60 days of today; maxResults 1–3000;
//                 status one value.
//   transactions: startDate, endDate (same format, at most one year apart) and types (one or several,
//                 comma-separated) required; symbol optional.
// Newest first, as Schwab lists them.
import { ORDER_STATUSES, TRANSACTION_TYPES, type Order } from '../core/schwab/activitySchemas';
import type { ActivityBook } from './activity';
import { ocoPayload, orderPayload, transactionPayload } from './activityPayloads';
import type { Book } from './book';
import { traderError } from './errorBodies';
import type { Route, RouteContext, RouteResult } from './router';

const DAY_MS = 86_400_000;
const MAX_ORDER_RANGE_MS = 60 * DAY_MS;
const SCHWAB_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:?\d{2})$/;

const bad = (message: string): RouteResult => ({ status: 400, json: traderError(message) });

/** A required time parameter as ms, or the 400 Schwab answers. */
function timeParam(ctx: RouteContext, name: string): number | RouteResult {
  const raw = ctx.url.searchParams.get(name);
  if (raw === null || raw === '') return bad(`Missing required parameter ${name}`);
  const ms = SCHWAB_TIME.test(raw) ? Date.parse(raw) : NaN;
  if (!Number.isFinite(ms)) return bad(`'${raw}' is not a valid value for ${name}`);
  return ms;
}

interface Range {
  from: number;
  to: number;
}

function rangeParams(ctx: RouteContext, fromName: string, toName: string): Range | RouteResult {
  const from = timeParam(ctx, fromName);
  if (typeof from !== 'number') return from;
  const to = timeParam(ctx, toName);
  if (typeof to !== 'number') return to;
  if (to < from) return bad(`${toName} must not be before ${fromName}`);
  return { from, to };
}

function addYear(ms: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime();
}

function ordersResult(ctx: RouteContext, activity: ActivityBook, accountNumbers: string[], allAccounts: boolean): RouteResult {
  const range = rangeParams(ctx, 'fromEnteredTime', 'toEnteredTime');
  if (!('from' in range)) return range;
  if (range.to - range.from > MAX_ORDER_RANGE_MS) return bad('The date range between fromEnteredTime and toEnteredTime cannot exceed 60 days');
  if (allAccounts && range.from < ctx.nowMs - MAX_ORDER_RANGE_MS) return bad("fromEnteredTime must be within 60 days from today's date");
  const maxRaw = ctx.url.searchParams.get('maxResults');
  let max = 3000;
  if (maxRaw !== null) {
    if (!/^\d+$/.test(maxRaw) || Number(maxRaw) < 1 || Number(maxRaw) > 3000) return bad(`'${maxRaw}' is not a valid value for maxResults`);
    max = Number(maxRaw);
  }
  const status = ctx.url.searchParams.get('status');
  if (status !== null && !(ORDER_STATUSES as readonly string[]).includes(status)) return bad(`'${status}' is not a valid value for status`);

  const rows: Array<{ at: number; json: Order }> = [];
  const inRange = (at: number): boolean => at >= range.from && at <= range.to;
  for (const n of accountNumbers) {
    const { singles, oco } = activity.orders(n);
    for (const o of singles) if (inRange(o.enteredMs) && (status === null || o.status === status)) rows.push({ at: o.enteredMs, json: orderPayload(o) });
    for (const o of oco) if (inRange(o.enteredMs) && (status === null || status === 'WORKING')) rows.push({ at: o.enteredMs, json: ocoPayload(o) });
  }
  rows.sort((a, b) => b.at - a.at);
  return { status: 200, json: rows.slice(0, max).map((r) => r.json) };
}

export function activityRoutes(book: Book, activity: ActivityBook): Route[] {
  const closing = (symbol: string): number => (book.market.has(symbol) ? book.market.close(symbol) / 100 : 0);
  const firstId = (field: string) => (body: unknown) => (Array.isArray(body) && body.length > 0 ? [0, field] : undefined);
  return [
    {
      method: 'GET',
      pattern: '/trader/v1/orders',
      family: 'trader',
      auth: true,
      requiredField: firstId('orderId'),
      handle: (ctx) => ordersResult(ctx, activity, book.accounts.map((a) => a.accountNumber), true),
    },
    {
      method: 'GET',
      pattern: '/trader/v1/accounts/{accountHash}/orders',
      family: 'trader',
      auth: true,
      requiredField: firstId('orderId'),
      handle: (ctx) => {
        const account = book.account(ctx.params.accountHash ?? '');
        if (!account) return bad('Invalid account number');
        return ordersResult(ctx, activity, [account.accountNumber], false);
      },
    },
    {
      method: 'GET',
      pattern: '/trader/v1/accounts/{accountHash}/transactions',
      family: 'trader',
      auth: true,
      requiredField: firstId('activityId'),
      handle: (ctx) => {
        const account = book.account(ctx.params.accountHash ?? '');
        if (!account) return bad('Invalid account number');
        const range = rangeParams(ctx, 'startDate', 'endDate');
        if (!('from' in range)) return range;
        if (range.to > addYear(range.from)) return bad('The date range between startDate and endDate cannot exceed 1 year');
        const typesRaw = ctx.url.searchParams.get('types');
        if (typesRaw === null || typesRaw === '') return bad('Missing required parameter types');
        const types = typesRaw.split(',').map((t) => t.trim());
        const unknown = types.find((t) => !(TRANSACTION_TYPES as readonly string[]).includes(t));
        if (unknown !== undefined) return bad(`'${unknown}' is not a valid value for types`);
        const symbol = ctx.url.searchParams.get('symbol');
        const rows = activity
          .transactions(account.accountNumber)
          .filter((t) => t.timeMs >= range.from && t.timeMs <= range.to && types.includes(t.type))
          .filter((t) => symbol === null || symbol === '' || t.items.some((i) => i.instrument?.symbol === symbol))
          .sort((a, b) => b.timeMs - a.timeMs || b.activityId - a.activityId);
        return { status: 200, json: rows.slice(0, 3000).map((t) => transactionPayload(t, closing)) };
      },
    },
  ];
}
