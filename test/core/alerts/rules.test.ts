// Every alert rule, pure, on the fake clock: what fires, and the hysteresis that keeps a hovering value
// from firing again until it has moved back across the band.
import { describe, expect, it } from 'vitest';
import type { AlertRuleSpec, PortfolioSnapshot } from '../../../common/contract';
import { evaluateRule, FRESH_STATE, normalizeSymbol, type RuleState } from '../../../main/core/alerts/rules';
import { ruleLabel } from '../../../main/core/alerts/alertText';
import { inQuietHours } from '../../../main/core/alerts/quietHours';
import { asCents } from '../../../common/money/cents';
import { FakeClock } from '../../support/fakeClock';
import { account, position, priced, view } from './view';

/** Feeds the views in order and returns how many hits each produced. */
function walk(spec: AlertRuleSpec, views: PortfolioSnapshot[], clock = new FakeClock()): { fired: number[]; state: RuleState; titles: string[]; bodies: string[] } {
  let state = FRESH_STATE;
  const fired: number[] = [];
  const titles: string[] = [];
  const bodies: string[] = [];
  for (const v of views) {
    const r = evaluateRule(spec, state, v, clock.now());
    state = r.state;
    fired.push(r.hits.length);
    titles.push(...r.hits.map((h) => h.title));
    bodies.push(...r.hits.map((h) => h.body));
    clock.advance(10_000);
  }
  return { fired, state, titles, bodies };
}

describe('price level', () => {
  const above: AlertRuleSpec = { kind: 'price', symbol: 'AAPL', direction: 'above', level: 150 };

  it('fires once when the mark reaches the level and not again while it hovers inside the band', () => {
    // Band: 0.25 % of $150 = 38 cents; hovering between $149.70 and $150.40 never re-arms.
    const r = walk(above, [149, 150, 150.4, 149.7, 150.2, 149.63, 150.01].map((p) => priced(p)));
    expect(r.fired).toEqual([0, 1, 0, 0, 0, 0, 0]);
  });

  it('re-arms after moving back beyond the band and fires on the next crossing', () => {
    const r = walk(above, [149, 151, 149.61, 150.5].map((p) => priced(p)));
    expect(r.fired).toEqual([0, 1, 0, 1]);
    expect(r.titles[0]).toBe('AAPL above $150.00');
    expect(r.bodies[0]).toBe('AAPL is at $151.00 (mark), at or above your $150.00 level.');
  });

  it('below: fires at or under the level, re-arms above level + band', () => {
    const below: AlertRuleSpec = { kind: 'price', symbol: 'aapl', direction: 'below', level: 100 };
    const r = walk(below, [101, 100, 99, 100.2, 100.26, 99.9].map((p) => priced(p)));
    expect(r.fired).toEqual([0, 1, 0, 0, 0, 1]);
  });

  it('watches the mark by default and the last price when asked', () => {
    const v = priced(151, { lastPrice: 149 });
    expect(evaluateRule(above, FRESH_STATE, v, 0).hits).toHaveLength(1);
    expect(evaluateRule(above, FRESH_STATE, v, 0, { priceBasis: 'last' }).hits).toHaveLength(0);
  });

  it('takes options by OCC symbol, however the root is padded', () => {
    const occ = 'SPY   261218C00550000';
    const spec: AlertRuleSpec = { kind: 'price', symbol: 'spy 261218C00550000', direction: 'above', level: 5 };
    expect(normalizeSymbol('spy 261218C00550000')).toBe(occ);
    const v = view([account({ positions: [position(occ, { mark: 5.1 })] })]);
    expect(evaluateRule(spec, FRESH_STATE, v, 0).hits.map((h) => h.subject)).toEqual([occ]);
  });

  it('a symbol with no quote this refresh fires nothing and keeps its state', () => {
    const r = evaluateRule(above, { disarmed: ['AAPL'] }, priced(100, { mark: null, lastPrice: null }), 0);
    expect(r).toEqual({ state: { disarmed: ['AAPL'] }, hits: [] });
  });
});

describe('day move', () => {
  it('+N fires at or above N %, −N at or below −N %, each re-arming 0.25 points back', () => {
    const up = walk({ kind: 'day-move', symbol: 'AAPL', percent: 3 }, [2, 3, 2.8, 2.74, 3.1].map((p) => priced(100, { netPercentChange: p })));
    expect(up.fired).toEqual([0, 1, 0, 0, 1]);
    const down = walk({ kind: 'day-move', symbol: 'AAPL', percent: -3 }, [-2, -3.5, 3, -3].map((p) => priced(100, { netPercentChange: p })));
    expect(down.fired).toEqual([0, 1, 0, 1]);
  });
});

