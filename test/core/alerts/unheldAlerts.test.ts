// Alerts on symbols the portfolio does not hold, in a real core against the sandbox over loopback HTTP and
// its Streamer, on one FakeClock: the rule's symbol is subscribed beside the held ones, its ticks (or, with
// the stream down, the REST refresh's one quotes request) price it, the alert fires once per crossing with
// hysteresis, and the portfolio's own figures never see it.
import { afterEach, describe, expect, it } from 'vitest';
import type { PortfolioPatch, PortfolioSnapshot, Settings } from '../../../common/contract';
import type { Sandbox } from '../../../main/sandbox/index';
import { EQUITIES } from '../../../main/sandbox/instruments';
import { expectSnapshotReconciles } from '../../support/reconcile';
import { heldStreamable, streaming, streamingCore as startStreamingCore, subscribed, type StreamedSymbols, type StreamingWorld } from '../../support/streamingCore';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const QUOTES_ROUTE = 'GET /marketdata/v1/quotes';
/** Alerts look at ticks at most once a second: past this, the last tick has been looked at. */
const ALERT_LOOK_MS = 1_001;

interface World extends StreamingWorld {
  patches: PortfolioPatch[];
}

/** A core streaming every held symbol into its portfolio model, with the portfolio patches it sent. */
async function streamingCore(settings: Partial<Settings> = {}): Promise<World> {
  const w: World = { ...(await startStreamingCore((undo) => cleanups.push(undo), settings, 'model')), patches: [] };
  w.core.events.on('portfolioPatch', (p) => w.patches.push(p));
  const held = heldStreamable(w.sandbox);
  await w.until(() => streaming(w) && sameSymbols(keys(w.sandbox), held));
  return w;
}

const keys = (sandbox: Sandbox): StreamedSymbols => subscribed(sandbox) ?? { equities: [], options: [] };
const sameSymbols = (a: StreamedSymbols, b: StreamedSymbols): boolean => a.equities.join() === b.equities.join() && a.options.join() === b.options.join();

/** A listed stock no demo account holds, with its price now. */
function unheldStock(sandbox: Sandbox): { symbol: string; cents: number } {
  const held = new Set(sandbox.heldSymbols());
  const symbol = EQUITIES.map((e) => e.symbol).find((s) => !held.has(s) && sandbox.truth().prices[s] !== undefined);
  if (!symbol) throw new Error('the sandbox holds every listed stock');
  return { symbol, cents: sandbox.truth().prices[symbol]!.lastCents };
}

const fired = async (w: World): Promise<number> => (await w.core.handlers.getAlertFeed()).recent.length;

/**
 * Walks `symbol` across an above-`levelCents` rule: over, just under (inside the band), over again, under by
 * twice the band (re-armed), over once more. `deliver` brings each price to the core; returns the fired
 * count after each step.
 */
async function walkAcross(w: World, symbol: string, levelCents: number, deliver: (cents: number) => Promise<void>): Promise<number[]> {
  const band = Math.round(levelCents * 0.0025);
  const counts: number[] = [];
  for (const cents of [levelCents + 100, levelCents - 1, levelCents + 100, levelCents - 2 * band, levelCents + 200]) {
    w.sandbox.setPrice(symbol, cents);
    await deliver(cents);
    expect(w.core.inProcess.watchQuote(symbol)?.lastCents).toBe(cents);
    counts.push(await fired(w));
  }
  return counts;
}

const totalsOf = (s: PortfolioSnapshot | null): PortfolioSnapshot['totals'] | undefined => s?.totals;

