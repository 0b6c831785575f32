// Settings for the Node hosts (CLI, browser host): `conf`, the library electron-store is built on,
// with the contract's schema and defaults. A corrupt or out-of-range file falls back to defaults per key.
import Conf from 'conf';
import {
  DEFAULT_SETTINGS,
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../common/contract';
import { ArbionError } from '../errors';
import type { SettingsStore } from '../ports';

/** Keeps every valid stored key and replaces the invalid ones by their defaults. */
export function sanitizeSettings(stored: unknown): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (stored && typeof stored === 'object') {
    for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
      const field = SettingsSchema.shape[key as keyof Settings];
      if (field && field.safeParse(value).success) out[key] = value;
    }
  }
  return SettingsSchema.parse(out);
}

export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const parsed = SettingsPatchSchema.safeParse(patch);
  if (!parsed.success) throw new ArbionError('BadRequest', `Invalid setting: ${parsed.error.issues[0]?.path.join('.')}`);
  return SettingsSchema.parse({ ...current, ...parsed.data });
}

export function createConfSettingsStore(dataDir: string): SettingsStore {
  const conf = new Conf<{ settings: Settings }>({
    cwd: dataDir,
    configName: 'settings',
    projectName: 'arbion',
    defaults: { settings: DEFAULT_SETTINGS },
    clearInvalidConfig: true,
  });
  return {
    get: () => sanitizeSettings(conf.get('settings')),
    update(patch) {
      const next = applySettingsPatch(sanitizeSettings(conf.get('settings')), patch);
      conf.set('settings', next);
      return next;
    },
  };
}

/** In-memory settings (tests, one-shot CLI commands). */
export function createMemorySettingsStore(initial: Settings = DEFAULT_SETTINGS): SettingsStore {
  let current = initial;
  return {
    get: () => current,
    update(patch) {
      current = applySettingsPatch(current, patch);
      return current;
    },
  };
}
