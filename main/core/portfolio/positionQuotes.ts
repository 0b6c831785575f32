// Mark, last and today's change per position: Schwab's positions carry none of them, so each refresh asks
// for the quotes of the symbols held — one request (up to 500 symbols; Schwab's limit), through the same
// client and rate limiter as every other call. Stock names still missing ride along in the same request, and
// so do the symbols alerts watch that are not held: their quotes go to the watched quotes, not the positions
// (when the stream is down that is how those alerts see prices at all).
// The prices are a garnish on Schwab's own balances: a failed, slow or partial quotes answer never fails the
// refresh; the positions it did not cover simply show no mark (quoteTime null).
import type { OptionGreeks, PortfolioSnapshot, PositionView } from '../../../common/contract';
import { normalizeSymbol } from '../alerts/rules';
import type { WatchQuote, WatchQuotes } from '../alerts/watchQuotes';
import type { Clock, Logger } from '../ports';
import type { AccountsClient } from '../schwab/accountsClient';
import { quoteEntries, type QuoteBlock, type QuoteEntry, type QuotesResponse } from '../schwab/schemas';
import { toCents, type Cents } from './money';
import type { SymbolNames } from './symbolNames';

/** Schwab answers at most this many symbols per quote request. */
export const MAX_QUOTE_SYMBOLS = 500;
/** The balances must not wait on prices: a slow or retrying quotes request is abandoned after this long. */
const QUOTES_BUDGET_MS = 3_000;

export interface PositionQuotes {
  /** The snapshot with prices (and any new names) filled in; never throws, never fails the refresh. */
  apply(snapshot: PortfolioSnapshot, signal: AbortSignal): Promise<PortfolioSnapshot>;
}

interface Prices extends Partial<OptionGreeks> {
  mark: number | null;
  lastPrice: number | null;
  previousClose: number | null;
  netChange: number | null;
  netPercentChange: number | null;
  quoteTime: string | null;
}

const finite = (n: number | undefined): number | null => (n !== undefined && Number.isFinite(n) ? n : null);

/**
 * An option quote's greeks and underlying price: the same figures the stream sends, so the table's greeks
 * and the in-the-money alert work while the stream is down. A figure the quote lacks stays unknown (the
 * last streamed value is kept), never 0.
 */
function optionGreeksOf(q: QuoteBlock): Partial<OptionGreeks> {
  const greeks: Partial<OptionGreeks> = {};
  const delta = finite(q.delta);
  const theta = finite(q.theta);
  const iv = finite(q.volatility);
  const underlying = finite(q.underlyingPrice);
  if (delta !== null) greeks.delta = delta;
  if (theta !== null) greeks.theta = theta;
  if (iv !== null) greeks.iv = iv;
  if (underlying !== null && underlying > 0) greeks.underlyingPrice = underlying;
  return greeks;
}

/** Funds have no last trade or mark: their price is the NAV. */
function pricesOf(entry: QuoteEntry, fetchedAt: number): Prices | null {
  const q = entry.quote;
  if (!q) return null;
  const last = finite(q.lastPrice) ?? finite(q.nAV);
  const mark = finite(q.mark) ?? last;
  if (last === null && mark === null) return null;
  const at = finite(q.quoteTime) ?? finite(q.tradeTime);
  return {
    ...(entry.assetMainType === 'OPTION' ? optionGreeksOf(q) : {}),
    mark,
    lastPrice: last,
    previousClose: finite(q.closePrice) ?? (last !== null && finite(q.netChange) !== null ? last - q.netChange! : null),
    netChange: finite(q.netChange),
    netPercentChange: finite(q.netPercentChange),
    quoteTime: new Date(at !== null && at > 0 ? at : fetchedAt).toISOString(),
  };
}

/** Symbols held, in first-seen order, without duplicates. */
export function heldSymbols(snapshot: PortfolioSnapshot): string[] {
  const seen = new Set<string>();
  for (const a of snapshot.accounts) for (const p of a.positions) seen.add(p.symbol);
  return [...seen];
}

function watchQuoteOf(prices: Prices): WatchQuote {
  const cents = (dollars: number | null): Cents | null => (dollars === null ? null : toCents(dollars));
  return { markCents: cents(prices.mark), lastCents: cents(prices.lastPrice), closeCents: cents(prices.previousClose), asOfMs: Date.parse(prices.quoteTime!) };
}

function withPrices(snapshot: PortfolioSnapshot, bySymbol: ReadonlyMap<string, Prices>): PortfolioSnapshot {
  if (bySymbol.size === 0) return snapshot;
  return {
    ...snapshot,
    accounts: snapshot.accounts.map((a) => ({
      ...a,
      positions: a.positions.map((p): PositionView => {
        const prices = bySymbol.get(p.symbol);
        return prices ? { ...p, ...prices } : p;
      }),
    })),
  };
}

export function createPositionQuotes(options: {
  client: AccountsClient;
  clock: Clock;
  logger: Logger;
  /** When present, names still missing are asked for in the same request. */
  symbolNames?: SymbolNames;
  /** When present, its symbols not held are asked for in the same request, and their quotes recorded there. */
  watch?: Pick<WatchQuotes, 'symbols' | 'record'>;
}): PositionQuotes {
  const { client, clock, logger, symbolNames, watch } = options;
  let failing = false;

  return {
    async apply(snapshot, signal) {
      const held = heldSymbols(snapshot);
      const names = symbolNames?.missing(snapshot) ?? [];
      const heldSet = new Set(held);
      const watched = new Set(watch?.symbols().filter((s) => !heldSet.has(s)));
      if (held.length === 0 && watched.size === 0) return snapshot;
      const symbols = [...held, ...watched].slice(0, MAX_QUOTE_SYMBOLS);
      const namesAsked = names.filter((s) => symbols.includes(s));
      let data: QuotesResponse;
      try {
        const budget = AbortSignal.timeout(QUOTES_BUDGET_MS);
        const res = await client.getQuotes(symbols, AbortSignal.any([signal, budget]), namesAsked.length > 0 ? ['quote', 'reference'] : 'quote');
        data = res.data;
      } catch (e) {
        if (signal.aborted) throw e; // the poll itself was cancelled
        if (!failing) logger.warn('quotes request failed; positions show no mark this refresh', { error: e, symbols: symbols.length });
        failing = true;
        if (namesAsked.length > 0) symbolNames?.failed(e, namesAsked.length);
        return snapshot;
      }
      if (failing) logger.info('quotes available again');
      failing = false;
      if (namesAsked.length > 0) symbolNames?.record(namesAsked, data);
      const fetchedAt = clock.now();
      const bySymbol = new Map<string, Prices>();
      const watchedQuotes: Array<[string, WatchQuote]> = [];
      for (const [symbol, entry] of quoteEntries(data)) {
        const prices = pricesOf(entry, fetchedAt);
        if (!prices) continue;
        const key = normalizeSymbol(symbol);
        if (watched.has(key)) watchedQuotes.push([key, watchQuoteOf(prices)]);
        else bySymbol.set(symbol, prices);
      }
      watch?.record(watchedQuotes);
      return withPrices(snapshot, bySymbol);
    },
  };
}
