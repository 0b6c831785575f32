// Shares of a whole, in hundredths of a percent, that add up exactly: the rows of a positions table (cash
// included) must show weights summing to 100.00 % when their values add up to the account value. Each share
// is floored and the leftover hundredths go to the largest remainders (Hamilton's method; ties to the
// earlier row), so no share moves by more than 0.01 % from its exact value.

/**
 * `parts` and `whole` in integer cents. Returns each part / whole × 100 rounded to 2 decimals so that the
 * results sum to exactly round(Σ parts / whole × 100, 2). All zeros when the whole is not positive.
 */
export function apportionPercents(parts: readonly number[], whole: number): number[] {
  const n = parts.length;
  const out = new Array<number>(n).fill(0);
  if (!(whole > 0) || n === 0) return out;
  let sum = 0;
  for (const p of parts) sum += p;
  // Target total in hundredths of a percent (basis points); ties at .5 round away from zero.
  const target = Math.sign(sum) * Math.round(Math.abs(sum * 10_000) / whole);
  const floors = new Float64Array(n);
  const remainders = new Float64Array(n);
  let floored = 0;
  for (let i = 0; i < n; i++) {
    const exact = (parts[i]! * 10_000) / whole;
    const f = Math.floor(exact);
    floors[i] = f;
    remainders[i] = exact - f;
    floored += f;
  }
  const leftover = target - floored;
  if (leftover !== 0) {
    const step = leftover > 0 ? 1 : -1;
    // Every row takes whole rounds of the leftover alike; the rest goes to the |rest| rows with the largest
    // remainders (smallest when taking away).
    const rounds = Math.trunc(Math.abs(leftover) / n);
    const rest = Math.abs(leftover) - rounds * n;
    if (rounds > 0) for (let i = 0; i < n; i++) floors[i]! += step * rounds;
    if (rest > 0) {
      // Rank by remainder: negated when taking away, so "largest key" always wins.
      const keys = step > 0 ? remainders : remainders.map((r) => -r);
      const threshold = kthSmallest(keys.slice(), n - rest);
      let given = 0;
      for (let i = 0; i < n; i++) {
        if (keys[i]! > threshold) {
          floors[i]! += step;
          given++;
        }
      }
      for (let i = 0; i < n && given < rest; i++) {
        if (keys[i] === threshold) {
          floors[i]! += step;
          given++;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) out[i] = floors[i]! / 100;
  return out;
}

/** The k-th smallest value (0-based) of `values`, which it reorders: Hoare's selection, O(n) on average. */
function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}
