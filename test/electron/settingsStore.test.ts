// Settings over the app state file: contract defaults, validated patches, repair of a bad file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/contract';
import { createElectronSettingsStore } from '../../main/electron/settingsStore';
import { openAppState, tempDir } from './appState';

const dirs: string[] = [];
const dir = (): string => {
  const d = tempDir('arbion-settings-');
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the Electron settings store', () => {
  it('starts from the contract defaults', () => {
    expect(createElectronSettingsStore(openAppState(dir())).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('persists a valid patch across a restart', () => {
    const d = dir();
    const updated = createElectronSettingsStore(openAppState(d)).update({ privacyMode: true, trayShow: 'account', trayAccount: 'H1' });
    expect(updated).toEqual({ ...DEFAULT_SETTINGS, privacyMode: true, trayShow: 'account', trayAccount: 'H1' });
    expect(createElectronSettingsStore(openAppState(d)).get()).toEqual(updated);
  });

  it('refuses an invalid patch and keeps the stored settings', () => {
    const d = dir();
    const store = createElectronSettingsStore(openAppState(d));
    expect(() => store.update({ refreshIntervalSec: 1 })).toThrow(/Invalid setting/);
    expect(() => store.update({ theme: 'neon' } as never)).toThrow(/Invalid setting/);
    expect(createElectronSettingsStore(openAppState(d)).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('repairs a hand-edited file key by key', () => {
    const d = dir();
    fs.writeFileSync(
      path.join(d, 'arbion-app.json'),
      JSON.stringify({ settings: { privacyMode: true, refreshIntervalSec: 'fast', theme: 'dark', bogus: 1 } }),
    );
    expect(createElectronSettingsStore(openAppState(d)).get()).toEqual({ ...DEFAULT_SETTINGS, privacyMode: true, theme: 'dark' });
  });
});
