// How much to trust what is on screen. The snapshot itself is never thrown away on an error: the last good
// numbers stay, with their as-of time, and freshness says why they are not live.
import type { Freshness } from '../../../common/contract';
import type { ArbionError } from '../errors';
import { SIGN_IN_ERROR_CODES } from './authGate';

/** A snapshot older than this many poll intervals is stale. */
export const STALE_AFTER_INTERVALS = 3;

export interface FreshnessInput {
  now: number;
  /** When the last good snapshot was fetched (null: never in this session). */
  lastSuccessAt: number | null;
  /** The latest poll's error, cleared by a success. */
  lastError: ArbionError | null;
  /** The poll interval in force; Infinity while polling is paused because the market is closed. */
  intervalMs: number;
  /** The sign-in needs the user (refresh token expired or revoked). */
  reauthRequired: boolean;
  /** The quote stream is healthy (absent: no stream). */
  streamingHealthy?: boolean;
}

export interface FreshnessState {
  freshness: Freshness;
  /** Stable words (no clock times) so an unchanged state does not look like a change. */
  reason: string | null;
}

export function computeFreshness(input: FreshnessInput): FreshnessState {
  const e = input.lastError;
  if (input.reauthRequired || (e && SIGN_IN_ERROR_CODES.has(e.code))) {
    return { freshness: 'reauth-required', reason: 'The Schwab sign-in has expired. Sign in again to resume live data.' };
  }
  if (e?.code === 'RateLimited') {
    return { freshness: 'rate-limited', reason: 'Schwab is limiting requests. Arbion will retry shortly.' };
  }
  if (e && (e.code === 'Network' || e.code === 'Timeout')) {
    return { freshness: 'offline', reason: 'Schwab cannot be reached. Arbion keeps retrying.' };
  }
  if (e) {
    return { freshness: 'stale', reason: staleReasonFor(e) };
  }
  if (input.lastSuccessAt === null) {
    return { freshness: 'stale', reason: 'Showing saved data until Schwab answers.' };
  }
  if (input.now - input.lastSuccessAt > STALE_AFTER_INTERVALS * input.intervalMs) {
    return { freshness: 'stale', reason: 'No update from Schwab for several refresh intervals.' };
  }
  // Any refresh problem above outranks the stream: the REST refresh stays the ground truth.
  return { freshness: input.streamingHealthy === true ? 'streaming' : 'fresh', reason: null };
}

function staleReasonFor(e: ArbionError): string {
  switch (e.code) {
    case 'PayloadInvalid':
      return 'Schwab sent data Arbion could not read. Showing the last good data.';
    case 'ServerError':
      return "Schwab's servers are having trouble. Arbion will retry.";
    case 'Unauthorized':
    case 'Forbidden':
      return 'Schwab refused the request. Check the sign-in.';
    default:
      return 'The last refresh failed. Arbion will retry.';
  }
}

/** When a snapshot fetched at `lastSuccessAt` turns stale by age alone (Infinity when it cannot). */
export function staleAt(lastSuccessAt: number, intervalMs: number): number {
  return lastSuccessAt + STALE_AFTER_INTERVALS * intervalMs + 1;
}
