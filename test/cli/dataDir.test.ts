// `arbion` with an unusable ARBION_DATA_DIR, as real child processes against real folders: one line on
// stderr naming the folder and the cause, exit 1, nothing on stdout, never a stack trace and never a hang
// (/proc made Node's recursive mkdir spin at 100 % CPU, deaf to SIGTERM).
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnusableDirs, NOBODY, type UnusableDirs } from '../support/unusableDirs';
import { ROOT } from './cliHarness';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const PATH = `${path.join(ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`;
/** A child still running after this is the hang being tested for: it is killed and the test fails. */
const HANG_MS = 20_000;

interface Result {
  code: number | null;
  killed: boolean;
  stdout: string;
  stderr: string;
}

function arbion(args: string[], dataDir: string, extra: SpawnOptions = {}): Promise<Result> {
  const child = spawn(TSX, ['main/cli/index.ts', ...args], {
    cwd: ROOT,
    env: { PATH, HOME: dirs.root, ARBION_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a hung run is killed with tsx's node child (SIGKILL to tsx alone leaves it spinning).
    detached: true,
    ...extra,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    process.kill(-child.pid!, 'SIGKILL');
  }, HANG_MS);
  return new Promise((resolve) => {
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, killed, stdout, stderr: `${stderr}spawn failed: ${e.message}` });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, killed, stdout, stderr });
    });
  });
}

/**
 * Whether the unprivileged user can run this checkout's CLI at all: a clone inside a 0700 folder (mktemp -d)
 * is out of its reach, and then the permission case cannot be staged here.
 */
function nobodyCanRunTheCli(): boolean {
  const probe = spawnSync(TSX, ['--version'], { cwd: ROOT, env: { PATH }, ...NOBODY, stdio: 'ignore', timeout: 20_000 });
  return probe.status === 0;
}

function expectOneLine(r: Result, command: string, dir: string, cause: string): void {
  expect(r.killed, 'the command hung').toBe(false);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr.trimEnd()).toBe(
    `arbion ${command}: Arbion cannot use the data folder ${dir} (ARBION_DATA_DIR): ${cause}. ` +
      'Set ARBION_DATA_DIR to a folder this user can write to. [StorageFailed]',
  );
}

let dirs: UnusableDirs;
beforeAll(() => {
  dirs = makeUnusableDirs();
});
afterAll(() => dirs?.close());

describe('arbion with an unusable ARBION_DATA_DIR (child processes)', () => {
  it('a path under a file: the cause, not the logger’s ENOENT/ENOTDIR stack', async () => {
    const dir = path.join(dirs.file, 'data');
    expectOneLine(await arbion(['balance'], dir), 'balance', dir, `${dirs.file} is a file, not a folder`);
    expectOneLine(await arbion(['status'], dirs.file), 'status', dirs.file, 'it is a file, not a folder');
  });

  it('a dangling symbolic link', async () => {
    expectOneLine(
      await arbion(['balance'], dirs.dangling),
      'balance',
      dirs.dangling,
      `it is a symbolic link to ${path.join(dirs.root, 'nowhere')}, which does not exist`,
    );
  });

  it.skipIf(process.platform !== 'linux')('/proc/x fails at once instead of spinning forever', async () => {
    expectOneLine(await arbion(['balance'], '/proc/x'), 'balance', '/proc/x', '/proc does not allow creating folders in it');
  });

  it('a read-only file system: "not writable (read-only)", not "could not read the key file"', async (ctx) => {
    if (!dirs.readOnly) return ctx.skip();
    expectOneLine(await arbion(['balance'], dirs.readOnly), 'balance', dirs.readOnly, 'it is not writable (the file system is read-only)');
  });

  it('a folder this user may not write to: permission denied', async (ctx) => {
    if (!dirs.rootOnly) return ctx.skip('needs root, to run the CLI as an unprivileged user');
    if (!nobodyCanRunTheCli()) {
      console.log('skipped: the unprivileged user cannot reach this checkout (a folder above it is private)');
      return ctx.skip();
    }
    expectOneLine(await arbion(['balance'], dirs.rootOnly, NOBODY), 'balance', dirs.rootOnly, 'it is not writable (permission denied)');
  });
});
