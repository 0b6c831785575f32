// The sandbox's record of orders and transactions, and the running average cost behind them, so the demo's
// realized P&L, income, fees and deposits are known exactly (integer cents) by the sandbox itself.
// Every trade goes through `trade()`: it prices the fee legs as Schwab itemises them, writes the
// transaction and moves the per-symbol average cost (opening adds to the basis, closing realizes
// proceeds − the average cost of the closed quantity; fees are part of the cash, so they count).
import { toCents } from '../core/portfolio/money';
import type { HoldingKind } from './portfolio';
import type { OptionContract } from './options';

export interface SbInstrument {
  kind: HoldingKind;
  symbol: string;
  cusip: string;
  description?: string;
  option?: OptionContract;
  instrumentId: number;
  /** Issuer name (dividend descriptions use it). */
  name: string;
}

export type FeeType = 'COMMISSION' | 'SEC_FEE' | 'OPT_REG_FEE' | 'TAF_FEE';

export interface SbItem {
  /** undefined = the CURRENCY_USD leg. */
  instrument?: SbInstrument;
  amount: number;
  costCents: number;
  price?: number;
  feeType?: FeeType;
  positionEffect?: 'OPENING' | 'CLOSING';
}

export type SbTransactionType =
  | 'TRADE'
  | 'RECEIVE_AND_DELIVER'
  | 'DIVIDEND_OR_INTEREST'
  | 'ACH_RECEIPT'
  | 'ACH_DISBURSEMENT'
  | 'ELECTRONIC_FUND'
  | 'WIRE_OUT'
  | 'JOURNAL';

export interface SbTransaction {
  activityId: number;
  accountNumber: string;
  subAccount: 'CASH' | 'MARGIN';
  type: SbTransactionType;
  timeMs: number;
  description?: string;
  orderId?: number;
  positionId?: number;
  netCents: number;
  items: SbItem[];
}

export type Instruction = 'BUY' | 'SELL' | 'SELL_SHORT' | 'BUY_TO_COVER' | 'BUY_TO_OPEN' | 'SELL_TO_CLOSE' | 'SELL_TO_OPEN' | 'BUY_TO_CLOSE';

export interface SbExecution {
  activityId: number;
  quantity: number;
  price: number;
  timeMs: number;
}

export interface SbOrder {
  orderId: number;
  accountNumber: string;
  status: 'WORKING' | 'FILLED' | 'CANCELED' | 'REJECTED';
  enteredMs: number;
  closeMs?: number;
  orderType: 'MARKET' | 'LIMIT' | 'STOP';
  duration: 'DAY' | 'GOOD_TILL_CANCEL';
  price?: number;
  stopPrice?: number;
  instrument: SbInstrument;
  instruction: Instruction;
  quantity: number;
  executions: SbExecution[];
}

/** An OCO bracket: two working exit orders; one filling cancels the other. */
export interface SbOcoOrder {
  orderId: number;
  accountNumber: string;
  enteredMs: number;
  children: [SbOrder, SbOrder];
}

/** What the sandbox knows each activity contributes, for comparing figures against. */
export interface ActivityTruthEntry {
  accountNumber: string;
  timeMs: number;
  kind: 'realized' | 'dividend' | 'interest' | 'fee' | 'deposit';
  cents: number;
  /** For realized entries: the symbol closed. */
  symbol?: string;
}

export const INSTRUCTION_SIGN: Record<Instruction, 1 | -1> = {
  BUY: 1,
  SELL: -1,
  SELL_SHORT: -1,
  BUY_TO_COVER: 1,
  BUY_TO_OPEN: 1,
  SELL_TO_CLOSE: -1,
  SELL_TO_OPEN: -1,
  BUY_TO_CLOSE: 1,
};
const CLOSING: ReadonlySet<Instruction> = new Set(['SELL', 'BUY_TO_COVER', 'SELL_TO_CLOSE', 'BUY_TO_CLOSE']);
export const effectOf = (i: Instruction): 'OPENING' | 'CLOSING' => (CLOSING.has(i) ? 'CLOSING' : 'OPENING');

/** Schwab's per-trade charges: $0 stock commissions, $0.65 per option contract, regulatory fees on sales. */
export function tradeFees(instr: SbInstrument, signedQty: number, grossCents: number): Array<{ feeType: FeeType; cents: number }> {
  const qty = Math.abs(signedQty);
  const sale = signedQty < 0;
  const secFee = sale ? Math.max(1, Math.round((grossCents * 27.8) / 1_000_000)) : 0;
  switch (instr.kind) {
    case 'OPTION':
      return [
        { feeType: 'COMMISSION', cents: 65 * qty },
        { feeType: 'SEC_FEE', cents: secFee },
        { feeType: 'OPT_REG_FEE', cents: Math.max(1, Math.round(2.3 * qty)) },
        { feeType: 'TAF_FEE', cents: sale ? Math.max(1, Math.round(0.244 * qty)) : 0 },
      ];
    case 'EQUITY':
    case 'ETF':
      return [
        { feeType: 'COMMISSION', cents: 0 },
        { feeType: 'SEC_FEE', cents: secFee },
        { feeType: 'TAF_FEE', cents: sale ? Math.min(830, Math.max(1, Math.round(0.0166 * qty))) : 0 },
      ];
    default:
      return []; // fund purchases and sales carry no fees
  }
}

