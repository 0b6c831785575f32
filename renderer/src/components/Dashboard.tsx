// The signed-in window: header, deadline banner, account tabs, balances, history chart and positions.
// When Schwab requires a new sign-in the data stays visible but greyed, with its age, and Refresh is disabled.
import { useMemo, useState } from 'react';
import type { AuthState, PortfolioSnapshot, Settings, SignInStart, StreamStateView } from '../../../common/contract';
import { isRegularMarketOpen, nextMarketOpen } from '../../../common/market/marketHours';
import { paceInForce } from '../../../common/market/pollPace';
import { paceText } from '../../../common/market/sessionText';
import { useApi } from '../apiContext';
import { errorMessage } from '../format/errorMessage';
import { formatAge } from '../format/timeFormat';
import type { EffectiveTheme } from '../hooks/useTheme';
import { useNow } from '../hooks/useNow';
import { useThrottled } from '../hooks/useThrottled';
import { PRIVACY_SHORTCUT_LABEL } from '../hooks/usePrivacyShortcut';
import { ActivityPanel } from './ActivityPanel';
import { AlertList } from './AlertList';
import { ALL_ACCOUNTS, AccountTabs, POSITIONS_PANEL_ID, tabIdFor } from './AccountTabs';
import { accountTitle } from './accountTitle';
import { BalancesCard } from './BalancesCard';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { Header } from './Header';
import { HistoryChart } from './HistoryChart';
import { PositionsTable } from './PositionsTable';
import { ReauthBanner } from './ReauthBanner';
import { SettingsPanel } from './SettingsPanel';
import { ViewTabs, viewPanelId, viewTabId, type DashboardView } from './ViewTabs';

export interface DashboardProps {
  auth: AuthState;
  snapshot: PortfolioSnapshot | null;
  settings: Settings | null;
  /** The quote stream's state (null: not known yet). */
  stream?: StreamStateView | null;
  theme: EffectiveTheme;
  privacy: boolean;
  signInStart: SignInStart | null;
  signInBusy: boolean;
  onConnect(): void;
  onTogglePrivacy(): void;
  onAuth(auth: AuthState): void;
  onSnapshot(snapshot: PortfolioSnapshot | null): void;
  onSettings(settings: Settings): void;
}

/**
 * The pace the poller is keeping now (not the setting): slower or paused outside market hours, the slower
 * reconcile pace while the quote stream is healthy.
 */
export function footerPace(settings: Settings, auth: AuthState, now: number, streamingHealthy = false): string {
  if (auth.status === 'reauth-required') return 'Refresh paused until you sign in again';
  // The demo sandbox's market never closes, so the demo keeps its live pace (as the core does).
  const marketOpen = auth.mode === 'demo' || isRegularMarketOpen(now);
  const nextOpenAt = nextMarketOpen(now);
  return paceText(paceInForce({ settings, marketOpen, now, nextOpenAt, streamingHealthy }), nextOpenAt, now);
}

/** How often the header, tabs, balances and chart take up streamed figures (a figure is read, not watched). */
export const SURROUNDING_FIGURES_MS = 250;

