// CSV as spreadsheets read it (RFC 4180): a header row, CRLF line ends, a field quoted only when it holds
// a comma, a quote, a line break or edge spaces; money as a plain decimal with two places ("-1234.50"),
// no currency symbol or grouping. A text field a spreadsheet would run as a formula (it starts with = + - @,
// a tab or a carriage return and is not a plain number) gets a leading apostrophe, so a description or
// symbol from the account can never execute when the file is opened.
import type { Cents } from '../portfolio/money';

export type CsvValue = string | number | null | undefined;

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? plainNumber(value) : neutralized(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

function neutralized(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** A number without exponent notation (1e-7 → "0.0000001"); '' for NaN/Infinity. */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const text = String(n);
  if (!/e/i.test(text)) return text;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** 123456 → "1234.56", -5 → "-0.05". */
export function centsDecimal(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
