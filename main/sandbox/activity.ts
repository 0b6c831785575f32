// Orders and transactions of the demo accounts: the seeded year (activityHistory.ts) plus what happens while
// the sandbox runs — a working limit order fills (half first, then the rest), a new one is entered when
// none is working. A fill is a real trade in the book: the holding and the cash change with it, so the
// positions route and the transactions route keep telling the same story. Listeners hear every event
// (a streamer can announce them as ACCT_ACTIVITY).
import type { Clock } from '../core/ports';
import { ActivityLedger, INSTRUCTION_SIGN, effectOf, type ActivityTruthEntry, type SbOcoOrder, type SbOrder, type SbTransaction } from './activityLedger';
import { listedInstrument, writeHistory } from './activityHistory';
import { listed } from './instruments';
import type { Market } from './market';
import type { DemoAccount } from './portfolio';
import type { Random } from './random';

export type ActivityEventType = 'OrderCreated' | 'OrderAccepted' | 'ExecutionCreated' | 'OrderFillCompleted' | 'OrderRejected';

export interface ActivityEvent {
  type: ActivityEventType;
  accountNumber: string;
  orderId: number;
  timeMs: number;
  /** Executions only. */
  quantity?: number;
  price?: number;
}

export interface SandboxActivity {
  /** Fills the oldest working order: half of it when nothing has filled yet, else the rest. [] when none is working. */
  fillNext(): ActivityEvent[];
  /** Rejects the oldest working order (unfilled so far: Schwab rejects before any execution). [] when none is working. */
  rejectNext(): ActivityEvent[];
  /** Enters a new working limit buy in the first account. */
  placeOrder(): ActivityEvent[];
  /** One step of the running demo: fill what is working, or enter something new. */
  step(): ActivityEvent[];
  onEvent(listener: (e: ActivityEvent) => void): () => void;
  /** What each transaction so far contributes to realized P&L, income, fees and deposits (cents). */
  truth(): ActivityTruthEntry[];
  workingOrders(): SbOrder[];
}

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;
const round2 = (n: number): number => Math.round(n * 100) / 100;
const LIVE_SYMBOLS = ['MSFT', 'AAPL', 'JPM', 'KO', 'NVDA'] as const;

export class ActivityBook implements SandboxActivity {
  private ledger: ActivityLedger | undefined;
  private readonly listeners = new Set<(e: ActivityEvent) => void>();
  private liveSeq = 0;

  constructor(
    private readonly accounts: readonly DemoAccount[],
    private readonly market: Market,
    private readonly clock: Clock,
    private readonly rng: Random,
  ) {}

  /** Built on first use, so sandboxes that never read activity don't pay for it. */
  private get book(): ActivityLedger {
    if (!this.ledger) {
      this.ledger = new ActivityLedger(new Map(this.accounts.map((a) => [a.accountNumber, a.type])));
      writeHistory(this.ledger, this.accounts, this.clock.now(), this.rng);
    }
    return this.ledger;
  }

  orders(accountNumber: string): { singles: SbOrder[]; oco: SbOcoOrder[] } {
    return {
      singles: this.book.orders.filter((o) => o.accountNumber === accountNumber),
      oco: this.book.ocoOrders.filter((o) => o.accountNumber === accountNumber),
    };
  }

  transactions(accountNumber: string): SbTransaction[] {
    return this.book.transactions.filter((t) => t.accountNumber === accountNumber);
  }

  truth(): ActivityTruthEntry[] {
    return this.book.truth.map((e) => ({ ...e }));
  }

  workingOrders(): SbOrder[] {
    return this.book.orders.filter((o) => o.status === 'WORKING');
  }

