// Runs `fn` at once on the first trigger, then at most once per `ms` while triggers keep coming (the last one
// always gets its run): ticks can arrive 60 times a second, and neither the alerts in the core nor the figures
// around the window's table need each of them.

/** The timers it needs (the core's Clock port, or the browser's own). */
export interface ThrottleTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LeadingThrottle {
  trigger(): void;
  cancel(): void;
}

export function createLeadingThrottle(clock: ThrottleTimers, ms: number, fn: () => void): LeadingThrottle {
  let timer: unknown = null;
  let pending = false;
  const settle = (): void => {
    if (!pending) {
      timer = null;
      return;
    }
    pending = false;
    fn();
    timer = clock.setTimeout(settle, ms);
  };
  return {
    trigger() {
      if (timer !== null) {
        pending = true;
        return;
      }
      fn();
      timer = clock.setTimeout(settle, ms);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pending = false;
    },
  };
}
