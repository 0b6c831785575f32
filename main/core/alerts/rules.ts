// The alert rules, pure: (rule, its state, the portfolio view, now) → the new state and what fired. Price and
// day-move rules read a held symbol from the view and any other from the watched quotes (watchQuotes.ts).
// Every threshold has hysteresis: once a level fires, the subject is disarmed until its value moves back
// across the level by the band, so a price hovering at the level fires once. Prices and dollar levels
// compare in integer cents with a band relative to the level (0.25 % by default); percent thresholds
// compare in percentage points with the same band read as points (0.25 pp). A rule's levels are dollars as
// the user typed them (converted once here); the view's money figures are already cents, its per-share
// prices dollars.
import type { AccountView, AlertDirection, AlertRuleSpec, PortfolioSnapshot, PositionView } from '../../../common/contract';
import { parseOccSymbol } from '../../../common/format/optionSymbol';
import { nyParts, type NyDate } from '../../../common/market/marketHours';
import { memoize } from '../../../common/memoize';
import { asCents, toCents, type Cents } from '../../../common/money/cents';
import { alertTexts, type AlertTexts, type OrderStatusText } from './alertText';
import { watchedDayMove, watchedPrice, type WatchQuote } from './watchQuotes';

export const DEFAULT_BAND_PERCENT = 0.25;
export const DEFAULT_EXPIRY_DAYS = 3;
/** The order alert remembers this many fired order ids (the newest), so each order fires once. */
export const ORDER_IDS_KEPT = 500;

/** Subjects (a symbol, an account hash, "portfolio", an option on a day) that fired and wait to re-arm. */
export interface RuleState {
  disarmed: string[];
}
export const FRESH_STATE: RuleState = { disarmed: [] };

export interface RuleHit extends AlertTexts {
  subject: string;
}

export interface RuleOptions {
  bandPercent?: number;
  /** Which per-share price a price rule watches (a Settings choice later). */
  priceBasis?: 'mark' | 'last';
}

export interface RuleResult {
  state: RuleState;
  hits: RuleHit[];
}

/** Whether `value` fires `subject` now, updating `disarmed` (fires at or beyond the level; re-arms past the band). */
function cross(disarmed: Set<string>, subject: string, value: number, level: number, direction: AlertDirection, band: number): boolean {
  const beyond = direction === 'above' ? value >= level : value <= level;
  if (disarmed.has(subject)) {
    const backAcross = direction === 'above' ? value < level - band : value > level + band;
    if (backAcross) disarmed.delete(subject);
    return false;
  }
  if (!beyond) return false;
  disarmed.add(subject);
  return true;
}

function centsBand(level: Cents, bandPercent: number): Cents {
  return asCents(Math.max(1, Math.round((Math.abs(level) * bandPercent) / 100)));
}

/** Normalized once per symbol: each evaluation normalizes every held symbol. */
export const normalizeSymbol: (symbol: string) => string = memoize(normalize);

function normalize(symbol: string): string {
  const s = symbol.trim().toUpperCase();
  const occ = parseOccSymbol(s);
  if (!occ) return s;
  const digits = s.replace(/\s+/g, '').slice(occ.root.length);
  return `${occ.root.padEnd(6, ' ')}${digits}`;
}

/** The first position of `symbol` that has a price of the basis asked for. */
function positionOf(view: PortfolioSnapshot, symbol: string, priced: (p: PositionView) => number | null): PositionView | null {
  for (const a of view.accounts) {
    for (const p of a.positions) if (normalizeSymbol(p.symbol) === symbol && priced(p) !== null) return p;
  }
  return null;
}

