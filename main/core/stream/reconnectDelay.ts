// The stream's reconnect timing: exponential from 1 s to a 60 s cap, each wait jittered ±20 % so many
// clients dropped by the same outage do not come back in lockstep, and never immediately.
import type { BackoffPolicy } from '../schwab/backoff';

export const STREAM_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };
const JITTER = 0.2;

/** The wait before reconnect attempt `attempt` (0 = the first after a drop). */
export function reconnectDelay(attempt: number, random: () => number = Math.random, policy: BackoffPolicy = STREAM_BACKOFF): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const jittered = ceiling * (1 - JITTER + 2 * JITTER * random());
  return Math.round(Math.min(policy.capMs, jittered));
}
