// The sandbox's orders and transactions routes over real HTTP: Schwab's parameter rules and 400 bodies,
// the payload shapes, a year of history that replays to the demo positions and cash, live fills that move
// the book, and fault injection on these paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrdersSchema, TransactionsSchema, type Transaction } from '../../main/core/schwab/activitySchemas';
import { AccountSchema } from '../../main/core/schwab/schemas';
import { startSandbox, type Sandbox } from '../../main/sandbox/index';
import { FakeClock } from '../support/fakeClock';
import { getApi, login } from './schwabHttp';

const DAY = 86_400_000;
let sb: Sandbox;
let token: string;
let clock: FakeClock;
let hash: string;

beforeAll(async () => {
  clock = new FakeClock();
  sb = await startSandbox({ clock, autoApprove: true, seed: 7 });
  token = (await login(sb)).access_token;
  hash = sb.truth().accounts[0]!.hashValue;
});
afterAll(async () => {
  await sb.close();
});

const iso = (ms: number): string => new Date(ms).toISOString();
const get = async (path: string, query: Record<string, string>): Promise<{ status: number; body: unknown }> => {
  const res = await getApi(sb, `${path}?${new URLSearchParams(query).toString()}`, token);
  return { status: res.status, body: await res.json() };
};
const ordersOf = (h: string, q: Record<string, string>) => get(`/trader/v1/accounts/${h}/orders`, q);
const lastDays = (days: number): Record<string, string> => ({ fromEnteredTime: iso(clock.now() - days * DAY), toEnteredTime: iso(clock.now()) });
const yearOf = (h: string, extra: Record<string, string> = {}) =>
  get(`/trader/v1/accounts/${h}/transactions`, { startDate: iso(clock.now() - 365 * DAY), endDate: iso(clock.now()), types: ALL_TYPES, ...extra });
const ALL_TYPES = 'TRADE,RECEIVE_AND_DELIVER,DIVIDEND_OR_INTEREST,ACH_RECEIPT,ACH_DISBURSEMENT,CASH_RECEIPT,CASH_DISBURSEMENT,ELECTRONIC_FUND,WIRE_OUT,WIRE_IN,JOURNAL,MEMORANDUM,MARGIN_CALL,MONEY_MARKET,SMA_ADJUSTMENT';

describe('orders: parameter rules', () => {
  it('both times are required', async () => {
    const queries: Array<Record<string, string>> = [{}, { fromEnteredTime: iso(clock.now() - DAY) }, { toEnteredTime: iso(clock.now()) }];
    for (const q of queries) {
      const r = await ordersOf(hash, q);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ message: expect.stringMatching(/^Missing required parameter (from|to)EnteredTime$/) });
    }
  });

  it('a Python-style microsecond time gets Schwab\'s "is not a valid value" body; so do other formats', async () => {
    const r = await ordersOf(hash, { fromEnteredTime: '2024-10-08T16:30:31.469502+00Z', toEnteredTime: iso(clock.now()) });
    expect(r).toEqual({ status: 400, body: { message: "'2024-10-08T16:30:31.469502+00Z' is not a valid value for fromEnteredTime" } });
    for (const bad of ['2025-01-15', '2025-01-15T00:00:00Z', '1736899200000']) {
      const res = await ordersOf(hash, { fromEnteredTime: iso(clock.now() - DAY), toEnteredTime: bad });
      expect(res).toEqual({ status: 400, body: { message: `'${bad}' is not a valid value for toEnteredTime` } });
    }
  });

  it('60 days is accepted, 61 is a 400; maxResults ≤ 3000; status takes one value', async () => {
    expect((await ordersOf(hash, lastDays(60))).status).toBe(200);
    expect(await ordersOf(hash, lastDays(61))).toEqual({
      status: 400,
      body: { message: 'The date range between fromEnteredTime and toEnteredTime cannot exceed 60 days' },
    });
    expect((await ordersOf(hash, { ...lastDays(30), maxResults: '3001' })).status).toBe(400);
    expect((await ordersOf(hash, { ...lastDays(30), status: 'WORKING,FILLED' })).body).toEqual({ message: "'WORKING,FILLED' is not a valid value for status" });
    const two = await ordersOf(hash, { ...lastDays(60), maxResults: '2' });
    expect(OrdersSchema.parse(two.body)).toHaveLength(2);
  });

  it('all accounts: the start must lie within 60 days of today; a plain account number is 400', async () => {
    expect((await get('/trader/v1/orders', lastDays(59))).status).toBe(200);
    const old = await get('/trader/v1/orders', { fromEnteredTime: iso(clock.now() - 90 * DAY), toEnteredTime: iso(clock.now() - 40 * DAY) });
    expect(old.status).toBe(400);
    const n = sb.truth().accounts[0]!.accountNumber;
    expect(await ordersOf(n, lastDays(10))).toEqual({ status: 400, body: { message: 'Invalid account number' } });
  });
});

