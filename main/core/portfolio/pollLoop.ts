// When to refresh: one poll at a time (a second caller joins it), the next one planned at the pace in force
// (market hours, the off-hours setting, backoff after errors, Retry-After), cancelled on sign-out, and a
// timer that re-publishes when the last good data turns stale by age before any poll lands. What a poll
// does is `refresh`; what happens with its result is the caller's callbacks.
import type { PortfolioSnapshot, Settings } from '../../../common/contract';
import { isArbionError, toArbionError, type ArbionError } from '../errors';
import type { Clock, Logger } from '../ports';
import { staleAt } from './freshness';
import { effectiveInterval, planNextPoll, type PollPlan } from './pollSchedule';

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

export interface PollLoopOptions {
  clock: Clock;
  logger: Logger;
  settings: { get(): Settings };
  isMarketOpen: (ms: number) => boolean;
  nextMarketOpen: (ms: number) => number;
  /** Backoff jitter (tests pin it). */
  random?: (() => number) | undefined;
  /** Whether Schwab may be asked now (signed in). */
  mayPoll(): boolean;
  refresh(signal: AbortSignal): Promise<PortfolioSnapshot>;
  /** A poll brought a snapshot (`at`: its as-of time). */
  onRefreshed(snapshot: PortfolioSnapshot, at: number): void;
  onFailed(error: ArbionError): void;
  /** After every poll, once the next one is planned; `cancelled` when it was aborted (stop, sign-out). */
  onSettled(cancelled: boolean): void;
  /** The last good data has just turned stale by age. */
  onStale(): void;
}

export interface PollLoop {
  /** Starts planning polls after each one and arms the stale timer. Does not poll by itself. */
  start(): void;
  /** Stops the timers and cancels a poll in flight. */
  stop(): Promise<void>;
  /** Polls now, or joins the poll in flight. Works without start (one-shot use): then nothing is planned. */
  pollNow(): Promise<void>;
  /** Plans the next poll again after the Settings changed. False when a poll in flight will plan it. */
  replan(): boolean;
  /** Signed out or must sign in again: no timer, and the poll in flight is cancelled. */
  pause(): void;
  /** A new sign-in starts from a clean error state. */
  newSignIn(): void;
  /** The user asked for a refresh: a sign-in error no longer holds polling back. */
  forgetSignInError(): void;
  /** Forget every outcome (sign-out, demo ↔ live). */
  reset(): void;
  /** The poll interval in force, for the staleness rule (Infinity while paused for the night). */
  intervalMs(): number;
  status(): PollerStatus;
}

export function createPollLoop(options: PollLoopOptions): PollLoop {
  const { clock, logger: log } = options;
  let running = false;
  let inFlight: Promise<void> | null = null;
  let abort: AbortController | null = null;
  let pollTimer: unknown = null;
  let nextPollAt: number | null = null;
  let staleTimer: unknown = null;
  let plan: PollPlan | null = null;
  let polls = 0;
  let lastSuccessAt: number | null = null;
  let lastError: ArbionError | null = null;
  let consecutiveErrors = 0;

  const currentInterval = (): number => {
    const now = clock.now();
    return effectiveInterval({
      settings: options.settings.get(),
      marketOpen: options.isMarketOpen(now),
      now,
      nextOpenAt: options.nextMarketOpen(now),
    }).intervalMs;
  };
  const intervalMs = (): number => plan?.intervalMs ?? currentInterval();

  function cancelPollTimer(): void {
    if (pollTimer !== null) clock.clearTimeout(pollTimer);
    pollTimer = null;
    nextPollAt = null;
  }

  function cancelStaleTimer(): void {
    if (staleTimer !== null) clock.clearTimeout(staleTimer);
    staleTimer = null;
  }

  /** Only good data can age into stale; an error has already said why the numbers are not live. */
  function armStaleTimer(): void {
    cancelStaleTimer();
    if (!running || lastSuccessAt === null || lastError !== null) return;
    const interval = intervalMs();
    if (!Number.isFinite(interval)) return;
    const delay = staleAt(lastSuccessAt, interval) - clock.now();
    // Already stale: whoever re-armed publishes now, so no timer is needed until the next success.
    if (delay <= 0) return;
    staleTimer = clock.setTimeout(() => {
      staleTimer = null;
      options.onStale();
    }, delay);
  }

  function schedule(): void {
    cancelPollTimer();
    if (!running || !options.mayPoll() || inFlight) return;
    if (lastError && isSignInError(lastError)) return; // wait for the user to sign in again
    const now = clock.now();
    plan = planNextPoll({
      now,
      settings: options.settings.get(),
      marketOpen: options.isMarketOpen(now),
      nextOpenAt: options.nextMarketOpen(now),
      consecutiveErrors,
      lastError,
      ...(options.random ? { random: options.random } : {}),
    });
    nextPollAt = now + plan.delayMs;
    pollTimer = clock.setTimeout(() => {
      pollTimer = null;
      nextPollAt = null;
      void pollNow();
    }, plan.delayMs);
  }

  async function pollOnce(signal: AbortSignal): Promise<void> {
    try {
      const snapshot = await options.refresh(signal);
      const at = Date.parse(snapshot.asOf);
      lastSuccessAt = at;
      lastError = null;
      consecutiveErrors = 0;
      options.onRefreshed(snapshot, at);
    } catch (e) {
      if (signal.aborted) return;
      const err = toArbionError(e);
      lastError = err;
      consecutiveErrors++;
      log.warn('poll failed', { code: err.code, status: err.status, consecutiveErrors, message: err.message });
      options.onFailed(err);
    }
  }

  function pollNow(): Promise<void> {
    if (inFlight) return inFlight;
    cancelPollTimer();
    const controller = new AbortController();
    abort = controller;
    polls++;
    inFlight = (async () => {
      try {
        await pollOnce(controller.signal);
      } finally {
        if (abort === controller) abort = null;
        inFlight = null;
        const cancelled = controller.signal.aborted;
        if (!cancelled) {
          schedule();
          armStaleTimer();
        }
        options.onSettled(cancelled);
      }
    })();
    return inFlight;
  }

  return {
    start() {
      running = true;
      armStaleTimer();
    },

    async stop() {
      running = false;
      cancelPollTimer();
      cancelStaleTimer();
      abort?.abort();
      await inFlight?.catch(() => undefined);
    },

    pollNow,

    replan() {
      if (!running || inFlight) return false;
      plan = null;
      schedule();
      armStaleTimer();
      return true;
    },

    pause() {
      cancelPollTimer();
      abort?.abort();
    },

    newSignIn() {
      lastError = null;
      consecutiveErrors = 0;
    },

    forgetSignInError() {
      if (lastError && isSignInError(lastError)) lastError = null;
    },

    reset() {
      cancelStaleTimer();
      lastSuccessAt = null;
      lastError = null;
      consecutiveErrors = 0;
    },

    intervalMs,

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

function isSignInError(e: ArbionError): boolean {
  return isArbionError(e, 'ReauthRequired') || isArbionError(e, 'RefreshTokenExpired') || isArbionError(e, 'NotSignedIn');
}
