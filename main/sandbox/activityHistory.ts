// The demo's last year of activity, written so that replaying it gives exactly the demo positions: every
// holding is bought (or shorted, or written) at its average price, and anything bought on top of it is
// sold again later. Around that a trader's year: a buy filled in two executions, partial closes, a short
// covered in part, a round trip fully closed, an option bought and left to expire, a covered call written
// and assigned, dividends (some naming the security, some only in the description), credit interest, a
// deposit, a wire out and its fee, a cancelled limit order, a working limit order and an OCO bracket.
// Deterministic for a seed and a start time.
import { nyParts, nyWallTimeToMs } from '../core/portfolio/marketHours';
import { toCents } from '../core/portfolio/money';
import type { ActivityLedger, Instruction, SbInstrument, SbOrder } from './activityLedger';
import { INSTRUCTION_SIGN, effectOf } from './activityLedger';
import { listed, type Listed } from './instruments';
import { makeOption, monthlyExpiration, strikeNear, type OptionContract } from './options';
import type { DemoAccount, Holding } from './portfolio';
import type { Random } from './random';

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

function symbolId(symbol: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 0x01000193);
  return 1_000_000 + ((h >>> 0) % 250_000_000);
}

export function listedInstrument(l: Listed): SbInstrument {
  const kind = l.kind === 'INDEX' ? 'EQUITY' : l.kind;
  return {
    kind,
    symbol: l.symbol,
    cusip: l.cusip,
    ...(kind === 'EQUITY' ? {} : { description: l.name }),
    instrumentId: symbolId(l.symbol),
    name: l.name,
  };
}

export function optionInstrument(c: OptionContract): SbInstrument {
  return { kind: 'OPTION', symbol: c.symbol, cusip: c.cusip, description: c.description, option: c, instrumentId: symbolId(c.symbol), name: c.description };
}

export function holdingInstrument(h: Holding): SbInstrument {
  return h.option ? optionInstrument(h.option) : listedInstrument(listed(h.symbol));
}

/** A regular-session instant `daysAgo` before `nowMs` (weekends step back to Friday), never after now. */
export function sessionMs(nowMs: number, daysAgo: number, minuteAfterOpen: number): number {
  let day = nowMs - daysAgo * DAY_MS;
  let p = nyParts(day);
  while (p.weekday === 0 || p.weekday === 6) {
    day -= DAY_MS;
    p = nyParts(day);
  }
  return Math.min(nyWallTimeToMs(p, 9, 30) + minuteAfterOpen * MINUTE_MS, nowMs - MINUTE_MS);
}

/** 16:30 New York on an option's expiration date, when Schwab removes expired contracts. */
function expirationMs(c: OptionContract): number {
  const [year, month, day] = c.expiration.split('-').map(Number) as [number, number, number];
  return nyWallTimeToMs({ year, month, day }, 16, 30);
}

const price2 = (dollars: number): number => toCents(dollars) / 100;

interface Step {
  at: number;
  run: () => void;
}

export class HistoryWriter {
  private readonly steps: Step[] = [];

  constructor(
    private readonly ledger: ActivityLedger,
    readonly nowMs: number,
  ) {}

  at(at: number, run: () => void): void {
    this.steps.push({ at, run });
  }

  /** Runs every step in time order (so dividends see the shares held on their date). */
  replay(): void {
    this.steps.sort((a, b) => a.at - b.at);
    for (const s of this.steps) s.run();
    this.steps.length = 0;
  }

