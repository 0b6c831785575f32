// The live portfolio service, composed of one part per job:
//   pollLoop         when to refresh (pace, backoff, cancel on sign-out, the stale timer)
//   refreshPipeline  what one refresh does (accounts → account map → normalise → quotes, names, nicknames)
//   snapshotPublisher  freshness, the diff, and emitting masked snapshots (where a model store plugs in)
//   snapshotCacheWriter, balanceHistoryRecorder, apiErrorAudit  what each good or failed refresh leaves behind
// Here they are wired together: the cached snapshot shows at start, the last good one stays through errors,
// and nothing asks Schwab while the user is signed out or must sign in again.
import type {
  HistoryPoint,
  HistoryRange,
  PortfolioPatch,
  PortfolioSnapshot,
  PricePatch,
  Settings,
  Unsubscribe,
} from '../../../common/contract';
import type { ArbionError } from '../errors';
import { silentLogger } from '../log/logger';
import { systemClock, type Clock, type Logger } from '../ports';
import type { AccountsClient } from '../schwab/accountsClient';
import { createAccountMap } from '../store/accountMap';
import type { AuditLog } from '../store/auditLog';
import type { Db } from '../store/database';
import { createHistoryStore, TOTAL_SERIES } from '../store/historyStore';
import { createSnapshotCache } from '../store/snapshotCache';
import type { AccountNicknames } from './accountNicknames';
import { createApiErrorAudit } from './apiErrorAudit';
import { createPatchFeed } from './model/patchFeed';
import { canPoll, type AuthGate, type AuthGateState } from './authGate';
import { createBalanceHistoryRecorder } from './balanceHistoryRecorder';
import { isRegularMarketOpen, nextMarketOpen } from './marketHours';
import { createPollLoop, type PollerStatus } from './pollLoop';
import type { PositionQuotes } from './positionQuotes';
import { createRefreshPipeline } from './refreshPipeline';
import { createSnapshotCacheWriter } from './snapshotCacheWriter';
import { createSnapshotPublisher } from './snapshotPublisher';
import type { SymbolNames } from './symbolNames';

export type { AuthGate, AuthGateState } from './authGate';
export type { PollerStatus } from './pollLoop';
export { CACHE_WRITE_INTERVAL_MS } from './snapshotCacheWriter';

export interface PortfolioServiceOptions {
  client: AccountsClient;
  db: Db;
  settings: { get(): Settings };
  authGate: AuthGate;
  clock?: Clock;
  logger?: Logger;
  /** Backoff jitter (tests pin it). */
  random?: () => number;
  /** Market calendar (defaults: US equities regular hours). */
  isMarketOpen?: (ms: number) => boolean;
  nextMarketOpen?: (ms: number) => number;
  /** Fills in the names Schwab's positions omit (stocks); off when absent. */
  symbolNames?: SymbolNames;
  /** Mark, last and day change per position from one quotes request per refresh (names ride along); off when absent. */
  quotes?: PositionQuotes;
  /** Fills in the user's account nicknames (userPreference, once per sign-in); off when absent. */
  accountNicknames?: AccountNicknames;
  /** The quote stream is healthy: the refresh only reconciles, at the reconcile pace (absent: no stream). */
  streamingHealthy?: () => boolean;
  /** Where API error classes are recorded: once when a class of failure starts, once when it clears. */
  audit?: Pick<AuditLog, 'append'>;
}

export interface PortfolioService {
  /** Shows the cached snapshot, then polls while signed in. Idempotent. */
  start(): void;
  /** Stops timers and cancels a poll in flight. */
  stop(): Promise<void>;
  /** Polls now (joins a poll already in flight) and resolves to the resulting snapshot (masked). */
  refreshNow(): Promise<PortfolioSnapshot | null>;
  /** The latest snapshot with account numbers masked ("…4410"), or null before any data. */
  current(): PortfolioSnapshot | null;
  /** The latest snapshot with full account numbers — only for `arbion … --json`. */
  currentWithAccountNumbers(): PortfolioSnapshot | null;
  /** Masked snapshots, only when something visible changed. */
  onSnapshot(cb: (snapshot: PortfolioSnapshot) => void): Unsubscribe;
  /** After every poll (changed or not, failed or cancelled), once its outcome is published and the next planned. */
  onPollSettled(cb: (status: PollerStatus) => void): Unsubscribe;
  /**
   * New prices for some symbols (a quote stream's ticks): reprices what is held through the model's reducer
   * and emits the patch (null: nothing changed, e.g. a symbol not held or a price older than the snapshot).
   */
  applyPricePatch(prices: readonly PricePatch[]): PortfolioPatch | null;
  /** Patches, one per price change that altered something. */
  onPortfolioPatch(cb: (patch: PortfolioPatch) => void): Unsubscribe;
  /** Balance history for a chart: the total, or one account by hash. */
  history(range: HistoryRange, accountHash?: string): HistoryPoint[];
  /** Re-plan the next poll after the Settings changed (interval, off-hours behaviour) or the stream's health did. */
  settingsChanged(): void;
  /** Forget the cached snapshot and account map (sign-out, switching demo ↔ live). History is kept. */
  clear(): void;
  status(): PollerStatus;
}

