// The portfolio model's one reducer, pure and shared: the core runs every full snapshot and every price
// change through it, and the window applies the core's patches with it, so both hold the same figures.
//
//   snapshot → replaces the whole (a full refresh).
//   prices   → reprices the positions in those symbols; returns the patch of what changed.
//   patch    → applies a patch the core computed (the window's side of `prices`).
//
// Ignored: a price for a symbol not held, a price that is not a positive number, a price or patch older
// than the snapshot's as-of, and a price equal to the one already shown with the same greeks. Greeks are
// applied to option positions only; a greek the patch does not know (null) keeps the one already shown.
import type { AccountChange, AccountView, OptionGreeks, PortfolioPatch, PortfolioSnapshot, PositionChange, PositionView, PricePatch } from '../contract/portfolio';
import { OPTION_GREEK_KEYS } from '../contract/portfolio';
import { asCents } from '../money/cents';
import { carryHoldings, holdingsBySymbol } from './holdings';
import { repricePosition, totalsOfAccounts, withAccountFigures } from './figures';

export type PortfolioAction =
  | { type: 'snapshot'; snapshot: PortfolioSnapshot }
  | { type: 'prices'; prices: readonly PricePatch[] }
  | { type: 'patch'; patch: PortfolioPatch };

export interface Reduction {
  snapshot: PortfolioSnapshot | null;
  /** What changed, for a host to send instead of the whole; null when nothing did (or a full snapshot came). */
  patch: PortfolioPatch | null;
}

export function reducePortfolio(state: PortfolioSnapshot | null, action: PortfolioAction): Reduction {
  switch (action.type) {
    case 'snapshot':
      return { snapshot: action.snapshot, patch: null };
    case 'prices': {
      const repriced = state ? repricedByPrices(state, action.prices) : null;
      return repriced ?? { snapshot: state, patch: null };
    }
    case 'patch':
      if (!state || isOlder(action.patch.asOf, state.asOf)) return { snapshot: state, patch: null };
      return { snapshot: applyPatch(state, action.patch), patch: action.patch };
  }
}

function isOlder(at: string, than: string): boolean {
  const a = Date.parse(at);
  return Number.isNaN(a) || a < Date.parse(than);
}

/**
 * The rows and totals a set of prices changes, with the whole after them (what applying that patch gives, built
 * from the same accounts so their figures are derived once), or null when it changes nothing.
 */
function repricedByPrices(state: PortfolioSnapshot, prices: readonly PricePatch[]): { snapshot: PortfolioSnapshot; patch: PortfolioPatch } | null {
  const latest = new Map<string, PricePatch>();
  let asOf = state.asOf;
  for (const p of prices) {
    if (!(Number.isFinite(p.mark) && p.mark > 0) || isOlder(p.asOf, state.asOf)) continue;
    const seen = latest.get(p.symbol);
    if (!seen || !isOlder(p.asOf, seen.asOf)) latest.set(p.symbol, p);
    if (Date.parse(p.asOf) > Date.parse(asOf)) asOf = p.asOf;
  }
  if (latest.size === 0) return null;
  // The rows each account holds in the priced symbols, in row order.
  const holdings = holdingsBySymbol(state.accounts);
  const touched = new Map<number, number[]>();
  for (const symbol of latest.keys()) {
    for (const h of holdings.get(symbol) ?? []) {
      const rows = touched.get(h.account);
      if (rows) rows.push(h.position);
      else touched.set(h.account, [h.position]);
    }
  }
  if (touched.size === 0) return null;
  const positions: PositionChange[] = [];
  const accounts: AccountView[] = [];
  const changes: AccountChange[] = [];
  state.accounts.forEach((account, accountIndex) => {
    const rows = touched.get(accountIndex);
    const start = positions.length;
    let valueDelta = 0;
    for (const index of rows ? rows.sort((a, b) => a - b) : []) {
      const p = account.positions[index]!;
      const price = latest.get(p.symbol)!;
      const greeks = p.assetType === 'OPTION' && price.greeks ? mergedGreeks(p, price.greeks) : null;
      if (price.mark === p.mark && greeks === null) continue;
      if (p.quoteTime !== null && isOlder(price.asOf, p.quoteTime)) continue;
      const figures = repricePosition(p, price.mark);
      valueDelta += figures.marketValue - p.marketValue;
      positions.push({
        accountHash: account.hash,
        index,
        symbol: p.symbol,
        mark: price.mark,
        lastPrice: price.lastPrice ?? p.lastPrice,
        netChange: price.netChange ?? (p.previousClose !== null ? price.mark - p.previousClose : p.netChange),
        netPercentChange: price.netPercentChange ?? p.netPercentChange,
        quoteTime: price.asOf,
        ...figures,
        ...(greeks ?? {}),
      });
    }
    if (positions.length === start) {
      accounts.push(account);
      return;
    }
    const updated = withAccountFigures(
      withPositionChanges({ ...account, liquidationValue: asCents(account.liquidationValue + valueDelta) }, positions.slice(start)),
    );
    accounts.push(updated);
    changes.push(accountChangeOf(account, updated));
  });
  if (positions.length === 0) return null;
  carryHoldings(state.accounts, accounts);
  const totals = totalsOfAccounts(accounts);
  return { snapshot: { ...state, asOf, accounts, totals }, patch: { asOf, positions, accounts: changes, totals } };
}