/** Calendar days from New York's today (its parts, found once per evaluation) to an ISO date ("2026-12-18"). */
function daysUntil(t: NyDate, isoDate: string): { today: string; days: number } {
  const today = `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const days = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(t.year, t.month - 1, t.day)) / 86_400_000);
  return { today, days };
}

/** The mark (or last) of each stock or fund the portfolio holds, in cents: the first priced position of each. */
function heldPricesCents(view: PortfolioSnapshot): Map<string, Cents> {
  const prices = new Map<string, Cents>();
  for (const a of view.accounts) {
    for (const p of a.positions) {
      const price = p.mark ?? p.lastPrice;
      if (p.assetType !== 'OPTION' && price !== null && !prices.has(p.symbol)) prices.set(p.symbol, toCents(price));
    }
  }
  return prices;
}

/**
 * The underlying's price of an option position, in cents: its quote's underlying price (REST or stream),
 * else the price of the underlying when the portfolio holds it; null when neither is known.
 */
function underlyingCents(option: PositionView, root: string, held: () => Map<string, Cents>): Cents | null {
  if (option.underlyingPrice !== undefined && option.underlyingPrice !== null) return toCents(option.underlyingPrice);
  return held().get(root) ?? null;
}

function accountsIn(view: PortfolioSnapshot, hash: string | null): AccountView[] {
  return hash === null ? view.accounts : view.accounts.filter((a) => a.hash === hash);
}

/** The latest quote of a watched symbol the portfolio does not hold (price and day-move rules fall back to it). */
export type WatchedQuote = (symbol: string) => WatchQuote | undefined;

export function evaluateRule(
  spec: AlertRuleSpec,
  state: RuleState,
  view: PortfolioSnapshot,
  now: number,
  options: RuleOptions = {},
  watched: WatchedQuote = () => undefined,
): RuleResult {
  const bandPercent = options.bandPercent ?? DEFAULT_BAND_PERCENT;
  const disarmed = new Set(state.disarmed);
  const hits: RuleHit[] = [];
  const hit = (subject: string, texts: AlertTexts): void => void hits.push({ subject, ...texts });

  switch (spec.kind) {
    case 'price': {
      const symbol = normalizeSymbol(spec.symbol);
      const basis = options.priceBasis ?? 'mark';
      const priced = (p: PositionView): number | null => (basis === 'mark' ? (p.mark ?? p.lastPrice) : (p.lastPrice ?? p.mark));
      const position = positionOf(view, symbol, priced);
      const price = position ? toCents(priced(position)!) : watchedPrice(watched(symbol), basis);
      if (price === null) break;
      const level = toCents(spec.level);
      if (cross(disarmed, symbol, price, level, spec.direction, centsBand(level, bandPercent))) {
        hit(symbol, alertTexts.price(symbol, spec.direction, level, price, basis));
      }
      break;
    }
    case 'day-move': {
      const symbol = normalizeSymbol(spec.symbol);
      const position = positionOf(view, symbol, (p) => p.netPercentChange);
      const move = position ? position.netPercentChange! : watchedDayMove(watched(symbol));
      if (move === null) break;
      if (cross(disarmed, symbol, move, spec.percent, spec.percent > 0 ? 'above' : 'below', bandPercent)) {
        hit(symbol, alertTexts.dayMove(symbol, spec.percent, move));
      }
      break;
    }
    case 'day-change': {
      const account = spec.account === null ? null : view.accounts.find((a) => a.hash === spec.account);
      if (account === undefined) break;
      const figure = account ?? view.totals;
      const subject = account ? account.hash : 'portfolio';
      const direction: AlertDirection = spec.value > 0 ? 'above' : 'below';
      const amount = toCents(spec.value);
      const fired =
        spec.measure === 'percent'
          ? cross(disarmed, subject, figure.dayChangePercent, spec.value, direction, bandPercent)
          : cross(disarmed, subject, figure.dayChange, amount, direction, centsBand(amount, bandPercent));
      if (fired) {
        hit(subject, alertTexts.dayChange(account, spec.measure, spec.value, figure.dayChange, figure.dayChangePercent));
      }
      break;
    }
    case 'buying-power': {
      const level = toCents(spec.level);
      for (const a of accountsIn(view, spec.account)) {
        const bp = a.buyingPower;
        if (bp === null) continue;
        if (cross(disarmed, a.hash, bp, level, 'below', centsBand(level, bandPercent))) hit(a.hash, alertTexts.buyingPower(a, level, bp));
      }
      break;
    }
    case 'low-buying-power': {
      // No level set yet: below $0, i.e. at or below −1 cent.
      const level = spec.level === null ? asCents(-1) : toCents(spec.level);
      const band = spec.level === null ? asCents(1) : centsBand(level, bandPercent);
      for (const a of view.accounts) {
        const bp = a.buyingPower;
        if (bp === null) continue;
        if (cross(disarmed, a.hash, bp, level, 'below', band)) hit(a.hash, alertTexts.buyingPower(a, spec.level === null ? asCents(0) : level, bp));
      }
      break;
    }
    case 'option-itm': {
      const seen = new Set<string>();
      let prices: Map<string, Cents> | null = null;
      const held = (): Map<string, Cents> => (prices ??= heldPricesCents(view));
      for (const a of view.accounts) {
        for (const p of a.positions) {
          const occ = parseOccSymbol(p.symbol);
          const subject = normalizeSymbol(p.symbol);
          if (!occ || p.quantity === 0 || seen.has(subject)) continue;
          const underlying = underlyingCents(p, occ.root, held);
          if (underlying === null) continue;
          seen.add(subject);
          const strike = toCents(occ.strike);
          if (cross(disarmed, subject, underlying, strike, occ.putCall === 'C' ? 'above' : 'below', centsBand(strike, bandPercent))) {
            hit(subject, alertTexts.optionInTheMoney(p.symbol, strike, underlying));
          }
        }
      }
      break;
    }
    case 'order-status':
      // Orders come from the activity syncs (evaluateOrderSignals), not from the portfolio view.
      return { state, hits };
    case 'margin-call': {
      for (const a of view.accounts) {
        const inCall = a.margin?.isInCall === true;
        if (!inCall) {
          disarmed.delete(a.hash);
        } else if (!disarmed.has(a.hash)) {
          disarmed.add(a.hash);
          hit(a.hash, alertTexts.marginCall(a));
        }
      }
      break;
    }
    case 'option-expiry': {
      let today = '';
      const ny = nyParts(now);
      const seen = new Set<string>();
      for (const a of view.accounts) {
        for (const p of a.positions) {
          const occ = parseOccSymbol(p.symbol);
          if (!occ || p.quantity === 0) continue;
          const left = daysUntil(ny, occ.expiry);
          today = left.today;
          const subject = `${normalizeSymbol(p.symbol)}@${left.today}`;
          if (left.days < 0 || left.days > spec.days || seen.has(subject)) continue;
          seen.add(subject);
          if (!disarmed.has(subject)) {
            disarmed.add(subject);
            hit(subject, alertTexts.optionExpiry(p.symbol, left.days));
          }
        }
      }
      // Once a day: yesterday's reminders are forgotten, so tomorrow may remind again.
      if (today !== '') for (const s of [...disarmed]) if (!s.endsWith(`@${today}`)) disarmed.delete(s);
      break;
    }
  }
  return { state: { disarmed: [...disarmed].sort() }, hits };
}

/** An order whose status became FILLED or REJECTED between two activity syncs of this run. */
export interface OrderSignal extends OrderStatusText {
  orderId: string;
}

/** The order alert: each order id fires once; the state keeps the newest ORDER_IDS_KEPT ids, oldest first. */
export function evaluateOrderSignals(state: RuleState, signals: readonly OrderSignal[]): RuleResult {
  const fired = [...state.disarmed];
  const known = new Set(fired);
  const hits: RuleHit[] = [];
  for (const signal of signals) {
    const subject = `order:${signal.orderId}`;
    if (known.has(subject)) continue;
    known.add(subject);
    fired.push(subject);
    hits.push({ subject, ...alertTexts.order(signal) });
  }
  return { state: { disarmed: fired.slice(-ORDER_IDS_KEPT) }, hits };
}
