// The stream's ticks into the model, on the fake clock: at most one batch per frame however fast they come,
// the newest price of a symbol within it, and a tick after a quiet frame sent at once instead of a frame later.
import { describe, expect, it } from 'vitest';
import type { PricePatch as ModelPricePatch } from '../../../common/contract';
import { asCents } from '../../../common/money/cents';
import { createModelSink, FRAME_MS } from '../../../main/core/stream/modelSink';
import { FakeClock } from '../../support/fakeClock';

function setup() {
  const clock = new FakeClock();
  const batches: Array<{ at: number; prices: readonly ModelPricePatch[] }> = [];
  const sink = createModelSink({ applyPricePatch: (prices) => (batches.push({ at: clock.now(), prices }), null) }, clock);
  const tick = (symbol: string, cents: number): void =>
    sink.applyPricePatch({ symbol, priceCents: asCents(cents), markCents: asCents(cents), lastCents: null, closeCents: asCents(10_000), asOfMs: clock.now() });
  return { clock, batches, tick };
}

describe('model sink', () => {
  it('sends a tick after a quiet frame at once, and batches the ticks that follow within the frame', () => {
    const { clock, batches, tick } = setup();
    tick('AAPL', 10_100);
    clock.advance(0);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.at).toBe(clock.now());
    expect(batches[0]!.prices.map((p) => [p.symbol, p.mark])).toEqual([['AAPL', 101]]);

    // Within the frame after it: held back until the frame is over, then one batch, newest price per symbol.
    const start = clock.now();
    clock.advance(5);
    tick('AAPL', 10_200);
    tick('MSFT', 40_000);
    clock.advance(5);
    tick('AAPL', 10_300);
    clock.advance(FRAME_MS - 11);
    expect(batches).toHaveLength(1);
    clock.advance(1);
    expect(batches).toHaveLength(2);
    expect(batches[1]!.at - start).toBe(FRAME_MS);
    expect(batches[1]!.prices.map((p) => [p.symbol, p.mark])).toEqual([
      ['AAPL', 103],
      ['MSFT', 400],
    ]);
    expect(batches[1]!.prices[0]!.netChange).toBe(3);
  });

  it('at 200 ticks a second sends one batch per frame, never two within one', () => {
    const { clock, batches, tick } = setup();
    for (let i = 0; i < 1_000; i++) {
      tick(`S${i % 60}`, 10_000 + i);
      clock.advance(5);
    }
    clock.advance(FRAME_MS);
    const gaps = batches.slice(1).map((b, i) => b.at - batches[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(FRAME_MS);
    expect(batches.length).toBeGreaterThan((1_000 * 5) / (FRAME_MS + 5));
    expect(batches.reduce((n, b) => n + b.prices.length, 0)).toBeLessThanOrEqual(1_000);
  });
});
