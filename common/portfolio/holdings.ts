// Where each symbol is held in a portfolio's accounts, so a price touches only the rows it moves instead of
// every row of every account. Repricing keeps each account's rows in place (the same symbols at the same
// indices), so the index of the accounts before a price is the index of the accounts after it.
import type { AccountView } from '../contract/portfolio';

export interface Holding {
  account: number;
  position: number;
}

const indexes = new WeakMap<readonly AccountView[], ReadonlyMap<string, readonly Holding[]>>();

/** The rows holding each symbol, built once per accounts array (snapshots are never mutated once published). */
export function holdingsBySymbol(accounts: readonly AccountView[]): ReadonlyMap<string, readonly Holding[]> {
  let index = indexes.get(accounts);
  if (index) return index;
  const built = new Map<string, Holding[]>();
  accounts.forEach((a, account) =>
    a.positions.forEach((p, position) => {
      const list = built.get(p.symbol);
      if (list) list.push({ account, position });
      else built.set(p.symbol, [{ account, position }]);
    }),
  );
  index = built;
  indexes.set(accounts, index);
  return index;
}

/** Hands the index of `from` to `to`, an accounts array with the same rows in the same places. */
export function carryHoldings(from: readonly AccountView[], to: readonly AccountView[]): void {
  const index = indexes.get(from);
  if (index) indexes.set(to, index);
}