describe('orders: the demo', () => {
  it('working, cancelled, OCO bracket and a buy filled in two executions, newest first', async () => {
    const orders = OrdersSchema.parse((await ordersOf(hash, lastDays(60))).body);
    const entered = orders.map((o) => Date.parse(o.enteredTime!));
    expect([...entered].sort((a, b) => b - a)).toEqual(entered);
    const working = orders.find((o) => o.status === 'WORKING' && o.orderStrategyType === 'SINGLE')!;
    expect(working).toMatchObject({ orderType: 'LIMIT', filledQuantity: 0, remainingQuantity: 10, cancelable: true });
    expect(typeof working.price).toBe('number');
    const cancelled = orders.find((o) => o.status === 'CANCELED')!;
    expect(cancelled).toMatchObject({ filledQuantity: 0, cancelable: false });
    expect(cancelled.orderActivityCollection).toBeUndefined();
    const oco = orders.find((o) => o.orderStrategyType === 'OCO')!;
    expect(oco.orderLegCollection).toBeUndefined();
    expect(oco.childOrderStrategies!.map((c) => [c.orderType, c.status, c.orderLegCollection![0]!.instruction])).toEqual([
      ['LIMIT', 'WORKING', 'SELL'],
      ['STOP', 'WORKING', 'SELL'],
    ]);
    // Integer account numbers, as in real order captures.
    const raw = (await ordersOf(hash, lastDays(60))).body as Array<{ accountNumber: unknown }>;
    expect(typeof raw[0]!.accountNumber).toBe('number');

    const year: typeof orders = [];
    for (let end = clock.now(); end > clock.now() - 360 * DAY; end -= 60 * DAY) {
      year.push(...OrdersSchema.parse((await ordersOf(hash, { fromEnteredTime: iso(end - 60 * DAY), toEnteredTime: iso(end) })).body));
    }
    const split = year.find((o) => (o.orderActivityCollection?.length ?? 0) === 2)!;
    expect(split.orderLegCollection![0]!.instrument.symbol).toBe('AAPL');
    expect(split.orderActivityCollection!.map((a) => [a.quantity, a.orderRemainingQuantity])).toEqual([
      [120, 80],
      [80, 0],
    ]);
  });
});

describe('transactions', () => {
  it('startDate, endDate and types are required; a year at most; types one or several', async () => {
    const base = { startDate: iso(clock.now() - 30 * DAY), endDate: iso(clock.now()) };
    expect((await get(`/trader/v1/accounts/${hash}/transactions`, base)).body).toEqual({ message: 'Missing required parameter types' });
    expect((await get(`/trader/v1/accounts/${hash}/transactions`, { endDate: base.endDate, types: 'TRADE' })).body).toEqual({
      message: 'Missing required parameter startDate',
    });
    expect((await get(`/trader/v1/accounts/${hash}/transactions`, { ...base, types: 'TRADE,BOGUS' })).body).toEqual({ message: "'BOGUS' is not a valid value for types" });
    const tooLong = await get(`/trader/v1/accounts/${hash}/transactions`, { startDate: iso(clock.now() - 367 * DAY), endDate: iso(clock.now()), types: 'TRADE' });
    expect(tooLong.status).toBe(400);
    const trades = TransactionsSchema.parse((await yearOf(hash, { types: 'TRADE' })).body);
    expect(trades.length).toBeGreaterThan(10);
    expect(trades.every((t) => t.type === 'TRADE')).toBe(true);
    const ko = TransactionsSchema.parse((await yearOf(hash, { symbol: 'KO' })).body);
    expect(ko.length).toBeGreaterThan(0);
    expect(ko.every((t) => t.transferItems!.some((i) => i.instrument?.symbol === 'KO'))).toBe(true);
  });

  it('fee legs, dividends with and without a symbol, expirations and an assignment at price 0', async () => {
    const txs = TransactionsSchema.parse((await yearOf(hash)).body);
    const sale = txs.find((t) => t.type === 'TRADE' && t.transferItems!.some((i) => (i.amount ?? 0) < 0 && i.instrument?.assetType === 'EQUITY'))!;
    expect(sale.transferItems!.filter((i) => i.feeType).map((i) => i.feeType)).toEqual(['COMMISSION', 'SEC_FEE', 'TAF_FEE']);
    const divs = txs.filter((t) => t.type === 'DIVIDEND_OR_INTEREST' && !/INTEREST/.test(t.description ?? ''));
    const symbolOf = (t: Transaction) => t.transferItems!.find((i) => i.instrument?.symbol !== 'CURRENCY_USD')?.instrument?.symbol;
    expect(divs.some((t) => symbolOf(t) === undefined && t.description === 'COCA-COLA CO')).toBe(true);
    expect(divs.some((t) => symbolOf(t) === 'JPM')).toBe(true);
    const removals = txs.filter((t) => t.type === 'RECEIVE_AND_DELIVER');
    expect(removals.map((t) => t.description).sort()).toEqual(['REMOVAL OF OPTION DUE TO ASSIGNMENT', 'REMOVAL OF OPTION DUE TO EXPIRATION']);
    for (const r of removals) expect(r.transferItems!.map((i) => [i.instrument?.assetType, i.price, r.netAmount])).toEqual([['OPTION', 0, 0]]);
    for (const t of ['ACH_RECEIPT', 'ELECTRONIC_FUND', 'WIRE_OUT', 'JOURNAL']) expect(txs.some((x) => x.type === t)).toBe(true);
    expect(((await yearOf(hash)).body as Array<{ accountNumber: unknown }>).every((t) => typeof t.accountNumber === 'string')).toBe(true);
  });

  it('replaying every account\'s year gives its positions and its cash, to the cent', async () => {
    for (const account of sb.truth().accounts) {
      const txs = TransactionsSchema.parse((await yearOf(account.hashValue)).body);
      const held = new Map<string, number>();
      let cashCents = 0;
      for (const t of txs) {
        cashCents += Math.round(t.netAmount * 100);
        for (const i of t.transferItems!) {
          const s = i.instrument?.symbol;
          if (!s || s === 'CURRENCY_USD' || !i.amount) continue;
          held.set(s, Math.round(((held.get(s) ?? 0) + i.amount) * 1e6) / 1e6);
        }
      }
      const expected = new Map(account.positions.map((p) => [p.symbol, p.longQuantity - p.shortQuantity]));
      expect(new Map([...held].filter(([, q]) => q !== 0))).toEqual(expected);
      expect(cashCents).toBe(account.current.cashCents);
    }
  });
});

