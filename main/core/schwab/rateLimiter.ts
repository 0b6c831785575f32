// Client-side limiter: at most `limit` requests in any rolling `windowMs` (120/minute is the budget every
// Schwab client assumes; Schwab publishes none for GETs). One instance is shared by every caller of the
// client, so the poller, "refresh now" and the doctor cannot add up to more than the budget.
import type { Clock } from '../ports';
import { ArbionError } from '../errors';

export interface RateLimiter {
  /** Resolves when a request may go out (and counts it). Rejects if `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Requests counted in the current window. */
  inWindow(): number;
  /** Callers waiting for a slot. */
  waiting(): number;
}

export interface RateLimiterOptions {
  clock: Clock;
  limit?: number;
  windowMs?: number;
}

export const SCHWAB_REQUESTS_PER_MINUTE = 120;

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { clock } = options;
  const limit = options.limit ?? SCHWAB_REQUESTS_PER_MINUTE;
  const windowMs = options.windowMs ?? 60_000;
  // Send times of the requests still inside the window, oldest first.
  const sent: number[] = [];
  const queue: Waiter[] = [];
  let timer: unknown = null;

  const prune = (now: number): void => {
    while (sent.length > 0 && sent[0]! <= now - windowMs) sent.shift();
  };

  const pump = (): void => {
    const now = clock.now();
    prune(now);
    while (queue.length > 0 && sent.length < limit) {
      const w = queue.shift()!;
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      sent.push(now);
      w.resolve();
    }
    if (queue.length > 0 && timer === null) {
      // FIFO: the head waits until the oldest send leaves the window.
      const wait = sent[0]! + windowMs - now;
      timer = clock.setTimeout(() => {
        timer = null;
        pump();
      }, Math.max(1, wait));
    }
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason ?? new ArbionError('Internal', 'Cancelled'));
      return new Promise<void>((resolve, reject) => {
        const w: Waiter = { resolve, reject, signal, onAbort: undefined };
        if (signal) {
          w.onAbort = () => {
            const i = queue.indexOf(w);
            if (i >= 0) queue.splice(i, 1);
            reject(signal.reason ?? new ArbionError('Internal', 'Cancelled'));
          };
          signal.addEventListener('abort', w.onAbort, { once: true });
        }
        queue.push(w);
        pump();
      });
    },
    inWindow() {
      prune(clock.now());
      return sent.length;
    },
    waiting() {
      return queue.length;
    },
  };
}
