// The Electron shell's own small state (window bounds, settings, one-time hints, the keyring decision),
// kept in one electron-store file. Typed through a narrow interface so tests use `conf` in a temp dir.
import type Conf from 'conf';

export type WeakStorageDecision = 'store' | 'memory-only';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

export interface AppState {
  windowBounds?: WindowBounds;
  /** Validated against the contract's schema on every read (settingsStore.ts). */
  settings?: unknown;
  /** The "Arbion keeps running in the tray" notice was shown. */
  trayHintShown?: boolean;
  /** The user's answer to the basic_text (no keyring) dialog. */
  weakStorageDecision?: WeakStorageDecision;
  /** The safeStorage backend that sealed the stored tokens, e.g. "gnome_libsecret". */
  lastStorageBackend?: string;
  /** Keys of notifications already shown (notificationPolicy.ts), newest last. */
  deliveredNotifications?: string[];
}

export interface AppStateStore {
  get<K extends keyof AppState>(key: K): AppState[K];
  set<K extends keyof AppState>(key: K, value: Exclude<AppState[K], undefined>): void;
}

/** electron-store extends conf, so the app and the tests share this adapter. */
export function appStateFromConf(conf: Conf<AppState>): AppStateStore {
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
  };
}
