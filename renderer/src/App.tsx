// Top of the window: follows auth/snapshot/settings from the bridge and shows the sign-in screen or the
// dashboard. Owns privacy mode's shortcut, the theme, and the sign-in start (shared by screen and banner).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArbionApi, AuthState, SignInStart } from '../../common/contract';
import { ApiContext } from './apiContext';
import { Dashboard } from './components/Dashboard';
import { SignInScreen } from './components/SignInScreen';
import { errorMessage } from './format/errorMessage';
import { useArbionState } from './hooks/useArbionState';
import { useFillToasts } from './hooks/useFillToasts';
import { usePrivacyShortcut } from './hooks/usePrivacyShortcut';
import { useTheme } from './hooks/useTheme';
import { PrivacyContext } from './privacyContext';
import { beginSignIn } from './signInFlow';

export function App({ api }: { api: ArbionApi }) {
  return (
    <ApiContext.Provider value={api}>
      <AppShell api={api} />
    </ApiContext.Provider>
  );
}

function AppShell({ api }: { api: ArbionApi }) {
  const state = useArbionState(api);
  const { auth, snapshot, settings, setAuth, setSnapshot, setSettings } = state;
  const theme = useTheme(settings?.theme ?? 'system');
  const privacy = settings?.privacyMode ?? false;
  const [signInStart, setSignInStart] = useState<SignInStart | null>(null);
  const [signInBusy, setSignInBusy] = useState(false);
  const [toast, setToast] = useState<string | null>(null);

  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const togglePrivacy = useCallback(() => {
    const current = settingsRef.current;
    if (!current) return;
    // Mask (or unmask) at once; the host's answer follows and wins.
    setSettings({ ...current, privacyMode: !current.privacyMode });
    api.updateSettings({ privacyMode: !current.privacyMode }).then(setSettings, (e: unknown) => {
      setSettings(current);
      setToast(`Privacy mode not saved: ${errorMessage(e)}`);
    });
  }, [api, setSettings]);
  usePrivacyShortcut(togglePrivacy);
  useFillToasts(api, privacy, setToast);

  // Signing out leaves nothing of the old portfolio on screen.
  const status = auth?.status;
  useEffect(() => {
    if (status === 'signed-out') setSnapshot(null);
    if (status === 'signed-in' || status === 'signed-out') setSignInStart(null);
  }, [status, setSnapshot]);

  const connect = useCallback(async () => {
    setSignInBusy(true);
    try {
      setSignInStart(await beginSignIn(api));
    } finally {
      setSignInBusy(false);
    }
  }, [api]);
  const connectFromBanner = useCallback(() => {
    connect().catch((e: unknown) => setToast(`Could not start the Schwab sign-in: ${errorMessage(e)}`));
  }, [connect]);
  const onAuth = useCallback((a: AuthState) => setAuth(a), [setAuth]);

  if (state.loadError) {
    return (
      <main className="signin-screen">
        <div className="signin-card narrow" role="alert">
          <h1>Arbion could not load</h1>
          <p>{state.loadError}</p>
          <button type="button" className="btn primary" onClick={state.reload}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (!auth) {
    return (
      <main className="signin-screen" aria-busy="true">
        <div className="empty-state" role="status">
          <span className="spinner" aria-hidden="true" />
          <p>Starting Arbion…</p>
        </div>
      </main>
    );
  }

  const showDashboard =
    auth.status === 'signed-in' || auth.status === 'reauth-required' || (auth.status === 'signing-in' && snapshot !== null);

  return (
    <PrivacyContext.Provider value={privacy}>
      <div className={privacy ? 'privacy-on' : undefined}>
        {toast && (
          <div className="toast" role="alert">
            <span>{toast}</span>
            <button type="button" className="link-btn" onClick={() => setToast(null)}>
              Dismiss
            </button>
          </div>
        )}
        {showDashboard ? (
          <Dashboard
            auth={auth}
            snapshot={snapshot}
            settings={settings}
            theme={theme}
            privacy={privacy}
            signInStart={signInStart}
            signInBusy={signInBusy}
            onConnect={connectFromBanner}
            onTogglePrivacy={togglePrivacy}
            onAuth={onAuth}
            onSnapshot={setSnapshot}
            onSettings={setSettings}
          />
        ) : (
          <SignInScreen auth={auth} start={signInStart} onAuth={onAuth} onConnect={connect} />
        )}
      </div>
    </PrivacyContext.Provider>
  );
}
