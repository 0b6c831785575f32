// Which held symbols have a level-one stream: stocks, exchange-traded funds and options. Mutual funds and
// money-market funds (and cash, bonds) have none; their values come from the REST refresh only.
import type { PortfolioSnapshot } from '../../../common/contract';

const STREAMABLE_ASSET_TYPES: ReadonlySet<string> = new Set(['EQUITY', 'COLLECTIVE_INVESTMENT', 'OPTION']);

export function streamableSymbols(snapshot: PortfolioSnapshot): string[] {
  const out = new Set<string>();
  for (const account of snapshot.accounts) {
    for (const p of account.positions) if (STREAMABLE_ASSET_TYPES.has(p.assetType) && p.symbol !== '') out.add(p.symbol);
  }
  return [...out].sort();
}
