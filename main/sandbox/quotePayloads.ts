// Renders Market Data quotes as Schwab sends them (SPEC-M example + real captures): EQUITY (COE/ETF),
// MUTUAL_FUND (NAV-only quote block, no lastPrice), OPTION (greeks, underlyingPrice, contract reference)
// and INDEX entries, trimmed to the requested `fields` roots.
import { createHash } from 'node:crypto';
import type { QuoteEntry } from '../core/schwab/schemas';
import type { Market, PriceState } from './market';
import { daysToExpiration } from './options';

export const QUOTE_FIELD_ROOTS = ['quote', 'reference', 'fundamental', 'extended', 'regular'] as const;
export type QuoteFieldRoot = (typeof QUOTE_FIELD_ROOTS)[number];

const usd = (cents: number): number => cents / 100;
const round8 = (n: number): number => Math.round(n * 1e8) / 1e8;

function ssid(symbol: string): number {
  return createHash('sha1').update(symbol).digest().readUInt32BE(0) >>> 1;
}

function changeFields(s: PriceState) {
  const net = s.lastCents - s.closeCents;
  return {
    netChange: usd(net),
    netPercentChange: s.closeCents === 0 ? 0 : round8((net / s.closeCents) * 100),
  };
}

/** Bid/ask around the last price: a cent or so for stocks, a few percent for options (REST and Streamer alike). */
export function bidAskMark(s: PriceState, option: boolean) {
  const half = Math.max(1, Math.round(s.lastCents * (option ? 0.025 : 0.0001)));
  const bid = Math.max(option ? 0 : 1, s.lastCents - half);
  const ask = s.lastCents + half;
  return { bid, ask, mark: Math.round((bid + ask) / 2) };
}

function equityEntry(market: Market, s: PriceState, etf: boolean, nowMs: number): QuoteEntry {
  const l = market.listed(s.symbol)!;
  const { bid, ask, mark } = bidAskMark(s, false);
  const ch = changeFields(s);
  const nasdaq = /^(AAPL|MSFT|NVDA|AMZN|GOOGL|META|TSLA|COST|AMD|NFLX|INTC|CSCO|PEP|ADBE|QCOM|TXN|AVGO|SBUX|MU|PYPL|PLTR|QQQ)$/.test(s.symbol);
  return {
    assetMainType: 'EQUITY',
    assetSubType: etf ? 'ETF' : 'COE',
    quoteType: 'NBBO',
    realtime: true,
    ssid: ssid(s.symbol),
    symbol: s.symbol,
    fundamental: {
      avg10DaysVolume: s.totalVolume,
      avg1YearVolume: s.totalVolume,
      divAmount: 0,
      divFreq: 4,
      divPayAmount: 0,
      divYield: 0,
      eps: 0,
      fundLeverageFactor: 0,
      peRatio: 0,
    },
    quote: {
      '52WeekHigh': usd(s.high52Cents),
      '52WeekLow': usd(s.low52Cents),
      askMICId: 'ARCX',
      askPrice: usd(ask),
      askSize: 2,
      askTime: nowMs,
      bidMICId: 'XNAS',
      bidPrice: usd(bid),
      bidSize: 3,
      bidTime: nowMs,
      closePrice: usd(s.closeCents),
      highPrice: usd(s.highCents),
      lastMICId: 'XADF',
      lastPrice: usd(s.lastCents),
      lastSize: s.lastSize,
      lowPrice: usd(s.lowCents),
      ...markFields(s, mark),
      ...ch,
      openPrice: usd(s.openCents),
      postMarketChange: 0,
      postMarketPercentChange: 0,
      quoteTime: nowMs,
      securityStatus: 'Normal',
      totalVolume: s.totalVolume,
      tradeTime: s.tradeTimeMs,
    },
    reference: {
      cusip: l.cusip,
      description: l.name,
      exchange: nasdaq ? 'Q' : 'N',
      exchangeName: nasdaq ? 'NASDAQ' : 'NYSE',
      isHardToBorrow: false,
      isShortable: true,
      htbRate: 0,
    },
    regular: {
      regularMarketLastPrice: usd(s.lastCents),
      regularMarketLastSize: s.lastSize,
      regularMarketNetChange: ch.netChange,
      regularMarketPercentChange: ch.netPercentChange,
      regularMarketTradeTime: s.tradeTimeMs,
    },
  };
}

function fundEntry(market: Market, s: PriceState, moneyMarket: boolean): QuoteEntry {
  const l = market.listed(s.symbol)!;
  return {
    assetMainType: 'MUTUAL_FUND',
    ...(moneyMarket ? { assetSubType: 'MMF' } : {}),
    realtime: true,
    ssid: -1,
    symbol: s.symbol,
    fundamental: { avg10DaysVolume: 0, avg1YearVolume: 0, divAmount: 0, divFreq: 0, divPayAmount: 0, divYield: 0, eps: 0, fundLeverageFactor: 0, peRatio: 0 },
    quote: {
      '52WeekHigh': usd(s.high52Cents),
      '52WeekLow': usd(s.low52Cents),
      closePrice: usd(s.closeCents),
      nAV: usd(s.lastCents),
      ...changeFields(s),
      securityStatus: 'Normal',
      totalVolume: 0,
      tradeTime: 0,
    },
    reference: { cusip: l.cusip, description: l.name, exchange: '3', exchangeName: 'Mutual Fund' },
  };
}