  /** A filled order and one TRADE transaction per execution. */
  filled(
    account: DemoAccount,
    instrument: SbInstrument,
    instruction: Instruction,
    fills: ReadonlyArray<{ quantity: number; price: number; timeMs: number }>,
    opts: { orderType?: 'MARKET' | 'LIMIT' | 'STOP'; limit?: number; duration?: 'DAY' | 'GOOD_TILL_CANCEL'; enteredMs?: number } = {},
  ): SbOrder {
    const orderId = this.ledger.nextOrderId();
    const sign = INSTRUCTION_SIGN[instruction];
    const executions = fills.map((f) => {
      const tx = this.ledger.trade(account.accountNumber, instrument, sign * f.quantity, f.price, f.timeMs, { effect: effectOf(instruction), orderId });
      return { activityId: tx.activityId, quantity: f.quantity, price: f.price, timeMs: f.timeMs };
    });
    const orderType = opts.orderType ?? 'MARKET';
    const order: SbOrder = {
      orderId,
      accountNumber: account.accountNumber,
      status: 'FILLED',
      enteredMs: opts.enteredMs ?? fills[0]!.timeMs,
      closeMs: fills[fills.length - 1]!.timeMs,
      orderType,
      duration: opts.duration ?? 'DAY',
      ...(orderType === 'LIMIT' ? { price: opts.limit ?? fills[0]!.price } : {}),
      ...(orderType === 'STOP' ? { stopPrice: opts.limit ?? fills[0]!.price } : {}),
      instrument,
      instruction,
      quantity: fills.reduce((s, f) => s + f.quantity, 0),
      executions,
    };
    this.ledger.orders.push(order);
    return order;
  }

  /** The opening trade of a holding at its average price, plus `extra` more to be closed later. */
  open(account: DemoAccount, h: Holding, at: number, extra = 0, split?: number): void {
    const instrument = holdingInstrument(h);
    const short = h.shortQuantity > 0;
    const qty = (short ? h.shortQuantity : h.longQuantity) + extra;
    const instruction: Instruction = h.kind === 'OPTION' ? (short ? 'SELL_TO_OPEN' : 'BUY_TO_OPEN') : short ? 'SELL_SHORT' : 'BUY';
    const fund = h.kind === 'MUTUAL_FUND' || h.kind === 'MONEY_MARKET';
    const fills =
      split !== undefined && split < qty
        ? [
            { quantity: split, price: h.averagePrice, timeMs: at },
            { quantity: qty - split, price: h.averagePrice, timeMs: at + 7 * MINUTE_MS },
          ]
        : [{ quantity: qty, price: h.averagePrice, timeMs: at }];
    this.at(at, () => this.filled(account, instrument, instruction, fills, fund ? {} : { orderType: 'LIMIT', limit: h.averagePrice }));
  }
}

const find = (a: DemoAccount, symbol: string): Holding | undefined => a.holdings.find((h) => h.symbol === symbol && !h.option);

