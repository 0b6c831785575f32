// The one fake the tests allow: time (token and code lifetimes, limiter, backoff, timeouts, the poller).
// Real I/O (sandbox HTTP, SQLite) still runs in real time; `settle` interleaves the two: let I/O progress,
// then jump to the next timer.
import type { Clock } from '../../main/core/ports';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];
  private scheduledWaiters: Array<{ match: (delayMs: number) => boolean; resolve: (delayMs: number) => void }> = [];

  constructor(start = Date.UTC(2025, 0, 15, 15, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: ++this.seq, at: this.t + Math.max(0, ms), fn };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
    const delay = Math.max(0, ms);
    this.scheduledWaiters = this.scheduledWaiters.filter((w) => (w.match(delay) ? (w.resolve(delay), false) : true));
    return timer.id;
  }

  /**
   * Resolves with the delay of the next timer the code under test schedules — an event to await where a
   * test would otherwise sleep in real time hoping the code got there.
   */
  nextScheduled(match: (delayMs: number) => boolean = () => true): Promise<number> {
    return new Promise((resolve) => this.scheduledWaiters.push({ match, resolve }));
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  pending(): number {
    return this.timers.length;
  }

  nextAt(): number | undefined {
    return this.timers[0]?.at;
  }

  /** Moves time forward, firing due timers in order (synchronously). */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = target;
  }

  /** Jumps to the next timer and fires it (and any due at the same instant). */
  runNext(): boolean {
    const next = this.timers[0];
    if (!next) return false;
    this.advance(next.at - this.t);
    return true;
  }

  setNow(ms: number): void {
    this.t = ms;
  }
}

/** Lets real I/O and promise chains run for a moment. */
export function flushIo(ms = 5): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Repeats: let real I/O run, check `done`, else fire the next fake timer — until `done()` or the real-time
 * budget runs out. `maxJumpMs` stops it from skipping past timers the test wants to observe.
 */
export async function settle(
  clock: FakeClock,
  done: () => boolean,
  options: { realTimeoutMs?: number; maxJumpMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.realTimeoutMs ?? 10_000);
  while (Date.now() < deadline) {
    await flushIo();
    if (done()) return;
    const next = clock.nextAt();
    if (next === undefined) continue;
    const jump = next - clock.now();
    if (options.maxJumpMs !== undefined && jump > options.maxJumpMs) {
      clock.advance(options.maxJumpMs);
    } else {
      clock.runNext();
    }
  }
  throw new Error('settle: condition not reached in time');
}
