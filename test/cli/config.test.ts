// Configuration mistakes and the newcomer path, as child processes: a malformed setting stops every command
// with one line naming the variable (never another host, never a cached snapshot shown as fine), and a
// newcomer without a Schwab app is led to `arbion sandbox`, whose banner line is all they need.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeInBrowser, landOnCallback } from '../core/auth/sandboxBrowser';
import { freePort } from '../support/freePort';
import { ROOT, startCliHarness, type CliHarness } from './cliHarness';

let cli: CliHarness;

beforeAll(async () => {
  cli = await startCliHarness();
  await cli.signIn();
  // A saved snapshot exists from here on: a config error must not print it as if all were well.
  const first = await cli.runToEnd(['accounts']);
  expect(first.code).toBe(0);
});

afterAll(async () => {
  await cli.close();
});

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('a configuration error stops by name', () => {
  it('SCHWAB_API_BASE_URL=http://example.com or notaurl: data commands exit 1 with one line, no numbers', async () => {
    for (const bad of ['http://example.com', 'notaurl']) {
      for (const command of ['accounts', 'balance']) {
        const r = await cli.runToEnd([command], { SCHWAB_API_BASE_URL: bad });
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(oneLine(r.stderr)).toMatch(new RegExp(`^arbion ${command}: SCHWAB_API_BASE_URL .*\\[ConfigInvalid\\]$`));
      }
    }
    const r = await cli.runToEnd(['accounts'], { SCHWAB_API_BASE_URL: 'http://example.com' });
    expect(r.stderr).toContain('only https:// is allowed unless the host is this computer (127.0.0.1)');
    expect(r.stderr).not.toMatch(/Could not reach|host not found|saved snapshot/);
  });

  it('status with a bad SCHWAB_API_BASE_URL: one line naming it, exit 1, never "Configured: no" beside "signed in"', async () => {
    const r = await cli.runToEnd(['status'], { SCHWAB_API_BASE_URL: 'notaurl' });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Configured:');
    expect(oneLine(r.stderr)).toBe('arbion status: SCHWAB_API_BASE_URL is not a valid URL: "notaurl". [ConfigInvalid]');
  });

  it('ARBION_LOG_LEVEL=verbose is refused with the allowed values', async () => {
    const r = await cli.runToEnd(['accounts'], { ARBION_LOG_LEVEL: 'verbose' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)).toBe(
      'arbion accounts: ARBION_LOG_LEVEL must be debug, info, warn or error; got "verbose". [ConfigInvalid]',
    );
  });

  it('SCHWAB_REDIRECT_URI=https://127.0.0.1 (port 443) gets the README’s warning in status and login', async () => {
    const status = await cli.runToEnd(['status'], { SCHWAB_REDIRECT_URI: 'https://127.0.0.1' });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Warning: +The callback URL https:\/\/127\.0\.0\.1 has no port, so port 443: Schwab wants a port above 1024, and Arbion has to listen on it/m);

    const login = await cli.runToEnd(['login', '--manual', '--no-browser'], { SCHWAB_REDIRECT_URI: 'https://127.0.0.1:443' });
    expect(login.stderr).toMatch(/^Warning: The callback URL https:\/\/127\.0\.0\.1:443 has port 443: Schwab wants a port above 1024/m);
  });
});

