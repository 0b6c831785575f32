// LEVELONE field numbers (they differ between the two services) mapped to typed quote fields, with the
// check each value must pass: prices are finite and above zero, changes finite, times positive.
import type { QuoteField, QuoteKind } from './quoteStream';

export type FieldCheck = 'price' | 'money' | 'number' | 'count' | 'time' | 'text';
export interface FieldSpec {
  field: QuoteField;
  check: FieldCheck;
}

export const EQUITY_FIELDS: ReadonlyMap<number, FieldSpec> = new Map([
  [1, { field: 'bid', check: 'price' }],
  [2, { field: 'ask', check: 'price' }],
  [3, { field: 'last', check: 'price' }],
  [8, { field: 'volume', check: 'count' }],
  [10, { field: 'high', check: 'price' }],
  [11, { field: 'low', check: 'price' }],
  [12, { field: 'close', check: 'price' }],
  [18, { field: 'netChange', check: 'money' }],
  [29, { field: 'regularMarketLast', check: 'price' }],
  [32, { field: 'securityStatus', check: 'text' }],
  [33, { field: 'mark', check: 'price' }],
  [34, { field: 'quoteTimeMs', check: 'time' }],
  [35, { field: 'tradeTimeMs', check: 'time' }],
  [42, { field: 'netPercentChange', check: 'number' }],
  [45, { field: 'markPercentChange', check: 'number' }],
]);

export const OPTION_FIELDS: ReadonlyMap<number, FieldSpec> = new Map([
  [2, { field: 'bid', check: 'price' }],
  [3, { field: 'ask', check: 'price' }],
  [4, { field: 'last', check: 'price' }],
  [7, { field: 'close', check: 'price' }],
  [10, { field: 'impliedVolatility', check: 'number' }],
  [19, { field: 'netChange', check: 'money' }],
  [20, { field: 'strike', check: 'price' }],
  [27, { field: 'daysToExpiration', check: 'count' }],
  [28, { field: 'delta', check: 'number' }],
  [29, { field: 'gamma', check: 'number' }],
  [30, { field: 'theta', check: 'number' }],
  [31, { field: 'vega', check: 'number' }],
  [33, { field: 'securityStatus', check: 'text' }],
  [35, { field: 'underlyingPrice', check: 'price' }],
  [37, { field: 'mark', check: 'price' }],
  [38, { field: 'quoteTimeMs', check: 'time' }],
  [39, { field: 'tradeTimeMs', check: 'time' }],
]);

export const SERVICE_OF: Record<QuoteKind, 'LEVELONE_EQUITIES' | 'LEVELONE_OPTIONS'> = {
  equity: 'LEVELONE_EQUITIES',
  option: 'LEVELONE_OPTIONS',
};

export function fieldsOf(kind: QuoteKind): ReadonlyMap<number, FieldSpec> {
  return kind === 'equity' ? EQUITY_FIELDS : OPTION_FIELDS;
}

/** The `fields` parameter of a SUBS: field 0 (the key) and every field this client reads. */
export function fieldList(kind: QuoteKind): string {
  return [0, ...fieldsOf(kind).keys()].join(',');
}
