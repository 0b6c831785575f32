// Working orders (each leg, the limit / stop, filled and remaining; OCO and trigger children nested) and
// today's fills (average price from the executions).
import type { ReactNode } from 'react';
import type { FillView, OrderView } from '../../../common/contract';
import { formatSymbol } from '../../../common/format/optionSymbol';
import { formatTimestamp } from '../format/timeFormat';
import { Money } from './Money';
import { Quantity } from './Quantity';
import { asCents } from '../../../common/money/cents';

function priceText(o: OrderView) {
  return (
    <>
      {o.limitPrice !== null && (
        <span>
          Limit <Money value={o.limitPrice} price />
        </span>
      )}
      {o.stopPrice !== null && (
        <span>
          {' '}
          Stop <Money value={o.stopPrice} price />
        </span>
      )}
      {o.limitPrice === null && o.stopPrice === null && <span>{o.orderType ?? '—'}</span>}
    </>
  );
}

function OrderRows({ order, depth }: { order: OrderView; depth: number }) {
  const legs =
    order.legs.length > 0
      ? order.legs.map((l, i) => (
          <span key={i} className="order-leg">
            {i > 0 ? ' / ' : ''}
            {l.instruction} <Quantity value={l.quantity} /> {formatSymbol(l.symbol)}
          </span>
        ))
      : `${order.strategy} bracket`;
  return (
    <>
      <tr data-testid={`order-${order.orderId}`} className={depth > 0 ? 'child-order' : undefined}>
        <td>{order.account}</td>
        <td style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }}>{legs}</td>
        <td>{priceText(order)}</td>
        <td>
          {order.status}
          {order.duration ? ` · ${order.duration}` : ''}
        </td>
        <td className="num">{order.legs.length > 0 ? (
            <>
              <Quantity value={order.filledQuantity} /> / <Quantity value={order.remainingQuantity} />
            </>
          ) : (
            ''
          )}</td>
        <td className="num">{order.averagePrice !== null ? <Money value={order.averagePrice} price /> : '—'}</td>
      </tr>
      {order.children.map((c) => (
        <OrderRows key={c.orderId} order={c} depth={depth + 1} />
      ))}
    </>
  );
}

/** An Activity card: a titled count, a sentence when empty, else its table in a scrollable region. */
function ActivityTableCard(props: { id: string; title: string; count: number; empty: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={props.id}>
      <div className="card-head">
        <h2 id={props.id} className="card-title">
          {props.title} <span className="card-sub">{props.count}</span>
        </h2>
      </div>
      {props.count === 0 ? (
        <p className="empty-note">{props.empty}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={`${props.title} (scrollable)`}>
          <table className="activity-table">{props.children}</table>
        </div>
      )}
    </section>
  );
}

export function WorkingOrders({ orders }: { orders: OrderView[] }) {
  return (
    <ActivityTableCard id="working-orders-title" title="Working orders" count={orders.length} empty="No working orders.">
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Legs</th>
          <th scope="col">Price</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Filled / remaining
          </th>
          <th scope="col" className="num">
            Avg fill
          </th>
        </tr>
      </thead>
      <tbody>
        {orders.map((o) => (
          <OrderRows key={o.orderId} order={o} depth={0} />
        ))}
      </tbody>
    </ActivityTableCard>
  );
}

export function TodaysFills({ fills }: { fills: FillView[] }) {
  return (
    <ActivityTableCard id="fills-title" title="Today’s fills" count={fills.length} empty="Nothing filled today.">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Account</th>
          <th scope="col">Fill</th>
          <th scope="col" className="num">
            Avg price
          </th>
          <th scope="col" className="num">
            Value
          </th>
          <th scope="col">Order</th>
        </tr>
      </thead>
      <tbody>
        {fills.map((f) => (
          <tr key={f.orderId} data-testid={`fill-${f.orderId}`}>
            <td>{formatTimestamp(f.time)}</td>
            <td>{f.account}</td>
            <td>
              {f.instruction} <Quantity value={f.quantity} /> {formatSymbol(f.symbol)}
            </td>
            <td className="num">
              <Money value={f.averagePrice} price />
            </td>
            <td className="num">
              <Money value={asCents(f.valueCents)} />
            </td>
            <td>{f.complete ? 'Filled' : 'Partly filled'}</td>
          </tr>
        ))}
      </tbody>
    </ActivityTableCard>
  );
}
