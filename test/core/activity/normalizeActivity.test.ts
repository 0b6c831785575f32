// Real captures (test/fixtures/schwab, see SOURCES.md) through the schemas and normalisation: both id
// forms, integer and string account numbers, bare and full trade dates, fee legs, fill prices from the
// executions rather than the limit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrdersSchema, TransactionsSchema } from '../../../main/core/schwab/activitySchemas';
import { parsePayload } from '../../../main/core/schwab/payload';
import { normalizeOrder, normalizeTransaction } from '../../../main/core/activity/normalizeActivity';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'schwab', name), 'utf8'));

describe('orders', () => {
  it('parses the CIInc capture: integer ids and account number, fill price from executionLegs', () => {
    const orders = OrdersSchema.parse(fixture('orders-filled-option.json'));
    const o = normalizeOrder(orders[0]!, 'HASH');
    expect(o).toMatchObject({ orderId: '1001889848665', status: 'FILLED', strategy: 'SINGLE', limitPrice: 5.25, quantity: 1, filledQuantity: 1, remainingQuantity: 0 });
    expect(o.enteredTime).toBe(Date.UTC(2024, 9, 15, 17, 29, 28));
    expect(o.legs[0]).toMatchObject({ symbol: 'AMAT  241115C00210000', instruction: 'BUY_TO_OPEN', filledQuantity: 1, averagePrice: 5.25 });
    expect(orders[0]!.accountNumber).toBe('12345678');
  });

  it('gives each leg of a two-leg spread its own average fill price (not the net limit)', () => {
    const orders = OrdersSchema.parse(fixture('orders-option-vertical-spreads.json'));
    expect(orders).toHaveLength(5);
    const o = normalizeOrder(orders[0]!, 'HASH');
    expect(o.limitPrice).toBe(1.2);
    expect(o.legs.map((l) => [l.instruction, l.averagePrice])).toEqual([
      ['SELL_TO_OPEN', 2.06],
      ['BUY_TO_OPEN', 0.86],
    ]);
  });

  it('accepts an OCO parent with no legs of its own and string ids; children inherit its entered time', () => {
    const parent = OrdersSchema.parse([
      {
        orderId: '1002400000099',
        status: 'WORKING',
        orderStrategyType: 'OCO',
        enteredTime: '2025-01-10T15:00:00+0000',
        childOrderStrategies: [
          { orderId: 1002400000100, status: 'WORKING', orderType: 'LIMIT', price: 150, orderLegCollection: [{ instruction: 'SELL', quantity: 100, instrument: { assetType: 'EQUITY', symbol: 'NVDA' } }] },
          { orderId: 1002400000101, status: 'WORKING', orderType: 'STOP', stopPrice: 120, orderLegCollection: [{ instruction: 'SELL', quantity: 100, instrument: { assetType: 'EQUITY', symbol: 'NVDA' } }] },
        ],
      },
    ]);
    const o = normalizeOrder(parent[0]!, 'H');
    expect(o.strategy).toBe('OCO');
    expect(o.legs).toEqual([]);
    expect(o.children.map((c) => [c.orderId, c.orderType, c.limitPrice, c.stopPrice, c.enteredTime])).toEqual([
      ['1002400000100', 'LIMIT', 150, undefined, Date.UTC(2025, 0, 10, 15)],
      ['1002400000101', 'STOP', undefined, 120, Date.UTC(2025, 0, 10, 15)],
    ]);
  });

  it('a missing status names the field', () => {
    expect(() => parsePayload(OrdersSchema, [{ orderId: 1 }], 'orders')).toThrow(/\[0\]\.status/);
  });
});

describe('transactions', () => {
  it('the CIInc capture: fee legs add up to the fees, the net amount is kept to the cent', () => {
    const txs = TransactionsSchema.parse(fixture('transactions-trade.json')).map((t) => normalizeTransaction(t, 'HASH'));
    expect(txs.map((t) => [t.activityId, t.symbol, t.netCents, t.feesCents, t.orderId])).toEqual([
      ['80990733204', 'CVS   240816C00057500', -24866, 66, '1000454139831'],
      ['80963406939', 'AAPL  240517C00180000', 64933, 67, '1000450380337'],
      ['80911936565', 'SNAP  240517C00012000', 61867, 133, '1000440390267'],
    ]);
    const buy = txs[0]!;
    expect(buy.legs.filter((l) => l.kind === 'fee').map((l) => l.feeType)).toEqual(['COMMISSION', 'SEC_FEE', 'OPT_REG_FEE', 'TAF_FEE']);
    expect(buy.legs.find((l) => l.kind === 'security')).toMatchObject({ quantity: 1, costCents: -24800, price: 2.48, positionEffect: 'OPENING' });
    expect(buy.tradeDate).toBe('2024-05-07');
    // Real captures balance: net = security cost − fees.
    for (const t of txs) expect(t.legs.reduce((s, l) => s + l.costCents, 0)).toBe(t.netCents);
  });

  it('the schwab_rb capture: string orderId, bare tradeDate and no accountNumber are accepted', () => {
    const raw = TransactionsSchema.parse(fixture('transactions-option-trades-cash-subaccount.json'));
    expect(raw[0]!.accountNumber).toBeUndefined();
    const t = normalizeTransaction(raw[0]!, 'HASH');
    expect(t).toMatchObject({ orderId: '1002613435352', tradeDate: '2025-01-17', feesCents: 95, netCents: -121595, symbol: 'MRVL  250321C00155000' });
  });

  it('a dividend with only a CURRENCY_USD leg has no symbol and keeps the company in the description', () => {
    const [raw] = TransactionsSchema.parse([
      {
        activityId: 95500000001,
        time: '2024-11-06T14:30:00+0000',
        type: 'DIVIDEND_OR_INTEREST',
        description: 'COCA-COLA CO',
        netAmount: 106.7,
        transferItems: [{ instrument: { assetType: 'CURRENCY', symbol: 'CURRENCY_USD' }, amount: 106.7, cost: 0 }],
      },
    ]);
    const t = normalizeTransaction(raw!, 'H');
    expect(t.symbol).toBeUndefined();
    expect(t).toMatchObject({ description: 'COCA-COLA CO', netCents: 10670, feesCents: 0 });
    expect(t.legs).toEqual([{ kind: 'cash', assetType: 'CURRENCY', quantity: 0, costCents: 0 }]);
  });

  it('an unreadable time is a PayloadInvalid naming the transaction', () => {
    const [raw] = TransactionsSchema.parse([{ activityId: 7, time: 'yesterday', type: 'TRADE', netAmount: 0 }]);
    expect(() => normalizeTransaction(raw!, 'H')).toThrow(/unreadable time "yesterday" in transaction 7/);
  });
});
