// Money as integer cents, the one representation every sum in Arbion uses, and the one rounding rule
// (half away from zero). Schwab sends doubles with float noise (-273.900000000001); converting once, at the
// edge, and summing whole cents makes every total equal the sum of the parts a trader sees, to the cent.
//
// Per-share prices (mark, last, average price, previous close) are not money that is summed: they stay
// plain dollars per share at the precision Schwab quotes ($0.0125), and become cents only through
// `valueCents` (quantity × price × multiplier, rounded once).

/** A whole number of US cents. Only the functions here make one, so a dollar figure cannot pass for it. */
export type Cents = number & { readonly __cents: true };

/** Dollars per share (or per contract unit) as quoted; never summed. */
export type PricePerShare = number;

export const ZERO_CENTS = 0 as Cents;

/** Rounds to a whole number, half away from zero (never -0). */
export function roundHalfAway(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const scaled = Math.abs(x);
  const whole = Math.floor(scaled);
  const frac = scaled - whole;
  let rounded: number;
  if (Math.abs(frac - 0.5) > 1e-6) {
    // Clearly on one side of a half: plain rounding, no string work (the hot path).
    rounded = frac > 0.5 ? whole + 1 : whole;
  } else {
    // Near a half, strip binary noise first so 100.5 (really 100.4999…) rounds like the decimal it was meant to be.
    const clean = Number(scaled.toPrecision(15));
    rounded = Math.floor(clean) + (clean - Math.floor(clean) >= 0.5 ? 1 : 0);
  }
  return x < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Dollars → integer cents, half away from zero: 1.005 → 101, -0.004 → 0. */
export function toCents(dollars: number): Cents {
  return roundHalfAway(dollars * 100) as Cents;
}

/** A whole number of cents computed elsewhere (a sum, a difference, a stored integer). */
export function asCents(n: number): Cents {
  return (Number.isInteger(n) ? n + 0 : roundHalfAway(n)) as Cents;
}

/** Cents → dollars, for formatting and for numbers shown to people only. */
export function centsToDollars(cents: Cents): number {
  return cents / 100;
}

export function sumCents(values: Iterable<Cents>): Cents {
  let total = 0;
  for (const v of values) total += v;
  return total as Cents;
}

/** quantity × price × multiplier in cents, rounded once (options: multiplier 100). */
export function valueCents(quantity: number, price: PricePerShare, multiplier: number): Cents {
  return toCents(quantity * price * multiplier);
}

/** A percentage rounded to two decimals by the same rule (12.345 → 12.35). */
export function roundPercent(p: number): number {
  if (!Number.isFinite(p)) return 0;
  return roundHalfAway(p * 100) / 100;
}

/** part / whole × 100, two decimals; 0 when the whole is 0 (no NaN or Infinity on screen). */
export function percentOf(part: Cents, whole: Cents): number {
  if (whole === 0) return 0;
  return roundPercent((part / whole) * 100);
}