function indexEntry(market: Market, s: PriceState): QuoteEntry {
  const l = market.listed(s.symbol)!;
  return {
    assetMainType: 'INDEX',
    realtime: true,
    ssid: ssid(s.symbol),
    symbol: s.symbol,
    quote: {
      '52WeekHigh': usd(s.high52Cents),
      '52WeekLow': usd(s.low52Cents),
      closePrice: usd(s.closeCents),
      highPrice: usd(s.highCents),
      lastPrice: usd(s.lastCents),
      lowPrice: usd(s.lowCents),
      ...changeFields(s),
      openPrice: usd(s.openCents),
      securityStatus: 'Normal',
      totalVolume: s.totalVolume,
      tradeTime: s.tradeTimeMs,
    },
    reference: { description: l.name, exchange: '0', exchangeName: 'Index' },
  };
}

/** Schwab's mark and its change from the previous close, in the order its quote blocks list them. */
function markFields(s: PriceState, markCents: number): { mark: number; markChange: number; markPercentChange: number } {
  return {
    mark: usd(markCents),
    markChange: usd(markCents - s.closeCents),
    markPercentChange: round8(((markCents - s.closeCents) / s.closeCents) * 100),
  };
}

function optionEntry(market: Market, s: PriceState, nowMs: number): QuoteEntry {
  const c = market.option(s.symbol)!;
  const { bid, ask, mark } = bidAskMark(s, true);
  const under = market.price(c.underlying);
  const greeks = market.greeks(s.symbol)!;
  const intrinsic = c.putCall === 'CALL' ? under - c.strikeCents : c.strikeCents - under;
  const [yyyy, mm, dd] = c.expiration.split('-').map(Number) as [number, number, number];
  return {
    assetMainType: 'OPTION',
    realtime: true,
    ssid: ssid(s.symbol),
    symbol: s.symbol,
    quote: {
      '52WeekHigh': usd(s.high52Cents),
      '52WeekLow': usd(s.low52Cents),
      askPrice: usd(ask),
      askSize: 10,
      bidPrice: usd(bid),
      bidSize: 10,
      closePrice: usd(s.closeCents),
      delta: round8(greeks.delta),
      gamma: round8(greeks.gamma),
      highPrice: usd(s.highCents),
      lastPrice: usd(s.lastCents),
      lastSize: s.lastSize,
      lowPrice: usd(s.lowCents),
      ...markFields(s, mark),
      moneyIntrinsicValue: usd(intrinsic),
      ...changeFields(s),
      openInterest: 1000 + (ssid(s.symbol) % 20_000),
      openPrice: usd(s.openCents),
      quoteTime: nowMs,
      securityStatus: 'Normal',
      theta: round8(greeks.theta),
      timeValue: usd(Math.max(0, s.lastCents - Math.max(0, intrinsic))),
      totalVolume: s.totalVolume,
      tradeTime: s.tradeTimeMs,
      underlyingPrice: usd(under),
      vega: round8(greeks.vega),
      volatility: round8(greeks.impliedVolatility),
    },
    reference: {
      contractType: c.putCall === 'CALL' ? 'C' : 'P',
      daysToExpiration: daysToExpiration(c, nowMs),
      deliverables: `100 ${c.underlying}`,
      description: `${c.underlying} ${String(mm).padStart(2, '0')}/${String(dd).padStart(2, '0')}/${yyyy} ${(c.strikeCents / 100).toFixed(2)} ${c.putCall === 'CALL' ? 'C' : 'P'}`,
      exchange: 'O',
      exchangeName: 'OPR',
      exerciseType: 'A',
      expirationDay: dd,
      expirationMonth: mm,
      expirationType: 'S',
      expirationYear: yyyy,
      isPennyPilot: true,
      multiplier: 100,
      settlementType: 'P',
      strikePrice: c.strikeCents / 100,
      underlying: c.underlying,
      underlyingAssetType: 'EQUITY',
    },
  };
}

/** One quote entry, or undefined for a symbol the sandbox does not know. */
export function quoteEntry(market: Market, symbol: string, nowMs: number, roots: ReadonlySet<QuoteFieldRoot>): QuoteEntry | undefined {
  if (!market.has(symbol)) return undefined;
  const s = market.state(symbol);
  const l = market.listed(symbol);
  let entry: QuoteEntry;
  if (!l) entry = optionEntry(market, s, nowMs);
  else if (l.kind === 'MUTUAL_FUND' || l.kind === 'MONEY_MARKET') entry = fundEntry(market, s, l.kind === 'MONEY_MARKET');
  else if (l.kind === 'INDEX') entry = indexEntry(market, s);
  else entry = equityEntry(market, s, l.kind === 'ETF', nowMs);
  for (const root of QUOTE_FIELD_ROOTS) {
    if (!roots.has(root)) delete (entry as Record<string, unknown>)[root];
  }
  return entry;
}
