import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/contract';
import { createConfSettingsStore } from '../../main/core/settings/confSettingsStore';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-settings-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('conf settings store', () => {
  it('starts from defaults and persists patches across instances', () => {
    const dir = tempDir();
    const a = createConfSettingsStore(dir);
    expect(a.get()).toEqual(DEFAULT_SETTINGS);
    a.update({ refreshIntervalSec: 30, privacyMode: true });
    expect(createConfSettingsStore(dir).get()).toMatchObject({ refreshIntervalSec: 30, privacyMode: true, theme: 'system' });
  });

  it('refuses an out-of-range value and keeps the stored ones', () => {
    const dir = tempDir();
    const s = createConfSettingsStore(dir);
    s.update({ theme: 'dark' });
    expect(() => s.update({ refreshIntervalSec: 2 })).toThrow(/refreshIntervalSec/);
    expect(s.get().theme).toBe('dark');
  });

  it('falls back to defaults for a hand-edited invalid key without losing the valid ones', () => {
    const dir = tempDir();
    createConfSettingsStore(dir).update({ theme: 'light' });
    const file = path.join(dir, 'settings.json');
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    raw.settings.refreshIntervalSec = -4;
    fs.writeFileSync(file, JSON.stringify(raw));
    expect(createConfSettingsStore(dir).get()).toMatchObject({ theme: 'light', refreshIntervalSec: 10 });
  });
});
