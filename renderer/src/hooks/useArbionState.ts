// Loads auth state, snapshot and settings once and then follows the bridge's events. Subscribes before the
// first fetch so no event is lost; an event that arrives first wins over the (older) fetch result. Price
// patches go through the model's reducer, the same one the core ran to make them.
import { useCallback, useEffect, useState } from 'react';
import type { ArbionApi, AuthState, PortfolioSnapshot, Settings } from '../../../common/contract';
import { reducePortfolio } from '../../../common/portfolio/reducer';
import { errorMessage } from '../format/errorMessage';

export interface ArbionState {
  auth: AuthState | null;
  snapshot: PortfolioSnapshot | null;
  settings: Settings | null;
  loadError: string | null;
  setAuth(auth: AuthState): void;
  setSnapshot(snapshot: PortfolioSnapshot | null): void;
  setSettings(settings: Settings): void;
  reload(): void;
}

export function useArbionState(api: ArbionApi): ArbionState {
  const [auth, setAuth] = useState<AuthState | null>(null);
  const [snapshot, setSnapshot] = useState<PortfolioSnapshot | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    const seen = { auth: false, snapshot: false, settings: false };
    const offs = [
      api.onAuthState((a) => {
        seen.auth = true;
        if (live) setAuth(a);
      }),
      api.onSnapshot((s) => {
        seen.snapshot = true;
        if (live) setSnapshot(s);
      }),
      api.onPortfolioPatch((patch) => {
        if (live) setSnapshot((prev) => reducePortfolio(prev, { type: 'patch', patch }).snapshot);
      }),
      api.onSettings((s) => {
        seen.settings = true;
        if (live) setSettings(s);
      }),
    ];
    setLoadError(null);
    Promise.all([api.getAuthState(), api.getSnapshot(), api.getSettings()]).then(
      ([a, s, st]) => {
        if (!live) return;
        if (!seen.auth) setAuth(a);
        if (!seen.snapshot) setSnapshot(s);
        if (!seen.settings) setSettings(st);
      },
      (e: unknown) => {
        if (live) setLoadError(errorMessage(e));
      },
    );
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [api, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { auth, snapshot, settings, loadError, setAuth, setSnapshot, setSettings, reload };
}
