// The watched quotes of symbols not held, and the price and day-move rules reading them: a symbol the view
// holds is read from the view, any other from the watched quote; the cache keeps only watched symbols and
// never lets an older quote replace a newer one.
import { describe, expect, it } from 'vitest';
import type { AlertRuleSpec } from '../../../common/contract';
import { evaluateRule, FRESH_STATE, type RuleState } from '../../../main/core/alerts/rules';
import { createWatchQuotes, type WatchQuote } from '../../../main/core/alerts/watchQuotes';
import { priced } from './view';

const quote = (lastCents: number, patch: Partial<WatchQuote> = {}): WatchQuote => ({ markCents: lastCents, lastCents, closeCents: 10_000, asOfMs: 1_000, ...patch });

/** Evaluates `spec` on a view holding only AAPL, with `quotes` as the watched quote of each step in turn. */
function walkWatched(spec: AlertRuleSpec, quotes: WatchQuote[], options: Parameters<typeof evaluateRule>[4] = {}): number[] {
  let state: RuleState = FRESH_STATE;
  return quotes.map((q) => {
    const r = evaluateRule(spec, state, priced(100), 0, options, (symbol) => (symbol === 'MSFT' ? q : undefined));
    state = r.state;
    return r.hits.length;
  });
}

describe('rules on a symbol not held', () => {
  it('a price rule reads the watched quote: fires once across the level, not while hovering, again after re-arming', () => {
    const above: AlertRuleSpec = { kind: 'price', symbol: 'msft', direction: 'above', level: 150 };
    // Band: 0.25 % of $150 = 38 cents.
    expect(walkWatched(above, [14_900, 15_010, 14_990, 15_020, 14_961, 15_100].map((c) => quote(c)))).toEqual([0, 1, 0, 0, 0, 1]);
  });

  it('prices by the mark unless the last is asked for, and falls back to the other when one is missing', () => {
    const above: AlertRuleSpec = { kind: 'price', symbol: 'MSFT', direction: 'above', level: 150 };
    const markOnly = quote(15_100, { lastCents: 14_000 });
    expect(walkWatched(above, [markOnly])).toEqual([1]);
    expect(walkWatched(above, [markOnly], { priceBasis: 'last' })).toEqual([0]);
    expect(walkWatched(above, [quote(15_100, { markCents: null })])).toEqual([1]);
  });

  it('a day-move rule reads the move of the last price from the previous close', () => {
    const up: AlertRuleSpec = { kind: 'day-move', symbol: 'MSFT', percent: 3 };
    // Close $100.00: $102.90 is +2.9 %, $103.00 is +3 %.
    expect(walkWatched(up, [quote(10_290), quote(10_300), quote(10_310)])).toEqual([0, 1, 0]);
    expect(walkWatched(up, [quote(10_400, { closeCents: null })])).toEqual([0]);
  });

  it('a held symbol is read from the view, never from a watched quote', () => {
    const above: AlertRuleSpec = { kind: 'price', symbol: 'AAPL', direction: 'above', level: 150 };
    const r = evaluateRule(above, FRESH_STATE, priced(100), 0, {}, () => quote(20_000));
    expect(r.hits).toHaveLength(0);
  });

  it('no quote yet: nothing fires', () => {
    expect(evaluateRule({ kind: 'price', symbol: 'MSFT', direction: 'above', level: 1 }, FRESH_STATE, priced(100), 0).hits).toEqual([]);
  });
});

describe('the watched-quote cache', () => {
  it('keeps quotes of watched symbols only, the newer of two, and forgets a symbol no longer watched', () => {
    const watch = createWatchQuotes();
    const changes: string[][] = [];
    watch.onSymbols(() => changes.push([...watch.symbols()]));
    watch.watch(['MSFT', 'KO', 'MSFT']);
    watch.watch(['KO', 'MSFT']);
    expect(changes).toEqual([['KO', 'MSFT']]);

    watch.record([['TSLA', quote(1)]]);
    expect(watch.quote('TSLA')).toBeUndefined();
    watch.record([['MSFT', quote(100, { asOfMs: 2_000 })]]);
    watch.record([['MSFT', quote(99, { asOfMs: 1_999 })]]);
    expect(watch.quote('MSFT')?.lastCents).toBe(100);

    watch.watch(['KO']);
    expect(watch.quote('MSFT')).toBeUndefined();
    expect(changes.at(-1)).toEqual(['KO']);
  });

  it('tells the listeners once per batch, and only when a quote in it was kept', () => {
    const watch = createWatchQuotes();
    watch.watch(['KO', 'PEP']);
    let told = 0;
    const off = watch.onQuotes(() => void told++);
    watch.record([['KO', quote(6_500, { asOfMs: 5 })], ['PEP', quote(15_000, { asOfMs: 5 })]]);
    expect(told).toBe(1);
    watch.record([['KO', quote(6_400, { asOfMs: 4 })], ['TSLA', quote(30_000)]]);
    expect(told).toBe(1);
    off();
    watch.record([['KO', quote(6_600, { asOfMs: 6 })]]);
    expect(told).toBe(1);
    expect(watch.quote('KO')?.lastCents).toBe(6_600);
    expect(watch.quote('PEP')?.lastCents).toBe(15_000);
  });
});
