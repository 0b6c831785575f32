// Stored orders and transactions as the contract's view models: working orders with their legs, today's
// fills summed per order (average price from the executions, never the limit), transactions with the leg
// they are about, and the figures per period and account. Pure: the service hands in rows, labels and now.
import type {
  ActivityFiguresView,
  FillView,
  OrderStatusFilter,
  OrderView,
  TransactionView,
} from '../../../common/contract';
import { TERMINAL_ORDER_STATUSES } from '../schwab/activitySchemas';
import { toCents } from '../portfolio/money';
import { activityFigures, periodStarts } from './activityFigures';
import type { ActivityOrder, ActivityTransaction } from './activityTypes';

export type AccountLabel = (accountHash: string) => string;

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** Quantity-weighted average price; null when nothing executed. */
function averageOf(executions: ReadonlyArray<{ quantity: number; price: number }>): number | null {
  const qty = executions.reduce((s, e) => s + e.quantity, 0);
  if (qty <= 0) return null;
  return Math.round((executions.reduce((s, e) => s + e.quantity * e.price, 0) / qty) * 10_000) / 10_000;
}

export function orderView(o: ActivityOrder, label: AccountLabel): OrderView {
  return {
    orderId: o.orderId,
    accountHash: o.accountHash,
    account: label(o.accountHash),
    status: o.status,
    enteredTime: iso(o.enteredTime),
    closeTime: iso(o.closeTime),
    orderType: o.orderType ?? null,
    duration: o.duration ?? null,
    strategy: o.strategy,
    limitPrice: o.limitPrice ?? null,
    stopPrice: o.stopPrice ?? null,
    quantity: o.quantity,
    filledQuantity: o.filledQuantity,
    remainingQuantity: o.remainingQuantity,
    averagePrice: averageOf(o.executions),
    legs: o.legs.map((l) => ({
      instruction: l.instruction,
      positionEffect: l.positionEffect ?? null,
      symbol: l.symbol,
      assetType: l.assetType,
      quantity: l.quantity,
      filledQuantity: l.filledQuantity,
      averagePrice: l.averagePrice ?? null,
    })),
    children: o.children.map((c) => orderView(c, label)),
  };
}

export const isWorking = (o: ActivityOrder): boolean => !TERMINAL_ORDER_STATUSES.has(o.status);
const hasFilled = (o: ActivityOrder): boolean => o.filledQuantity > 0 || o.executions.length > 0;

/** OCO and trigger parents carry their legs in children: a tree counts when any node matches. */
function anyNode(o: ActivityOrder, pred: (o: ActivityOrder) => boolean): boolean {
  return pred(o) || o.children.some((c) => anyNode(c, pred));
}

export function ordersView(orders: readonly ActivityOrder[], status: OrderStatusFilter, label: AccountLabel): OrderView[] {
  const keep = status === 'all' ? () => true : status === 'working' ? (o: ActivityOrder) => anyNode(o, isWorking) : (o: ActivityOrder) => anyNode(o, hasFilled);
  return orders.filter(keep).map((o) => orderView(o, label));
}

/** Each order (children included) with executions since `sinceMs`: what filled, at the average of those executions. */
export function fillsSince(orders: readonly ActivityOrder[], sinceMs: number, label: AccountLabel): FillView[] {
  const out: FillView[] = [];
  const visit = (o: ActivityOrder): void => {
    const recent = o.executions.filter((e) => e.time >= sinceMs);
    const average = averageOf(recent);
    if (average !== null) {
      const leg = o.legs[0];
      const quantity = recent.reduce((s, e) => s + e.quantity, 0);
      out.push({
        orderId: o.orderId,
        accountHash: o.accountHash,
        account: label(o.accountHash),
        symbol: leg?.symbol ?? '',
        instruction: leg?.instruction ?? '',
        quantity,
        averagePrice: average,
        valueCents: toCents(quantity * average * multiplierOf(leg?.assetType)),
        time: new Date(Math.max(...recent.map((e) => e.time))).toISOString(),
        complete: o.status === 'FILLED' || (o.quantity > 0 && o.filledQuantity >= o.quantity),
      });
    }
    o.children.forEach(visit);
  };
  orders.forEach(visit);
  return out.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
}

const multiplierOf = (assetType: string | undefined): number => (assetType === 'OPTION' ? 100 : 1);

export function todaysFills(orders: readonly ActivityOrder[], nowMs: number, label: AccountLabel): FillView[] {
  return fillsSince(orders, periodStarts(nowMs).today, label);
}

export function transactionView(t: ActivityTransaction, label: AccountLabel): TransactionView {
  const security = t.legs.find((l) => l.kind === 'security' && l.symbol === t.symbol);
  return {
    activityId: t.activityId,
    accountHash: t.accountHash,
    account: label(t.accountHash),
    time: new Date(t.time).toISOString(),
    tradeDate: t.tradeDate ?? null,
    type: t.type,
    status: t.status ?? null,
    description: t.description,
    symbol: t.symbol ?? null,
    quantity: security ? security.quantity : null,
    price: security?.price ?? null,
    netCents: t.netCents,
    feesCents: t.feesCents,
    orderId: t.orderId ?? null,
  };
}

/** Case-insensitive match on the description, symbol, type, account label or activity id. */
export function matchesSearch(t: TransactionView, search: string | undefined): boolean {
  const q = search?.trim().toLowerCase();
  if (!q) return true;
  return [t.description, t.symbol ?? '', t.type, t.account, t.activityId].some((f) => f.toLowerCase().includes(q));
}

export function figuresView(transactions: readonly ActivityTransaction[], nowMs: number, label: AccountLabel): ActivityFiguresView {
  const f = activityFigures(transactions, nowMs);
  return {
    total: f.total,
    accounts: Object.entries(f.byAccount)
      .map(([accountHash, figures]) => ({ accountHash, account: label(accountHash), figures }))
      .sort((a, b) => a.account.localeCompare(b.account)),
    unmatchedCloses: f.unmatchedCloses,
  };
}