describe('alerts on symbols not held', () => {
  it('subscribe the symbol, fire from its ticks once per crossing, and unsubscribe it when removed; the portfolio never sees it', async () => {
    const w = await streamingCore();
    const held = keys(w.sandbox);
    const before = (await w.core.handlers.refreshNow())!;
    const stock = unheldStock(w.sandbox);
    const levelCents = stock.cents + 500;
    const rule = await w.core.handlers.addAlert({ kind: 'price', symbol: stock.symbol, direction: 'above', level: levelCents / 100 });

    await w.until(() => keys(w.sandbox).equities.includes(stock.symbol), 16);
    expect(keys(w.sandbox)).toEqual({ equities: [...held.equities, stock.symbol].sort(), options: held.options });
    expect(w.sandbox.streamerLogins()).toBe(1);

    const quotesBefore = w.sandbox.counters()[QUOTES_ROUTE] ?? 0;
    const counts = await walkAcross(w, stock.symbol, levelCents, async (cents) => {
      await w.until(() => w.core.inProcess.watchQuote(stock.symbol)?.lastCents === cents, 16);
      w.clock.advance(ALERT_LOOK_MS);
    });
    expect(counts).toEqual([1, 1, 1, 1, 2]);
    // The prices came by the stream alone; the second hit is logged, not notified (5-minute limit).
    expect(w.sandbox.counters()[QUOTES_ROUTE] ?? 0).toBe(quotesBefore);
    expect(w.notified).toEqual([`${stock.symbol} above $${(levelCents / 100).toFixed(2)}`]);

    // The model took no tick of it: no patch, no position, the same totals.
    expect(w.patches.flatMap((p) => p.positions.map((x) => x.symbol))).not.toContain(stock.symbol);
    const after = (await w.core.handlers.getSnapshot())!;
    expect(after.accounts.flatMap((a) => a.positions.map((p) => p.symbol))).not.toContain(stock.symbol);
    expect(totalsOf(after)).toEqual(totalsOf(before));
    expectSnapshotReconciles(after);

    await w.core.handlers.removeAlert(rule.id);
    await w.until(() => !keys(w.sandbox).equities.includes(stock.symbol), 16);
    expect(keys(w.sandbox)).toEqual(held);
    expect(w.core.inProcess.watchQuote(stock.symbol)).toBeNull();
  });

  it('with the stream down, the REST refresh prices the symbol in its one quotes request and the alert still fires', async () => {
    // A long polling interval: no poll of its own lands between the refreshes counted here.
    const w = await streamingCore({ refreshIntervalSec: 300 });
    w.sandbox.faults.stream.sendCode(12);
    await w.until(() => w.states.at(-1)?.state === 'taken-over', 100);
    const before = (await w.core.handlers.refreshNow())!;
    const stock = unheldStock(w.sandbox);
    const levelCents = stock.cents + 500;
    w.sandbox.resetCounters();
    await w.core.handlers.addAlert({ kind: 'price', symbol: stock.symbol, direction: 'above', level: levelCents / 100 });
    // The rule's symbol was checked with one quotes request.
    expect(w.sandbox.counters()[QUOTES_ROUTE]).toBe(1);

    const counts = await walkAcross(w, stock.symbol, levelCents, async () => {
      const quotesBefore = w.sandbox.counters()[QUOTES_ROUTE] ?? 0;
      const snapshot = (await w.core.handlers.refreshNow())!;
      // One quotes request per refresh: the held symbols' request carried the alert's symbol too.
      expect(w.sandbox.counters()[QUOTES_ROUTE]).toBe(quotesBefore + 1);
      w.clock.advance(ALERT_LOOK_MS);
      expect(snapshot.accounts.flatMap((a) => a.positions.map((p) => p.symbol))).not.toContain(stock.symbol);
      expect(totalsOf(snapshot)).toEqual(totalsOf(before));
    });
    expect(counts).toEqual([1, 1, 1, 1, 2]);
    // Nothing streamed meanwhile: the prices came by REST alone.
    expect(w.sandbox.streamerConnections()).toEqual([]);
    expect(w.notified).toHaveLength(1);
  });

  it('an option not held streams on LEVELONE_OPTIONS; turning its rule off unsubscribes it and on again subscribes it', async () => {
    const w = await streamingCore();
    const option = keys(w.sandbox).options[0]!;
    w.sandbox.setAsideHolding(option);
    await w.core.handlers.refreshNow();
    await w.until(() => !keys(w.sandbox).options.includes(option), 16);

    const rule = await w.core.handlers.addAlert({ kind: 'day-move', symbol: option, percent: 50 });
    await w.until(() => keys(w.sandbox).options.includes(option), 16);
    expect(keys(w.sandbox).equities).not.toContain(option);
    await w.core.handlers.setAlertEnabled(rule.id, false);
    await w.until(() => !keys(w.sandbox).options.includes(option), 16);
    await w.core.handlers.setAlertEnabled(rule.id, true);
    await w.until(() => keys(w.sandbox).options.includes(option), 16);
  });
});
