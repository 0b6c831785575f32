// The `arbion` CLI as real child processes (node_modules/.bin/tsx main/cli/index.ts …) against a sandbox
// started here: login through a scripted browser, status --json, reauth-required read from the vault, logout.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenClient } from '../../main/core/auth/tokenClient';
import { TokenManager } from '../../main/core/auth/tokenManager';
import { AuditLog } from '../../main/core/store/auditLog';
import { openDatabase } from '../../main/core/store/database';
import { createFileKeyCipher } from '../../main/core/store/fileKeyCipher';
import { TokenVault } from '../../main/core/store/tokenVault';
import type { Sandbox } from '../../main/sandbox';
import { databaseBytes } from '../core/auth/authHarness';
import { authorizeInBrowser, landOnCallback } from '../core/auth/sandboxBrowser';
import { ROOT, startCliHarness, type CliHarness } from './cliHarness';

let cli: CliHarness;
let sandbox: Sandbox;
let port: number;
let redirectUri: string;
let dataDir: string;
let env: NodeJS.ProcessEnv;
const run: CliHarness['run'] = (...args) => cli.run(...args);
const runToEnd: CliHarness['runToEnd'] = (...args) => cli.runToEnd(...args);

function openVault() {
  const db = openDatabase(path.join(dataDir, 'arbion.db'));
  return { db, vault: new TokenVault(db, createFileKeyCipher(dataDir)), audit: new AuditLog(db) };
}

beforeAll(async () => {
  cli = await startCliHarness();
  ({ sandbox, port, redirectUri, dataDir, env } = cli);
});

afterAll(async () => {
  await cli.close();
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
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr.trim()).toMatch(/^arbion status: SCHWAB_API_BASE_URL uses http:\/\/ .*\[ConfigInvalid\]$/);

    const usage = await runToEnd(['login', '--timeout', 'soon']);
    expect(usage.code).toBe(2);
    const unknown = await runToEnd(['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "nope"');
  });
});
