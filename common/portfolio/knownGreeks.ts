// A REST refresh's option quotes carry delta, theta, IV and the underlying's price but not the days to
// expiration (that is the stream's), and a failed quotes request carries none: a new snapshot keeps the last
// known value of each figure it lacks, per contract held before; a contract no longer held loses them.
import { OPTION_GREEK_KEYS, type OptionGreeks, type PortfolioSnapshot, type PositionView } from '../contract/portfolio';

function hasGreeks(p: PositionView): boolean {
  return OPTION_GREEK_KEYS.some((k) => p[k] !== undefined && p[k] !== null);
}

/** `next` with each option position's unknown greeks taken from the same contract in `previous`. */
export function withKnownGreeks(next: PortfolioSnapshot, previous: PortfolioSnapshot | null): PortfolioSnapshot {
  if (previous === null) return next;
  const known = new Map<string, OptionGreeks>();
  for (const a of previous.accounts) {
    for (const p of a.positions) {
      if (p.assetType === 'OPTION' && hasGreeks(p)) {
        known.set(p.symbol, { delta: p.delta ?? null, theta: p.theta ?? null, iv: p.iv ?? null, daysToExpiration: p.daysToExpiration ?? null, underlyingPrice: p.underlyingPrice ?? null });
      }
    }
  }
  if (known.size === 0) return next;
  return {
    ...next,
    accounts: next.accounts.map((a) => {
      if (!a.positions.some((p) => p.assetType === 'OPTION' && known.has(p.symbol))) return a;
      return {
        ...a,
        positions: a.positions.map((p) => {
          const greeks = p.assetType === 'OPTION' ? known.get(p.symbol) : undefined;
          if (!greeks) return p;
          const merged = { ...p };
          for (const k of OPTION_GREEK_KEYS) merged[k] = p[k] ?? greeks[k];
          return merged;
        }),
      };
    }),
  };
}