describe('live activity', () => {
  it('the working order fills while the clock runs: half, then the rest; positions, cash and routes follow', async () => {
    const local = new FakeClock();
    const live = await startSandbox({ clock: local, autoApprove: true, seed: 7, activityMs: 30_000 });
    try {
      const t = (await login(live)).access_token;
      const h = live.truth().accounts[0]!.hashValue;
      const msftBefore = live.truth().accounts[0]!.positions.find((p) => p.symbol === 'MSFT')!.longQuantity;
      const cashBefore = live.truth().accounts[0]!.current.cashCents;
      const events: string[] = [];
      live.activity.onEvent((e) => events.push(`${e.type}:${e.quantity ?? ''}`));
      local.advance(30_000);
      expect(events).toEqual(['ExecutionCreated:5']);
      local.advance(30_000);
      expect(events).toEqual(['ExecutionCreated:5', 'ExecutionCreated:5', 'OrderFillCompleted:10']);
      const after = live.truth().accounts[0]!;
      expect(after.positions.find((p) => p.symbol === 'MSFT')!.longQuantity).toBe(msftBefore + 10);
      const q = new URLSearchParams({ fromEnteredTime: iso(local.now() - DAY), toEnteredTime: iso(local.now()) });
      const orders = OrdersSchema.parse(await (await getApi(live, `/trader/v1/accounts/${h}/orders?${q.toString()}`, t)).json());
      const filled = orders.find((o) => o.orderLegCollection?.[0]?.instrument.symbol === 'MSFT' && o.status === 'FILLED')!;
      expect(filled.orderActivityCollection!.flatMap((a) => a.executionLegs!.map((l) => l.quantity))).toEqual([5, 5]);
      const tq = new URLSearchParams({ startDate: iso(local.now() - DAY), endDate: iso(local.now()), types: 'TRADE' });
      const txs = TransactionsSchema.parse(await (await getApi(live, `/trader/v1/accounts/${h}/transactions?${tq.toString()}`, t)).json());
      const fills = txs.filter((x) => x.orderId === filled.orderId);
      expect(fills).toHaveLength(2);
      expect(after.current.cashCents - cashBefore).toBe(fills.reduce((s, x) => s + Math.round(x.netAmount * 100), 0));
      const account = AccountSchema.parse(await (await getApi(live, `/trader/v1/accounts/${h}?fields=positions`, t)).json());
      expect(account.securitiesAccount.positions!.find((p) => p.instrument.symbol === 'MSFT')!.longQuantity).toBe(msftBefore + 10);
      // Nothing working now (the OCO stays): the next step enters a new order.
      local.advance(30_000);
      expect(events.slice(3)).toEqual(['OrderCreated:', 'OrderAccepted:']);
    } finally {
      await live.close();
    }
  });
});

describe('fault injection on the activity paths', () => {
  it('fail, malformed and drop rules match these paths like any other', async () => {
    sb.faults.failNext(1, 503, { pathPrefix: `/trader/v1/accounts/${hash}/transactions` });
    expect((await yearOf(hash)).status).toBe(503);
    expect((await yearOf(hash)).status).toBe(200);
    sb.faults.malformNext(1, 'missing-field', { pathPrefix: '/trader/v1/orders' });
    const broken = await get('/trader/v1/orders', lastDays(30));
    expect(OrdersSchema.safeParse(broken.body).success).toBe(false);
    sb.faults.dropNext(1, { pathPrefix: `/trader/v1/accounts/${hash}/orders` });
    await expect(ordersOf(hash, lastDays(30))).rejects.toThrow();
    expect((await ordersOf(hash, lastDays(30))).status).toBe(200);
  });
});
