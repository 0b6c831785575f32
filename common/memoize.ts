// A one-argument function's results kept by argument, for pure functions called with the same few values
// over and over (a portfolio's symbols on every tick). Past `kept` distinct arguments the cache starts over,
// so it never grows with what it is fed.
export function memoize<A, R>(fn: (arg: A) => R, kept = 10_000): (arg: A) => R {
  const results = new Map<A, R>();
  return (arg) => {
    if (results.has(arg)) return results.get(arg) as R;
    const result = fn(arg);
    if (results.size >= kept) results.clear();
    results.set(arg, result);
    return result;
  };
}
