// CSV as spreadsheets read it (RFC 4180): a header row, CRLF line ends, a field quoted only when it holds
// a comma, a quote, a line break or edge spaces; money as a plain decimal with two places ("-1234.50"),
// no currency symbol or grouping.
import type { Cents } from '../portfolio/money';

export type CsvValue = string | number | null | undefined;

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? plainNumber(value) : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
