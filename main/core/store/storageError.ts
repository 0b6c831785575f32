// SQLite failures in words a trader can act on. Every write is one transaction, so a failed write leaves
// what was saved before untouched — the message says so.
import { ArbionError } from '../errors';

const REASONS: Record<string, string> = {
  SQLITE_FULL: 'the disk is full',
  SQLITE_READONLY: 'the data folder is read-only',
  SQLITE_IOERR: 'the disk reported an error',
  SQLITE_CANTOPEN: 'the database file cannot be opened',
  SQLITE_BUSY: 'another Arbion process is holding the database',
  SQLITE_CORRUPT: 'the database file is damaged',
};

function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** Runs a database write; a SQLite failure becomes StorageFailed naming what could not be saved and why. */
export function writeOrExplain<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    const code = sqliteCode(e);
    if (code === undefined) throw e;
    const reason = REASONS[code] ?? REASONS[code.replace(/_[A-Z]+$/, '')] ?? `SQLite error ${code}`;
    throw new ArbionError('StorageFailed', `Arbion could not save ${what}: ${reason}. Nothing saved earlier was changed.`, { cause: e });
  }
}
