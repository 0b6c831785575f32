// The top bar: total value, day change, as-of time, freshness, market session, DEMO marker, and the window's actions.
import type { AuthState, PortfolioSnapshot, StreamStateView } from '../../../common/contract';
import { formatAsOf, formatTimestamp } from '../format/timeFormat';
import { PRIVACY_SHORTCUT_LABEL } from '../hooks/usePrivacyShortcut';
import { Change } from './Change';
import { FreshnessBadge } from './FreshnessBadge';
import { MarketSessionBadge } from './MarketSessionBadge';
import { StreamBadge } from './StreamBadge';
import { EyeIcon, EyeOffIcon, GearIcon, LogoMark, PulseIcon, RefreshIcon } from './icons';
import { Money } from './Money';

export interface HeaderProps {
  snapshot: PortfolioSnapshot | null;
  auth: AuthState;
  /** The quote stream (null: not known, nothing shown). */
  stream?: StreamStateView | null;
  onTakeBackStream?(): void;
  now: number;
  privacy: boolean;
  refreshing: boolean;
  onRefresh(): void;
  onTogglePrivacy(): void;
  onOpenSettings(): void;
  onOpenDiagnostics(): void;
}

export function Header(props: HeaderProps) {
  const { snapshot, auth, now, privacy, refreshing } = props;
  const demo = snapshot?.demo === true || auth.mode === 'demo';
  const blocked = auth.status === 'reauth-required';
  return (
    <header className={`topbar${blocked ? ' stale' : ''}`}>
      <div className="brand">
        <LogoMark />
        <span className="brand-name">Arbion</span>
        {demo && (
          <span className="demo-pill" title="Simulated data from the built-in Schwab sandbox — not your real accounts">
            DEMO
          </span>
        )}
      </div>
      <div className="headline">
        {snapshot ? (
          <>
            <div className="headline-value">
              <span className="label">Total value</span>
              <Money value={snapshot.totals.liquidationValue} className="big-figure" />
            </div>
            <div className="headline-change">
              <span className="label">Day change</span>
              <Change value={snapshot.totals.dayChange} percent={snapshot.totals.dayChangePercent} className="mid-figure" />
            </div>
            <div className="headline-asof">
              <span className="label">As of</span>
              <time dateTime={snapshot.asOf} title={formatTimestamp(snapshot.asOf)} className="asof">
                {formatAsOf(snapshot.asOf, now)}
              </time>
            </div>
          </>
        ) : (
          <span className="muted">No portfolio data yet</span>
        )}
        <FreshnessBadge snapshot={snapshot} auth={auth} />
        {auth.status === 'signed-in' && (
          <StreamBadge stream={props.stream ?? null} onTakeBack={() => props.onTakeBackStream?.()} />
        )}
        <MarketSessionBadge now={now} />
      </div>
      <div className="toolbar" role="toolbar" aria-label="Window actions">
        <button type="button" className="btn" onClick={props.onRefresh} disabled={refreshing || blocked} aria-busy={refreshing} title="Refresh">
          <span className={refreshing ? 'spin' : undefined}>
            <RefreshIcon />
          </span>
          <span className="btn-text">Refresh</span>
        </button>
        <button
          type="button"
          className="btn icon-btn"
          aria-pressed={privacy}
          onClick={props.onTogglePrivacy}
          title={`Privacy mode (${PRIVACY_SHORTCUT_LABEL})`}
          aria-keyshortcuts="Control+Shift+P Meta+Shift+P"
        >
          {privacy ? <EyeOffIcon /> : <EyeIcon />}
          <span className="sr-only">Privacy mode</span>
        </button>
        <button type="button" className="btn icon-btn" onClick={props.onOpenDiagnostics} title="Diagnostics">
          <PulseIcon />
          <span className="sr-only">Diagnostics</span>
        </button>
        <button type="button" className="btn icon-btn" onClick={props.onOpenSettings} title="Settings">
          <GearIcon />
          <span className="sr-only">Settings</span>
        </button>
      </div>
    </header>
  );
}
