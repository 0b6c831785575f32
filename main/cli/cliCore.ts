// The CLI's core: the same composition root as the app and the browser host (createCore), for the data
// dir, opened once per process on first use and closed at exit. Polling is off: a one-shot command asks
// for one refresh (the refreshNow handler) and leaves. The CLI is always the live session (the user's
// Schwab app from env or saved credentials); the demo sandbox belongs to the window hosts.
import { createCore } from '../core/api/createCore';
import type { InProcessCore } from '../core/api/coreTypes';
import type { SignInOptions } from '../core/auth/authService';
import { resolveDataDir } from '../core/config';
import type { Logger, Opener, SettingsStore } from '../core/ports';
import { createConfSettingsStore } from '../core/settings/confSettingsStore';
import { ensureDataDir } from '../core/store/dataDir';
import { createFileKeyCipher } from '../core/store/fileKeyCipher';
import { cliClock } from './cliClock';

export type CheckedDataDir = { ok: true; dir: string } | { ok: false; error: unknown };

/** The data folder, created and proven writable, or why it cannot be used. */
export function checkedCliDataDir(env: NodeJS.ProcessEnv): CheckedDataDir {
  try {
    const dir = resolveDataDir(env);
    return { ok: true, dir: ensureDataDir(dir, { variable: env.ARBION_DATA_DIR?.trim() ? 'ARBION_DATA_DIR' : null }) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The settings file is opened on first read, so commands that never look at Settings (login, status,
 * logout) leave no settings.json behind.
 */
function lazySettings(dataDir: string): SettingsStore {
  let store: SettingsStore | null = null;
  const open = (): SettingsStore => (store ??= createConfSettingsStore(dataDir));
  return {
    get: () => open().get(),
    update: (patch) => open().update(patch),
  };
}

export function openCliCore(options: {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  opener: Opener;
  /** The folder already checked by the caller (checkedCliDataDir). */
  dataDir: string;
  /** `arbion login`'s flags for the signIn handler. */
  signIn?: SignInOptions;
  /** A live command (`watch`, `balance --watch`): polling and the quote stream run, as in the window hosts. */
  live?: boolean;
}): Promise<InProcessCore> {
  return createCore({
    dataDir: options.dataDir,
    env: options.env,
    cipher: createFileKeyCipher(options.dataDir),
    settings: lazySettings(options.dataDir),
    opener: options.opener,
    clock: cliClock,
    logger: options.logger,
    autoStart: options.live === true,
    // `arbion alerts` manages the rules; the hosts that can notify evaluate them.
    evaluateAlerts: false,
    ...(options.signIn ? { signIn: options.signIn } : {}),
  });
}