describe('day change', () => {
  /** The view's day change in cents, as the contract carries it. */
  const at = (dayChangeCents: number, dayChangePercent: number): PortfolioSnapshot => view([account({ dayChange: asCents(dayChangeCents), dayChangePercent })]);

  it('the portfolio beyond −2 %', () => {
    const r = walk({ kind: 'day-change', account: null, measure: 'percent', value: -2 }, [at(-10_000, -1), at(-25_000, -2.5), at(-15_000, -1.8), at(-21_000, -2.1)]);
    expect(r.fired).toEqual([0, 1, 0, 0]);
    expect(r.state.disarmed).toEqual(['portfolio']);
    expect(r.bodies).toEqual(['Your portfolio is -$250.00 (-2.50%) today (your alert: -2.00%).']);
  });

  it('one account beyond +$500: the view\'s cents against the level in cents, band 0.25 % of it (125 cents)', () => {
    const spec: AlertRuleSpec = { kind: 'day-change', account: 'HASH-A', measure: 'amount', value: 500 };
    // $499.99, $500.00, $498.76 (inside the band), $498.74 (re-armed), $501.00.
    const r = walk(spec, [at(49_999, 1), at(50_000, 1), at(49_876, 1), at(49_874, 1), at(50_100, 1)]);
    expect(r.fired).toEqual([0, 1, 0, 0, 1]);
    expect(r.bodies).toEqual([
      'Margin …4410 is +$500.00 (+1.00%) today (your alert: +$500.00).',
      'Margin …4410 is +$501.00 (+1.00%) today (your alert: +$500.00).',
    ]);
    // An account that is not in the view fires nothing.
    expect(evaluateRule({ ...spec, account: 'GONE' }, FRESH_STATE, at(90_000, 9), 0).hits).toEqual([]);
  });
});

describe('built-ins and buying power', () => {
  it('margin call fires when an account goes into a call, again only after it left the call', () => {
    const margin = (isInCall: boolean) =>
      view([account({ margin: { isInCall, calls: isInCall ? [{ kind: 'reg-t', amount: asCents(250_000) }] : [] } as never })]);
    const r = walk({ kind: 'margin-call' }, [margin(false), margin(true), margin(true), margin(false), margin(true)]);
    expect(r.fired).toEqual([0, 1, 0, 0, 1]);
    expect(r.bodies[0]).toBe('Margin …4410 is in a margin call (reg-t $2,500.00). Check it in Schwab.');
  });

  it('buying power below the level, per account; CASH accounts (null) are skipped', () => {
    const bp = (cents: number) => view([account({ buyingPower: asCents(cents) }), account({ hash: 'HASH-C', type: 'CASH', buyingPower: null })]);
    // Level $5,000 = 500,000 cents, band 1,250 cents: $6,000, $4,999, $5,010 (inside), $5,013 (re-armed), $4,000.
    const r = walk({ kind: 'buying-power', account: null, level: 5000 }, [bp(600_000), bp(499_900), bp(501_000), bp(501_300), bp(400_000)]);
    expect(r.fired).toEqual([0, 1, 0, 0, 1]);
    expect(r.bodies).toEqual([
      'Buying power in Margin …4410 is $4,999.00, below your $5,000.00 level.',
      'Buying power in Margin …4410 is $4,000.00, below your $5,000.00 level.',
    ]);
  });

  it('an option expiring within N days reminds once a New York day, and from the next day again', () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 16, 15, 0)); // Wed 16 Dec 2026, 10:00 New York
    const v = view([account({ positions: [position('SPY   261218C00550000'), position('SPY   270115C00550000'), position('AAPL')] })]);
    const spec: AlertRuleSpec = { kind: 'option-expiry', days: 3 };
    let r = evaluateRule(spec, FRESH_STATE, v, clock.now());
    expect(r.hits.map((h) => h.title)).toEqual(['SPY 18 Dec 26 550 C expires in 2 days']);
    clock.advance(8 * 3_600_000); // 18:00 the same day
    r = evaluateRule(spec, r.state, v, clock.now());
    expect(r.hits).toEqual([]);
    clock.advance(8 * 3_600_000); // 02:00 the next New York day
    r = evaluateRule(spec, r.state, v, clock.now());
    expect(r.hits.map((h) => h.title)).toEqual(['SPY 18 Dec 26 550 C expires tomorrow']);
    expect(r.state.disarmed).toEqual(['SPY   261218C00550000@2026-12-17']);
  });
});

describe('rule labels', () => {
  it('say the dollars the user typed', () => {
    expect(ruleLabel({ kind: 'price', symbol: 'AAPL', direction: 'above', level: 230 })).toBe('AAPL above $230.00');
    expect(ruleLabel({ kind: 'day-change', account: null, measure: 'amount', value: -1500 })).toBe('Portfolio day change beyond -$1,500.00');
    expect(ruleLabel({ kind: 'buying-power', account: null, level: 5000 })).toBe('Buying power below $5,000.00');
  });
});

describe('quiet hours', () => {
  it('a window that wraps midnight, on the given zone; equal or unset bounds mean none', () => {
    const clock = new FakeClock(Date.UTC(2025, 0, 15, 3, 30)); // 22:30 New York
    expect(inQuietHours(clock.now(), '22:00', '07:00', 'America/New_York')).toBe(true);
    clock.advance(8.5 * 3_600_000); // 07:00
    expect(inQuietHours(clock.now(), '22:00', '07:00', 'America/New_York')).toBe(false);
    expect(inQuietHours(clock.now(), '06:00', '08:00', 'America/New_York')).toBe(true);
    expect(inQuietHours(clock.now(), '07:00', '07:00', 'America/New_York')).toBe(false);
    expect(inQuietHours(clock.now(), null, '07:00', 'America/New_York')).toBe(false);
  });
});
