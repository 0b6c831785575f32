// Which freshness states mean "these are live numbers": fresh from the last refresh, or moving with the quote
// stream. Everything that must not act on old numbers (alerts, the CLI's stale mark) asks this one rule.
import type { Freshness } from '../contract';

export function isLiveFreshness(freshness: Freshness): freshness is 'fresh' | 'streaming' {
  return freshness === 'fresh' || freshness === 'streaming';
}
