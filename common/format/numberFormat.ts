// Dollar, percent and quantity formatting for every surface that shows numbers to people: the window, the
// CLI, the browser host. One set of cached Intl formatters (constructing them is costly and a 2,500-row table
// formats tens of thousands of cells). Amounts are US dollars, so the locale is fixed to en-US.
// Money arrives as integer cents (the contract's `Cents`) and is only divided here, for display; per-share
// prices arrive as dollars per share.
import { centsToDollars, type Cents } from '../money/cents';

const LOCALE = 'en-US';

const currency = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'USD' });
const signedCurrency = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'USD', signDisplay: 'exceptZero' });
const price = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const subDollarPrice = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'USD', minimumFractionDigits: 4, maximumFractionDigits: 4 });
const compactCurrency = new Intl.NumberFormat(LOCALE, {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});
const signedPercent = new Intl.NumberFormat(LOCALE, {
  style: 'percent',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});
const plainPercent = new Intl.NumberFormat(LOCALE, {
  style: 'percent',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const quantity = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 4 });

/** What a masked dollar amount looks like in privacy mode: no digits and no "$", so nothing leaks. */
export const MASK = '•••••';

export type Direction = 'up' | 'down' | 'flat';

/** Direction of an amount as shown with `decimals` places (2 for dollars and percents): -0.004 is flat. */
export function direction(value: number, decimals = 2): Direction {
  const v = normaliseZero(value, decimals);
  return v > 0 ? 'up' : v < 0 ? 'down' : 'flat';
}

/** ▲ / ▼ so that colour is never the only cue; nothing when the shown value is zero. */
export function arrow(value: number, decimals = 2): string {
  const d = direction(value, decimals);
  return d === 'up' ? '▲' : d === 'down' ? '▼' : '';
}

/** Rounds first, so a -0.004 change reads as flat rather than as "-$0.00"; NaN and ±Infinity read as 0. */
function normaliseZero(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return 0;
  const scale = 10 ** decimals;
  const rounded = Math.round(value * scale) / scale;
  return Object.is(rounded, -0) || rounded === 0 ? 0 : rounded;
}

/** 123456 cents → "$1,234.56", -1200 → "-$12.00". */
export function formatCurrency(cents: Cents): string {
  return currency.format(normaliseZero(centsToDollars(cents), 2));
}

/** "+$1,234.56", "-$12.00", "$0.00" (from cents). */
export function formatSignedCurrency(cents: Cents): string {
  return signedCurrency.format(normaliseZero(centsToDollars(cents), 2));
}

/** Per-share prices: 2 decimals from $1 ("$48.20", "$5.51"), 4 below ("$0.0125", "$0.9500"), so a column lines up. */
export function formatPrice(value: number): string {
  const v = normaliseZero(value, 4);
  return Math.abs(v) >= 1 ? price.format(v) : subDollarPrice.format(v);
}

/** "$1.2M" for tight places such as the chart's price scale. */
export function formatCompactCurrency(value: number): string {
  return compactCurrency.format(value);
}

/** Takes a percentage number (1.5 means 1.5 %): "+1.50%", "-0.25%", "0.00%". */
export function formatSignedPercent(percent: number): string {
  return signedPercent.format(normaliseZero(percent, 2) / 100);
}

/** "12.40%" (weights: never signed). */
export function formatPercent(percent: number): string {
  return plainPercent.format(normaliseZero(percent, 2) / 100);
}

/** Shares / contracts, shorts keep their minus sign: "-50", "12.3456". */
export function formatQuantity(value: number): string {
  return quantity.format(normaliseZero(value, 4));
}

const greek = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 3, signDisplay: 'exceptZero' });
const signedQuantity = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** An option greek per share (delta, theta): "+0.62", "-0.045", "0.00". */
export function formatGreek(value: number): string {
  return greek.format(normaliseZero(value, 3));
}

/** A signed share count (portfolio delta): "+850", "-82.5", "0". */
export function formatSignedQuantity(value: number): string {
  return signedQuantity.format(normaliseZero(value, 1));
}
