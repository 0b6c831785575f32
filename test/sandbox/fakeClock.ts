// A clock the test moves by hand: token and code lifetimes, the Date header and timers follow it.
import type { Clock } from '../../main/core/ports';

interface Timer {
  at: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private timers = new Map<number, Timer>();
  private nextId = 1;

  constructor(private current = Date.UTC(2025, 0, 15, 15, 0, 0)) {}

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.current = due[1].at;
      due[1].fn();
    }
    this.current = target;
  }

  pendingTimers(): number {
    return this.timers.size;
  }
}