/** The position's greeks after the patch's, or null when they would not change. */
function mergedGreeks(p: PositionView, from: OptionGreeks): OptionGreeks | null {
  let changed = false;
  const next = {} as OptionGreeks;
  for (const k of OPTION_GREEK_KEYS) {
    const shown = p[k] ?? null;
    const sent = from[k];
    next[k] = sent != null && Number.isFinite(sent) ? sent : shown;
    if (next[k] !== shown) changed = true;
  }
  return changed ? next : null;
}

function accountChangeOf(before: AccountView, after: AccountView): AccountChange {
  const weights: Array<[number, number]> = [];
  after.positions.forEach((p, i) => {
    if (p.weightPercent !== before.positions[i]!.weightPercent) weights.push([i, p.weightPercent]);
  });
  return {
    hash: after.hash,
    liquidationValue: after.liquidationValue,
    dayChange: after.dayChange,
    dayChangePercent: after.dayChangePercent,
    longValue: after.longValue,
    shortValue: after.shortValue,
    cashWeightPercent: after.cashWeightPercent,
    positionCount: after.positions.length,
    weights,
  };
}

/** The account with the core's figures of the patch: its changed rows, weights and totals, nothing derived. */
function withCoreFigures(account: AccountView, changes: readonly PositionChange[], figures: AccountChange): AccountView {
  const { hash: _hash, positionCount: _count, weights, ...totals } = figures;
  const repriced = withPositionChanges(account, changes);
  const positions = repriced.positions;
  for (const [index, weightPercent] of weights) {
    const p = positions[index];
    if (p && p.weightPercent !== weightPercent) positions[index] = { ...p, weightPercent };
  }
  return { ...repriced, ...totals };
}

function withPositionChanges(account: AccountView, changes: readonly PositionChange[]): AccountView {
  const positions = account.positions.slice();
  for (const c of changes) {
    const p = positions[c.index];
    if (!p || p.symbol !== c.symbol) continue; // a patch for another shape of the account
    const { accountHash: _hash, index: _index, symbol: _symbol, ...figures } = c;
    positions[c.index] = { ...p, ...figures };
  }
  return { ...account, positions };
}

/** The whole after a patch: changed rows replaced, their accounts' weights and totals as the core derived them. */
function applyPatch(state: PortfolioSnapshot, patch: PortfolioPatch): PortfolioSnapshot {
  const byAccount = new Map<string, PositionChange[]>();
  for (const c of patch.positions) {
    const list = byAccount.get(c.accountHash) ?? [];
    list.push(c);
    byAccount.set(c.accountHash, list);
  }
  const accountChanges = new Map(patch.accounts.map((a) => [a.hash, a]));
  const accounts = state.accounts.map((a) => {
    const changes = byAccount.get(a.hash);
    const totals = accountChanges.get(a.hash);
    if (!changes && !totals) return a;
    // The core's figures apply as sent when the window holds the rows they were derived from.
    const sameRows = totals !== undefined && totals.positionCount === a.positions.length && (changes ?? []).every((c) => a.positions[c.index]?.symbol === c.symbol);
    if (sameRows) return withCoreFigures(a, changes ?? [], totals);
    // Otherwise the figures follow from the rows this window holds: its value moves by what its rows moved.
    const repriced = withPositionChanges(a, changes ?? []);
    let valueDelta = 0;
    repriced.positions.forEach((p, i) => (valueDelta += p.marketValue - a.positions[i]!.marketValue));
    return withAccountFigures({ ...repriced, liquidationValue: asCents(a.liquidationValue + valueDelta) });
  });
  // The snapshot is as of its newest price: a streamed tick moves the as-of with it.
  const asOf = isOlder(state.asOf, patch.asOf) ? patch.asOf : state.asOf;
  return { ...state, asOf, accounts, totals: totalsOfAccounts(accounts) };
}