  onEvent(listener: (e: ActivityEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  step(): ActivityEvent[] {
    const filled = this.fillNext();
    return filled.length > 0 ? filled : this.placeOrder();
  }

  placeOrder(): ActivityEvent[] {
    const account = this.accounts[0];
    if (!account) return [];
    const l = listed(LIVE_SYMBOLS[this.liveSeq++ % LIVE_SYMBOLS.length]!);
    const now = this.clock.now();
    const order: SbOrder = {
      orderId: this.book.nextOrderId(),
      accountNumber: account.accountNumber,
      status: 'WORKING',
      enteredMs: now,
      orderType: 'LIMIT',
      duration: 'DAY',
      price: round2((this.market.price(l.symbol) / 100) * 0.998),
      instrument: listedInstrument(l),
      instruction: 'BUY',
      quantity: 10,
      executions: [],
    };
    this.book.orders.push(order);
    return this.emit([
      { type: 'OrderCreated', accountNumber: account.accountNumber, orderId: order.orderId, timeMs: now },
      { type: 'OrderAccepted', accountNumber: account.accountNumber, orderId: order.orderId, timeMs: now },
    ]);
  }

  fillNext(): ActivityEvent[] {
    const order = this.workingOrders().sort((a, b) => a.enteredMs - b.enteredMs)[0];
    if (!order) return [];
    const account = this.accounts.find((a) => a.accountNumber === order.accountNumber);
    if (!account) return [];
    const done = order.executions.reduce((s, e) => s + e.quantity, 0);
    const remaining = order.quantity - done;
    const quantity = done === 0 && remaining >= 2 ? Math.floor(remaining / 2) : remaining;
    const price = order.price ?? round2(this.market.price(order.instrument.symbol) / 100);
    const now = this.clock.now();
    const sign = INSTRUCTION_SIGN[order.instruction];
    const tx = this.book.trade(account.accountNumber, order.instrument, sign * quantity, price, now, {
      effect: effectOf(order.instruction),
      orderId: order.orderId,
    });
    order.executions.push({ activityId: tx.activityId, quantity, price, timeMs: now });
    this.applyToHoldings(account, order, sign * quantity, price, tx.netCents);
    const events: ActivityEvent[] = [{ type: 'ExecutionCreated', accountNumber: account.accountNumber, orderId: order.orderId, timeMs: now, quantity, price }];
    if (quantity === remaining) {
      order.status = 'FILLED';
      order.closeMs = now;
      events.push({ type: 'OrderFillCompleted', accountNumber: account.accountNumber, orderId: order.orderId, timeMs: now, quantity: order.quantity, price });
    }
    return this.emit(events);
  }

  rejectNext(): ActivityEvent[] {
    const order = this.workingOrders()
      .filter((o) => o.executions.length === 0)
      .sort((a, b) => a.enteredMs - b.enteredMs)[0];
    if (!order) return [];
    const now = this.clock.now();
    order.status = 'REJECTED';
    order.closeMs = now;
    return this.emit([{ type: 'OrderRejected', accountNumber: order.accountNumber, orderId: order.orderId, timeMs: now }]);
  }

  /** The fill as the positions route will show it: quantity, Schwab-style average price, cash. */
  private applyToHoldings(account: DemoAccount, order: SbOrder, signedQty: number, price: number, netCents: number): void {
    account.cashCents += netCents;
    const instr = order.instrument;
    const h = account.holdings.find((x) => x.symbol === instr.symbol);
    if (!h) {
      account.holdings.push({
        symbol: instr.symbol,
        kind: instr.kind,
        cusip: instr.cusip,
        ...(instr.description !== undefined ? { description: instr.description } : {}),
        longQuantity: Math.max(0, signedQty),
        shortQuantity: Math.max(0, -signedQty),
        averagePrice: price,
        multiplier: 1,
      });
      return;
    }
    const held = h.longQuantity - h.shortQuantity;
    const next = held + signedQty;
    if (Math.sign(held) === Math.sign(signedQty)) h.averagePrice = round4((h.averagePrice * Math.abs(held) + price * Math.abs(signedQty)) / Math.abs(next));
    h.longQuantity = Math.max(0, next);
    h.shortQuantity = Math.max(0, -next);
  }

  private emit(events: ActivityEvent[]): ActivityEvent[] {
    for (const e of events) for (const l of this.listeners) l(e);
    return events;
  }
}
