// arbion orders [--status working|filled|all] [--json]: orders after one activity sync (read-only: Arbion
// never places, changes or cancels an order). Fill prices are the executions' average, not the limit.
import { OrderStatusFilterSchema, type OrderView } from '../../../common/contract';
import { formatPrice, formatQuantity } from '../../../common/format/numberFormat';
import { formatSymbol } from '../../../common/format/optionSymbol';
import { syncedActivity } from '../activityRead';
import { renderTable } from '../format/table';
import { CliUsageError, defineCommand } from '../registry';

function flatten(orders: readonly OrderView[], depth = 0): Array<{ o: OrderView; depth: number }> {
  return orders.flatMap((o) => [{ o, depth }, ...flatten(o.children, depth + 1)]);
}

export default defineCommand({
  name: 'orders',
  summary: 'Working, filled or all orders of the last year (read-only)',
  usage: 'arbion orders [--status working|filled|all] [--json]',
  options: {
    status: { type: 'string', description: 'working (default), filled or all' },
    json: { type: 'boolean', description: 'Print one JSON document on stdout' },
  },
  async run(ctx, { values }) {
    const parsed = OrderStatusFilterSchema.safeParse(values.status ?? 'working');
    if (!parsed.success) throw new CliUsageError(`--status takes working, filled or all (got "${String(values.status)}").`);
    const { handlers } = await syncedActivity(ctx);
    const orders = await handlers.getOrders(parsed.data);
    if (values.json) {
      ctx.json({ status: parsed.data, orders });
      return 0;
    }
    if (orders.length === 0) {
      ctx.out(`No ${parsed.data === 'all' ? '' : `${parsed.data} `}orders.`);
      return 0;
    }
    for (const line of renderTable(
      [
        { header: 'Entered' },
        { header: 'Account' },
        { header: 'Order' },
        { header: 'Legs' },
        { header: 'Price' },
        { header: 'Status' },
        { header: 'Filled', align: 'right' },
        { header: 'Left', align: 'right' },
        { header: 'Avg fill', align: 'right' },
      ],
      flatten(orders).map(({ o, depth }) => [
        o.enteredTime?.slice(0, 16).replace('T', ' ') ?? '',
        o.account,
        `${'  '.repeat(depth)}${o.orderId}`,
        o.legs.map((l) => `${l.instruction} ${formatQuantity(l.quantity)} ${formatSymbol(l.symbol)}`).join(' / ') || `${o.strategy} bracket`,
        [o.limitPrice !== null ? `limit ${formatPrice(o.limitPrice)}` : '', o.stopPrice !== null ? `stop ${formatPrice(o.stopPrice)}` : ''].filter(Boolean).join(' ') || (o.orderType ?? ''),
        o.status,
        o.legs.length ? formatQuantity(o.filledQuantity) : '',
        o.legs.length ? formatQuantity(o.remainingQuantity) : '',
        o.averagePrice !== null ? formatPrice(o.averagePrice) : '',
      ]),
    )) {
      ctx.out(line);
    }
    return 0;
  },
});
