// Working orders (each leg, the limit / stop, filled and remaining; OCO and trigger children nested) and
// today's fills (average price from the executions).
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

export function WorkingOrders({ orders }: { orders: OrderView[] }) {
  return (
    <section className="card" aria-labelledby="working-orders-title">
      <div className="card-head">
        <h2 id="working-orders-title" className="card-title">
          Working orders <span className="card-sub">{orders.length}</span>
        </h2>
      </div>
      {orders.length === 0 ? (
        <p className="empty-note">No working orders.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Working orders (scrollable)">
          <table className="activity-table">
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
          </table>
        </div>
      )}
    </section>
  );
}

export function TodaysFills({ fills }: { fills: FillView[] }) {
  return (
    <section className="card" aria-labelledby="fills-title">
      <div className="card-head">
        <h2 id="fills-title" className="card-title">
          Today&apos;s fills <span className="card-sub">{fills.length}</span>
        </h2>
      </div>
      {fills.length === 0 ? (
        <p className="empty-note">Nothing filled today.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Today's fills (scrollable)">
          <table className="activity-table">
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
          </table>
        </div>
      )}
    </section>
  );
}
