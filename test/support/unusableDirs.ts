// Real unusable folders for the data-folder tests: a file in the path, a dangling symlink, a read-only
// mount (root only: a read-only tmpfs), and the user that may not write (root runs the child as nobody).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const isRoot = process.getuid?.() === 0;
/** The uid/gid a root test runs a child as, so a 0755 root-owned folder really denies the write. */
export const NOBODY = { uid: 65534, gid: 65534 };

export interface UnusableDirs {
  root: string;
  /** A regular file standing where a folder is needed. */
  file: string;
  /** A symbolic link to a path that does not exist. */
  dangling: string;
  /** A folder on a read-only file system, or null when this machine cannot mount one for the test. */
  readOnly: string | null;
  /** A folder only root may write to (meaningful for a child run as NOBODY), or null when not root. */
  rootOnly: string | null;
  close(): void;
}

export function makeUnusableDirs(): UnusableDirs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-unusable-'));
  fs.chmodSync(root, 0o755);
  const file = path.join(root, 'a-file');
  fs.writeFileSync(file, 'not a folder');
  const dangling = path.join(root, 'dangling');
  fs.symlinkSync(path.join(root, 'nowhere'), dangling);
  let readOnly: string | null = path.join(root, 'read-only');
  fs.mkdirSync(readOnly);
  try {
    if (!isRoot) throw new Error('mount needs root');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', readOnly], { stdio: 'ignore' });
  } catch {
    readOnly = null;
  }
  let rootOnly: string | null = null;
  if (isRoot) {
    rootOnly = path.join(root, 'root-only');
    fs.mkdirSync(rootOnly, { mode: 0o755 });
  }
  return {
    root,
    file,
    dangling,
    readOnly,
    rootOnly,
    close: () => {
      if (readOnly) execFileSync('umount', [readOnly], { stdio: 'ignore' });
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
