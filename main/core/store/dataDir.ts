// The data folder check every host runs before anything (the logger included) writes there: the folder
// exists or can be created, is a folder, and accepts a file. A failure is one sentence naming the folder
// and the cause, so a read-only disk or a path under a file never surfaces as a stack trace.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ArbionError } from '../errors';

export interface DataDirOrigin {
  /** How the folder was chosen, for the message: the variable that set it, or null for the host's default. */
  variable: string | null;
}

const CAUSES: Record<string, string> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'the operating system does not allow it: an immutable or protected folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ELOOP: 'a symbolic link in the path points back to itself',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'the disk reported an input/output error',
};

function errnoOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A file-system error in words ("the file system is read-only"), or its code when it has no words here. */
export function causeOf(e: unknown): string {
  const code = errnoOf(e);
  return (code && CAUSES[code]) ?? code ?? (e instanceof Error ? e.message : String(e));
}

/** stat that reports "nothing there" (ENOENT, or a file in the way: ENOTDIR) as undefined. */
function statOrNone(p: string, stat: typeof fs.statSync | typeof fs.lstatSync): fs.Stats | undefined {
  try {
    return stat(p, { throwIfNoEntry: false });
  } catch (e) {
    if (errnoOf(e) === 'ENOTDIR') return undefined;
    throw e;
  }
}

class Unusable extends Error {}

/**
 * mkdir -p without `recursive: true`: Node's recursive mkdir spins forever (ignoring signals) when the
 * kernel answers ENOENT for a parent that exists, as /proc does. Each missing level is created on its own.
 */
export function makeDirectory(dir: string, mode = 0o700): void {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let cur = target; ; cur = path.dirname(cur)) {
    const st = statOrNone(cur, fs.statSync);
    if (st) {
      if (!st.isDirectory()) {
        throw new Unusable(`${cur === target ? 'it' : cur} is ${st.isFile() ? 'a file' : 'a special file'}, not a folder`);
      }
      break;
    }
    const link = statOrNone(cur, fs.lstatSync);
    if (link?.isSymbolicLink()) {
      throw new Unusable(`${cur === target ? 'it' : cur} is a symbolic link to ${fs.readlinkSync(cur)}, which does not exist`);
    }
    if (path.dirname(cur) === cur) break;
    missing.unshift(cur);
  }
  for (const level of missing) {
    try {
      fs.mkdirSync(level, { mode });
    } catch (e) {
      const code = errnoOf(e);
      if (code === 'EEXIST' && statOrNone(level, fs.statSync)?.isDirectory()) continue; // made by another process
      if (code === 'ENOENT') throw new Unusable(`${path.dirname(level)} does not allow creating folders in it`);
      throw new Unusable(`${level === target ? 'it' : level} cannot be created (${causeOf(e)})`);
    }
  }
}

/** Creates the folder when needed and proves a file can be written there; throws StorageFailed otherwise. */
export function ensureDataDir(dir: string, origin: DataDirOrigin): string {
  const where = `the data folder ${dir}${origin.variable ? ` (${origin.variable})` : ''}`;
  const advice = origin.variable
    ? `Set ${origin.variable} to a folder this user can write to.`
    : 'Make the folder writable, or set ARBION_DATA_DIR to a folder this user can write to.';
  const fail = (cause: string, e?: unknown): ArbionError =>
    new ArbionError('StorageFailed', `Arbion cannot use ${where}: ${cause}. ${advice}`, e === undefined ? {} : { cause: e });
  try {
    makeDirectory(dir);
  } catch (e) {
    if (e instanceof Unusable) throw fail(e.message);
    throw fail(`it cannot be reached (${causeOf(e)})`, e);
  }
  const probe = path.join(dir, `.arbion-write-check-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  try {
    fs.writeFileSync(probe, '', { flag: 'wx', mode: 0o600 });
  } catch (e) {
    throw fail(`it is not writable (${causeOf(e)})`, e);
  }
  fs.rmSync(probe, { force: true });
  return dir;
}
