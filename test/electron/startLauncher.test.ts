// `npm start`'s launcher (scripts/start.mjs) as a real child process where Electron's binary is absent and
// cannot be fetched: one paragraph saying so, how to get it and that `npm run web` works now — never
// Electron's "TypeError: fetch failed" stack — and no build is started for an app that cannot run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort';

const ROOT = path.join(__dirname, '../..');
const PATH = `${path.join(ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`;
const ELECTRON_DIR = path.join(ROOT, 'node_modules/electron');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ELECTRON_DIR, 'package.json'), 'utf8')) as { version: string }).version;
const installed = fs.existsSync(path.join(ELECTRON_DIR, 'path.txt'));

const ADVICE =
  'To get it, run `npx install-electron` on a network that reaches github.com (ELECTRON_MIRROR names a mirror), ' +
  `or set ELECTRON_OVERRIDE_DIST_PATH to the folder of an Electron ${VERSION.split('.')[0]} you already have. ` +
  'Meanwhile `npm run web` runs the same window in your browser, right now.';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-start-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function start(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    // An empty download cache, so a binary fetched elsewhere is never used.
    env: { PATH, HOME: tmp, electron_config_cache: path.join(tmp, 'cache'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('Electron failed to install correctly');
  expect(stderr).not.toContain('TypeError');
}

describe('npm start without the Electron binary (scripts/start.mjs)', () => {
  it.skipIf(installed)('the download fails (GitHub unreachable): one paragraph with the ways out, exit 1', async () => {
    // A mirror on a closed loopback port: the fetch fails at once, as it does on a network without GitHub.
    const r = await start({ ELECTRON_MIRROR: `http://127.0.0.1:${await freePort()}/` });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expectNoStack(r.stderr);
    const lines = r.stderr.trim().split('\n').filter((l) => l !== '');
    expect(lines).toEqual([
      `Fetching the Electron ${VERSION} binary from GitHub (once; the first \`npm start\` does it)…`,
      `Arbion could not start: the Electron ${VERSION} binary is not installed and could not be fetched from GitHub (fetch failed). ${ADVICE}`,
    ]);
    expect(fs.existsSync(path.join(ELECTRON_DIR, 'path.txt'))).toBe(false);
  });

  it('ELECTRON_OVERRIDE_DIST_PATH without an executable in it: named, nothing fetched, exit 1', async () => {
    const empty = path.join(tmp, 'no-electron-here');
    fs.mkdirSync(empty);
    const r = await start({ ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(r.code).toBe(1);
    expectNoStack(r.stderr);
    const exe = path.join(empty, installed ? fs.readFileSync(path.join(ELECTRON_DIR, 'path.txt'), 'utf8').trim() : 'electron');
    expect(r.stderr.trim()).toBe(
      `Arbion could not start: ELECTRON_OVERRIDE_DIST_PATH is ${empty}, but there is no Electron executable at ${exe}. ${ADVICE}`,
    );
  });

  it('package.json runs the launcher, and Electron’s package has no install script (the fetch is at first start)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
    const electronPkg = JSON.parse(fs.readFileSync(path.join(ELECTRON_DIR, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    expect(electronPkg.scripts?.postinstall ?? electronPkg.scripts?.install).toBeUndefined();
  });
});