/** Scripted extras per account, keyed by what they need to be held; each returns extra shares to open. */
function individual(w: HistoryWriter, ledger: ActivityLedger, a: DemoAccount, rng: Random, extras: Map<string, number>): void {
  const now = w.nowMs;
  const acct = a.accountNumber;
  const aapl = find(a, 'AAPL');
  if (aapl) {
    extras.set('AAPL', 50);
    const at = sessionMs(now, 25, 95);
    w.at(at, () => w.filled(a, holdingInstrument(aapl), 'SELL', [{ quantity: 50, price: price2(aapl.averagePrice * 1.12), timeMs: at }], { orderType: 'LIMIT' }));
  }
  const qqq = find(a, 'QQQ');
  if (qqq) {
    extras.set('QQQ', 10);
    const at = now - 25 * MINUTE_MS; // today: a partial close that counts in today's realized P&L
    w.at(at, () => w.filled(a, holdingInstrument(qqq), 'SELL', [{ quantity: 10, price: price2(listed('QQQ').closeCents * 0.01004), timeMs: at }]));
  }
  const tsla = find(a, 'TSLA');
  if (tsla && tsla.shortQuantity > 0) {
    extras.set('TSLA', 20);
    const at = sessionMs(now, 45, 200);
    w.at(at, () => w.filled(a, holdingInstrument(tsla), 'BUY_TO_COVER', [{ quantity: 20, price: price2(tsla.averagePrice * 0.9), timeMs: at }], { orderType: 'LIMIT' }));
  }
  const ko = find(a, 'KO');
  if (ko) {
    extras.set('KO', 100);
    const k = listed('KO');
    const call = makeOption('KO', k.name, monthlyExpiration(now, -1), 'CALL', strikeNear(k.closeCents, 1));
    const callInstr = optionInstrument(call);
    const expiry = expirationMs(call);
    const written = sessionMs(expiry, 21, 40);
    w.at(written, () => w.filled(a, callInstr, 'SELL_TO_OPEN', [{ quantity: 1, price: 1.15, timeMs: written }], { orderType: 'LIMIT' }));
    w.at(expiry, () => {
      ledger.trade(acct, callInstr, 1, 0, expiry, { effect: 'CLOSING', type: 'RECEIVE_AND_DELIVER', description: 'REMOVAL OF OPTION DUE TO ASSIGNMENT' });
      ledger.trade(acct, holdingInstrument(ko), -100, call.strikeCents / 100, expiry + MINUTE_MS, { effect: 'CLOSING', description: `ASSIGNED ${call.description}` });
    });
    for (const days of [250, 160, 70]) {
      const at = sessionMs(now, days, 0);
      w.at(at, () => ledger.cash(acct, 'DIVIDEND_OR_INTEREST', at, toCents(ledger.held(acct, 'KO') * 0.485), 'COCA-COLA CO', 'dividend'));
    }
  }
  const jpm = find(a, 'JPM');
  if (jpm) {
    for (const days of [200, 110, 20]) {
      const at = sessionMs(now, days, 0);
      w.at(at, () =>
        ledger.cash(acct, 'DIVIDEND_OR_INTEREST', at, toCents(ledger.held(acct, 'JPM') * 1.25), 'JPMORGAN CHASE & CO', 'dividend', holdingInstrument(jpm)),
      );
    }
  }
  const msft = listed('MSFT');
  const expired = makeOption('MSFT', msft.name, monthlyExpiration(now, -2), 'CALL', strikeNear(msft.closeCents, 2));
  const expiredInstr = optionInstrument(expired);
  const bought = sessionMs(expirationMs(expired), 30, 60);
  w.at(bought, () => w.filled(a, expiredInstr, 'BUY_TO_OPEN', [{ quantity: 2, price: 3.45, timeMs: bought }], { orderType: 'LIMIT' }));
  w.at(expirationMs(expired), () =>
    ledger.trade(acct, expiredInstr, -2, 0, expirationMs(expired), { effect: 'CLOSING', type: 'RECEIVE_AND_DELIVER', description: 'REMOVAL OF OPTION DUE TO EXPIRATION' }),
  );

  // A round trip in a stock no longer held: two buys at different prices, closed in two sales.
  const googl = listedInstrument(listed('GOOGL'));
  const g = listed('GOOGL').closeCents / 100;
  const round: Array<[number, Instruction, number, number]> = [
    [210, 'BUY', 40, 0.86],
    [160, 'BUY', 20, 0.93],
    [95, 'SELL', 30, 0.97],
    [12, 'SELL', 30, 1.02],
  ];
  for (const [days, instruction, quantity, factor] of round) {
    const at = sessionMs(now, days, 120);
    w.at(at, () => w.filled(a, googl, instruction, [{ quantity, price: price2(g * factor), timeMs: at }], { orderType: 'LIMIT' }));
  }

  for (let m = 0; m < 11; m++) {
    const at = sessionMs(now, 1 + m * 30, 0);
    const cents = rng.int(180, 940);
    w.at(at, () => ledger.cash(acct, 'DIVIDEND_OR_INTEREST', at, cents, 'CREDIT INTEREST', 'interest'));
  }
  const deposit = sessionMs(now, 150, 30);
  w.at(deposit, () => ledger.cash(acct, 'ELECTRONIC_FUND', deposit, 500_000, 'TRANSFER FROM CHECKING', 'deposit'));
  const wire = sessionMs(now, 60, 90);
  w.at(wire, () => {
    ledger.cash(acct, 'WIRE_OUT', wire, -250_000, 'WIRE OUT', 'deposit');
    ledger.cash(acct, 'JOURNAL', wire + MINUTE_MS, -2_500, 'WIRE TRANSFER FEE', 'fee');
  });
}

