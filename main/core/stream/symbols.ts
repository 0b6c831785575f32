// Which LEVELONE service a symbol belongs to: the 21-character OCC symbols positions carry are options,
// everything else streams as an equity (stocks and ETFs; funds have no level-one stream and are left out
// by the caller).
import { parseOccSymbol } from '../../../common/format/optionSymbol';
import type { QuoteKind } from './quoteStream';

export function kindOf(symbol: string): QuoteKind {
  return symbol.length === 21 && parseOccSymbol(symbol) !== null ? 'option' : 'equity';
}

export function splitSymbols(symbols: Iterable<string>): Record<QuoteKind, Set<string>> {
  const out: Record<QuoteKind, Set<string>> = { equity: new Set(), option: new Set() };
  for (const raw of symbols) {
    const symbol = raw.length === 21 ? raw : raw.trim().toUpperCase();
    if (symbol !== '') out[kindOf(symbol)].add(symbol);
  }
  return out;
}
