// Options arrive as 21-character OCC symbols ("SPY   261218C00550000"): root padded to 6, YYMMDD, C/P, strike ×1000.
// Shown readably ("SPY 18 Dec 26 550 C") in the window and the CLI alike.
import { memoize } from '../memoize';

const OCC = /^([A-Z0-9./]{1,6})\s*(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface ParsedOption {
  root: string;
  /** ISO date, e.g. "2026-12-18". */
  expiry: string;
  putCall: 'C' | 'P';
  strike: number;
}

/** Parsed once per symbol: a portfolio's few hundred symbols are parsed again on every tick's sort, format and alert. */
export const parseOccSymbol: (symbol: string) => Readonly<ParsedOption> | null = memoize(parse);

function parse(symbol: string): Readonly<ParsedOption> | null {
  const m = OCC.exec(symbol.trim());
  if (!m) return null;
  const [, root, yy, mm, dd, pc, strike] = m;
  const month = Number(mm);
  const day = Number(dd);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return Object.freeze({
    root: root!,
    expiry: `20${yy}-${mm}-${dd}`,
    putCall: pc as 'C' | 'P',
    strike: Number(strike) / 1000,
  });
}

/** "SPY 18 Dec 26 550 C"; anything that is not an OCC option symbol is returned as sent. */
export function formatSymbol(symbol: string): string {
  const o = optionParts(symbol);
  return o ? `${o.base} ${o.putCall}` : symbol;
}

/** An option's readable name without its put/call letter, and that letter — for a tag shown first. */
export function optionParts(symbol: string): { base: string; putCall: 'C' | 'P' } | null {
  const o = parseOccSymbol(symbol);
  if (!o) return null;
  const [yyyy, mm, dd] = o.expiry.split('-');
  return { base: `${o.root} ${dd} ${MONTHS[Number(mm) - 1]} ${yyyy!.slice(2)} ${o.strike}`, putCall: o.putCall };
}

/** Sort key that keeps an underlying's stock, then its options by expiry, type and strike, together. */
export function symbolSortKey(symbol: string): string {
  const o = parseOccSymbol(symbol);
  if (!o) return symbol.trim();
  return `${o.root} ${o.expiry} ${o.putCall} ${o.strike.toFixed(3).padStart(12, '0')}`;
}