function roth(w: HistoryWriter, ledger: ActivityLedger, a: DemoAccount, rng: Random): void {
  const now = w.nowMs;
  const acct = a.accountNumber;
  const jnj = listed('JNJ');
  if (find(a, 'JNJ')) {
    const call = makeOption('JNJ', jnj.name, monthlyExpiration(now, -2), 'CALL', strikeNear(jnj.closeCents, 2));
    const instr = optionInstrument(call);
    const written = sessionMs(expirationMs(call), 28, 50);
    w.at(written, () => w.filled(a, instr, 'SELL_TO_OPEN', [{ quantity: 1, price: 1.85, timeMs: written }], { orderType: 'LIMIT' }));
    w.at(expirationMs(call), () =>
      ledger.trade(acct, instr, 1, 0, expirationMs(call), { effect: 'CLOSING', type: 'RECEIVE_AND_DELIVER', description: 'REMOVAL OF OPTION DUE TO EXPIRATION' }),
    );
  }
  if (find(a, 'SCHD')) {
    for (const days of [250, 160, 70]) {
      const at = sessionMs(now, days, 0);
      w.at(at, () => ledger.cash(acct, 'DIVIDEND_OR_INTEREST', at, toCents(ledger.held(acct, 'SCHD') * 0.2645), 'SCHWAB US DIVIDEND EQUITY ETF', 'dividend'));
    }
  }
  const vti = find(a, 'VTI');
  if (vti) {
    for (const days of [180, 90]) {
      const at = sessionMs(now, days, 0);
      w.at(at, () =>
        ledger.cash(acct, 'DIVIDEND_OR_INTEREST', at, toCents(ledger.held(acct, 'VTI') * 0.9305), 'VANGUARD TOTAL STOCK MARKET ETF', 'dividend', holdingInstrument(vti)),
      );
    }
  }
  const contribution = sessionMs(now, 100, 15);
  w.at(contribution, () => ledger.cash(acct, 'ACH_RECEIPT', contribution, 700_000, 'ROTH CONTRIBUTION', 'deposit'));
  for (let m = 0; m < 4; m++) {
    const at = sessionMs(now, 2 + m * 90, 0);
    const cents = rng.int(40, 160);
    w.at(at, () => ledger.cash(acct, 'DIVIDEND_OR_INTEREST', at, cents, 'CREDIT INTEREST', 'interest'));
  }
}

function joint(w: HistoryWriter, ledger: ActivityLedger, a: DemoAccount, extras: Map<string, number>): void {
  const now = w.nowMs;
  const pltr = find(a, 'PLTR');
  if (pltr) {
    extras.set('PLTR', 100);
    const at = sessionMs(now, 30, 180);
    w.at(at, () => w.filled(a, holdingInstrument(pltr), 'SELL', [{ quantity: 100, price: price2(pltr.averagePrice * 1.4), timeMs: at }], { orderType: 'LIMIT' }));
  }
  const iwm = find(a, 'IWM');
  if (iwm) {
    const at = sessionMs(now, 15, 0);
    w.at(at, () =>
      ledger.cash(a.accountNumber, 'DIVIDEND_OR_INTEREST', at, toCents(ledger.held(a.accountNumber, 'IWM') * 0.604), 'ISHARES RUSSELL 2000 ETF', 'dividend', holdingInstrument(iwm)),
    );
  }
}

