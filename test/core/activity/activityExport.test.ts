// The CSV exports read back through csv-parse (a real RFC 4180 parser): header, ISO dates, plain decimals,
// awkward text (commas, quotes, line breaks) intact.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { POSITION_CSV_HEADER, TRANSACTION_CSV_HEADER, positionsCsv, transactionsCsv } from '../../../main/core/activity/activityExport';
import { centsDecimal, plainNumber } from '../../../main/core/activity/csv';
import { cash, trade } from './activitySets';

const read = (text: string): string[][] => parse(text, { relax_column_count: false }) as string[][];

describe('CSV', () => {
  it('money as plain decimals, numbers without exponents', () => {
    expect([centsDecimal(123456), centsDecimal(-5), centsDecimal(0), centsDecimal(-100)]).toEqual(['1234.56', '-0.05', '0.00', '-1.00']);
    expect([plainNumber(1e-7), plainNumber(512.347), plainNumber(-30)]).toEqual(['0.0000001', '512.347', '-30']);
  });

  it('positions round-trip with their header, an ISO as-of and no currency symbols', () => {
    const asOf = Date.UTC(2025, 0, 15, 15, 0, 0);
    const text = positionsCsv(
      [
        { account: 'Individual …4410', symbol: 'AAPL', description: 'APPLE INC', assetType: 'EQUITY', quantity: 150, price: 228.52, marketValueCents: 3427800, dayChangeCents: -12345 },
        { account: 'Roth, "IRA" …9921', symbol: 'JNJ   250221C00160000', description: 'JOHNSON & JOHNSON 02/21/2025 $160 Call\nwritten', assetType: 'OPTION', quantity: -1, price: 1.5, marketValueCents: -15000, dayChangeCents: 500, costBasisCents: -18500, unrealizedCents: 3500 },
      ],
      asOf,
    );
    const rows = read(text);
    expect(rows[0]).toEqual([...POSITION_CSV_HEADER]);
    expect(rows[1]).toEqual(['Individual …4410', 'AAPL', 'APPLE INC', 'EQUITY', '150', '228.52', '34278.00', '-123.45', '', '', '2025-01-15T15:00:00.000Z']);
    expect(rows[2]).toEqual([
      'Roth, "IRA" …9921',
      'JNJ   250221C00160000',
      'JOHNSON & JOHNSON 02/21/2025 $160 Call\nwritten',
      'OPTION',
      '-1',
      '1.5',
      '-150.00',
      '5.00',
      '-185.00',
      '35.00',
      '2025-01-15T15:00:00.000Z',
    ]);
    for (const r of rows.slice(1)) for (const i of [4, 5, 6, 7, 8, 9]) expect(r[i]).toMatch(/^(-?\d+(\.\d+)?)?$/);
  });

  it('transactions in a date range, oldest first, with ISO dates and the fees column', () => {
    const t1 = trade(Date.UTC(2025, 0, 2, 15), 'XYZ', -10, 12.5, { feesCents: 7 });
    const t2 = cash(Date.UTC(2025, 0, 3, 15), 'DIVIDEND_OR_INTEREST', 10670, 'COCA-COLA CO');
    const before = cash(Date.UTC(2024, 11, 31, 15), 'ACH_RECEIPT', 100, 'OLD');
    const after = cash(Date.UTC(2025, 0, 9, 15), 'ACH_RECEIPT', 100, 'LATER');
    const text = transactionsCsv([after, t2, t1, before], { fromMs: Date.UTC(2025, 0, 1), toMs: Date.UTC(2025, 0, 8) }, (h) => `acct ${h}`);
    const rows = read(text);
    expect(rows[0]).toEqual([...TRANSACTION_CSV_HEADER]);
    expect(rows.slice(1)).toEqual([
      ['2025-01-02', '2025-01-02T15:00:00.000Z', 'acct A', t1.activityId, 'TRADE', '', 'XYZ', '-10', '12.5', '124.93', '0.07', ''],
      ['2025-01-03', '2025-01-03T15:00:00.000Z', 'acct A', t2.activityId, 'DIVIDEND_OR_INTEREST', 'COCA-COLA CO', '', '', '', '106.70', '0.00', ''],
    ]);
  });

  it('a description a spreadsheet would run as a formula is written as text; signed decimals stay numbers', () => {
    const hostile = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];
    const rows = hostile.map((d, i) => cash(Date.UTC(2025, 0, 2 + i, 15), 'ACH_RECEIPT', -100 * (i + 1), d));
    const text = transactionsCsv(rows, { fromMs: Date.UTC(2025, 0, 1), toMs: Date.UTC(2025, 0, 31) }, (h) => h);
    const parsed = read(text).slice(1);
    expect(parsed.map((r) => r[5])).toEqual(hostile.map((d) => `'${d}`));
    expect(parsed.map((r) => r[9])).toEqual(['-1.00', '-2.00', '-3.00', '-4.00', '-5.00', '-6.00']);
  });
});
