// The patch feed reprices the data once and derives what was published from it: the same figures as
// applying the patch to the published copy separately, batch after batch.
import { describe, expect, it } from 'vitest';
import type { PortfolioSnapshot, PricePatch } from '../../../common/contract';
import { reducePortfolio } from '../../../common/portfolio/reducer';
import { silentLogger } from '../../../main/core/log/logger';
import { createPatchFeed, type PricedState } from '../../../main/core/portfolio/model/patchFeed';
import { buildSnapshot, SAMPLE_AS_OF } from '../../../renderer/src/testing/sampleSnapshot';

const at = (s: number): string => new Date(Date.parse(SAMPLE_AS_OF) + s * 1000).toISOString();

/** A moving market: every symbol held, each batch a few percent up or down from the last mark. */
function batches(snapshot: PortfolioSnapshot, count: number): PricePatch[][] {
  const marks = new Map(snapshot.accounts.flatMap((a) => a.positions.map((p) => [p.symbol, p.mark] as const)));
  const symbols = [...marks.keys()];
  return Array.from({ length: count }, (_, i) =>
    symbols
      .filter((_, k) => (k + i) % 3 === 0)
      .map((symbol, k) => {
        const mark = Math.round(marks.get(symbol)! * (1 + (((i * 7 + k * 3) % 11) - 5) / 100) * 100) / 100;
        marks.set(symbol, mark);
        return { symbol, mark, asOf: at(i + 1) };
      }),
  );
}

describe('patch feed', () => {
  const feed = createPatchFeed(silentLogger);

  it('one pass over the data gives the published copy the two-pass reducer gave', () => {
    const data = buildSnapshot({ freshness: 'fresh' });
    let state: PricedState = { data, composed: { ...data, freshness: 'streaming', freshnessReason: 'live' } };
    let patched = 0;
    for (const prices of batches(data, 30)) {
      const next = feed.apply(state, prices);
      if (next === null) continue;
      patched++;
      const twoPass = reducePortfolio(state.composed, { type: 'patch', patch: next.patch }).snapshot;
      expect(next.composed).toEqual(twoPass);
      expect(next.composed).toEqual({ ...next.data, freshness: 'streaming', freshnessReason: 'live' });
      state = next;
    }
    expect(patched).toBeGreaterThan(20);
  });

  it('a refresh not yet published: the patch goes onto what the window holds, not onto the new data', () => {
    const published = buildSnapshot();
    const [first, second] = batches(published, 2);
    const refreshed = reducePortfolio(published, { type: 'prices', prices: second! }).snapshot!;
    const prices = first!.map((p) => ({ ...p, asOf: at(3) }));
    const next = feed.apply({ data: refreshed, composed: published }, prices)!;
    expect(next.composed).toEqual(reducePortfolio(published, { type: 'patch', patch: next.patch }).snapshot);
    expect(next.composed.asOf).toBe(at(3));
    expect(next.composed.accounts).not.toEqual(next.data.accounts);
    expect(next.data).toEqual(reducePortfolio(refreshed, { type: 'prices', prices }).snapshot);
  });
});