/** Orders that are not (or not yet) fills: a cancelled limit, a working limit, an OCO bracket. */
function openOrders(ledger: ActivityLedger, a: DemoAccount, now: number): void {
  const meta = listed('META');
  ledger.orders.push({
    orderId: ledger.nextOrderId(),
    accountNumber: a.accountNumber,
    status: 'CANCELED',
    enteredMs: sessionMs(now, 8, 20),
    closeMs: sessionMs(now, 6, 5),
    orderType: 'LIMIT',
    duration: 'GOOD_TILL_CANCEL',
    price: price2((meta.closeCents / 100) * 0.9),
    instrument: listedInstrument(meta),
    instruction: 'BUY',
    quantity: 20,
    executions: [],
  });
  const nvda = find(a, 'NVDA');
  if (nvda) {
    const close = listed('NVDA').closeCents / 100;
    const entered = sessionMs(now, 3, 45);
    const child = (orderType: 'LIMIT' | 'STOP', factor: number): SbOrder => ({
      orderId: ledger.nextOrderId(),
      accountNumber: a.accountNumber,
      status: 'WORKING',
      enteredMs: entered,
      orderType,
      duration: 'GOOD_TILL_CANCEL',
      ...(orderType === 'LIMIT' ? { price: price2(close * factor) } : { stopPrice: price2(close * factor) }),
      instrument: holdingInstrument(nvda),
      instruction: 'SELL',
      quantity: 100,
      executions: [],
    });
    ledger.ocoOrders.push({ orderId: ledger.nextOrderId(), accountNumber: a.accountNumber, enteredMs: entered, children: [child('LIMIT', 1.15), child('STOP', 0.9)] });
  }
  const msft = listed('MSFT');
  ledger.orders.push({
    orderId: ledger.nextOrderId(),
    accountNumber: a.accountNumber,
    status: 'WORKING',
    enteredMs: now - 20 * MINUTE_MS,
    orderType: 'LIMIT',
    duration: 'DAY',
    price: price2((msft.closeCents / 100) * 0.995),
    instrument: listedInstrument(msft),
    instruction: 'BUY',
    quantity: 10,
    executions: [],
  });
}

/** Writes every account's year into the ledger; replaying it yields each account's holdings and cash. */
export function writeHistory(ledger: ActivityLedger, accounts: readonly DemoAccount[], nowMs: number, rng: Random): void {
  accounts.forEach((a, i) => {
    const arng = rng.fork(`history-${i}`);
    const w = new HistoryWriter(ledger, nowMs);
    const extras = new Map<string, number>();
    if (i === 0) individual(w, ledger, a, arng, extras);
    else if (i === 1) roth(w, ledger, a, arng);
    else if (i === 2) joint(w, ledger, a, extras);
    for (const h of a.holdings) {
      // Options are recent (they expire within months); the rest was bought over the past year.
      const at = h.option ? sessionMs(nowMs, arng.int(8, 35), arng.int(5, 380)) : sessionMs(nowMs, arng.int(260, 340), arng.int(5, 380));
      const extra = h.option ? 0 : (extras.get(h.symbol) ?? 0);
      w.open(a, h, at, extra, h.symbol === 'AAPL' && i === 0 ? 120 : undefined);
    }
    w.replay();
    if (i === 0) openOrders(ledger, a, nowMs);
    // The opening deposit is whatever makes the history's cash equal the account's cash today.
    const mine = ledger.transactions.filter((t) => t.accountNumber === a.accountNumber);
    const first = Math.min(nowMs, ...mine.map((t) => t.timeMs));
    const funding = a.cashCents - mine.reduce((s, t) => s + t.netCents, 0);
    const at = sessionMs(first, 2, 0);
    if (funding >= 0) ledger.cash(a.accountNumber, 'ACH_RECEIPT', at, funding, 'TRANSFER FROM EXTERNAL BANK', 'deposit');
    else ledger.cash(a.accountNumber, 'ACH_DISBURSEMENT', at, funding, 'TRANSFER TO EXTERNAL BANK', 'deposit');
  });
}
