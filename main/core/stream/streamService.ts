// The quote stream in a session: started once signed in and the first REST snapshot says what is held,
// re-subscribed whenever a snapshot adds or removes a streamable symbol or the alerts watch other symbols,
// stopped on sign-out, paused while the computer sleeps. Each quote of a held symbol goes through the stream
// feed to the price-patch sink; one of a watched symbol not held goes to the watched quotes instead (the
// model has no position to price with it). The state goes to the window, and the stream's health sets the
// REST refresh's pace (poller: streamingHealthy). ACCT_ACTIVITY's order events are passed on (SUBSCRIBED,
// which changes nothing, is not).
import type { PortfolioSnapshot, Settings, StreamStateView } from '../../../common/contract';
import type { WatchQuotes } from '../alerts/watchQuotes';
import { heldSymbols } from '../portfolio/positionQuotes';
import { canPoll, type AuthGate, type AuthGateState } from '../portfolio/authGate';
import type { Clock, Logger } from '../ports';
import { SUBSCRIBED, type AccountActivityEvent } from './accountActivity';
import { streamableSymbols } from './heldSymbols';
import type { QuoteStream, StreamStatus } from './quoteStream';
import { createStreamFeed, type PricePatchSink, type StreamFeed, type StreamFeedOptions } from './streamFeed';
import { streamSymbols } from './streamSymbols';

/** Streaming counts as healthy only while the streamer's heartbeats (every ~10 s) keep arriving. */
export const HEARTBEAT_HEALTHY_MS = 30_000;
/** How often the state is re-published while streaming (ticks/s and the last heartbeat move). */
const STATE_REFRESH_MS = 1_000;

export interface StreamServiceOptions {
  stream: QuoteStream;
  sink: PricePatchSink;
  authGate: AuthGate;
  portfolio: {
    onSnapshot(cb: (snapshot: PortfolioSnapshot) => void): () => void;
    current(): PortfolioSnapshot | null;
    /** As-of (epoch ms) of the last good REST refresh. */
    lastSuccessAt(): number | null;
    /** The stream's health changed: plan the next poll at the pace now in force. */
    paceChanged(): void;
  };
  settings: { get(): Settings };
  /** The symbols alerts watch (subscribed beside the held ones) and where their ticks go. */
  watch?: Pick<WatchQuotes, 'symbols' | 'onSymbols' | 'record'>;
  clock: Clock;
  logger: Logger;
}