export function createPortfolioService(options: PortfolioServiceOptions): PortfolioService {
  const clock = options.clock ?? systemClock;
  const log = (options.logger ?? silentLogger).child('portfolio');
  const history = createHistoryStore(options.db, clock);
  const cache = createSnapshotCacheWriter(createSnapshotCache(options.db), clock);
  const balanceHistory = createBalanceHistoryRecorder(history, log);
  const apiAudit = options.audit ? createApiErrorAudit(options.audit) : null;
  const settledListeners = new Set<(status: PollerStatus) => void>();
  const patches = createPatchFeed(log);
  let unsubscribeGate: (() => void) | null = null;
  let gate: AuthGateState = options.authGate.get();

  const pipeline = createRefreshPipeline({
    client: options.client,
    accountMap: createAccountMap(options.db),
    clock,
    authState: () => gate,
    symbolNames: options.symbolNames,
    quotes: options.quotes,
    accountNicknames: options.accountNicknames,
  });

  const loop = createPollLoop({
    clock,
    logger: log,
    settings: options.settings,
    isMarketOpen: options.isMarketOpen ?? isRegularMarketOpen,
    nextMarketOpen: options.nextMarketOpen ?? nextMarketOpen,
    random: options.random,
    streamingHealthy: options.streamingHealthy,
    mayPoll: () => canPoll(gate),
    refresh: (signal) => pipeline.refresh(signal),
    onRefreshed(snapshot, at) {
      publisher.setData(snapshot);
      // A full disk must not stop live numbers or fail the refresh; the next poll tries again.
      guarded('could not persist the snapshot', () => cache.record(snapshot));
      guarded('could not persist the snapshot', () => balanceHistory.record(snapshot, at));
      guarded('could not audit the recovery', () => apiAudit?.succeeded());
    },
    onFailed: (err: ArbionError) => guarded('could not audit the failure', () => apiAudit?.failed(err)),
    onSettled(cancelled) {
      if (!cancelled) publisher.publish();
      const status = loop.status();
      for (const cb of settledListeners) guarded('poll listener failed', () => cb(status));
    },
    onStale: () => publisher.publish(),
  });

  const publisher = createSnapshotPublisher({
    clock,
    logger: log,
    freshness: {
      lastSuccessAt: () => loop.status().lastSuccessAt,
      lastError: () => loop.status().lastError,
      intervalMs: () => loop.intervalMs(),
      reauthRequired: () => gate.status === 'reauth-required',
      streamingHealthy: () => options.streamingHealthy?.() ?? false,
    },
  });

  function guarded(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      log.error(what, { error: e });
    }
  }

  function onGate(next: AuthGateState): void {
    const prev = gate;
    gate = next;
    if (next.status === prev.status && next.mode === prev.mode) return;
    if (canPoll(next) && !canPoll(prev)) {
      // A new sign-in: fetch accountNumbers again and start from a clean error state.
      pipeline.newSignIn();
      loop.newSignIn();
      if (loop.status().running) void loop.pollNow();
      return;
    }
    if (!canPoll(next)) loop.pause();
    publisher.publish();
  }

  /** Before any live data, the last known numbers (a one-shot caller gets them even if Schwab is unreachable). */
  function loadCache(): void {
    if (publisher.data() !== null) return;
    const cached = cache.load();
    if (cached) publisher.setData(cached);
  }

  return {
    start() {
      if (loop.status().running) return;
      gate = options.authGate.get();
      unsubscribeGate = options.authGate.subscribe(onGate);
      loop.start();
      loadCache();
      publisher.publish();
      if (canPoll(gate)) void loop.pollNow();
    },

    async stop() {
      guarded('could not persist the snapshot', () => cache.flush());
      unsubscribeGate?.();
      unsubscribeGate = null;
      await loop.stop();
    },

    async refreshNow() {
      gate = options.authGate.get();
      loadCache();
      if (canPoll(gate)) {
        loop.forgetSignInError(); // the user asked: try once more
        await loop.pollNow();
      } else {
        publisher.publish();
      }
      return publisher.current();
    },

    current: () => publisher.current(),
    currentWithAccountNumbers: () => publisher.currentWithAccountNumbers(),
    onSnapshot: (cb) => publisher.onSnapshot(cb),

    applyPricePatch(prices) {
      const data = publisher.data();
      const composed = publisher.currentWithAccountNumbers();
      if (data === null || composed === null) return null;
      const next = patches.apply({ data, composed }, prices);
      if (next === null) return null;
      // The window now holds the patched figures: the next publish diffs against them.
      publisher.replaceAfterPatch(next.data, next.composed);
      cache.markPending(next.data);
      patches.emit(next.patch);
      return next.patch;
    },

    onPortfolioPatch: (cb) => patches.subscribe(cb),

    onPollSettled(cb) {
      settledListeners.add(cb);
      return () => settledListeners.delete(cb);
    },

    history: (range, accountHash) => history.range(range, accountHash ?? TOTAL_SERIES),

    settingsChanged() {
      // Also called when the stream's health flips, which changes freshness even if the plan stays.
      loop.replan();
      publisher.publish();
    },

    clear() {
      cache.clear();
      pipeline.clear();
      publisher.clear();
      loop.reset();
    },

    status: () => loop.status(),
  };
}
