// What the CLI commands share: the live session for the data dir (database, vault, audit log, auth service,
// Schwab client, portfolio service — the same composition as the app and the browser host, via openSession),
// opened once per process on first use and closed at exit. The poller is never started here: a one-shot
// command asks for one refresh (portfolio.refreshNow()) and leaves.
import path from 'node:path';
import type { AuthService } from '../core/auth/authService';
import { openSession, DATABASE_FILE, type Session } from '../core/api/session';
import type { AccountsClient } from '../core/schwab/accountsClient';
import { resolveDataDir } from '../core/config';
import type { PortfolioService } from '../core/portfolio/poller';
import type { Clock, Logger, Opener, SettingsStore } from '../core/ports';
import { createConfSettingsStore } from '../core/settings/confSettingsStore';
import type { AuditLog } from '../core/store/auditLog';
import type { Db } from '../core/store/database';
import { ensureDataDir } from '../core/store/dataDir';
import { createFileKeyCipher, type FileKeyCipher } from '../core/store/fileKeyCipher';
import type { TokenVault } from '../core/store/tokenVault';
import { cliClock } from './cliClock';

export { DATABASE_FILE };

export interface CliServices {
  dataDir: string;
  databaseFile: string;
  db: Db;
  cipher: FileKeyCipher;
  vault: TokenVault;
  audit: AuditLog;
  auth: AuthService;
  accounts: AccountsClient;
  portfolio: PortfolioService;
  /** The user's Settings (refresh interval decides when cached data counts as stale). */
  settings: SettingsStore;
  clock: Clock;
  session: Session;
  close(): Promise<void>;
}

export function cliDataDir(env: NodeJS.ProcessEnv): string {
  return resolveDataDir(env);
}

export type CheckedDataDir = { ok: true; dir: string } | { ok: false; error: unknown };

/** The data folder, created and proven writable, or why it cannot be used. */
export function checkedCliDataDir(env: NodeJS.ProcessEnv): CheckedDataDir {
  try {
    const dir = cliDataDir(env);
    return { ok: true, dir: ensureDataDir(dir, { variable: env.ARBION_DATA_DIR?.trim() ? 'ARBION_DATA_DIR' : null }) };
  } catch (error) {
    return { ok: false, error };
  }
}

function checkedDataDirOrThrow(env: NodeJS.ProcessEnv): string {
  const checked = checkedCliDataDir(env);
  if (!checked.ok) throw checked.error;
  return checked.dir;
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

export async function openCliServices(options: {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  opener: Opener;
  clock?: Clock;
  /** The folder already checked by the caller (checkedCliDataDir). */
  dataDir?: string;
}): Promise<CliServices> {
  const dataDir = options.dataDir ?? checkedDataDirOrThrow(options.env);
  const clock = options.clock ?? cliClock;
  const cipher = createFileKeyCipher(dataDir);
  const settings = lazySettings(dataDir);
  // The CLI is always the live session (the user's Schwab app from env or saved credentials);
  // the demo sandbox belongs to the window hosts.
  const session = await openSession({
    dataDir,
    env: options.env,
    cipher,
    settings,
    opener: options.opener,
    clock,
    logger: options.logger,
  });
  return {
    dataDir: session.dataDir,
    databaseFile: path.join(session.dataDir, DATABASE_FILE),
    db: session.db,
    cipher,
    vault: session.vault,
    audit: session.audit,
    auth: session.auth,
    accounts: session.accounts,
    portfolio: session.portfolio,
    settings,
    clock,
    session,
    close: () => session.dispose(),
  };
}
