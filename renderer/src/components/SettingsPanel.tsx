// Settings: refresh pace (and off-hours behaviour), privacy mode, what the tray shows, theme, sign out.
// Every change is saved at once through updateSettings; the host's answer is what the panel then shows.
import { useState } from 'react';
import type { AuthState, PortfolioSnapshot, Settings, SettingsPatch } from '../../../common/contract';
import { useApi } from '../apiContext';
import { errorMessage } from '../format/errorMessage';
import { PRIVACY_SHORTCUT_LABEL } from '../hooks/usePrivacyShortcut';
import { AlertsSettings } from './AlertsSettings';
import { SidePanel } from './SidePanel';
import { Switch } from './Switch';

const REFRESH_CHOICES = [5, 10, 15, 30, 60, 120, 300];
const OFF_HOURS_CHOICES = [30, 60, 120, 300, 600, 900, 1800, 3600];

function secondsLabel(sec: number): string {
  return sec < 60 ? `${sec} seconds` : sec < 3600 ? `${sec / 60} minute${sec === 60 ? '' : 's'}` : `${sec / 3600} hour`;
}

/** Keeps a value that is not in the preset list selectable (it came from the CLI or an older version). */
function withCurrent(choices: number[], current: number): number[] {
  return choices.includes(current) ? choices : [...choices, current].sort((a, b) => a - b);
}

export interface SettingsPanelProps {
  settings: Settings;
  auth: AuthState;
  snapshot: PortfolioSnapshot | null;
  onSettings(settings: Settings): void;
  onAuth(auth: AuthState): void;
  onClose(): void;
}

export function SettingsPanel({ settings, auth, snapshot, onSettings, onAuth, onClose }: SettingsPanelProps) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirmSignOut, setConfirmSignOut] = useState(false);

  const save = async (patch: SettingsPatch): Promise<void> => {
    setError(null);
    setSaved(false);
    try {
      onSettings(await api.updateSettings(patch));
      setSaved(true);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const signOut = async (): Promise<void> => {
    try {
      onAuth(await api.signOut());
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <SidePanel id="settings" title="Settings" onClose={onClose}>
      <div className="status-line" role="status">
        {error ? <span className="error-text">Not saved: {error}</span> : saved ? <span className="muted">Saved</span> : null}
      </div>

      <fieldset className="group">
        <legend>Updates</legend>
        <div className="field">
          <label htmlFor="refresh-interval">Refresh every</label>
          <select
            id="refresh-interval"
            value={settings.refreshIntervalSec}
            onChange={(e) => void save({ refreshIntervalSec: Number(e.target.value) })}
          >
            {withCurrent(REFRESH_CHOICES, settings.refreshIntervalSec).map((s) => (
              <option key={s} value={s}>
                {secondsLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="off-hours">Outside market hours</label>
          <select
            id="off-hours"
            value={settings.offHours}
            onChange={(e) => void save({ offHours: e.target.value as Settings['offHours'] })}
          >
            <option value="same">Keep the same pace</option>
            <option value="slow">Slow down</option>
            <option value="pause">Pause updates</option>
          </select>
        </div>
        {settings.offHours === 'slow' && (
          <div className="field">
            <label htmlFor="off-hours-interval">Off-hours refresh every</label>
            <select
              id="off-hours-interval"
              value={settings.offHoursIntervalSec}
              onChange={(e) => void save({ offHoursIntervalSec: Number(e.target.value) })}
            >
              {withCurrent(OFF_HOURS_CHOICES, settings.offHoursIntervalSec).map((s) => (
                <option key={s} value={s}>
                  {secondsLabel(s)}
                </option>
              ))}
            </select>
          </div>
        )}
        <p className="hint">Market hours are 9:30 am – 4:00 pm Eastern, Monday to Friday.</p>
      </fieldset>

      <fieldset className="group">
        <legend>Privacy</legend>
        <Switch
          id="privacy-switch"
          label="Privacy mode"
          description={`Hides every dollar amount in the window, tray and notifications; percentages stay. Shortcut: ${PRIVACY_SHORTCUT_LABEL}.`}
          checked={settings.privacyMode}
          onChange={(v) => void save({ privacyMode: v })}
        />
      </fieldset>

      <AlertsSettings settings={settings} snapshot={snapshot} save={save} />

      <fieldset className="group">
        <legend>Tray / menu bar (desktop app)</legend>
        <div className="field">
          <label htmlFor="tray-show">Show</label>
          <select
            id="tray-show"
            value={settings.trayShow}
            onChange={(e) => {
              const trayShow = e.target.value as Settings['trayShow'];
              const first = snapshot?.accounts[0]?.hash ?? null;
              void save(trayShow === 'account' && !settings.trayAccount ? { trayShow, trayAccount: first } : { trayShow });
            }}
          >
            <option value="total">All accounts</option>
            <option value="account">One account</option>
          </select>
        </div>
        {settings.trayShow === 'account' && (
          <div className="field">
            <label htmlFor="tray-account">Account</label>
            <select
              id="tray-account"
              value={settings.trayAccount ?? ''}
              onChange={(e) => void save({ trayAccount: e.target.value || null })}
            >
              {!settings.trayAccount && <option value="">Choose an account</option>}
              {(snapshot?.accounts ?? []).map((a) => (
                <option key={a.hash} value={a.hash}>
                  {a.displayNumber} · {a.type}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="tray-format">Display</label>
          <select
            id="tray-format"
            value={settings.trayFormat}
            onChange={(e) => void save({ trayFormat: e.target.value as Settings['trayFormat'] })}
          >
            <option value="value-and-percent">Value and day %</option>
            <option value="value">Value</option>
            <option value="percent">Day %</option>
            <option value="day-change">Day change $</option>
          </select>
        </div>
      </fieldset>

      <fieldset className="group">
        <legend>Theme</legend>
        <div className="radio-row" role="radiogroup" aria-label="Theme">
          {(['system', 'light', 'dark'] as const).map((t) => (
            <label key={t} className={`radio-chip${settings.theme === t ? ' checked' : ''}`}>
              <input
                type="radio"
                name="theme"
                value={t}
                checked={settings.theme === t}
                onChange={() => void save({ theme: t })}
              />
              {t === 'system' ? 'System' : t === 'light' ? 'Light' : 'Dark'}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="group">
        <legend>Account</legend>
        <p className="hint">
          {auth.mode === 'demo' ? 'Running the demo (simulated Schwab sandbox).' : 'Connected to Schwab (read-only).'}
        </p>
        {confirmSignOut ? (
          <div className="form-actions">
            <button type="button" className="btn danger" onClick={() => void signOut()}>
              Yes, sign out
            </button>
            <button type="button" className="btn" onClick={() => setConfirmSignOut(false)}>
              Keep signed in
            </button>
          </div>
        ) : (
          <button type="button" className="btn danger-outline" onClick={() => setConfirmSignOut(true)}>
            Sign out
          </button>
        )}
        {confirmSignOut && (
          <p className="hint">
            {auth.mode === 'demo'
              ? 'Leaving the demo: next, Arbion asks for your own Schwab App Key, Secret and callback URL.'
              : 'Signing out forgets the Schwab tokens on this computer. Your App Key stays saved.'}
          </p>
        )}
      </fieldset>
    </SidePanel>
  );
}
