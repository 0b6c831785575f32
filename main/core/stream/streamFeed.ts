// The seam between the quote stream and the portfolio model: each streamed quote whose price changed becomes
// one plain price patch handed to a PricePatchSink. A tick whose quote time is older than the last REST
// snapshot's as-of is dropped here, so the model never mixes a price the snapshot has already superseded.
import type { OptionGreeks, PriceBasis } from '../../../common/contract';
import { fromCents, type Cents } from '../portfolio/money';
import type { QuoteField, QuoteUpdate } from './quoteStream';

export interface PricePatch {
  symbol: string;
  /** The price the position is valued at under the price-basis setting (mark, or last). */
  priceCents: Cents | null;
  markCents: Cents | null;
  lastCents: Cents | null;
  /** Previous session's close: the base of day P&L. */
  closeCents: Cents | null;
  /** The quote's own time (epoch ms); the arrival time when the streamer sent none. */
  asOfMs: number;
  /** Options only: the merged quote's greeks (null: not sent yet). */
  greeks?: OptionGreeks;
}

export interface PricePatchSink {
  applyPricePatch(patch: PricePatch): void;
}

// A change in any of these makes a patch: the prices, and the option greeks the positions table shows.
const PATCH_FIELDS: ReadonlySet<QuoteField> = new Set<QuoteField>(['mark', 'last', 'close', 'delta', 'theta', 'impliedVolatility', 'daysToExpiration', 'underlyingPrice']);

function greeksOf(update: QuoteUpdate): OptionGreeks {
  return {
    delta: update.delta ?? null,
    theta: update.theta ?? null,
    iv: update.impliedVolatility ?? null,
    daysToExpiration: update.daysToExpiration ?? null,
    underlyingPrice: update.underlyingPrice === undefined ? null : fromCents(update.underlyingPrice),
  };
}

export interface StreamFeedOptions {
  sink: PricePatchSink;
  priceBasis: () => PriceBasis;
  /** The last REST snapshot's as-of (epoch ms), or null before any. */
  snapshotAsOfMs: () => number | null;
  now: () => number;
}

export interface StreamFeed {
  /** Feeds one streamed quote; true when a patch went to the sink. */
  onQuote(update: QuoteUpdate): boolean;
  /** Patches handed to the sink, and ticks dropped as older than the snapshot. */
  counts(): { applied: number; droppedAsStale: number };
  lastPatchAtMs(): number | null;
}

export function createStreamFeed(options: StreamFeedOptions): StreamFeed {
  let applied = 0;
  let droppedAsStale = 0;
  let lastPatchAt: number | null = null;

  return {
    onQuote(update) {
      if (!update.changed.some((f) => PATCH_FIELDS.has(f))) return false;
      const asOfMs = update.quoteTimeMs ?? update.tradeTimeMs ?? options.now();
      const snapshotAsOf = options.snapshotAsOfMs();
      if (snapshotAsOf !== null && asOfMs < snapshotAsOf) {
        droppedAsStale++;
        return false;
      }
      const markCents = update.mark ?? null;
      const lastCents = update.last ?? null;
      const priceCents = options.priceBasis() === 'last' ? (lastCents ?? markCents) : (markCents ?? lastCents);
      options.sink.applyPricePatch({
        symbol: update.symbol,
        priceCents,
        markCents,
        lastCents,
        closeCents: update.close ?? null,
        asOfMs,
        ...(update.kind === 'option' ? { greeks: greeksOf(update) } : {}),
      });
      applied++;
      lastPatchAt = options.now();
      return true;
    },
    counts: () => ({ applied, droppedAsStale }),
    lastPatchAtMs: () => lastPatchAt,
  };
}

/** Until the model store lands: a sink that only counts what it was given (and keeps the last per symbol). */
export interface CountingSink extends PricePatchSink {
  count(): number;
  last(symbol: string): PricePatch | undefined;
}

export function createCountingSink(): CountingSink {
  let count = 0;
  const latest = new Map<string, PricePatch>();
  return {
    applyPricePatch(patch) {
      count++;
      latest.set(patch.symbol, patch);
    },
    count: () => count,
    last: (symbol) => latest.get(symbol),
  };
}
