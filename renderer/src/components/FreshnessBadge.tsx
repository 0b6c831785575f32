// Live / cached / stale / offline / rate-limited / re-auth badge; the cause shows on hover and keyboard focus.
import type { AuthState, PortfolioSnapshot } from '../../../common/contract';
import { freshnessView } from './freshness';

export function FreshnessBadge({ snapshot, auth }: { snapshot: PortfolioSnapshot | null; auth: AuthState | null }) {
  const view = freshnessView(snapshot, auth);
  return (
    <span className={`badge badge-dot-compact tone-${view.tone}`} tabIndex={0} data-reason={view.reason} data-testid="freshness-badge" title={view.reason}>
      <span className="dot" aria-hidden="true" />
      <span className="badge-label">{view.label}</span>
      <span className="sr-only">: {view.reason}</span>
    </span>
  );
}
