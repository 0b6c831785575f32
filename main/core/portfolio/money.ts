// The core's money helpers: the rule itself (integer cents, half away from zero) lives in common/money so
// the window and the core round the same way; this module adds what only Node-side code needs.
import { centsToDollars, roundPercent, toCents as toContractCents } from '../../../common/money/cents';

export { roundHalfAway, roundPercent, valueCents } from '../../../common/money/cents';

/** Integer cents for internal arithmetic (activity figures, stream caches); the contract uses the branded type. */
export type Cents = number;

/** Dollars → integer cents, half away from zero (1.005 → 101). */
export function toCents(dollars: number): Cents {
  return toContractCents(dollars);
}

/** Cents → dollars as the nearest double. */
export function fromCents(cents: Cents): number {
  return cents / 100;
}

/** Rounds a dollar amount to cents (a number that prints with at most 2 decimals). */
export function roundMoney(dollars: number): number {
  return fromCents(toCents(dollars));
}

export function sumCents(values: Iterable<Cents>): Cents {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** part / whole × 100, rounded to 2 decimals; 0 when the whole is 0 (no NaN/Infinity on screen). */
export function percent(part: number, whole: number): number {
  if (whole === 0 || !Number.isFinite(part) || !Number.isFinite(whole)) return 0;
  return roundPercent((part / whole) * 100);
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** "$128,410.07" / "-$3.50". */
export function formatUsd(dollars: number): string {
  return usd.format(centsToDollars(toContractCents(dollars)));
}
