// The `arbion` CLI as real child processes (node_modules/.bin/tsx main/cli/index.ts …) against a sandbox
// started here: login through a scripted browser, status --json, reauth-required read from the vault, logout.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenClient } from '../../main/core/auth/tokenClient';
import { TokenManager } from '../../main/core/auth/tokenManager';
import { AuditLog } from '../../main/core/store/auditLog';
import { openDatabase } from '../../main/core/store/database';
import { createFileKeyCipher } from '../../main/core/store/fileKeyCipher';
import { TokenVault } from '../../main/core/store/tokenVault';
import { startSandbox, type Sandbox } from '../../main/sandbox';
import { databaseBytes } from '../core/auth/authHarness';
import { freePort } from '../core/auth/freePort';
import { authorizeInBrowser, landOnCallback } from '../core/auth/sandboxBrowser';

const ROOT = path.join(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const PATH = `${path.join(ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`;

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout line matching. */
  line(p: RegExp): Promise<string>;
  exit: Promise<number>;
}

let sandbox: Sandbox;
let port: number;
let redirectUri: string;
let dataDir: string;
let env: NodeJS.ProcessEnv;

function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}, cmd: string[] = [TSX, 'main/cli/index.ts']): Run {
  const [bin, ...pre] = cmd;
  const child = spawn(bin!, [...pre, ...args], { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: Array<{ p: RegExp; resolve: (l: string) => void }> = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      const found = out.split('\n').find((l) => w.p.test(l));
      if (found !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(found);
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    line: (p) =>
      Promise.race([
        new Promise<string>((resolve) => {
          const found = out.split('\n').find((l) => p.test(l));
          if (found !== undefined) resolve(found);
          else waiters.push({ p, resolve });
        }),
        exit.then((code) => {
          throw new Error(`exited ${code} before printing ${p}: ${err}`);
        }),
      ]),
    exit,
  };
}

async function runToEnd(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = run(args, extraEnv);
  r.child.stdin!.end();
  const code = await r.exit;
  return { code, stdout: r.stdout(), stderr: r.stderr() };
}

function openVault() {
  const db = openDatabase(path.join(dataDir, 'arbion.db'));
  return { db, vault: new TokenVault(db, createFileKeyCipher(dataDir)), audit: new AuditLog(db) };
}

beforeAll(async () => {
  sandbox = await startSandbox({ autoApprove: true });
  port = await freePort();
  redirectUri = `https://127.0.0.1:${port}`;
  sandbox.registerRedirectUri(sandbox.client.clientId, redirectUri);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-cli-'));
  env = {
    PATH,
    HOME: dataDir,
    ARBION_DATA_DIR: dataDir,
    SCHWAB_CLIENT_ID: sandbox.client.clientId,
    SCHWAB_CLIENT_SECRET: sandbox.client.clientSecret,
    SCHWAB_REDIRECT_URI: redirectUri,
    SCHWAB_API_BASE_URL: sandbox.baseUrl,
  };
});

afterAll(async () => {
  await sandbox.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('arbion CLI (child processes against the sandbox)', () => {
  it('login --no-browser prints the URL on its own line and completes through the loopback callback', async () => {
    const r = run(['login', '--no-browser']);
    const url = await r.line(/^https?:\/\//);
    expect(url).toBe(url.trim());
    expect(new URL(url).origin + new URL(url).pathname).toBe(`${sandbox.baseUrl}/v1/oauth/authorize`);
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(redirectUri);

    const callbackUrl = await authorizeInBrowser(url);
    const page = await landOnCallback(callbackUrl);
    expect(page.status).toBe(200);
    expect(await r.exit).toBe(0);
    expect(r.stdout()).toContain('Signed in to Schwab.');
    expect(r.stderr()).toContain('certificate');

    const code = decodeURIComponent(/code=([^&]+)/.exec(callbackUrl)![1]!);
    const { db, vault, audit } = openVault();
    try {
      const tokens = (await vault.readTokens())!;
      expect(tokens).not.toBeNull();
      const bytes = databaseBytes(path.join(dataDir, 'arbion.db'));
      const auditText = JSON.stringify(audit.list(100));
      for (const s of [tokens.accessToken, tokens.refreshToken, code, sandbox.client.clientSecret]) {
        expect(bytes.includes(Buffer.from(s))).toBe(false);
        expect(auditText).not.toContain(s);
      }
    } finally {
      db.close();
    }
  });

  it('status --json is parseable JSON on stdout, also through npm run --silent cli', async () => {
    const direct = await runToEnd(['status', '--json']);
    expect(direct.code).toBe(0);
    const report = JSON.parse(direct.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      status: 'signed-in',
      configured: true,
      redirectUri,
      apiBaseUrl: sandbox.baseUrl,
      dataDir,
      databaseFile: path.join(dataDir, 'arbion.db'),
      storage: { cipher: 'file-key', weak: true, description: 'file key, not OS-protected' },
    });
    expect(Date.parse(report.refreshExpiresAt as string) - Date.parse(report.signedInAt as string)).toBe(7 * 86_400_000);

    const viaNpm = spawn('npm', ['run', '--silent', 'cli', '--', 'status', '--json'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    viaNpm.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => viaNpm.once('exit', resolve));
    expect(code).toBe(0);
    expect((JSON.parse(out) as { status: string }).status).toBe('signed-in');

    const human = await runToEnd(['status']);
    expect(human.stdout).toMatch(/^Status:\s+signed in$/m);
    expect(human.stdout).toContain('file key, not OS-protected');
  });

  it('bin/arbion.js runs the same CLI', async () => {
    const r = run(['status', '--json'], {}, [process.execPath, path.join(ROOT, 'bin/arbion.js')]);
    r.child.stdin!.end();
    expect(await r.exit).toBe(0);
    expect((JSON.parse(r.stdout()) as { status: string }).status).toBe('signed-in');
  });

  it('reauth-required and its reason are read from the vault by a fresh process', async () => {
    sandbox.faults.revokeRefreshTokens();
    const { db, vault, audit } = openVault();
    try {
      const tokens = new TokenManager({
        vault,
        audit,
        client: async () =>
          new TokenClient({ apiBaseUrl: sandbox.baseUrl, clientId: sandbox.client.clientId, clientSecret: sandbox.client.clientSecret }),
      });
      await expect(tokens.refreshNow()).rejects.toMatchObject({ code: 'ReauthRequired' });
    } finally {
      db.close();
    }
    const json = await runToEnd(['status', '--json']);
    const report = JSON.parse(json.stdout) as { status: string; reason: string };
    expect(report.status).toBe('reauth-required');
    expect(report.reason).toContain('refresh_token_authentication_error');
    const human = await runToEnd(['status']);
    expect(human.stdout).toMatch(/^Status:\s+sign-in required again$/m);
    expect(human.stdout).toMatch(/^Reason:\s+Schwab no longer accepts the saved sign-in/m);
  });

  it('login --manual takes the pasted redirect URL from stdin', async () => {
    const r = run(['login', '--manual', '--no-browser']);
    const url = await r.line(/^https?:\/\//);
    const callbackUrl = await authorizeInBrowser(url);
    r.child.stdin!.write('not a url\n');
    r.child.stdin!.write(`${callbackUrl}\n`);
    expect(await r.exit).toBe(0);
    expect(r.stderr()).toContain('That is not a URL');
    expect(r.stdout()).toContain('Signed in to Schwab.');
    expect((JSON.parse((await runToEnd(['status', '--json'])).stdout) as { status: string }).status).toBe('signed-in');
  });

  it('a busy callback port falls back to the paste prompt', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', () => resolve()));
    try {
      const r = run(['login', '--no-browser']);
      const url = await r.line(/^https?:\/\//);
      const callbackUrl = await authorizeInBrowser(url);
      r.child.stdin!.write(`${callbackUrl}\n`);
      expect(await r.exit).toBe(0);
      expect(r.stderr()).toContain(`Port ${port} on 127.0.0.1 is in use`);
    } finally {
      blocker.close();
    }
  });

  it('logout wipes the sealed tokens', async () => {
    const out = await runToEnd(['logout']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Signed out');
    expect((JSON.parse((await runToEnd(['status', '--json'])).stdout) as { status: string }).status).toBe('signed-out');
    const { db } = openVault();
    try {
      expect(db.prepare(`SELECT count(*) AS n FROM secrets WHERE name IN ('access_token','refresh_token')`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('failures exit non-zero with a one-line reason', async () => {
    const timeout = await runToEnd(['login', '--no-browser', '--timeout', '1']);
    expect(timeout.code).toBe(1);
    const last = timeout.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^arbion login: No sign-in callback arrived within 1 s\. .*\[LoginTimeout\]$/);

    const unconfigured = await runToEnd(['login', '--no-browser'], { SCHWAB_CLIENT_ID: '', SCHWAB_CLIENT_SECRET: '' });
    expect(unconfigured.code).toBe(1);
    expect(unconfigured.stderr.trim().split('\n')).toHaveLength(1);
    expect(unconfigured.stderr).toContain('[NotConfigured]');

    const badUrl = await runToEnd(['status'], { SCHWAB_API_BASE_URL: 'http://api.schwabapi.com' });
    expect(badUrl.code).toBe(0);
    expect(badUrl.stdout).toMatch(/API:\s+invalid: SCHWAB_API_BASE_URL uses http:\/\//);

    const usage = await runToEnd(['login', '--timeout', 'soon']);
    expect(usage.code).toBe(2);
    const unknown = await runToEnd(['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "nope"');
  });
});
