// The live portfolio: polls Schwab (the accounts request, then one quotes request for the prices of what is
// held, when wired), turns the answers into a PortfolioSnapshot,
// and emits it only when something visible changed. It shows the cached snapshot at start, keeps the last
// good one through errors (marking freshness), persists each good one, records balance history, and
// stops asking while the user is signed out or must sign in again.
import type {
  AuthStatus,
  HistoryPoint,
  HistoryRange,
  PortfolioPatch,
  PortfolioSnapshot,
  PricePatch,
  Settings,
  Unsubscribe,
} from '../../../common/contract';
import { isArbionError, toArbionError, type ArbionError } from '../errors';
import { silentLogger } from '../log/logger';
import { systemClock, type Clock, type Logger } from '../ports';
import type { AccountsClient } from '../schwab/accountsClient';
import { createAccountMap, type AccountMap } from '../store/accountMap';
import type { Db } from '../store/database';
import { createHistoryStore, TOTAL_SERIES, type HistoryStore } from '../store/historyStore';
import { createSnapshotCache, type SnapshotCache } from '../store/snapshotCache';
import { computeFreshness, staleAt } from './freshness';
import { isRegularMarketOpen, nextMarketOpen, startOfNyDay } from './marketHours';
import type { PositionQuotes } from './positionQuotes';
import type { SymbolNames } from './symbolNames';
import type { AccountNicknames } from './accountNicknames';
import { AUDIT_EVENTS, type AuditLog } from '../store/auditLog';
import { maskSnapshot } from './masking';
import { normalizeAccounts } from './normalize';
import { effectiveInterval, planNextPoll, type PollPlan } from './pollSchedule';
import { snapshotChanged } from './snapshotDiff';
import { createPatchFeed } from './model/patchFeed';

/** The part of the auth state the poller needs (AuthStateObservable fits as is). */
export interface AuthGateState {
  status: AuthStatus;
  mode?: 'demo' | 'live';
  /** ISO time of the current sign-in: a mapping fetched before it belongs to an earlier sign-in. */
  signedInAt?: string | null;
}
export interface AuthGate {
  get(): AuthGateState;
  subscribe(cb: (state: AuthGateState) => void): () => void;
}

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
  /** Where API error classes are recorded: once when a class of failure starts, once when it clears. */
  audit?: Pick<AuditLog, 'append'>;
}

/** Sign-in failures are audited by the auth layer itself. */
const AUTH_ERROR_CODES: ReadonlySet<string> = new Set(['ReauthRequired', 'RefreshTokenExpired', 'NotSignedIn', 'InvalidClient']);

export interface PollerStatus {
  running: boolean;
  inFlight: boolean;
  lastSuccessAt: number | null;
  lastError: ArbionError | null;
  consecutiveErrors: number;
  nextPollAt: number | null;
  plan: PollPlan | null;
  /** Polls attempted since start (each is one accounts request, plus accountNumbers once per sign-in). */
  polls: number;
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
  /**
   * New prices for some symbols (a quote stream's ticks): reprices what is held through the model's reducer
   * and emits the patch (null: nothing changed, e.g. a symbol not held or a price older than the snapshot).
   */
  applyPricePatch(prices: readonly PricePatch[]): PortfolioPatch | null;
  /** Patches, one per price change that altered something. */
  onPortfolioPatch(cb: (patch: PortfolioPatch) => void): Unsubscribe;
  /** Balance history for a chart: the total, or one account by hash. */
  history(range: HistoryRange, accountHash?: string): HistoryPoint[];
  /** Re-plan the next poll after the Settings changed (interval, off-hours behaviour). */
  settingsChanged(): void;
  /** Forget the cached snapshot and account map (sign-out, switching demo ↔ live). History is kept. */
  clear(): void;
  status(): PollerStatus;
}

const POLLABLE: ReadonlySet<AuthStatus> = new Set(['signed-in']);

/**
 * The startup cache is rewritten at most this often (and on stop). A 10-account portfolio serialises to
 * ~1 MB; writing it every 10 s would cost ~8 GB of disk writes a day for a display shown for a second.
 */
export const CACHE_WRITE_INTERVAL_MS = 60_000;

