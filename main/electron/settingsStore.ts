// The SettingsStore port over electron-store: the contract's schema and defaults, with the same per-key
// repair as the Node hosts' conf store (a hand-edited or older file never crashes the app).
import type { SettingsStore } from '../core/ports';
import { applySettingsPatch, sanitizeSettings } from '../core/settings/confSettingsStore';
import type { AppStateStore } from './appStateStore';

export function createElectronSettingsStore(state: AppStateStore): SettingsStore {
  return {
    get: () => sanitizeSettings(state.get('settings')),
    update(patch) {
      const next = applySettingsPatch(sanitizeSettings(state.get('settings')), patch);
      state.set('settings', next);
      return next;
    },
  };
}
