// Streamed prices into the portfolio model: ticks that arrive within one frame (~16 ms) are applied together
// through the model's reducer, so the hosts get at most one portfolioPatch per frame however fast the
// stream runs. A tick after a quiet frame goes out at once (after the frames read with it), not a frame later.
// The price the model values positions at is the stream feed's priceCents (mark, or last).
import type { PricePatch as ModelPricePatch, PortfolioPatch } from '../../../common/contract';
import type { Clock } from '../ports';
import type { PricePatch as StreamPricePatch, PricePatchSink } from './streamFeed';

export const FRAME_MS = 16;

export interface ModelSinkTarget {
  applyPricePatch(prices: readonly ModelPricePatch[]): PortfolioPatch | null;
}

export interface ModelSink extends PricePatchSink {
  /** Applies what is waiting now (on stop, and for tests). */
  flush(): void;
  /** Batches applied and ticks taken, for diagnostics and the bench. */
  counts(): { batches: number; ticks: number };
}

function toModelPatch(p: StreamPricePatch): ModelPricePatch | null {
  if (p.priceCents === null) return null;
  return {
    symbol: p.symbol,
    mark: p.priceCents / 100,
    lastPrice: p.lastCents === null ? null : p.lastCents / 100,
    ...(p.closeCents !== null ? { netChange: (p.priceCents - p.closeCents) / 100 } : {}),
    asOf: new Date(p.asOfMs).toISOString(),
    ...(p.greeks ? { greeks: p.greeks } : {}),
  };
}

export function createModelSink(target: ModelSinkTarget, clock: Clock): ModelSink {
  // The newest price per symbol within the frame: an older tick of the same symbol adds nothing.
  let waiting = new Map<string, ModelPricePatch>();
  let timer: unknown = null;
  let lastFlushAt = -Infinity;
  let batches = 0;
  let ticks = 0;

  function flush(): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (waiting.size === 0) return;
    const prices = [...waiting.values()];
    waiting = new Map();
    lastFlushAt = clock.now();
    batches++;
    target.applyPricePatch(prices);
  }

  return {
    applyPricePatch(patch) {
      const price = toModelPatch(patch);
      if (price === null) return;
      ticks++;
      waiting.set(price.symbol, price);
      if (timer === null) timer = clock.setTimeout(flush, Math.max(0, lastFlushAt + FRAME_MS - clock.now()));
    },
    flush,
    counts: () => ({ batches, ticks }),
  };
}
