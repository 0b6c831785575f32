// The tick → price-patch seam: price changes only, the price-basis setting, and ticks older than the last
// REST snapshot dropped.
import { describe, expect, it } from 'vitest';
import type { PriceBasis } from '../../../common/contract';
import type { QuoteUpdate } from '../../../main/core/stream/quoteStream';
import { createCountingSink, createStreamFeed } from '../../../main/core/stream/streamFeed';

const quote = (patch: Partial<QuoteUpdate>): QuoteUpdate => ({
  symbol: 'AAPL',
  kind: 'equity',
  mark: 19_012,
  last: 19_010,
  close: 18_800,
  quoteTimeMs: 2_000,
  changed: ['mark'],
  ...patch,
});

function feed(snapshotAsOf: number | null, basis: PriceBasis = 'mark') {
  const sink = createCountingSink();
  let b = basis;
  const f = createStreamFeed({ sink, priceBasis: () => b, snapshotAsOfMs: () => snapshotAsOf, now: () => 5_000 });
  return { sink, f, setBasis: (next: PriceBasis) => (b = next) };
}

describe('stream feed', () => {
  it('turns a price change into a patch valued at the mark, or the last under priceBasis "last"', () => {
    const { sink, f, setBasis } = feed(1_000);
    expect(f.onQuote(quote({}))).toBe(true);
    expect(sink.last('AAPL')).toEqual({ symbol: 'AAPL', priceCents: 19_012, markCents: 19_012, lastCents: 19_010, closeCents: 18_800, asOfMs: 2_000 });
    setBasis('last');
    f.onQuote(quote({ changed: ['last'] }));
    expect(sink.last('AAPL')?.priceCents).toBe(19_010);
    expect(sink.count()).toBe(2);
  });

  it('ignores frames that change no price, and drops ticks older than the last REST snapshot', () => {
    const { sink, f } = feed(3_000);
    expect(f.onQuote(quote({ changed: ['volume'], quoteTimeMs: 4_000 }))).toBe(false);
    expect(f.onQuote(quote({ quoteTimeMs: 2_999 }))).toBe(false);
    expect(f.onQuote(quote({ quoteTimeMs: 3_000 }))).toBe(true);
    expect(f.counts()).toEqual({ applied: 1, droppedAsStale: 1 });
    expect(sink.count()).toBe(1);
  });
});