export function Dashboard(props: DashboardProps) {
  const { auth, settings } = props;
  // The table follows every patch; the figures around it (header, tabs, balances, chart) four times a second.
  const live = props.snapshot;
  const snapshot = useThrottled(live, SURROUNDING_FIGURES_MS);
  const api = useApi();
  const now = useNow(30_000);
  const [selected, setSelected] = useState<string>(ALL_ACCOUNTS);
  const [panel, setPanel] = useState<'settings' | 'diagnostics' | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [view, setView] = useState<DashboardView>('portfolio');
  const [actionError, setActionError] = useState<string | null>(null);

  const account = snapshot?.accounts.find((a) => a.hash === selected) ?? null;
  const streamingHealthy = props.stream?.healthy === true;
  // The calendar's arithmetic only when its inputs change, not on every streamed patch the table follows.
  const pace = useMemo(() => (settings ? footerPace(settings, auth, now, streamingHealthy) : null), [settings, auth, now, streamingHealthy]);
  const selection = account ? account.hash : ALL_ACCOUNTS;
  const blocked = auth.status === 'reauth-required';

  const refresh = async (): Promise<void> => {
    setRefreshing(true);
    setActionError(null);
    try {
      const next = await api.refreshNow();
      if (next) props.onSnapshot(next);
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <div className="app">
      <Header
        snapshot={snapshot}
        stream={props.stream ?? null}
        onTakeBackStream={() => void api.takeBackStream().catch((e: unknown) => setActionError(errorMessage(e)))}
        auth={auth}
        now={now}
        privacy={props.privacy}
        refreshing={refreshing}
        onRefresh={() => void refresh()}
        onTogglePrivacy={props.onTogglePrivacy}
        onOpenSettings={() => setPanel('settings')}
        onOpenDiagnostics={() => setPanel('diagnostics')}
      />
      <ReauthBanner
        auth={auth}
        snapshot={snapshot}
        start={props.signInStart}
        busy={props.signInBusy}
        onRenew={props.onConnect}
        onAuth={props.onAuth}
      />
      {actionError && (
        <div className="banner warn" role="alert">
          <div className="banner-text">
            <strong>Refresh failed</strong>
            <p>{actionError}</p>
          </div>
          <button type="button" className="btn" onClick={() => setActionError(null)}>
            Dismiss
          </button>
        </div>
      )}
      <main className={`content${blocked ? ' greyed' : ''}`} data-testid="portfolio-content" aria-describedby={blocked ? 'cached-note' : undefined}>
        {blocked && snapshot && (
          <p className="cached-note" id="cached-note">
            Cached data · {formatAge(snapshot.asOf, now)} · not updating
          </p>
        )}
        <AlertList />
        <ViewTabs selected={view} onSelect={setView} />
        {view === 'activity' ? (
          <div role="region" id={viewPanelId('activity')} aria-labelledby={viewTabId('activity')}>
            <ActivityPanel />
          </div>
        ) : snapshot ? (
          <div id={viewPanelId('portfolio')}>
            <AccountTabs snapshot={snapshot} selected={selection} onSelect={setSelected} />
            <div className="tab-panel" role="tabpanel" id={POSITIONS_PANEL_ID} aria-labelledby={tabIdFor(selection)}>
              <div className="grid-top">
                <BalancesCard snapshot={snapshot} account={account} />
                <HistoryChart
                  accountHash={account?.hash ?? null}
                  dayChange={account ? account.dayChange : snapshot.totals.dayChange}
                  dayChangePercent={account ? account.dayChangePercent : snapshot.totals.dayChangePercent}
                  asOf={snapshot.asOf}
                  theme={props.theme}
                  title={account ? accountTitle(account) : 'All accounts'}
                />
              </div>
              <PositionsTable snapshot={live ?? snapshot} accountHash={account?.hash ?? null} />
            </div>
          </div>
        ) : (
          <div className="empty-state" role="status">
            <span className="spinner" aria-hidden="true" />
            <p>{blocked ? 'No cached portfolio yet — sign in again to load it.' : 'Loading your portfolio from Schwab…'}</p>
          </div>
        )}
      </main>
      <footer className="statusbar">
        <span>Read-only · Arbion never places orders</span>
        <span>{auth.mode === 'demo' ? 'Demo sandbox' : 'Schwab Trader API'}</span>
        {pace !== null && <span data-testid="refresh-pace">{pace}</span>}
        <span>Privacy {PRIVACY_SHORTCUT_LABEL} · Filter /</span>
      </footer>
      {panel === 'settings' && settings && (
        <SettingsPanel
          settings={settings}
          auth={auth}
          snapshot={snapshot}
          onSettings={props.onSettings}
          onAuth={props.onAuth}
          onClose={() => setPanel(null)}
        />
      )}
      {panel === 'diagnostics' && (
        <DiagnosticsPanel auth={auth} snapshot={snapshot} settings={settings} onClose={() => setPanel(null)} />
      )}
    </div>
  );
}
