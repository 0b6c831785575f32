// The option-in-the-money, low-buying-power and order built-ins, pure: what fires, the hysteresis that
// keeps a hovering underlying from firing again, and the order alert firing once per order id.
import { describe, expect, it } from 'vitest';
import type { AlertRuleSpec, PortfolioSnapshot, PositionView } from '../../../common/contract';
import { asCents } from '../../../common/money/cents';
import { evaluateOrderSignals, evaluateRule, FRESH_STATE, ORDER_IDS_KEPT, type OrderSignal, type RuleState } from '../../../main/core/alerts/rules';
import { account, position, view } from './view';

const CALL = 'SPY   261218C00550000';
const PUT = 'SPY   261218P00500000';
const NOW = Date.parse('2026-12-01T15:00:00Z');

function firedOver(spec: AlertRuleSpec, views: PortfolioSnapshot[]): { fired: number[]; bodies: string[]; state: RuleState } {
  let state = FRESH_STATE;
  const fired: number[] = [];
  const bodies: string[] = [];
  for (const v of views) {
    const r = evaluateRule(spec, state, v, NOW);
    state = r.state;
    fired.push(r.hits.length);
    bodies.push(...r.hits.map((h) => h.body));
  }
  return { fired, bodies, state };
}

const holding = (...positions: PositionView[]): PortfolioSnapshot => view([account({ positions })]);
const option = (symbol: string, underlyingPrice: number | null | undefined): PositionView =>
  position(symbol, underlyingPrice === undefined ? {} : { underlyingPrice });

describe('option moving into the money', () => {
  const spec: AlertRuleSpec = { kind: 'option-itm' };

  it('fires a call once at or above its strike, and re-arms only past the band below it', () => {
    // Band: 0.25 % of $550 = $1.38; $549 is inside it, $548.50 is past it.
    const r = firedOver(spec, [540, 550, 552, 549, 551, 548.5, 550.1].map((u) => holding(option(CALL, u))));
    expect(r.fired).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect(r.bodies[0]).toBe('The underlying of SPY 18 Dec 26 550 C is at $550.00, past the $550.00 strike.');
  });

  it('fires a put at or below its strike', () => {
    const r = firedOver(spec, [505, 500, 499, 502, 498].map((u) => holding(option(PUT, u))));
    expect(r.fired).toEqual([0, 1, 0, 0, 1]);
  });

  it('falls back to the mark of the underlying when the portfolio holds it', () => {
    const r = firedOver(spec, [540, 551].map((m) => holding(option(CALL, undefined), position('SPY', { mark: m }))));
    expect(r.fired).toEqual([0, 1]);
  });

  it('prefers the streamed underlying price over the held underlying mark', () => {
    const r = firedOver(spec, [holding(option(CALL, 540), position('SPY', { mark: 560 }))]);
    expect(r.fired).toEqual([0]);
  });

  it('does not evaluate, nor guess, without an underlying price', () => {
    const r = firedOver(spec, [holding(option(CALL, null)), holding(option(CALL, undefined))]);
    expect(r.fired).toEqual([0, 0]);
    expect(r.state.disarmed).toEqual([]);
  });
});

describe('low buying power', () => {
  const withBp = (...dollars: Array<number | null>): PortfolioSnapshot =>
    view(dollars.map((d, i) => account({ hash: `HASH-${i}`, displayNumber: `…000${i}`, buyingPower: d === null ? null : asCents(d * 100) })));

  it('fires below $0 until the user sets a level', () => {
    const r = firedOver({ kind: 'low-buying-power', level: null }, [withBp(10), withBp(0), withBp(-0.01), withBp(-5), withBp(1), withBp(-1)]);
    expect(r.fired).toEqual([0, 0, 1, 0, 0, 1]);
  });

  it('fires per account below the level set, with the band re-arming it', () => {
    // Band: 0.25 % of $2,500 = $6.25.
    const spec: AlertRuleSpec = { kind: 'low-buying-power', level: 2500 };
    const r = firedOver(spec, [withBp(3000, 4000), withBp(2400, 4000), withBp(2503, 2000), withBp(2510, 2000), withBp(2400, 2000)]);
    expect(r.fired).toEqual([0, 1, 1, 0, 1]);
    expect(r.bodies[0]).toBe('Buying power in Margin …0000 is $2,400.00, below your $2,500.00 level.');
  });
});

describe('order filled or rejected', () => {
  const signal = (orderId: string, status: OrderSignal['status']): OrderSignal => ({
    orderId,
    status,
    instruction: 'BUY',
    symbol: 'AAPL',
    quantity: 10,
    price: status === 'FILLED' ? 187.25 : null,
    account: 'Margin …4410',
  });

  it('fires once per order id, whatever the later syncs report', () => {
    const first = evaluateOrderSignals(FRESH_STATE, [signal('1', 'FILLED'), signal('2', 'REJECTED')]);
    expect(first.hits.map((h) => [h.title, h.body, h.privateBody])).toEqual([
      ['Order filled', 'BUY AAPL: 10 at $187.25 · Margin …4410', 'BUY AAPL · Margin …4410'],
      ['Order rejected', 'BUY AAPL: 10 · Margin …4410', 'BUY AAPL · Margin …4410'],
    ]);
    const again = evaluateOrderSignals(first.state, [signal('1', 'FILLED'), signal('2', 'REJECTED'), signal('3', 'FILLED')]);
    expect(again.hits.map((h) => h.subject)).toEqual(['order:3']);
  });

  it('keeps only the newest order ids', () => {
    const many = Array.from({ length: ORDER_IDS_KEPT + 5 }, (_, i) => signal(String(i), 'FILLED'));
    const r = evaluateOrderSignals(FRESH_STATE, many);
    expect(r.state.disarmed).toHaveLength(ORDER_IDS_KEPT);
    expect(r.state.disarmed[0]).toBe('order:5');
  });

  it('is not evaluated against the portfolio view', () => {
    expect(evaluateRule({ kind: 'order-status' }, FRESH_STATE, holding(position('AAPL')), NOW).hits).toEqual([]);
  });
});
