// The data-folder check against real folders: created when missing (0700, no probe left behind), and one
// sentence naming the folder and the cause for a file in the path, a dangling symlink, a read-only mount,
// a virtual file system (/proc, where Node's recursive mkdir spins forever); the logger never throws.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isArbionError } from '../../../main/core/errors';
import { createLogger } from '../../../main/core/log/logger';
import { ensureDataDir, makeDirectory } from '../../../main/core/store/dataDir';
import { createFileKeyCipher } from '../../../main/core/store/fileKeyCipher';
import { makeUnusableDirs, type UnusableDirs } from '../../support/unusableDirs';

const FROM_ENV = { variable: 'ARBION_DATA_DIR' };
let dirs: UnusableDirs;
beforeAll(() => {
  dirs = makeUnusableDirs();
});
afterAll(() => dirs.close());

function failure(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(isArbionError(e, 'StorageFailed')).toBe(true);
    const message = (e as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('expected the check to fail');
}

describe('ensureDataDir', () => {
  it('creates a missing folder (and its parents) private to the user, leaving nothing else in it', () => {
    const dir = path.join(dirs.root, 'new', 'nested', 'arbion');
    expect(ensureDataDir(dir, FROM_ENV)).toBe(dir);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(ensureDataDir(dir, FROM_ENV)).toBe(dir); // an existing, writable folder passes again
  });

  it('a file where the folder should be, or in its path', () => {
    expect(failure(() => ensureDataDir(dirs.file, FROM_ENV))).toBe(
      `Arbion cannot use the data folder ${dirs.file} (ARBION_DATA_DIR): it is a file, not a folder. ` +
        'Set ARBION_DATA_DIR to a folder this user can write to.',
    );
    const under = path.join(dirs.file, 'data');
    expect(failure(() => ensureDataDir(under, FROM_ENV))).toMatch(
      new RegExp(`^Arbion cannot use the data folder ${under} \\(ARBION_DATA_DIR\\): ${dirs.file} is a file, not a folder\\.`),
    );
  });

  it('a dangling symbolic link names where it points', () => {
    expect(failure(() => ensureDataDir(dirs.dangling, FROM_ENV))).toContain(
      `${dirs.dangling} (ARBION_DATA_DIR): it is a symbolic link to ${path.join(dirs.root, 'nowhere')}, which does not exist.`,
    );
  });

  it('a read-only file system (a read-only tmpfs mount; skipped where this user cannot mount one)', (ctx) => {
    if (!dirs.readOnly) return ctx.skip();
    expect(failure(() => ensureDataDir(dirs.readOnly!, FROM_ENV))).toContain(': it is not writable (the file system is read-only).');
    const sub = path.join(dirs.readOnly, 'arbion');
    expect(failure(() => ensureDataDir(sub, FROM_ENV))).toContain(': it cannot be created (the file system is read-only).');
    // The key file's own error says it could not be *created*, not read.
    expect(() => createFileKeyCipher(dirs.readOnly!)).toThrow(/^Could not create the key file .*arbion\.key \(the file system is read-only\)\.$/);
  });

  it.skipIf(!fs.existsSync('/proc/self'))('a virtual file system refuses new folders at once instead of spinning (/proc)', () => {
    expect(failure(() => ensureDataDir('/proc/arbion-data', FROM_ENV))).toContain(
      '/proc/arbion-data (ARBION_DATA_DIR): /proc does not allow creating folders in it.',
    );
    expect(() => makeDirectory('/proc/arbion-data/deeper')).toThrow('/proc does not allow creating folders in it');
  });

  it('the default folder (no variable) says how to pick another one', () => {
    expect(failure(() => ensureDataDir(dirs.file, { variable: null }))).toMatch(
      /: it is a file, not a folder\. Make the folder writable, or set ARBION_DATA_DIR to a folder this user can write to\.$/,
    );
  });
});

describe('the logger in an unusable folder', () => {
  it('stays quiet instead of throwing, for a file in the path and a dangling link', () => {
    const lines: string[] = [];
    for (const dir of [path.join(dirs.file, 'logs'), dirs.dangling]) {
      const logger = createLogger({ dir, console: false, level: 'info', sink: (l) => lines.push(l) });
      logger.info('still logging');
    }
    expect(lines).toHaveLength(2);
    expect(fs.existsSync(path.join(dirs.root, 'nowhere'))).toBe(false);
  });
});
