// Resolves with the first value a subscription delivers that passes `pred`, then unsubscribes: tests wait on
// events instead of sleeping.
export function next<T>(subscribe: (cb: (v: T) => void) => () => void, pred: (v: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((v) => {
      if (pred(v)) {
        off();
        resolve(v);
      }
    });
  });
}