describe('the newcomer path', () => {
  const noCredentials = { SCHWAB_CLIENT_ID: '', SCHWAB_CLIENT_SECRET: '', SCHWAB_API_BASE_URL: '' };

  it('accounts, doctor and login with no credentials point to `arbion sandbox`', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-newcomer-'));
    try {
      for (const args of [['accounts'], ['positions'], ['login', '--no-browser']]) {
        const r = await cli.runToEnd(args, { ...noCredentials, ARBION_DATA_DIR: dataDir });
        expect(r.code).toBe(1);
        expect(oneLine(r.stderr)).toMatch(/SCHWAB_CLIENT_ID and SCHWAB_CLIENT_SECRET.*Run `arbion sandbox` and paste the export line it prints\. \[Not(SignedIn|Configured)\]$/);
      }
      const doctor = await cli.runToEnd(['doctor'], { ...noCredentials, ARBION_DATA_DIR: dataDir });
      expect(doctor.code).toBe(1);
      expect(doctor.stderr).toContain('`arbion sandbox`');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('arbion sandbox --help names `arbion sandbox`, not npm run sandbox', async () => {
    const r = await cli.runToEnd(['sandbox', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: arbion sandbox \[options\]/);
    expect(r.stdout).not.toContain('npm run sandbox');
  });

  it('the banner’s export line, pasted as is, is all `arbion login` and `arbion accounts` need', async () => {
    const callback = `https://127.0.0.1:${await freePort()}`;
    const sandbox = cli.run(['sandbox', '--auto-approve', '--redirect-uri', callback]);
    try {
      const line = await sandbox.line(/^\s*export /);
      const vars = Object.fromEntries(
        [...line.trim().replace(/^export /, '').matchAll(/(\w+)=('[^']*'|\S+)/g)].map((m) => [m[1]!, m[2]!.replace(/^'|'$/g, '')]),
      );
      expect(Object.keys(vars)).toEqual(['SCHWAB_API_BASE_URL', 'SCHWAB_CLIENT_ID', 'SCHWAB_CLIENT_SECRET', 'SCHWAB_REDIRECT_URI', 'ARBION_DATA_DIR']);
      expect(vars.SCHWAB_API_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.stdout()).toContain('`arbion login`');

      // The banner's own data folder is shared by every sandbox run; this test uses a private one.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-banner-'));
      try {
        const env = { ...vars, SCHWAB_REDIRECT_URI: callback, ARBION_DATA_DIR: dataDir, HOME: dataDir };
        const login = cli.run(['login', '--no-browser'], env);
        await landOnCallback(await authorizeInBrowser(await login.line(/^https?:\/\//)));
        expect(await login.exit).toBe(0);
        const accounts = await cli.runToEnd(['accounts'], env);
        expect(accounts.code).toBe(0);
        expect(accounts.stdout).toMatch(/^Total /m);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    } finally {
      sandbox.child.kill('SIGTERM');
      await sandbox.exit;
    }
  });

  it('login on a machine with no browser to open does not say "your browser should open"', async () => {
    const login = cli.run(['login'], { DISPLAY: '', WAYLAND_DISPLAY: '', BROWSER: '' });
    const url = await login.line(/^https?:\/\//);
    await landOnCallback(await authorizeInBrowser(url));
    expect(await login.exit).toBe(0);
    expect(login.stderr()).toContain('Open this URL in your browser to sign in to Schwab:');
    expect(login.stderr()).not.toMatch(/browser should open/);
  });
});

// `npm run web` with a bad setting: one line and exit 1 before any window or demo exists.
describe('the browser host', () => {
  async function runWeb(extraEnv: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-web-config-'));
    try {
      const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['main/web/index.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: dataDir, ARBION_DATA_DIR: dataDir, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { code, stdout, stderr };
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('SCHWAB_API_BASE_URL=http://example.com with an App Key: says why and stops, never DEMO', async () => {
    const r = await runWeb({ SCHWAB_CLIENT_ID: 'A'.repeat(32), SCHWAB_CLIENT_SECRET: 'B'.repeat(16), SCHWAB_API_BASE_URL: 'http://example.com' });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/DEMO|running/);
    expect(r.stderr.trim()).toBe(
      'arbion web: SCHWAB_API_BASE_URL uses http:// for example.com; only https:// is allowed unless the host is this computer (127.0.0.1). [ConfigInvalid]',
    );
  });

  it('ARBION_LOG_LEVEL=verbose: says why and stops', async () => {
    const r = await runWeb({ ARBION_LOG_LEVEL: 'verbose' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('arbion web: ARBION_LOG_LEVEL must be debug, info, warn or error; got "verbose". [ConfigInvalid]');
  });
});