export function createPortfolioService(options: PortfolioServiceOptions): PortfolioService {
  const clock = options.clock ?? systemClock;
  const log = (options.logger ?? silentLogger).child('portfolio');
  const isOpen = options.isMarketOpen ?? isRegularMarketOpen;
  const nextOpen = options.nextMarketOpen ?? nextMarketOpen;
  const cache: SnapshotCache = createSnapshotCache(options.db);
  const history: HistoryStore = createHistoryStore(options.db, clock);
  const accountMap: AccountMap = createAccountMap(options.db);
  const listeners = new Set<(s: PortfolioSnapshot) => void>();
  const patches = createPatchFeed(log);

  let running = false;
  let unsubscribeGate: (() => void) | null = null;
  let gate: AuthGateState = options.authGate.get();
  /** Raw (unmasked) data from the last good poll or the cache, without freshness. */
  let data: PortfolioSnapshot | null = null;
  /** What was last emitted (for the structural diff). */
  let emitted: PortfolioSnapshot | null = null;
  let composed: PortfolioSnapshot | null = null;
  let lastSuccessAt: number | null = null;
  let lastError: ArbionError | null = null;
  let consecutiveErrors = 0;
  let polls = 0;
  let inFlight: Promise<void> | null = null;
  let abort: AbortController | null = null;
  let pollTimer: unknown = null;
  let nextPollAt: number | null = null;
  let staleTimer: unknown = null;
  let plan: PollPlan | null = null;
  /**
   * accountNumbers is fetched once per sign-in (and again if an unknown account shows up). The mapping is
   * kept in SQLite, so a restart within the same sign-in does not spend a request on it.
   */
  let mapFetchedThisSession = mapIsFromThisSignIn();
  let compactedDay: number | null = null;
  /** The error class last written to the audit log (null: the last refresh succeeded). */
  let auditedError: string | null = null;
  let cacheWrittenAt: number | null = null;
  /** A live snapshot not yet in the cache. */
  let cachePending: PortfolioSnapshot | null = null;

  function signedInAtMs(): number | null {
    const ms = gate.signedInAt ? Date.parse(gate.signedInAt) : NaN;
    return Number.isNaN(ms) ? null : ms;
  }

  /** A fresh process (each CLI command) reuses the stored mapping only if it was fetched since the sign-in. */
  function mapIsFromThisSignIn(): boolean {
    const fetchedAt = accountMap.fetchedAt();
    if (fetchedAt === null) return false;
    const signedInAt = gate.signedInAt ? Date.parse(gate.signedInAt) : NaN;
    return Number.isNaN(signedInAt) || fetchedAt >= signedInAt;
  }

  const currentInterval = (): number =>
    effectiveInterval({
      settings: options.settings.get(),
      marketOpen: isOpen(clock.now()),
      now: clock.now(),
      nextOpenAt: nextOpen(clock.now()),
    }).intervalMs;

  function publish(): void {
    if (data === null) return;
    const { freshness, reason } = computeFreshness({
      now: clock.now(),
      lastSuccessAt: lastSuccessAt ?? (data.source === 'cache' ? Date.parse(data.asOf) : null),
      lastError,
      intervalMs: plan?.intervalMs ?? currentInterval(),
      reauthRequired: gate.status === 'reauth-required',
    });
    composed = { ...data, freshness, freshnessReason: reason };
    if (snapshotChanged(emitted, composed)) {
      emitted = composed;
      const masked = maskSnapshot(composed);
      for (const cb of listeners) {
        try {
          cb(masked);
        } catch (e) {
          log.error('snapshot listener failed', { error: e });
        }
      }
    }
    armStaleTimer();
  }

  /** Re-publishes when the current data would turn stale by age, in case no poll lands before then. */
  function armStaleTimer(): void {
    if (staleTimer !== null) clock.clearTimeout(staleTimer);
    staleTimer = null;
    if (!running || lastSuccessAt === null || lastError !== null) return;
    const interval = plan?.intervalMs ?? currentInterval();
    if (!Number.isFinite(interval)) return;
    const at = staleAt(lastSuccessAt, interval);
    staleTimer = clock.setTimeout(() => {
      staleTimer = null;
      publish();
    }, Math.max(1, at - clock.now()));
  }

  function cancelPollTimer(): void {
    if (pollTimer !== null) clock.clearTimeout(pollTimer);
    pollTimer = null;
    nextPollAt = null;
  }

  function schedule(): void {
    cancelPollTimer();
    if (!running || !POLLABLE.has(gate.status) || inFlight) return;
    if (lastError && isReauthError(lastError)) return; // wait for the user to sign in again
    const now = clock.now();
    plan = planNextPoll({
      now,
      settings: options.settings.get(),
      marketOpen: isOpen(now),
      nextOpenAt: nextOpen(now),
      consecutiveErrors,
      lastError,
      ...(options.random ? { random: options.random } : {}),
    });
    nextPollAt = now + plan.delayMs;
    pollTimer = clock.setTimeout(() => {
      pollTimer = null;
      nextPollAt = null;
      void poll();
    }, plan.delayMs);
  }

  async function ensureAccountMap(signal: AbortSignal, force: boolean): Promise<void> {
    if (mapFetchedThisSession && !force) return;
    const res = await options.client.getAccountNumbers(signal);
    accountMap.replace(
      res.data.map((e) => ({ accountNumber: e.accountNumber, hash: e.hashValue })),
      clock.now(),
    );
    mapFetchedThisSession = true;
  }

  async function pollOnce(signal: AbortSignal): Promise<void> {
    polls++;
    await ensureAccountMap(signal, false);
    // Alongside the accounts request, not before it: names never delay the numbers.
    const nicknames = options.accountNicknames?.ensureFetched(signedInAtMs(), clock.now(), signal);
    const res = await options.client.getAccountsWithPositions(signal);
    if (res.data.some((a) => accountMap.hashFor(a.securitiesAccount.accountNumber) === undefined)) {
      // A newly linked account: refresh the mapping once rather than show a stand-in hash.
      await ensureAccountMap(signal, true);
    }
    const asOf = clock.now();
    let snapshot = normalizeAccounts(res.data, {
      hashFor: (n) => accountMap.hashFor(n),
      asOf,
      source: 'live',
      demo: gate.mode === 'demo',
    });
    if (options.quotes) {
      snapshot = await options.quotes.apply(snapshot, signal);
      if (options.symbolNames) snapshot = options.symbolNames.apply(snapshot);
    } else if (options.symbolNames) {
      await options.symbolNames.lookupMissing(snapshot, signal);
      snapshot = options.symbolNames.apply(snapshot);
    }
    if (options.accountNicknames) {
      await nicknames;
      snapshot = options.accountNicknames.apply(snapshot);
    }
    // Unchanged numbers need no new cache row (the as-of in the cache may lag; it is only a start-up view).
    if (data === null || snapshotChanged(data, snapshot)) cachePending = snapshot;
    data = snapshot;
    lastSuccessAt = asOf;
    lastError = null;
    consecutiveErrors = 0;
    auditRecovery();
    persist(snapshot, asOf);
  }

  function writeCache(force: boolean): void {
    if (cachePending === null) return;
    const now = clock.now();
    if (!force && cacheWrittenAt !== null && now - cacheWrittenAt < CACHE_WRITE_INTERVAL_MS) return;
    cache.save(cachePending);
    cachePending = null;
    cacheWrittenAt = now;
  }

  function persist(snapshot: PortfolioSnapshot, at: number): void {
    try {
      writeCache(false);
      history.record(at, [
        {
          series: TOTAL_SERIES,
          liquidationCents: snapshot.totals.liquidationValue,
          dayChangeCents: snapshot.totals.dayChange,
        },
        ...snapshot.accounts.map((a) => ({
          series: a.hash,
          liquidationCents: a.liquidationValue,
          dayChangeCents: a.dayChange,
        })),
      ]);
      const day = startOfNyDay(at);
      if (compactedDay !== day) {
        compactedDay = day;
        const r = history.compact();
        if (r.toQuarterHour + r.toDaily > 0) log.info('history compacted', { ...r });
      }
    } catch (e) {
      // A full disk must not stop live numbers; the next poll tries again.
      log.error('could not persist the snapshot', { error: e });
    }
  }

  function auditFailure(err: ArbionError): void {
    const errorClass = `${err.code}${err.status !== undefined ? ` HTTP ${err.status}` : ''}`;
    if (AUTH_ERROR_CODES.has(err.code) || errorClass === auditedError) return;
    auditedError = errorClass;
    options.audit?.append(AUDIT_EVENTS.apiError, 'fail', `${errorClass}: ${err.message}`);
  }

  function auditRecovery(): void {
    if (auditedError === null) return;
    options.audit?.append(AUDIT_EVENTS.apiError, 'ok', `Refreshes work again after ${auditedError}`);
    auditedError = null;
  }

  function poll(): Promise<void> {
    if (inFlight) return inFlight;
    cancelPollTimer();
    const controller = new AbortController();
    abort = controller;
    inFlight = (async () => {
      try {
        await pollOnce(controller.signal);
      } catch (e) {
        if (controller.signal.aborted) return;
        const err = toArbionError(e);
        lastError = err;
        consecutiveErrors++;
        log.warn('poll failed', { code: err.code, status: err.status, consecutiveErrors, message: err.message });
        auditFailure(err);
      } finally {
        if (abort === controller) abort = null;
        inFlight = null;
        if (!controller.signal.aborted) {
          schedule();
          publish();
        }
      }
    })();
    return inFlight;
  }

  function onGate(next: AuthGateState): void {
    const prev = gate;
    gate = next;
    if (next.status === prev.status && next.mode === prev.mode) return;
    if (next.status === 'signed-in' && prev.status !== 'signed-in') {
      // A new sign-in: fetch accountNumbers again and start from a clean error state.
      mapFetchedThisSession = false;
      lastError = null;
      consecutiveErrors = 0;
      if (running) void poll();
      return;
    }
    if (!POLLABLE.has(next.status)) {
      cancelPollTimer();
      abort?.abort();
    }
    publish();
  }

  function loadCache(): void {
    if (data !== null) return;
    const cached = cache.load();
    if (cached) data = { ...cached, source: 'cache' };
  }

  return {
    start() {
      if (running) return;
      running = true;
      gate = options.authGate.get();
      unsubscribeGate = options.authGate.subscribe(onGate);
      loadCache();
      publish();
      if (POLLABLE.has(gate.status)) void poll();
    },

    async stop() {
      running = false;
      try {
        writeCache(true);
      } catch (e) {
        log.error('could not persist the snapshot', { error: e });
      }
      unsubscribeGate?.();
      unsubscribeGate = null;
      cancelPollTimer();
      if (staleTimer !== null) clock.clearTimeout(staleTimer);
      staleTimer = null;
      abort?.abort();
      await inFlight?.catch(() => undefined);
    },

    async refreshNow() {
      gate = options.authGate.get();
      loadCache(); // a one-shot caller (the CLI) still gets the last known numbers if Schwab is unreachable
      if (POLLABLE.has(gate.status)) {
        if (lastError && isReauthError(lastError)) lastError = null; // the user asked: try once more
        await poll();
      } else {
        publish();
      }
      return composed ? maskSnapshot(composed) : null;
    },

    current: () => (composed ? maskSnapshot(composed) : null),
    currentWithAccountNumbers: () => composed,

    onSnapshot(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },

    applyPricePatch(prices) {
      if (data === null || composed === null) return null;
      const next = patches.apply({ data, composed }, prices);
      if (next === null) return null;
      data = next.data;
      composed = next.composed;
      emitted = composed; // the next publish diffs against what the window now holds
      cachePending = data;
      return next.patch;
    },

    onPortfolioPatch: (cb) => patches.subscribe(cb),

    history: (range, accountHash) => history.range(range, accountHash ?? TOTAL_SERIES),

    settingsChanged() {
      if (!running || inFlight) return;
      plan = null;
      schedule();
      publish();
    },

    clear() {
      cachePending = null;
      cacheWrittenAt = null;
      cache.clear();
      accountMap.clear();
      options.accountNicknames?.clear();
      mapFetchedThisSession = false;
      data = null;
      composed = null;
      emitted = null;
      lastSuccessAt = null;
      lastError = null;
      consecutiveErrors = 0;
    },

    status: () => ({
      running,
      inFlight: inFlight !== null,
      lastSuccessAt,
      lastError,
      consecutiveErrors,
      nextPollAt,
      plan,
      polls,
    }),
  };
}

function isReauthError(e: ArbionError): boolean {
  return isArbionError(e, 'ReauthRequired') || isArbionError(e, 'RefreshTokenExpired') || isArbionError(e, 'NotSignedIn');
}
