// The CLI's clock: the system clock, but with timers that keep the process alive. systemClock unrefs its
// timers (the app and the browser host must be able to quit while a poll is scheduled); a one-shot
// command waiting out a retry backoff has nothing else holding the event loop, and would end mid-await.
// index.ts exits explicitly when the command returns, so a pending timer never holds the CLI open.
import type { Clock } from '../core/ports';

export const cliClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
