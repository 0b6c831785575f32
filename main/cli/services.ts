// What the CLI commands share: the data dir's database, the file-key cipher, the vault, the audit log and
// the auth service — opened once per process, on first use, and closed at exit.
import path from 'node:path';
import { AuthService } from '../core/auth/authService';
import { resolveDataDir } from '../core/config';
import type { Logger, Opener } from '../core/ports';
import { AuditLog } from '../core/store/auditLog';
import { openDatabase, type Db } from '../core/store/database';
import { createFileKeyCipher, type FileKeyCipher } from '../core/store/fileKeyCipher';
import { TokenVault } from '../core/store/tokenVault';

export const DATABASE_FILE = 'arbion.db';

export interface CliServices {
  dataDir: string;
  databaseFile: string;
  db: Db;
  cipher: FileKeyCipher;
  vault: TokenVault;
  audit: AuditLog;
  auth: AuthService;
  close(): Promise<void>;
}

export function cliDataDir(env: NodeJS.ProcessEnv): string {
  return resolveDataDir(env);
}

export async function openCliServices(options: { env: NodeJS.ProcessEnv; logger: Logger; opener: Opener }): Promise<CliServices> {
  const dataDir = cliDataDir(options.env);
  const databaseFile = path.join(dataDir, DATABASE_FILE);
  const db = openDatabase(databaseFile);
  try {
    const cipher = createFileKeyCipher(dataDir);
    const vault = new TokenVault(db, cipher);
    const audit = new AuditLog(db);
    const auth = await AuthService.create({ vault, audit, opener: options.opener, env: options.env, logger: options.logger });
    return {
      dataDir,
      databaseFile,
      db,
      cipher,
      vault,
      audit,
      auth,
      close: async () => {
        await auth.dispose();
        if (db.open) db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}
