// Money as integer cents. Schwab sends doubles with float noise (-273.900000000001); every sum in
// Arbion happens on cents so totals equal the sum of the parts a trader sees, to the cent.

export type Cents = number;

/**
 * Dollars → integer cents, half away from zero. `toPrecision(15)` first strips binary noise, so
 * 1.005 (really 1.00499999…) rounds like the decimal it was meant to be.
 */
export function toCents(dollars: number): Cents {
  if (!Number.isFinite(dollars)) return 0;
  const scaled = Math.abs(dollars * 100);
  const whole = Math.floor(scaled);
  const frac = scaled - whole;
  let rounded: number;
  if (Math.abs(frac - 0.5) > 1e-6) {
    // Clearly on one side of a half cent: plain rounding, no string work (the hot path).
    rounded = frac > 0.5 ? whole + 1 : whole;
  } else {
    // Near a half cent, strip binary noise first so 1.005 rounds like the decimal it was meant to be.
    const clean = Number(scaled.toPrecision(15));
    rounded = Math.floor(clean) + (clean - Math.floor(clean) >= 0.5 ? 1 : 0);
  }
  return dollars < 0 && rounded !== 0 ? -rounded : rounded; // no -0
}

/** Cents → dollars as the nearest double (what the contract emits). */
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

export function roundPercent(p: number): number {
  if (!Number.isFinite(p)) return 0;
  return toCents(p) / 100; // same half-away-from-zero rounding, two decimals
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** "$128,410.07" / "-$3.50". */
export function formatUsd(dollars: number): string {
  return usd.format(roundMoney(dollars));
}