interface OpenPosition {
  qty: number;
  costCents: number;
}

export class ActivityLedger {
  readonly orders: SbOrder[] = [];
  readonly ocoOrders: SbOcoOrder[] = [];
  readonly transactions: SbTransaction[] = [];
  readonly truth: ActivityTruthEntry[] = [];
  private readonly open = new Map<string, OpenPosition>();
  private orderSeq = 0;
  private activitySeq = 0;
  private positionSeq = 0;

  constructor(private readonly subAccounts: ReadonlyMap<string, 'CASH' | 'MARGIN'>) {}

  nextOrderId(): number {
    return 1_002_400_000_000 + ++this.orderSeq;
  }
  nextActivityId(): number {
    return 95_500_000_000 + ++this.activitySeq;
  }

  /** Signed quantity held (after every trade so far) — what dividends are paid on. */
  held(accountNumber: string, symbol: string): number {
    return this.open.get(`${accountNumber}|${symbol}`)?.qty ?? 0;
  }

  /**
   * One execution (or an expiration/assignment removal at price 0): writes the transaction and moves the
   * average cost. `price` is per share; options multiply by 100.
   */
  trade(
    accountNumber: string,
    instr: SbInstrument,
    signedQty: number,
    price: number,
    timeMs: number,
    opts: { effect: 'OPENING' | 'CLOSING'; orderId?: number; type?: 'TRADE' | 'RECEIVE_AND_DELIVER'; description?: string },
  ): SbTransaction {
    const multiplier = instr.kind === 'OPTION' ? 100 : 1;
    const grossCents = toCents(Math.abs(signedQty) * price * multiplier);
    const type = opts.type ?? 'TRADE';
    const fees = type === 'TRADE' ? tradeFees(instr, signedQty, grossCents) : [];
    const feeCents = fees.reduce((s, f) => s + f.cents, 0);
    const securityCost = signedQty > 0 ? -grossCents : grossCents;
    const netCents = securityCost - feeCents;
    const items: SbItem[] = [
      ...fees.map((f): SbItem => ({ amount: f.cents / 100, costCents: -f.cents, feeType: f.feeType })),
      { instrument: instr, amount: signedQty, costCents: securityCost, price, positionEffect: opts.effect },
    ];
    const tx = this.record({
      accountNumber,
      type,
      timeMs,
      netCents,
      items,
      ...(opts.orderId !== undefined ? { orderId: opts.orderId } : {}),
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      positionId: ++this.positionSeq + 2_400_000_000,
    });
    if (feeCents > 0) this.truth.push({ accountNumber, timeMs, kind: 'fee', cents: feeCents });
    this.moveCost(accountNumber, instr.symbol, signedQty, netCents, timeMs);
    return tx;
  }

  /** A cash-only activity (dividend, interest, deposit, withdrawal, fee). */
  cash(
    accountNumber: string,
    type: SbTransactionType,
    timeMs: number,
    cents: number,
    description: string,
    kind: 'dividend' | 'interest' | 'deposit' | 'fee',
    security?: SbInstrument,
  ): SbTransaction {
    const items: SbItem[] = [];
    if (security) items.push({ instrument: security, amount: 0, costCents: 0, price: 0 });
    items.push({ amount: cents / 100, costCents: 0 });
    const tx = this.record({ accountNumber, type, timeMs, netCents: cents, items, description });
    this.truth.push({ accountNumber, timeMs, kind, cents: kind === 'fee' ? -cents : cents });
    return tx;
  }

  private record(t: Omit<SbTransaction, 'activityId' | 'subAccount'>): SbTransaction {
    const tx: SbTransaction = { activityId: this.nextActivityId(), subAccount: this.subAccounts.get(t.accountNumber) ?? 'CASH', ...t };
    this.transactions.push(tx);
    return tx;
  }

  private moveCost(accountNumber: string, symbol: string, dq: number, cashCents: number, timeMs: number): void {
    const key = `${accountNumber}|${symbol}`;
    const pos = this.open.get(key) ?? { qty: 0, costCents: 0 };
    if (pos.qty === 0 || Math.sign(pos.qty) === Math.sign(dq)) {
      pos.qty = round6(pos.qty + dq);
      pos.costCents -= cashCents;
    } else {
      const closing = Math.min(Math.abs(dq), Math.abs(pos.qty));
      const allocated = Math.round((pos.costCents * closing) / Math.abs(pos.qty));
      const closingCash = closing === Math.abs(dq) ? cashCents : Math.round((cashCents * closing) / Math.abs(dq));
      this.truth.push({ accountNumber, timeMs, kind: 'realized', cents: closingCash - allocated, symbol });
      pos.costCents -= allocated;
      pos.qty = round6(pos.qty + Math.sign(dq) * closing);
      const rest = round6(Math.abs(dq) - closing);
      if (rest > 0) {
        pos.qty = Math.sign(dq) * rest;
        pos.costCents = -(cashCents - closingCash);
      }
    }
    if (pos.qty === 0) pos.costCents = 0;
    this.open.set(key, pos);
  }
}

const round6 = (n: number): number => Math.round(n * 1_000_000) / 1_000_000;
