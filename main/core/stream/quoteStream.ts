// The level-one quote stream as the rest of the core sees it: a port, so hosts and tests can swap the
// WebSocket implementation (wsQuoteStream.ts) for another. Prices are integer cents; greeks and IV are plain.
import type { Cents } from '../portfolio/money';
import type { AccountActivityEvent } from './accountActivity';

export type QuoteKind = 'equity' | 'option';

/** The merged level-one quote of one symbol, as it stands after a frame changed it. */
export interface QuoteUpdate {
  symbol: string;
  kind: QuoteKind;
  bid?: Cents;
  ask?: Cents;
  last?: Cents;
  mark?: Cents;
  /** The previous session's close: the base of net change and day P&L. */
  close?: Cents;
  netChange?: Cents;
  high?: Cents;
  low?: Cents;
  /** Equities: the regular-market last price. */
  regularMarketLast?: Cents;
  volume?: number;
  /** Percent, e.g. 1.25 for +1.25 %. */
  netPercentChange?: number;
  markPercentChange?: number;
  /** "Normal", "Halted", "Closed". */
  securityStatus?: string;
  /** Options only. */
  strike?: Cents;
  underlyingPrice?: Cents;
  impliedVolatility?: number;
  delta?: number;
  gamma?: number;
  theta?: number;
  vega?: number;
  daysToExpiration?: number;
  quoteTimeMs?: number;
  tradeTimeMs?: number;
  /** The fields this frame changed. */
  changed: ReadonlyArray<QuoteField>;
}
export type QuoteField = Exclude<keyof QuoteUpdate, 'symbol' | 'kind' | 'changed'>;

/** userPreference.streamerInfo[0]. */
export interface StreamerInfo {
  streamerSocketUrl: string;
  schwabClientCustomerId: string;
  schwabClientCorrelId: string;
  schwabClientChannel: string;
  schwabClientFunctionId: string;
}

export type StreamStatus =
  | { state: 'idle' }
  | { state: 'connecting' }
  | { state: 'logging-in' }
  | { state: 'streaming'; sinceMs: number }
  | { state: 'reconnecting'; nextAttemptAtMs: number; attempt: number; reason: string }
  | { state: 'taken-over' }
  | { state: 'stopped'; reason?: string };
export type StreamState = StreamStatus['state'];

/** Why a piece of input was ignored (each kind is logged once, then counted). */
export type IgnoredInput = 'malformed-frame' | 'unknown-key' | 'bad-price' | 'bad-field';

export interface StreamDiagnostics {
  status: StreamStatus;
  /** Keys the streamer acknowledged, per service. */
  subscribed: { equities: number; options: number };
  /** Quote updates emitted during the last whole second. */
  ticksPerSecond: number;
  lastHeartbeatMs: number | undefined;
  reconnects: number;
  /** The last non-zero code the streamer sent, with its message. */
  lastCode: { code: number; msg: string } | undefined;
  ignored: Record<IgnoredInput, number>;
}

export interface QuoteStream {
  /** Begins streaming `symbols` (equities and 21-char OCC options); with none, waits idle for some. */
  start(symbols?: Iterable<string>): void;
  /** The symbol set changed: subscribes the difference (ADD / UNSUBS). */
  setSymbols(symbols: Iterable<string>): void;
  /** After another app took the stream (code 12): connect again, taking it back. */
  takeBack(): void;
  stop(): void;
  status(): StreamStatus;
  diagnostics(): StreamDiagnostics;
  onQuote(listener: (update: QuoteUpdate) => void): () => void;
  onStatus(listener: (status: StreamStatus) => void): () => void;
  /** ACCT_ACTIVITY: an order event of the user's accounts (SUBSCRIBED first, on every subscribe). */
  onAccountActivity(listener: (event: AccountActivityEvent) => void): () => void;
  /** Streaming with ACCT_ACTIVITY acknowledged: order events arrive on this connection. */
  accountActivityLive(): boolean;
}
