// Which freshness badge the header shows, and why, from the snapshot and the sign-in state.
import type { AuthState, PortfolioSnapshot } from '../../../common/contract';

export type BadgeTone = 'good' | 'neutral' | 'warn' | 'bad';

export interface FreshnessView {
  label: string;
  tone: BadgeTone;
  reason: string;
}

export function freshnessView(snapshot: PortfolioSnapshot | null, auth: AuthState | null): FreshnessView {
  if (auth?.status === 'reauth-required' || snapshot?.freshness === 'reauth-required') {
    return {
      label: 'Re-auth required',
      tone: 'bad',
      reason: snapshot?.freshnessReason ?? auth?.reason ?? 'Schwab needs you to sign in again before prices can update.',
    };
  }
  if (!snapshot) return { label: 'Waiting', tone: 'neutral', reason: 'Waiting for the first update from Schwab.' };
  switch (snapshot.freshness) {
    case 'rate-limited':
      return {
        label: 'Rate-limited',
        tone: 'warn',
        reason: snapshot.freshnessReason ?? 'Schwab asked us to slow down; updates resume shortly.',
      };
    case 'offline':
      return {
        label: 'Offline',
        tone: 'bad',
        reason: snapshot.freshnessReason ?? 'Schwab cannot be reached; showing the last data received.',
      };
    case 'stale':
      return {
        label: 'Stale',
        tone: 'warn',
        reason: snapshot.freshnessReason ?? 'The last updates failed; figures may be out of date.',
      };
    case 'fresh':
    case 'streaming':
      if (snapshot.source === 'cache') {
        return { label: 'Cached', tone: 'neutral', reason: snapshot.freshnessReason ?? 'Showing saved data until the first live update arrives.' };
      }
      // The demo's numbers come from the built-in sandbox: never claim they are Schwab's.
      return snapshot.demo
        ? { label: 'Demo data', tone: 'good', reason: 'Simulated prices from the built-in Schwab sandbox, not your accounts.' }
        : snapshot.freshness === 'streaming'
          ? { label: 'Streaming', tone: 'good', reason: snapshot.freshnessReason ?? 'Prices stream from Schwab as they change; each refresh reconciles the balances.' }
          : { label: 'Live', tone: 'good', reason: snapshot.freshnessReason ?? 'Up to date with Schwab.' };
    default:
      return { label: 'Unknown', tone: 'neutral', reason: snapshot.freshnessReason ?? '' };
  }
}