export interface StreamService {
  start(): void;
  stop(): void;
  /** The computer sleeps or locks: close the stream until resume(). */
  pause(): void;
  resume(): void;
  takeBack(): void;
  /** Streaming with heartbeats arriving (the REST refresh may slow to the reconcile pace). */
  healthy(): boolean;
  state(): StreamStateView;
  onState(cb: (state: StreamStateView) => void): () => void;
  /** An order event from ACCT_ACTIVITY (a trigger to re-read, not a source of figures). */
  onAccountActivity(cb: (event: AccountActivityEvent) => void): () => void;
  /** Healthy and subscribed to ACCT_ACTIVITY: order events arrive by the stream. */
  accountActivityLive(): boolean;
  feed(): StreamFeed;
}

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function createStreamService(options: StreamServiceOptions): StreamService {
  const { stream, clock } = options;
  const log = options.logger.child('stream-service');
  const listeners = new Set<(s: StreamStateView) => void>();
  const feedOptions: Omit<StreamFeedOptions, 'sink'> = {
    priceBasis: () => options.settings.get().priceBasis,
    snapshotAsOfMs: () => options.portfolio.lastSuccessAt(),
    now: () => clock.now(),
  };
  const feed = createStreamFeed({ sink: options.sink, ...feedOptions });
  const watch = options.watch;
  const watchFeed = createStreamFeed({
    sink: { applyPricePatch: (p) => watch?.record([[p.symbol, { markCents: p.markCents, lastCents: p.lastCents, closeCents: p.closeCents, asOfMs: p.asOfMs }]]) },
    ...feedOptions,
  });
  /** Subscribed for the alerts only: not held. */
  let watchedOnly: ReadonlySet<string> = new Set();
  let leftOut = '';
  let running = false;
  let paused = false;
  let streamStarted = false;
  let symbols: string[] = [];
  let wasHealthy = false;
  let refreshTimer: unknown = null;
  let offs: Array<() => void> = [];

  function healthy(): boolean {
    const status = stream.status();
    if (paused || status.state !== 'streaming') return false;
    const heartbeat = stream.diagnostics().lastHeartbeatMs;
    const since = Math.max(status.sinceMs, heartbeat ?? 0);
    return clock.now() - since <= HEARTBEAT_HEALTHY_MS;
  }

  function state(): StreamStateView {
    const d = stream.diagnostics();
    const s = d.status;
    const base = {
      nextAttemptAt: null,
      attempt: null,
      reason: null,
      healthy: healthy(),
      subscribed: { ...d.subscribed },
      ticksPerSecond: d.ticksPerSecond,
      lastHeartbeatAt: iso(d.lastHeartbeatMs),
      reconnects: d.reconnects,
      lastTickAt: iso(feed.lastPatchAtMs()),
      priceBasis: options.settings.get().priceBasis,
    };
    if (paused) return { ...base, state: 'paused' };
    switch (s.state) {
      case 'logging-in':
        return { ...base, state: 'connecting' };
      case 'reconnecting':
        return { ...base, state: 'reconnecting', nextAttemptAt: iso(s.nextAttemptAtMs), attempt: s.attempt, reason: s.reason };
      case 'stopped':
        return { ...base, state: 'stopped', reason: s.reason ?? null };
      default:
        return { ...base, state: s.state };
    }
  }

  function publish(): void {
    const now = healthy();
    if (now !== wasHealthy) {
      wasHealthy = now;
      log.info(now ? 'stream healthy: the refresh reconciles' : 'stream not healthy: the refresh polls', { state: stream.status().state });
      options.portfolio.paceChanged();
    }
    const view = state();
    for (const cb of listeners) {
      try {
        cb(view);
      } catch (e) {
        log.error('stream state listener failed', { error: e });
      }
    }
  }

  function armRefresh(): void {
    if (refreshTimer !== null) return;
    refreshTimer = clock.setTimeout(() => {
      refreshTimer = null;
      publish();
      if (running && stream.status().state === 'streaming') armRefresh();
    }, STATE_REFRESH_MS);
  }

  function onStatus(status: StreamStatus): void {
    publish();
    if (status.state === 'streaming') armRefresh();
  }

  function follow(snapshot: PortfolioSnapshot | null): void {
    if (!running || paused || !snapshot || snapshot.source !== 'live' || !canPoll(options.authGate.get())) return;
    const chosen = streamSymbols(streamableSymbols(snapshot), new Set(heldSymbols(snapshot)), watch?.symbols() ?? []);
    watchedOnly = chosen.watchedOnly;
    if (chosen.leftOut.join() !== leftOut) {
      leftOut = chosen.leftOut.join();
      if (leftOut !== '') log.warn('stream symbol limit: alert symbols left to the REST refresh', { symbols: chosen.leftOut.length });
    }
    const next = chosen.all;
    const same = next.length === symbols.length && next.every((s, i) => s === symbols[i]);
    if (streamStarted && same) return;
    symbols = next;
    if (!streamStarted) {
      streamStarted = true;
      log.info('stream starting', { symbols: symbols.length });
      stream.start(symbols);
    } else {
      log.info('symbols changed: re-subscribing', { symbols: symbols.length, watched: watchedOnly.size });
      stream.setSymbols(symbols);
    }
    publish();
  }

  function halt(): void {
    if (streamStarted) stream.stop();
    streamStarted = false;
    symbols = [];
  }

  function onGate(gate: AuthGateState): void {
    if (!canPoll(gate)) {
      if (streamStarted) {
        log.info('signed out: stream stopped');
        halt();
      }
      return;
    }
    follow(options.portfolio.current());
  }

  return {
    start() {
      if (running) return;
      running = true;
      offs = [
        stream.onStatus(onStatus),
        stream.onQuote((q) => (watchedOnly.has(q.symbol) ? watchFeed.onQuote(q) : feed.onQuote(q))),
        options.portfolio.onSnapshot(follow),
        watch?.onSymbols(() => follow(options.portfolio.current())) ?? (() => undefined),
        options.authGate.subscribe(onGate),
      ];
      follow(options.portfolio.current());
    },
    stop() {
      running = false;
      offs.forEach((off) => off());
      offs = [];
      if (refreshTimer !== null) clock.clearTimeout(refreshTimer);
      refreshTimer = null;
      halt();
      publish();
    },
    pause() {
      if (paused) return;
      paused = true;
      log.info('paused (sleep or lock)');
      halt();
      publish();
    },
    resume() {
      if (!paused) return;
      paused = false;
      log.info('resumed');
      follow(options.portfolio.current());
      publish();
    },
    takeBack() {
      if (stream.status().state === 'taken-over') stream.takeBack();
    },
    healthy,
    state,
    onState(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    onAccountActivity(cb) {
      return stream.onAccountActivity((event) => {
        if (event.messageType !== SUBSCRIBED) cb(event);
      });
    },
    accountActivityLive: () => healthy() && stream.accountActivityLive(),
    feed: () => feed,
  };
}
