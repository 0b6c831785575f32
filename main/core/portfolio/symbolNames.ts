// Schwab's positions name ETFs and funds but not stocks ("AAPL" arrives with no description). A trader
// expects "APPLE INC" beside the ticker, so names come from a quote's reference block: asked for the first
// time a symbol is seen, never again on an ordinary refresh. When the refresh's price quotes run, the names
// ride along in that same request (fields=quote,reference); a failed lookup never fails the poll.
import type { PortfolioSnapshot } from '../../../common/contract';
import type { Clock, Logger } from '../ports';
import type { AccountsClient } from '../schwab/accountsClient';
import type { QuotesResponse } from '../schwab/schemas';
import type { SymbolNameStore } from '../store/symbolNameStore';

/** Schwab answers at most this many symbols per quote request. */
const MAX_SYMBOLS_PER_LOOKUP = 500;
/** A symbol Schwab had no name for is asked about again after a week. */
const RETRY_UNNAMED_MS = 7 * 86_400_000;
/** After a failed lookup (network, 5xx, rate limit) wait this long before trying again. */
const RETRY_FAILED_MS = 15 * 60_000;
/** The numbers must not wait on names: a slow or retrying lookup is abandoned after this long. */
const LOOKUP_BUDGET_MS = 3_000;

export interface SymbolNames {
  /** The snapshot with stored names filled in where Schwab sent none (the same object when nothing changes). */
  apply(snapshot: PortfolioSnapshot): PortfolioSnapshot;
  /** Looks up the names still missing, in one quotes request; resolves true when new names were stored. */
  lookupMissing(snapshot: PortfolioSnapshot, signal?: AbortSignal): Promise<boolean>;
  /** The symbols whose names should be asked for now (at most 500; empty while waiting after a failure). */
  missing(snapshot: PortfolioSnapshot): string[];
  /** Stores what a quotes response that asked for `reference` says about `symbols`; true when a name was new. */
  record(symbols: readonly string[], data: QuotesResponse): boolean;
  /** A quotes request carrying names failed: wait before asking again. */
  failed(error: unknown, symbols: number): void;
}

export function createSymbolNames(options: { client: AccountsClient; store: SymbolNameStore; clock: Clock; logger: Logger }): SymbolNames {
  const { client, store, clock, logger } = options;
  let failedAt: number | null = null;

  const needsName = (p: PortfolioSnapshot['accounts'][number]['positions'][number]): boolean =>
    p.description === '' && p.assetType !== 'OPTION';

  const names: SymbolNames = {
    apply(snapshot) {
      let changed = false;
      const accounts = snapshot.accounts.map((a) => {
        let accountChanged = false;
        const positions = a.positions.map((p) => {
          const name = needsName(p) ? store.get(p.symbol)?.description : undefined;
          if (!name) return p;
          accountChanged = true;
          return { ...p, description: name };
        });
        if (!accountChanged) return a;
        changed = true;
        return { ...a, positions };
      });
      return changed ? { ...snapshot, accounts } : snapshot;
    },

    missing(snapshot) {
      const now = clock.now();
      if (failedAt !== null && now - failedAt < RETRY_FAILED_MS) return [];
      const missing = new Set<string>();
      for (const a of snapshot.accounts) {
        for (const p of a.positions) {
          if (!needsName(p)) continue;
          const known = store.get(p.symbol);
          if (!known || (known.description === '' && now - known.lookedUpAt >= RETRY_UNNAMED_MS)) missing.add(p.symbol);
        }
      }
      return [...missing].slice(0, MAX_SYMBOLS_PER_LOOKUP);
    },

    record(symbols, data) {
      const found = symbols.map((symbol) => {
        const entry = data[symbol];
        const description = entry && 'reference' in entry ? (entry.reference?.description ?? '').trim() : '';
        return { symbol, description };
      });
      store.save(found, clock.now());
      failedAt = null;
      return found.some((f) => f.description !== '');
    },

    failed(error, symbols) {
      failedAt = clock.now();
      logger.warn('symbol name lookup failed; positions keep their tickers', { error, symbols });
    },

    async lookupMissing(snapshot, signal) {
      const symbols = names.missing(snapshot);
      if (symbols.length === 0) return false;
      try {
        const budget = AbortSignal.timeout(LOOKUP_BUDGET_MS);
        const { data } = await client.getQuotes(symbols, signal ? AbortSignal.any([signal, budget]) : budget, 'reference');
        return names.record(symbols, data);
      } catch (e) {
        names.failed(e, symbols.length);
        return false;
      }
    },
  };
  return names;
}
