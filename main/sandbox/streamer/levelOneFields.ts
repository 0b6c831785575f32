// The Streamer's numbered LEVELONE fields for one symbol, computed from the same market state and the same
// bid/ask/mark rule as the REST quotes, so a stream tick and a REST quote at the same instant agree to the cent.
import type { Market } from '../market';
import { daysToExpiration } from '../options';
import { bidAskMark } from '../quotePayloads';

export type FieldValue = number | string | boolean;
export type FieldValues = Map<number, FieldValue>;

export const LEVELONE_EQUITIES = 'LEVELONE_EQUITIES';
export const LEVELONE_OPTIONS = 'LEVELONE_OPTIONS';
export type LevelOneService = typeof LEVELONE_EQUITIES | typeof LEVELONE_OPTIONS;
export const LEVELONE_SERVICES: readonly LevelOneService[] = [LEVELONE_EQUITIES, LEVELONE_OPTIONS];

const usd = (cents: number): number => cents / 100;
const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;
const pct = (part: number, whole: number): number => (whole === 0 ? 0 : round4((part / whole) * 100));

/** Fields 0–51 of LEVELONE_EQUITIES (the subset the sandbox fills); undefined for a symbol it cannot stream. */
export function equityFields(market: Market, symbol: string, nowMs: number): FieldValues | undefined {
  const listed = market.listed(symbol);
  // Mutual and money-market funds have no level-one stream; indexes are not LEVELONE_EQUITIES either.
  if (!listed || (listed.kind !== 'EQUITY' && listed.kind !== 'ETF')) return undefined;
  const s = market.state(symbol);
  const { bid, ask, mark } = bidAskMark(s, false);
  const net = s.lastCents - s.closeCents;
  return new Map<number, FieldValue>([
    [0, symbol],
    [1, usd(bid)],
    [2, usd(ask)],
    [3, usd(s.lastCents)],
    [4, 3],
    [5, 2],
    [8, s.totalVolume],
    [9, s.lastSize],
    [10, usd(s.highCents)],
    [11, usd(s.lowCents)],
    [12, usd(s.closeCents)],
    [15, listed.name],
    [17, usd(s.openCents)],
    [18, usd(net)],
    [19, usd(s.high52Cents)],
    [20, usd(s.low52Cents)],
    [29, usd(s.lastCents)],
    [31, usd(net)],
    [32, 'Normal'],
    [33, usd(mark)],
    [34, nowMs],
    [35, s.tradeTimeMs],
    [42, pct(net, s.closeCents)],
    [44, usd(mark - s.closeCents)],
    [45, pct(mark - s.closeCents, s.closeCents)],
  ]);
}

/** Fields 0–55 of LEVELONE_OPTIONS (the subset the sandbox fills), keyed by the 21-char OCC symbol. */
export function optionFields(market: Market, symbol: string, nowMs: number): FieldValues | undefined {
  const contract = market.option(symbol);
  const greeks = market.greeks(symbol);
  if (!contract || !greeks) return undefined;
  const s = market.state(symbol);
  const { bid, ask, mark } = bidAskMark(s, true);
  const under = market.price(contract.underlying);
  const [yyyy, mm, dd] = contract.expiration.split('-').map(Number) as [number, number, number];
  const net = s.lastCents - s.closeCents;
  return new Map<number, FieldValue>([
    [0, symbol],
    [1, contract.description],
    [2, usd(bid)],
    [3, usd(ask)],
    [4, usd(s.lastCents)],
    [5, usd(s.highCents)],
    [6, usd(s.lowCents)],
    [7, usd(s.closeCents)],
    [8, s.totalVolume],
    [10, round4(greeks.impliedVolatility)],
    [12, yyyy],
    [13, 100],
    [19, usd(net)],
    [20, usd(contract.strikeCents)],
    [21, contract.putCall === 'CALL' ? 'C' : 'P'],
    [22, contract.underlying],
    [23, mm],
    [26, dd],
    [27, daysToExpiration(contract, nowMs)],
    [28, round4(greeks.delta)],
    [29, round4(greeks.gamma)],
    [30, round4(greeks.theta)],
    [31, round4(greeks.vega)],
    [33, 'Normal'],
    [35, usd(under)],
    [37, usd(mark)],
    [38, nowMs],
    [39, s.tradeTimeMs],
    [44, pct(net, s.closeCents)],
  ]);
}

export function levelOneFields(service: LevelOneService, market: Market, symbol: string, nowMs: number): FieldValues | undefined {
  return service === LEVELONE_EQUITIES ? equityFields(market, symbol, nowMs) : optionFields(market, symbol, nowMs);
}
