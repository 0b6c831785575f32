// `npm run web` (main/web/index.ts, a real child process) with an unusable ARBION_DATA_DIR: the same check
// as the CLI and the app, so one line naming the folder and the cause, exit 1, before the logger or the
// database touch it, and no hang on /proc.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnusableDirs, type UnusableDirs } from '../support/unusableDirs';

const ROOT = path.join(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const PATH = `${path.join(ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`;

function webHost(dataDir: string): Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string }> {
  const child = spawn(TSX, ['main/web/index.ts'], {
    cwd: ROOT,
    env: { PATH, HOME: dirs.root, ARBION_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a hung run is killed with tsx's node child (SIGKILL to tsx alone leaves it spinning).
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let killed = false;
  // Still running after this means it hung (or started serving): killed, and the test fails.
  const timer = setTimeout(() => {
    killed = true;
    process.kill(-child.pid!, 'SIGKILL');
  }, 20_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, killed, stdout, stderr });
    }),
  );
}

let dirs: UnusableDirs;
beforeAll(() => {
  dirs = makeUnusableDirs();
});
afterAll(() => dirs?.close());

describe('npm run web with an unusable ARBION_DATA_DIR', () => {
  it.each([
    ['a path under a file', () => path.join(dirs.file, 'data'), () => `${dirs.file} is a file, not a folder`],
    ['a dangling symlink', () => dirs.dangling, () => `it is a symbolic link to ${path.join(dirs.root, 'nowhere')}, which does not exist`],
    ['/proc/x', () => '/proc/x', () => '/proc does not allow creating folders in it'],
  ])('%s: one line naming the folder and the cause, exit 1', async (_name, dir, cause) => {
    const r = await webHost(dir());
    expect(r.killed, 'the web host hung').toBe(false);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `arbion web: Arbion cannot use the data folder ${dir()} (ARBION_DATA_DIR): ${cause()}. ` +
        'Set ARBION_DATA_DIR to a folder this user can write to. [StorageFailed]\n',
    );
  });
});
