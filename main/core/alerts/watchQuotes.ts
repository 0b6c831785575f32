// The symbols price and day-move alerts watch, and the latest quote of those the portfolio does not hold:
// the portfolio model ignores prices of symbols it has no position in, so streamed ticks and the REST
// refresh's quotes for them land here instead, where the alert rules read them. A quote older than the one
// kept is dropped, so a late REST answer never overwrites a newer tick.
import type { PriceBasis } from '../../../common/contract';
import { asCents, type Cents as ContractCents } from '../../../common/money/cents';
import type { Cents } from '../portfolio/money';

export interface WatchQuote {
  markCents: Cents | null;
  lastCents: Cents | null;
  /** Previous session's close: the base of the day move. */
  closeCents: Cents | null;
  /** The quote's own time (epoch ms). */
  asOfMs: number;
}

export interface WatchQuotes {
  /** The watched symbols (normalised, sorted). */
  symbols(): readonly string[];
  /** Replaces the watched set, forgetting the quotes of symbols no longer in it; listeners hear of a change. */
  watch(symbols: Iterable<string>): void;
  onSymbols(cb: () => void): () => void;
  /**
   * Keeps each quote whose symbol is watched and that is not older than the one kept (a tick, or the REST
   * refresh's batch); listeners hear once when any was kept (alerts look again).
   */
  record(quotes: Iterable<readonly [string, WatchQuote]>): void;
  onQuotes(cb: () => void): () => void;
  quote(symbol: string): WatchQuote | undefined;
}

/** The per-share price a rule compares, in the basis asked for (the other one when it is missing). */
export function watchedPrice(quote: WatchQuote | undefined, basis: PriceBasis): ContractCents | null {
  if (!quote) return null;
  const cents = basis === 'mark' ? (quote.markCents ?? quote.lastCents) : (quote.lastCents ?? quote.markCents);
  return cents === null ? null : asCents(cents);
}

/** Today's move in percent of the previous close, from the last trade as Schwab's netPercentChange is. */
export function watchedDayMove(quote: WatchQuote | undefined): number | null {
  const price = watchedPrice(quote, 'last');
  const close = quote?.closeCents ?? null;
  if (price === null || close === null || close === 0) return null;
  return ((price - close) / close) * 100;
}

export function createWatchQuotes(): WatchQuotes {
  let watched: string[] = [];
  const quotes = new Map<string, WatchQuote>();
  const symbolListeners = new Set<() => void>();
  const quoteListeners = new Set<() => void>();
  const listen = (set: Set<() => void>, cb: () => void): (() => void) => {
    set.add(cb);
    return () => set.delete(cb);
  };
  const keep = (symbol: string, quote: WatchQuote): boolean => {
    if (!watched.includes(symbol)) return false;
    const kept = quotes.get(symbol);
    if (kept && kept.asOfMs > quote.asOfMs) return false;
    quotes.set(symbol, quote);
    return true;
  };

  return {
    symbols: () => watched,
    watch(symbols) {
      const next = [...new Set(symbols)].sort();
      if (next.length === watched.length && next.every((s, i) => s === watched[i])) return;
      watched = next;
      for (const s of [...quotes.keys()]) if (!watched.includes(s)) quotes.delete(s);
      for (const cb of symbolListeners) cb();
    },
    onSymbols: (cb) => listen(symbolListeners, cb),
    record(batch) {
      let any = false;
      for (const [symbol, quote] of batch) any = keep(symbol, quote) || any;
      if (any) for (const cb of quoteListeners) cb();
    },
    onQuotes: (cb) => listen(quoteListeners, cb),
    quote: (symbol) => quotes.get(symbol),
  };
}
